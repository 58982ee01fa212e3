package hardening

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/proctest"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// attacker sends wrong-secret token requests as fast as the server
// answers them, from workers goroutines, until its context ends.
type attacker struct {
	name string
	// request builds the next request; transport is the worker's.
	request   func(c *client) *http.Request
	transport func() http.RoundTripper
	// heldBack tells that the guard must hold the attack back: it comes
	// from one address, or names one client.
	heldBack bool
	// maxSlowdown bounds the ratio of another client's median latency
	// under attack to its quiet value.
	maxSlowdown float64
}

// sprayWorkers is how many requests an attacker keeps in flight.
const sprayWorkers = 32

// run attacks until ctx ends and returns the count of answers by status.
func (a attacker) run(ctx context.Context, c *client) map[int]int {
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range sprayWorkers {
		wg.Go(func() {
			hc := &http.Client{Transport: a.transport(), Timeout: 10 * time.Second}
			for ctx.Err() == nil {
				req := a.request(c).WithContext(ctx)
				resp, err := hc.Do(req)
				if err != nil {
					continue // the attack ended, or the server cut a connection
				}
				r, err := readReply(req, resp)
				if err != nil {
					continue
				}
				c.record(r)
				mu.Lock()
				statuses[r.status]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return statuses
}

// fromRandomAddresses is a transport whose connections leave from a random
// loopback address (127.0.0.0/8), each request from another one: the
// attack of many hosts.
func fromRandomAddresses() http.RoundTripper {
	return &http.Transport{
		DisableKeepAlives: true,
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			local := &net.TCPAddr{IP: net.IPv4(127, byte(rand.IntN(255)), byte(rand.IntN(255)), byte(1+rand.IntN(254)))}
			return (&net.Dialer{LocalAddr: local}).DialContext(ctx, network, addr)
		},
	}
}

func keepAlive() http.RoundTripper { return &http.Transport{MaxIdleConnsPerHost: 1} }

// TestTokenSprayingSparesOthers is the audit's spraying: wrong-secret
// token requests at full speed against one client id, then from random
// client ids (from one address, then from random addresses). The victim's
// API calls meanwhile never meet a 429 (failures in its name do not spend
// its rate), and another client's median latency stays under 3 times its
// quiet value (5 for random addresses), measured in alternating quiet and
// attack rounds. Between
// attacks the lockouts are cleared with `incidentd admin lockout clear`.
func TestTokenSprayingSparesOthers(t *testing.T) {
	eachBackend(t, func(t *testing.T, database string) {
		ts := prepare(t, database,
			seed.CustomerPlan{ID: "victim", Name: "Victim SA", Incidents: 200},
			seed.CustomerPlan{ID: "bystander", Name: "Bystander AG", Incidents: 200})
		victim, bystander := productionClient(t, database, "victim"), ts.writer["bystander"]
		srv := startServer(t, database)
		c := newClient(t, srv)
		c.login(&victim)
		c.login(&bystander)
		one := firstIncident(t, c, bystander)

		randomID := func() string { return fmt.Sprintf("ic_%010x", rand.Uint64()&0xffffffffff) }
		attacks := []attacker{
			{"one client id", func(c *client) *http.Request { return c.tokenRequest(victim.clientID, "wrong-secret") }, keepAlive, true, 3},
			{"random client ids", func(c *client) *http.Request { return c.tokenRequest(randomID(), "wrong-secret") }, keepAlive, true, 3},
			// Beyond the audit: many hosts, whom the guard cannot tell
			// apart. Every attempt is checked, a few at a time at a lower
			// priority; on a machine busy with other work the checks still
			// take some of the processor, hence the wider bound.
			{"random client ids from random addresses", func(c *client) *http.Request { return c.tokenRequest(randomID(), "wrong-secret") }, fromRandomAddresses, false, 5},
		}
		attackTime, rounds := 1500*time.Millisecond, 3
		if longMode {
			attackTime, rounds = 2500*time.Millisecond, 4 // 10 s of each attack
		}
		for _, a := range attacks {
			t.Run(a.name, func(t *testing.T) {
				clearLockouts(t, database)
				time.Sleep(auth.CacheTTL) // the servers' memory of held-back subjects ages out
				// The clearing lifted the victim's lockout of the attack before.
				if r := c.must(c.tokenRequest(victim.clientID, victim.secret)); r.status != http.StatusOK {
					t.Fatalf("the victim's token after the lockouts were cleared: %d %s", r.status, r.body)
				}

				var quiet, attacked []time.Duration
				var victimCalls, victim429 atomic.Int64
				statuses := map[int]int{}
				var attackCPU time.Duration
				for range rounds {
					quiet = append(quiet, measure(t, c, bystander, one, victim, attackTime*2/3, &victimCalls, &victim429)...)
					ctx, stop := context.WithTimeout(context.Background(), attackTime)
					cpu := srv.cpuTime(t)
					done := make(chan map[int]int)
					go func() { done <- a.run(ctx, c) }()
					attacked = append(attacked, measure(t, c, bystander, one, victim, attackTime, &victimCalls, &victim429)...)
					stop()
					for s, n := range <-done {
						statuses[s] += n
					}
					attackCPU += srv.cpuTime(t) - cpu
				}
				sent := 0
				for _, n := range statuses {
					sent += n
				}
				quietMedian, attackMedian := quantile(quiet, 0.5), quantile(attacked, 0.5)
				ratio := float64(attackMedian) / float64(quietMedian)
				t.Logf("%s: %v of attack, %d token requests (%.0f/s), answers %v; server CPU %v (%.0f µs per attack request)",
					a.name, time.Duration(rounds)*attackTime, sent, float64(sent)/(time.Duration(rounds)*attackTime).Seconds(), statuses,
					attackCPU.Round(time.Millisecond), float64(attackCPU.Microseconds())/float64(max(sent, 1)))
				t.Logf("%s: another client's median latency %v quiet, %v under attack: ×%.2f; the victim's %d API calls, %d refused with 429",
					a.name, quietMedian.Round(time.Microsecond), attackMedian.Round(time.Microsecond), ratio, victimCalls.Load(), victim429.Load())
				if victim429.Load() > 0 {
					t.Errorf("%s: %d of the victim's API calls refused with 429", a.name, victim429.Load())
				}
				if ratio >= a.maxSlowdown {
					t.Errorf("%s: another client's median latency ×%.2f under attack, want under ×%.0f", a.name, ratio, a.maxSlowdown)
				}
				for status := range statuses {
					if status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
						t.Errorf("%s: answers %v, want only 401 (a wrong secret) and 429 (held back)", a.name, statuses)
					}
				}
				if a.heldBack && statuses[http.StatusTooManyRequests] == 0 {
					t.Errorf("%s: no attempt was held back: %v", a.name, statuses)
				}
			})
		}
	})
}

// measure times the bystander's reads of one incident, paced under its
// rate limit, and calls the API as the victim now and then, counting its
// calls and the 429s among them, for the given time.
func measure(t *testing.T, c *client, bystander caller, id string, victim caller, d time.Duration, calls, refused *atomic.Int64) []time.Duration {
	var out []time.Duration
	for i, end := 0, time.Now().Add(d); time.Now().Before(end); i++ {
		start := time.Now()
		r := c.must(as(c.request(http.MethodGet, base+"/incidents/"+id, nil), bystander))
		out = append(out, time.Since(start))
		if r.status != http.StatusOK {
			t.Errorf("the bystander's read: %d %s", r.status, excerpt(r.body))
		}
		if i%3 == 0 {
			v := c.must(as(c.request(http.MethodGet, base+"/incidents?limit=5", nil), victim))
			calls.Add(1)
			if v.status == http.StatusTooManyRequests {
				refused.Add(1)
			} else if v.status != http.StatusOK {
				t.Errorf("the victim's call: %d %s", v.status, excerpt(v.body))
			}
		}
		time.Sleep(max(0, 30*time.Millisecond-time.Since(start)))
	}
	return out
}

// firstIncident is the id of one of the caller's incidents.
func firstIncident(t *testing.T, c *client, who caller) string {
	t.Helper()
	r := c.must(as(c.request(http.MethodGet, base+"/incidents?limit=1&fields=id", nil), who))
	id, _, ok := strings.Cut(strings.TrimPrefix(string(r.body), `[{"id":"`), `"`)
	if r.status != http.StatusOK || !ok {
		t.Fatalf("first incident: %d %s", r.status, r.body)
	}
	return id
}

// clearLockouts runs `incidentd admin lockout clear --all`.
func clearLockouts(t *testing.T, database string) {
	t.Helper()
	out, err := exec.Command(proctest.Binary(t), "admin", "lockout", "clear", "--all", "--database", database).CombinedOutput()
	if err != nil {
		t.Fatalf("admin lockout clear: %v\n%s", err, out)
	}
}

// productionClient provisions a client of the customer whose secret is
// hashed at the production work factor, so that each guess checked costs
// the server what it would. It changes the process's work factor for the
// time of one hash: not for parallel tests.
func productionClient(t *testing.T, database, customerID string) caller {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), database, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	auth.PBKDF2Iterations = auth.DefaultPBKDF2Iterations
	defer func() { auth.PBKDF2Iterations = provisioningIterations }()
	return provision(t, db, auth.CustomerOwner(customerID), auth.ScopeIncident)
}
