package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/pgtest"
)

// The outbox under concurrency and crashes (spec §11): writers change
// incidents through several server processes while the change feed is
// followed; every change a server acknowledged must reach every consumer
// exactly once, each incident's changes in their order. The feed is one
// consumer (feedEvents); a webhook receiver is another one, checked with
// the same ledger (changeLedger.check).

// feedEvent is what the checks read of an event.
type feedEvent struct {
	ID          string `json:"eventId"`
	Type        string `json:"eventType"`
	Cursor      string `json:"cursor"`
	Correlation string `json:"correlationId"`
	Event       struct {
		Incident struct {
			ID          string `json:"id"`
			Description string `json:"description"`
		} `json:"incident"`
	} `json:"event"`
}

// change is one acknowledged write: the incident, its version after the
// write (from the ETag), and the description that names the write.
type change struct {
	incident    string
	version     int
	description string
}

// changeLedger records the changes the servers acknowledged, by their
// description (each write gives a description of its own).
type changeLedger struct {
	mu      sync.Mutex
	changes map[string]change
}

func newChangeLedger() *changeLedger { return &changeLedger{changes: map[string]change{}} }

func (l *changeLedger) ack(c change) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.changes[c.description] = c
}

func (l *changeLedger) len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.changes)
}

// check checks the events a consumer received: no event twice; every
// acknowledged change's event (a create or an attribute change carrying
// its description) exactly once; each incident's changes in version order.
func (l *changeLedger) check(t *testing.T, consumer string, events []feedEvent) {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	ids := map[string]bool{}
	seen := map[string]int{}
	last := map[string]int{}
	for _, e := range events {
		if ids[e.ID] {
			t.Errorf("%s: event %s received twice", consumer, e.ID)
		}
		ids[e.ID] = true
		if e.Type != "IncidentCreateEvent" && e.Type != "IncidentAttributeValueChangeEvent" {
			continue
		}
		c, acked := l.changes[e.Event.Incident.Description]
		if !acked {
			continue // committed, its answer lost to a kill: allowed
		}
		seen[c.description]++
		if c.version <= last[c.incident] {
			t.Errorf("%s: incident %s: version %d after %d", consumer, c.incident, c.version, last[c.incident])
		}
		last[c.incident] = c.version
	}
	missing := 0
	for d := range l.changes {
		switch n := seen[d]; {
		case n == 0:
			missing++
			if missing <= 5 {
				t.Errorf("%s: acknowledged change %q has no event", consumer, d)
			}
		case n > 1:
			t.Errorf("%s: change %q has %d events", consumer, d, n)
		}
	}
	if missing > 0 {
		t.Errorf("%s: %d of %d acknowledged changes have no event", consumer, missing, len(l.changes))
	}
	t.Logf("%s: %d events, %d acknowledged changes checked", consumer, len(events), len(l.changes))
}

// apiClient calls one server with one credential; unlike the helpers of
// the other tests it reports transport errors (a killed server) instead of
// failing the test.
type apiClient struct {
	url, token, key string
	client          *http.Client
}

func (c apiClient) do(method, path, body string) (int, http.Header, []byte, error) {
	req, err := http.NewRequest(method, c.url+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Api-Key", c.key)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := c.client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// etagVersion reads the version of an incident's entity tag W/"id.v.lang".
func etagVersion(etag string) int {
	parts := strings.Split(strings.Trim(strings.TrimPrefix(etag, "W/"), `"`), ".")
	if len(parts) < 2 {
		return 0
	}
	v, _ := strconv.Atoi(parts[1])
	return v
}

// feedEvents follows the feed of a server from the start until it holds at
// least want events of the ledger's kinds, or until limit passes.
func feedEvents(t *testing.T, c apiClient, want int, limit time.Duration) []feedEvent {
	t.Helper()
	var events []feedEvent
	after := ""
	deadline := time.Now().Add(limit)
	for counted := 0; counted < want; {
		if time.Now().After(deadline) {
			t.Errorf("feed: %d events after %s, want at least %d changes", len(events), limit, want)
			return events
		}
		path := "/incident/b2b/v1/events?limit=500&wait=2"
		if after != "" {
			path += "&after=" + url.QueryEscape(after)
		}
		status, _, body, err := c.do(http.MethodGet, path, "")
		if err != nil || status != http.StatusOK {
			t.Fatalf("feed: %d %s %v", status, body, err)
		}
		var page []feedEvent
		if err := json.Unmarshal(body, &page); err != nil {
			t.Fatal(err)
		}
		for _, e := range page {
			if e.Type == "IncidentCreateEvent" || e.Type == "IncidentAttributeValueChangeEvent" {
				counted++
			}
			after = e.Cursor
		}
		events = append(events, page...)
	}
	return events
}

// burst is writers changing incidents through servers until stop closes:
// each writer creates incidents and updates them, each write with a
// description of its own, and acknowledges in the ledger what a server
// answered 2xx. Transport errors (a killed server) are expected.
type burst struct {
	ledger  *changeLedger
	errors  atomic.Int64
	writes  atomic.Int64
	stopped chan struct{}
	done    chan struct{} // closed once every writer returned
	wg      sync.WaitGroup
}

func startBurst(t *testing.T, writers int, clients func(w int) apiClient) *burst {
	b := &burst{ledger: newChangeLedger(), stopped: make(chan struct{}), done: make(chan struct{})}
	for w := range writers {
		b.wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var mine []string
			for i := 0; ; i++ {
				select {
				case <-b.stopped:
					return
				default:
				}
				c := clients(w)
				desc := fmt.Sprintf("writer %d change %d", w, i)
				var status int
				var header http.Header
				var body []byte
				var err error
				if len(mine) < 3 || rng.IntN(4) == 0 {
					status, header, body, err = c.do(http.MethodPost, "/incident/b2b/v1/incidents",
						fmt.Sprintf(`{"description":%q,"impact":"S3","urgency":"U3"}`, desc))
				} else {
					id := mine[rng.IntN(len(mine))]
					status, header, body, err = c.do(http.MethodPatch, "/incident/b2b/v1/incidents/"+id, fmt.Sprintf(`{"description":%q}`, desc))
				}
				b.writes.Add(1)
				if err != nil || status/100 != 2 {
					b.errors.Add(1)
					if err == nil && status != http.StatusServiceUnavailable {
						t.Errorf("writer %d: %d %s", w, status, body)
					}
					time.Sleep(20 * time.Millisecond) // a server restarting
					continue
				}
				var inc struct{ ID string }
				if err := json.Unmarshal(body, &inc); err != nil {
					t.Errorf("writer %d: %s", w, body)
					continue
				}
				if status == http.StatusCreated {
					mine = append(mine, inc.ID)
				}
				b.ledger.ack(change{incident: inc.ID, version: etagVersion(header.Get("ETag")), description: desc})
			}
		})
	}
	return b
}

func (b *burst) stop() {
	close(b.stopped)
	b.wg.Wait()
	close(b.done)
}

// feedSetup is a database with acme, a client of it and an operator
// client, all with API keys.
type feedSetup struct {
	dbURL                    string
	customerID, customerSec  string
	customerKey              string
	operatorID, operatorSec  string
	operatorKey              string
	customerTok, operatorTok string
}

func provisionFeed(t *testing.T, dbURL string) *feedSetup {
	t.Helper()
	db, acme := provisionAcme(t, dbURL)
	admin := auth.NewAdmin(db, auth.Options{})
	op, opSecret, err := admin.CreateClient(context.Background(), auth.OperatorOwner(), "NOC", []string{auth.ScopeOperator})
	if err != nil {
		t.Fatal(err)
	}
	_, opKey, err := admin.CreateAPIKey(context.Background(), auth.OperatorOwner(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return &feedSetup{dbURL: dbURL, customerID: acme.client.ID, customerSec: acme.secret, customerKey: acme.keyText,
		operatorID: op.ID, operatorSec: opSecret, operatorKey: opKey}
}

// login obtains the setup's tokens from a server (tokens live in the
// database: every server takes them).
func (s *feedSetup) login(t *testing.T, srv *server) {
	s.customerTok = token(t, srv.URL, s.customerID, s.customerSec)
	s.operatorTok = token(t, srv.URL, s.operatorID, s.operatorSec)
}

func (s *feedSetup) customer(srv *server) apiClient {
	return apiClient{url: srv.URL, token: s.customerTok, key: s.customerKey}
}

func (s *feedSetup) operator(srv *server) apiClient {
	return apiClient{url: srv.URL, token: s.operatorTok, key: s.operatorKey}
}

// unlimited lifts the request rate limit: the writers share one client.
var unlimited = []string{"--rate-limit", "100000", "--rate-burst", "100000"}

// TestClusterEventsExactlyOnce: 8 writers through two servers on one
// PostgreSQL database while a reader follows the feed of one of them.
func TestClusterEventsExactlyOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	setup := provisionFeed(t, pgtest.Database(t))
	nodes := [2]*server{}
	for i := range nodes {
		nodes[i] = startServer(t, append(append([]string{"--database", setup.dbURL}, unlimited...), webhookArgs...)...)
	}
	setup.login(t, nodes[0])
	receiver := startWebhookReceiver(t)
	receiver.subscribe(t, setup.operator(nodes[0]))

	// The reader follows while the writers write.
	followed := make(chan []feedEvent, 1)
	b := startBurst(t, 8, func(w int) apiClient { return setup.customer(nodes[w%2]) })
	go func() {
		time.Sleep(3 * time.Second)
		b.stop()
	}()
	var events []feedEvent
	go func() {
		var all []feedEvent
		after := ""
		for {
			path := "/incident/b2b/v1/events?limit=50&wait=1"
			if after != "" {
				path += "&after=" + url.QueryEscape(after)
			}
			status, _, body, err := setup.operator(nodes[1]).do(http.MethodGet, path, "")
			var page []feedEvent
			if err != nil || status != http.StatusOK || json.Unmarshal(body, &page) != nil {
				t.Errorf("feed: %d %s %v", status, body, err)
				break
			}
			if len(page) == 0 {
				select {
				case <-b.done:
					followed <- all
					return
				default:
				}
			}
			for _, e := range page {
				after = e.Cursor
			}
			all = append(all, page...)
		}
		followed <- all
	}()
	select {
	case events = <-followed:
	case <-time.After(60 * time.Second):
		t.Fatal("the reader did not finish")
	}
	if b.ledger.len() < 100 {
		t.Fatalf("only %d acknowledged changes in the burst", b.ledger.len())
	}
	b.ledger.check(t, "feed followed during the burst", events)
	b.ledger.check(t, "feed read afterwards", feedEvents(t, setup.operator(nodes[0]), b.ledger.len(), 30*time.Second))
	b.ledger.check(t, "webhook receiver", receiver.wait(t, b.ledger.len(), 30*time.Second))
}

// TestEventsSurviveKill: a server killed (SIGKILL) during a burst of
// writes; once started again, every acknowledged change has its event.
func TestEventsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	setup := provisionFeed(t, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"))
	args := append(append([]string{"--database", setup.dbURL}, unlimited...), webhookArgs...)
	srv := startServer(t, args...)
	setup.login(t, srv)
	receiver := startWebhookReceiver(t)
	receiver.subscribe(t, setup.customer(srv))
	var current atomic.Pointer[server]
	current.Store(srv)
	b := startBurst(t, 8, func(int) apiClient { return setup.customer(current.Load()) })
	time.Sleep(time.Second)
	kill(t, srv)
	restarted := startServer(t, args...)
	current.Store(restarted)
	time.Sleep(500 * time.Millisecond)
	b.stop()
	t.Logf("%d writes, %d refused or lost", b.writes.Load(), b.errors.Load())
	if b.errors.Load() == 0 {
		t.Error("no write failed: the kill did not land during the burst")
	}
	b.ledger.check(t, "feed after the restart", feedEvents(t, setup.operator(restarted), b.ledger.len(), 30*time.Second))
	b.ledger.check(t, "webhook receiver after the restart", receiver.wait(t, b.ledger.len(), 30*time.Second))
}

// TestClusterEventsSurviveKill: one of two servers on PostgreSQL killed
// during a burst through both; the other goes on; after the restart every
// acknowledged change has its event.
func TestClusterEventsSurviveKill(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	setup := provisionFeed(t, pgtest.Database(t))
	args := append(append([]string{"--database", setup.dbURL}, unlimited...), webhookArgs...)
	var nodes [2]atomic.Pointer[server]
	for i := range nodes {
		nodes[i].Store(startServer(t, args...))
	}
	setup.login(t, nodes[0].Load())
	receiver := startWebhookReceiver(t)
	receiver.subscribe(t, setup.operator(nodes[1].Load()))
	b := startBurst(t, 8, func(w int) apiClient { return setup.customer(nodes[w%2].Load()) })
	time.Sleep(time.Second)
	kill(t, nodes[1].Load())
	nodes[1].Store(startServer(t, args...))
	time.Sleep(500 * time.Millisecond)
	b.stop()
	t.Logf("%d writes, %d refused or lost", b.writes.Load(), b.errors.Load())
	b.ledger.check(t, "feed of the surviving server", feedEvents(t, setup.operator(nodes[0].Load()), b.ledger.len(), 30*time.Second))
	b.ledger.check(t, "feed of the restarted server", feedEvents(t, setup.operator(nodes[1].Load()), b.ledger.len(), 30*time.Second))
	b.ledger.check(t, "webhook receiver", receiver.wait(t, b.ledger.len(), 30*time.Second))
}

// kill ends a server with SIGKILL: no shutdown, nothing flushed.
func kill(t *testing.T, s *server) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	s.cmd.Wait()
}

// TestEventFeedLongPollEndsOnShutdown: a long poll waiting on a server that
// gets SIGTERM answers at once, and the server stops cleanly.
func TestEventFeedLongPollEndsOnShutdown(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	setup := provisionFeed(t, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"))
	srv := startServer(t, "--database", setup.dbURL)
	setup.login(t, srv)
	answered := make(chan time.Duration, 1)
	begun := time.Now()
	go func() {
		status, _, body, err := setup.customer(srv).do(http.MethodGet, "/incident/b2b/v1/events?wait=60", "")
		if err != nil || status != http.StatusOK || !bytes.Equal(bytes.TrimSpace(body), []byte("[]")) {
			t.Errorf("long poll during shutdown: %d %s %v", status, body, err)
		}
		answered <- time.Since(begun)
	}()
	time.Sleep(500 * time.Millisecond)
	srv.stop(t)
	select {
	case d := <-answered:
		if d > 5*time.Second {
			t.Errorf("the long poll answered %v after it began", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the long poll did not answer on shutdown")
	}
}

// TestEventFeedLatency measures, through server processes, how soon a long
// poll answers after the commit of a create returned: on the server that
// wrote it, and on another server sharing the PostgreSQL database (its
// poller). Figures in docs/performance.md.
func TestEventFeedLatency(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	setup := provisionFeed(t, pgtest.Database(t))
	nodes := [2]*server{}
	for i := range nodes {
		nodes[i] = startServer(t, append([]string{"--database", setup.dbURL}, unlimited...)...)
	}
	setup.login(t, nodes[0])
	writer := setup.customer(nodes[0])
	lastCursor := ""
	for i, reader := range nodes {
		name := []string{"same server", "other server"}[i]
		feed := setup.customer(reader)
		after := ""
		if i > 0 {
			after = "&after=" + url.QueryEscape(lastCursor)
		}
		var lags []time.Duration
		for n := range 60 {
			answered := make(chan time.Time, 1)
			go func() {
				status, _, body, err := feed.do(http.MethodGet, "/incident/b2b/v1/events?wait=10"+after, "")
				var page []feedEvent
				if err != nil || status != http.StatusOK || json.Unmarshal(body, &page) != nil || len(page) != 1 {
					t.Errorf("long poll: %d %s %v", status, body, err)
				} else {
					lastCursor = page[0].Cursor
					after = "&after=" + url.QueryEscape(lastCursor)
				}
				answered <- time.Now()
			}()
			time.Sleep(20*time.Millisecond + rand.N(30*time.Millisecond))
			status, _, body, err := writer.do(http.MethodPost, "/incident/b2b/v1/incidents", fmt.Sprintf(`{"description":"latency %d","impact":"S4","urgency":"U3"}`, n))
			committed := time.Now()
			if err != nil || status != http.StatusCreated {
				t.Fatalf("create: %d %s %v", status, body, err)
			}
			lags = append(lags, max((<-answered).Sub(committed), 0))
		}
		slices.Sort(lags)
		p50, p95 := lags[len(lags)/2], lags[len(lags)*95/100]
		t.Logf("%s: commit → long poll answer p50 %v, p95 %v", name, p50.Round(10*time.Microsecond), p95.Round(10*time.Microsecond))
		if p95 > 100*time.Millisecond {
			t.Errorf("%s: p95 %v, want within 100 ms", name, p95)
		}
	}
}

// TestEventFeedWaitOutlastsWriteTimeout: a long poll longer than the write
// timeout still answers (the deadline is set again before the answer).
func TestEventFeedWaitOutlastsWriteTimeout(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	setup := provisionFeed(t, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"))
	srv := startServer(t, "--database", setup.dbURL, "--write-timeout", "1s")
	setup.login(t, srv)
	begun := time.Now()
	status, _, body, err := setup.customer(srv).do(http.MethodGet, "/incident/b2b/v1/events?wait=3", "")
	if waited := time.Since(begun); err != nil || status != http.StatusOK || string(body) != "[]" || waited < 3*time.Second {
		t.Fatalf("a 3 s wait under a 1 s write timeout: %d %s %v after %v", status, body, err, waited)
	}
}
