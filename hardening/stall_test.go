package hardening

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// stalledExport starts an export of the caller's incidents on a connection
// whose receive buffer is tiny (4 KiB), as an attacker's, and never reads
// it: the server's writes block once the buffers are full.
func stalledExport(t *testing.T, s *server, who caller, accept string) net.Conn {
	t.Helper()
	dialer := net.Dialer{Control: func(_, _ string, c syscall.RawConn) error {
		var err error
		c.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		return err
	}}
	u, _ := url.Parse(s.url)
	conn, err := dialer.Dial("tcp", u.Host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	fmt.Fprintf(conn, "GET %s/incidents HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\nX-Api-Key: %s\r\nAccept: %s\r\n\r\n",
		base, u.Host, who.token, who.key, accept)
	return conn
}

// statusLine reads the status line of the answer on a stalled connection.
func statusLine(t *testing.T, conn net.Conn) string {
	t.Helper()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	line, err := bufio.NewReader(conn).ReadString('\n')
	if err != nil {
		t.Fatalf("reading an export's status line: %v", err)
	}
	return strings.TrimSpace(line)
}

// latencies collects the durations of one kind of request.
type latencies struct {
	mu  sync.Mutex
	all map[string][]time.Duration
}

func (l *latencies) add(kind string, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.all == nil {
		l.all = map[string][]time.Duration{}
	}
	l.all[kind] = append(l.all[kind], d)
}

// quantile is the q-quantile (0 to 1) of ds, by the nearest rank.
func quantile(ds []time.Duration, q float64) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	i := int(q*float64(len(s))+0.999999) - 1
	return s[min(max(i, 0), len(s)-1)]
}

// TestStalledExportsDoNotStallOthers is the audit's stall: with 30,000
// incidents, one read-only customer starts 20 NDJSON and CSV exports of
// its 29,000 incidents and never reads them, the export bounds raised so
// that all 20 run. Another customer's reads, writes and token requests,
// and /status, go on answering: p99 under 1 s (20 s in long mode, a few
// seconds otherwise), every answer the expected one. (The neighbour's
// secret is hashed at the tests' low work factor: the stall is one of
// database connections, not of processors.)
func TestStalledExportsDoNotStallOthers(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, database string) {
		ts := prepare(t, database,
			seed.CustomerPlan{ID: "bulk", Name: "Bulk Industries", Incidents: 29_000},
			seed.CustomerPlan{ID: "neighbour", Name: "Neighbour SA", Incidents: 1_000})
		srv := startServer(t, database, "--max-exports", "20", "--max-exports-per-customer", "20", "--write-timeout", "10m")
		c := newClient(t, srv)
		attacker, victim := ts.reader["bulk"], ts.writer["neighbour"]
		c.login(&attacker)
		c.login(&victim)
		list := c.must(as(c.request(http.MethodGet, base+"/incidents?limit=1", nil), victim))
		id := strings.Split(strings.Split(string(list.body), `"id":"`)[1], `"`)[0]

		var stalled []net.Conn
		for i := range 20 {
			accept := "application/x-ndjson"
			if i%2 == 1 {
				accept = "text/csv"
			}
			stalled = append(stalled, stalledExport(t, srv, attacker, accept))
		}
		// The exports write until the connections' buffers are full (a few
		// MB each, the kernel's), then block: the stall starts once the
		// server's processor time stops growing.
		started := time.Now()
		waitIdle(t, srv)
		t.Logf("the 20 exports filled their connections and blocked in %v", time.Since(started).Round(time.Millisecond))

		duration := 4 * time.Second
		if longMode {
			duration = 20 * time.Second
		}
		cpuBefore := srv.cpuTime(t)
		var lat latencies
		failures := 0
		timed := func(kind string, req *http.Request, want int) {
			start := time.Now()
			r, err := c.send(req)
			lat.add(kind, time.Since(start))
			if err != nil || r.status != want {
				failures++
				t.Errorf("%s during the stall: %v %d %s", kind, err, r.status, excerpt(r.body))
			}
		}
		for end := time.Now().Add(duration); time.Now().Before(end); {
			round := time.Now()
			timed("GET incident", as(c.request(http.MethodGet, base+"/incidents/"+id, nil), victim), http.StatusOK)
			timed("GET list", as(c.request(http.MethodGet, base+"/incidents?limit=20", nil), victim), http.StatusOK)
			timed("POST incident", as(c.request(http.MethodPost, base+"/incidents",
				map[string]any{"description": "Line down during an export", "impact": "S3", "urgency": "U3"}), victim), http.StatusCreated)
			timed("POST token", c.tokenRequest(victim.clientID, victim.secret), http.StatusOK)
			timed("GET status", c.request(http.MethodGet, base+"/status", nil), http.StatusOK)
			time.Sleep(max(0, 150*time.Millisecond-time.Since(round))) // under the client's rate limit
		}
		cpu := srv.cpuTime(t) - cpuBefore

		for kind, ds := range lat.all {
			p99 := quantile(ds, 0.99)
			t.Logf("%s: %d requests over %v with 20 stalled exports: p50 %v, p99 %v, max %v",
				kind, len(ds), duration, quantile(ds, 0.5).Round(time.Microsecond), p99.Round(time.Microsecond), slices.Max(ds).Round(time.Microsecond))
			if p99 >= time.Second {
				t.Errorf("%s: p99 %v during the stall, want under 1 s", kind, p99)
			}
		}
		t.Logf("server CPU during the measure: %v", cpu)
		// All 20 exports were running, stalled, the whole time.
		for i, conn := range stalled {
			if line := statusLine(t, conn); line != "HTTP/1.1 200 OK" {
				t.Errorf("stalled export %d answered %q, want a running export", i, line)
			}
			conn.Close()
		}
		// Closed by their client, the exports end and free their slots.
		if !srv.log.waitFor(30*time.Second, len(stalled), `"msg":"export interrupted"`) {
			t.Errorf("%d exports interrupted after their clients left, want %d", srv.log.count(`"msg":"export interrupted"`), len(stalled))
		}
	})
}

// waitIdle waits, up to a minute, until the server uses less than a
// twentieth of a processor over a second.
func waitIdle(t *testing.T, s *server) {
	t.Helper()
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
		before := s.cpuTime(t)
		time.Sleep(time.Second)
		if s.cpuTime(t)-before <= 50*time.Millisecond {
			return
		}
	}
	t.Fatal("the server stayed busy for a minute")
}
