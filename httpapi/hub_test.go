package httpapi_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Webhook subscriptions and their deliveries (spec §11.2, §11.3), against a
// real receiver listening on a random port.

// received is one request a receiver got.
type received struct {
	header http.Header
	body   []byte
	event  map[string]any
}

func (d received) eventID() string   { s, _ := d.event["eventId"].(string); return s }
func (d received) eventType() string { s, _ := d.event["eventType"].(string); return s }
func (d received) cursor() string    { s, _ := d.event["cursor"].(string); return s }
func (d received) incidentID() string {
	ev, _ := d.event["event"].(map[string]any)
	inc, _ := ev["incident"].(map[string]any)
	s, _ := inc["id"].(string)
	return s
}

// receiver is a webhook receiver: it records every request and answers
// what answer says for the n-th one (0 first).
type receiver struct {
	t      *testing.T
	url    string
	answer func(n int, d received) int

	mu      sync.Mutex
	got     []received
	arrived chan struct{}
}

func newReceiver(t *testing.T, answer func(n int, d received) int) *receiver {
	r := &receiver{t: t, answer: answer, arrived: make(chan struct{}, 1)}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		d := received{header: req.Header.Clone(), body: body}
		if err := json.Unmarshal(body, &d.event); err != nil {
			t.Errorf("delivery body is not JSON: %v: %s", err, body)
		}
		r.mu.Lock()
		n := len(r.got)
		r.got = append(r.got, d)
		r.mu.Unlock()
		status := http.StatusNoContent
		if r.answer != nil {
			status = r.answer(n, d)
		}
		w.WriteHeader(status)
		select {
		case r.arrived <- struct{}{}:
		default:
		}
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/hook"
	return r
}

// wait returns the requests once there are at least n, failing the test
// after 10 seconds.
func (r *receiver) wait(n int) []received {
	r.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		r.mu.Lock()
		got := append([]received(nil), r.got...)
		r.mu.Unlock()
		if len(got) >= n {
			return got
		}
		select {
		case <-r.arrived:
		case <-deadline:
			r.t.Fatalf("receiver got %d requests, want %d", len(got), n)
		}
	}
}

// quiet checks that no request arrives beyond the n the receiver has
// during d.
func (r *receiver) quiet(n int, d time.Duration) {
	r.t.Helper()
	time.Sleep(d)
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.got) != n {
		var types []string
		for _, g := range r.got[min(n, len(r.got)):] {
			types = append(types, g.eventType()+" "+g.incidentID())
		}
		r.t.Fatalf("receiver got %d requests, want %d: extra %v", len(r.got), n, types)
	}
}

// subscribe subscribes the callback for c; it fails the test unless the
// answer is 201. It returns the subscription, with its secret.
func (e *env) subscribe(c caller, callback, query string) map[string]any {
	e.t.Helper()
	r := e.call(c, http.MethodPost, base+"/hub", map[string]any{"callback": callback, "query": query})
	if r.status != http.StatusCreated {
		e.t.Fatalf("subscribe: status %d: %s", r.status, r.body)
	}
	return r.object(e.t)
}

// verifySignature checks a delivery's signature as a receiver written
// from the Standard Webhooks specification would.
func verifySignature(t *testing.T, secret string, d received) {
	t.Helper()
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		t.Fatalf("secret %q: %v", secret, err)
	}
	id, ts := d.header.Get("webhook-id"), d.header.Get("webhook-timestamp")
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%s.", id, ts)
	mac.Write(d.body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if got := d.header.Get("webhook-signature"); got != want {
		t.Fatalf("webhook-signature %q, want %q", got, want)
	}
	var sec int64
	if _, err := fmt.Sscan(ts, &sec); err != nil || time.Since(time.Unix(sec, 0)).Abs() > time.Minute {
		t.Fatalf("webhook-timestamp %q is not now", ts)
	}
	if ct := d.header.Get("Content-Type"); ct != "application/json" {
		t.Fatalf("Content-Type %q", ct)
	}
	if id != d.eventID() {
		t.Fatalf("webhook-id %q, eventId %q", id, d.eventID())
	}
}

// verify is the receiver's check of docs/api.md ("Verifying a delivery"),
// as printed there.
func verify(secret string, r *http.Request, body []byte) bool {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return false
	}
	id, ts := r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || time.Since(time.Unix(sec, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(id + "." + ts + "."))
	mac.Write(body)
	want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil))
	// The header may list several signatures, space-separated.
	for _, sig := range strings.Fields(r.Header.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return true
		}
	}
	return false
}

var secretPattern = regexp.MustCompile(`^whsec_[A-Za-z0-9+/]{43}=$`)

func TestHubSubscriptions(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		readonly := e.login(acme.party, "b2b:incident:readonly")
		globex := e.login(e.newCustomer("globex", "Globex"), "b2b:incident")
		op := e.login(e.newOperator(), "b2b:incident:operator")
		rcv := newReceiver(t, nil)

		sub := e.subscribe(acme, rcv.url, "eventType=IncidentStatusChangeEvent,IncidentCreateEvent&priority=P1")
		id, _ := sub["id"].(string)
		secret, _ := sub["secret"].(string)
		if !secretPattern.MatchString(secret) || sub["status"] != "active" || sub["callback"] != rcv.url ||
			sub["query"] != "eventType=IncidentStatusChangeEvent,IncidentCreateEvent&priority=P1" {
			t.Fatalf("created: %v", sub)
		}
		self := base + "/hub/" + id

		// Reads never show the secret; the read-only scope reads.
		got := e.call(readonly, http.MethodGet, self, nil)
		if got.status != http.StatusOK || strings.Contains(string(got.body), "whsec_") || got.object(t)["id"] != id {
			t.Fatalf("get: %d %s", got.status, got.body)
		}
		list := e.call(acme, http.MethodGet, base+"/hub", nil)
		if items := list.list(t); len(items) != 1 || items[0]["id"] != id || strings.Contains(string(list.body), "whsec_") {
			t.Fatalf("list: %s", list.body)
		}
		// Writes need b2b:incident or the operator's scope.
		checkError(t, e.call(readonly, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url}), http.StatusForbidden, 50)
		checkError(t, e.call(readonly, http.MethodDelete, self, nil), http.StatusForbidden, 50)

		// Another customer, and the operator side, do not see it.
		for _, other := range []caller{globex, op} {
			checkError(t, e.call(other, http.MethodGet, self, nil), http.StatusNotFound, 60)
			checkError(t, e.call(other, http.MethodPatch, self, map[string]any{"status": "disabled"}), http.StatusNotFound, 60)
			checkError(t, e.call(other, http.MethodGet, self+"/deliveries", nil), http.StatusNotFound, 60)
			checkError(t, e.call(other, http.MethodPost, self+"/replay", map[string]any{"since": "2026-01-01T00:00:00Z"}), http.StatusNotFound, 60)
			checkError(t, e.call(other, http.MethodDelete, self, nil), http.StatusNotFound, 60)
			if items := e.call(other, http.MethodGet, base+"/hub", nil).list(t); len(items) != 0 {
				t.Fatalf("another side lists %v", items)
			}
		}

		// Bad bodies and queries.
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "query": "priority=P9"}), http.StatusBadRequest, 28)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "query": "eventType=Nope"}), http.StatusBadRequest, 28)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "query": "sort=id"}), http.StatusBadRequest, 28)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "query": "customer.id=acme"}), http.StatusBadRequest, 28)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"query": "priority=P1"}), http.StatusBadRequest, 23)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "secret": "mine"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": rcv.url, "status": "active"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPatch, self, map[string]any{"status": "paused"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPatch, self, map[string]any{"id": "x"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPost, self+"/replay", map[string]any{}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPost, self+"/replay", map[string]any{"after": "e1", "since": "2026-01-01T00:00:00Z"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodPost, self+"/replay", map[string]any{"after": "not a cursor"}), http.StatusBadRequest, 24)
		checkError(t, e.call(acme, http.MethodGet, self+"/deliveries?status=200", nil), http.StatusBadRequest, 28)
		checkError(t, e.call(acme, http.MethodGet, base+"/hub?limit=5", nil), http.StatusBadRequest, 28)

		// Merge patch: query and status; an operator's query may name
		// customer.id.
		patched := e.call(acme, http.MethodPatch, self, map[string]any{"query": "priority=P2", "status": "disabled"},
			"Content-Type", "application/merge-patch+json").object(t)
		if patched["query"] != "priority=P2" || patched["status"] != "disabled" || patched["disabledReason"] != nil {
			t.Fatalf("patched: %v", patched)
		}
		e.subscribe(op, rcv.url, "customer.id=acme")

		if r := e.call(acme, http.MethodDelete, self, nil); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d %s", r.status, r.body)
		}
		checkError(t, e.call(acme, http.MethodGet, self, nil), http.StatusNotFound, 60)
		checkError(t, e.call(acme, http.MethodDelete, self, nil), http.StatusNotFound, 60)
	})
}

// Callback URL rules, with the rules on: https, public addresses only (a
// resolver under the test's control plays DNS); at most 20 subscriptions.
func TestHubCallbackRules(t *testing.T) {
	resolver := fakeResolver{"hooks.example.com": {"93.184.216.34"}, "rebind.example.com": {"127.0.0.1"}}
	eachBackendWith(t, options{strictCallbacks: true, resolver: resolver}, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		for _, bad := range []string{
			"http://hooks.example.com/x", "https://127.0.0.1/x", "https://10.0.0.8/x", "https://[::1]/x",
			"https://169.254.169.254/latest", "https://rebind.example.com/x", "https://unknown.example.com/x", "hooks.example.com",
		} {
			checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": bad}), http.StatusBadRequest, 24)
		}
		var ids []string
		for i := range 20 {
			sub := e.subscribe(acme, fmt.Sprintf("https://hooks.example.com/%d", i), "")
			ids = append(ids, sub["id"].(string))
		}
		checkError(t, e.call(acme, http.MethodPost, base+"/hub", map[string]any{"callback": "https://hooks.example.com/21"}), http.StatusBadRequest, 24)
		// A patch is checked as a creation.
		checkError(t, e.call(acme, http.MethodPatch, base+"/hub/"+ids[0], map[string]any{"callback": "https://127.0.0.1/x"}), http.StatusBadRequest, 24)
		if r := e.call(acme, http.MethodDelete, base+"/hub/"+ids[0], nil); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.status)
		}
		e.subscribe(acme, "https://hooks.example.com/again", "")
	})
}

type fakeResolver map[string][]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	var out []netip.Addr
	for _, a := range r[host] {
		out = append(out, netip.MustParseAddr(a))
	}
	if len(out) == 0 {
		return nil, errors.New("no such host")
	}
	return out, nil
}

// Deliveries are signed, carry the event as the feed has it, and follow
// the query: event types and incident attributes.
func TestHubDeliveries(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		op := e.login(e.newOperator(), "b2b:incident:operator")
		all, p1Status := newReceiver(t, nil), newReceiver(t, nil)
		allSub := e.subscribe(acme, all.url, "")
		e.subscribe(acme, p1Status.url, "eventType=IncidentStatusChangeEvent&priority=P1")

		p1 := e.report(acme, incidentBody(1, "S1", "U1", "FR")) // P1
		p3 := e.report(acme, incidentBody(2, "S3", "U2", "DE")) // P3
		for _, inc := range []map[string]any{p1, p3} {
			r := e.call(op, http.MethodPatch, base+"/incidents/"+inc["id"].(string), map[string]any{"status": "VALIDATED"},
				"Content-Type", "application/merge-patch+json")
			if r.status != http.StatusOK {
				t.Fatalf("validate: %d %s", r.status, r.body)
			}
		}

		got := all.wait(4)
		want := []string{"IncidentCreateEvent " + p1["id"].(string), "IncidentCreateEvent " + p3["id"].(string),
			"IncidentStatusChangeEvent " + p1["id"].(string), "IncidentStatusChangeEvent " + p3["id"].(string)}
		for i, d := range got {
			verifySignature(t, allSub["secret"].(string), d)
			if !verify(allSub["secret"].(string), &http.Request{Header: d.header}, d.body) {
				t.Fatal("the documented verification refuses a delivery")
			}
			if verify(allSub["secret"].(string), &http.Request{Header: d.header}, append(d.body, ' ')) {
				t.Fatal("the documented verification takes an altered body")
			}
			if s := d.eventType() + " " + d.incidentID(); s != want[i] {
				t.Fatalf("delivery %d: %s, want %s", i, s, want[i])
			}
		}
		all.quiet(4, 200*time.Millisecond)

		// The bodies are the feed's bytes.
		var feed []json.RawMessage
		e.call(acme, http.MethodGet, base+"/events", nil).decode(t, &feed)
		if len(feed) != 4 {
			t.Fatalf("feed has %d events", len(feed))
		}
		for i, item := range feed {
			if string(item) != string(got[i].body) {
				t.Fatalf("delivery %d differs from the feed:\n%s\n%s", i, got[i].body, item)
			}
		}

		filtered := p1Status.wait(1)
		if filtered[0].eventType() != "IncidentStatusChangeEvent" || filtered[0].incidentID() != p1["id"] {
			t.Fatalf("filtered delivery: %s %s", filtered[0].eventType(), filtered[0].incidentID())
		}
		p1Status.quiet(1, 200*time.Millisecond)

		// The log records each attempt.
		log := e.call(acme, http.MethodGet, base+"/hub/"+allSub["id"].(string)+"/deliveries?limit=2", nil)
		items := log.list(t)
		if total, _ := countHeaders(t, log); total != 4 || len(items) != 2 || items[0]["eventId"] != got[3].eventID() ||
			items[0]["statusCode"] != float64(204) || items[0]["attempt"] != float64(1) || items[0]["error"] != nil {
			t.Fatalf("deliveries: %s", log.body)
		}
	})
}

// A new subscription receives the events committed after it, not the
// older ones (a replay fetches those).
func TestHubStartsAfterNewestEvent(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		old := e.report(acme, incidentBody(1, "S2", "U2", ""))["id"].(string)
		rcv := newReceiver(t, nil)
		sub := e.subscribe(acme, rcv.url, "")
		fresh := e.report(acme, incidentBody(2, "S2", "U2", ""))["id"].(string)
		if got := rcv.wait(1); got[0].incidentID() != fresh {
			t.Fatalf("first delivery is of %s, want %s (not %s, older than the subscription)", got[0].incidentID(), fresh, old)
		}
		rcv.quiet(1, 200*time.Millisecond)
		r := e.call(acme, http.MethodPost, base+"/hub/"+sub["id"].(string)+"/replay", map[string]any{"since": "2000-01-01T00:00:00Z"})
		if r.status != http.StatusAccepted {
			t.Fatalf("replay: %d %s", r.status, r.body)
		}
		if got := rcv.wait(3); got[1].incidentID() != old || got[2].incidentID() != fresh {
			t.Fatalf("replayed %s, %s", got[1].incidentID(), got[2].incidentID())
		}
	})
}

// A customer's subscriptions carry that customer's incidents only, never
// an internal note; an operator's carry every customer's, internal notes
// included.
func TestHubDeliveriesIsolation(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		globex := e.login(e.newCustomer("globex", "Globex"), "b2b:incident")
		op := e.login(e.newOperator(), "b2b:incident:operator")
		acmeRcv, globexRcv, opRcv := newReceiver(t, nil), newReceiver(t, nil), newReceiver(t, nil)
		e.subscribe(acme, acmeRcv.url, "")
		e.subscribe(globex, globexRcv.url, "")
		e.subscribe(op, opRcv.url, "")

		a := e.report(acme, incidentBody(1, "S2", "U2", "FR"))["id"].(string)
		g := e.report(globex, incidentBody(2, "S2", "U2", "FR"))["id"].(string)
		for _, note := range []map[string]any{{"text": "internal: customer is difficult", "internal": true}, {"text": "we are on it"}} {
			if r := e.call(op, http.MethodPost, base+"/incidents/"+a+"/notes", note); r.status != http.StatusCreated {
				t.Fatalf("note: %d %s", r.status, r.body)
			}
		}

		ops := opRcv.wait(4)
		acmes := acmeRcv.wait(2)
		globexes := globexRcv.wait(1)
		acmeRcv.quiet(2, 300*time.Millisecond)
		globexRcv.quiet(1, 0)
		opRcv.quiet(4, 0)
		for _, d := range acmes {
			if d.incidentID() != a || strings.Contains(string(d.body), "internal: customer is difficult") {
				t.Fatalf("acme received %s", d.body)
			}
		}
		if globexes[0].incidentID() != g {
			t.Fatalf("globex received %s", globexes[0].body)
		}
		seen := map[string]bool{}
		for _, d := range ops {
			seen[d.incidentID()] = true
		}
		if !seen[a] || !seen[g] || !strings.Contains(string(ops[2].body)+string(ops[3].body), "internal: customer is difficult") {
			t.Fatalf("operator received %v", ops)
		}
	})
}

// A receiver that fails gets the event again, the same webhook-id, before
// any later event; a 410 disables the subscription at once; a replay sends
// again in order; a deletion stops the deliveries.
func TestHubRetriesAndReplay(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		flaky := newReceiver(t, func(n int, _ received) int {
			if n < 3 {
				return http.StatusServiceUnavailable
			}
			return http.StatusOK
		})
		sub := e.subscribe(acme, flaky.url, "eventType=IncidentCreateEvent")
		self := base + "/hub/" + sub["id"].(string)
		var ids []string
		for i := range 3 {
			ids = append(ids, e.report(acme, incidentBody(i, "S2", "U2", ""))["id"].(string))
		}
		// Three failures of the first event, its success, then the others.
		got := flaky.wait(6)
		flaky.quiet(6, 200*time.Millisecond)
		want := []string{ids[0], ids[0], ids[0], ids[0], ids[1], ids[2]}
		var order []string
		for _, d := range got {
			verifySignature(t, sub["secret"].(string), d)
			order = append(order, d.incidentID())
		}
		if strings.Join(order, ",") != strings.Join(want, ",") {
			t.Fatalf("order %v, want %v", order, want)
		}
		for _, d := range got[1:4] {
			if d.header.Get("webhook-id") != got[0].header.Get("webhook-id") {
				t.Fatalf("webhook-id changed on retry: %s, %s", got[0].header.Get("webhook-id"), d.header.Get("webhook-id"))
			}
		}
		log := e.call(acme, http.MethodGet, self+"/deliveries", nil).list(t)
		if len(log) != 6 || log[5]["statusCode"] != float64(503) || log[5]["error"] != "status 503" || log[2]["attempt"] != float64(4) || log[3]["attempt"] != float64(3) {
			t.Fatalf("log %v", log)
		}

		// Replay after the first event: the two others again, in order.
		cursor := got[3].cursor()
		r := e.call(acme, http.MethodPost, self+"/replay", map[string]any{"after": cursor})
		if r.status != http.StatusAccepted {
			t.Fatalf("replay: %d %s", r.status, r.body)
		}
		again := flaky.wait(8)[6:]
		if again[0].incidentID() != ids[1] || again[1].incidentID() != ids[2] || again[0].eventID() != got[4].eventID() {
			t.Fatalf("replayed %s, %s", again[0].incidentID(), again[1].incidentID())
		}
		// Replay since a time: every event since then.
		if r := e.call(acme, http.MethodPost, self+"/replay", map[string]any{"since": "2000-01-01T00:00:00Z"}); r.status != http.StatusAccepted {
			t.Fatalf("replay since: %d %s", r.status, r.body)
		}
		since := flaky.wait(11)[8:]
		for i, d := range since {
			if d.incidentID() != ids[i] {
				t.Fatalf("replay since: %d: %s, want %s", i, d.incidentID(), ids[i])
			}
		}
		flaky.quiet(11, 200*time.Millisecond)

		// Deleted: nothing more.
		if r := e.call(acme, http.MethodDelete, self, nil); r.status != http.StatusNoContent {
			t.Fatalf("delete: %d", r.status)
		}
		e.report(acme, incidentBody(9, "S2", "U2", ""))
		flaky.quiet(11, 300*time.Millisecond)
	})
}

// 410 disables at once; an event failing for longer than the maximum age
// is given up and the subscription disabled; made active again, it
// resumes.
func TestHubDisables(t *testing.T) {
	eachBackendWith(t, options{callbackRetry: 20 * time.Millisecond, callbackMaxAge: 150 * time.Millisecond}, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), "b2b:incident")
		gone := newReceiver(t, func(int, received) int { return http.StatusGone })
		goneSub := base + "/hub/" + e.subscribe(acme, gone.url, "")["id"].(string)
		var down sync.Mutex
		failing := true
		dead := newReceiver(t, func(int, received) int {
			down.Lock()
			defer down.Unlock()
			if failing {
				return http.StatusInternalServerError
			}
			return http.StatusOK
		})
		deadSub := base + "/hub/" + e.subscribe(acme, dead.url, "")["id"].(string)

		first := e.report(acme, incidentBody(1, "S2", "U2", ""))["id"].(string)
		gone.wait(1)
		waitFor(t, func() bool { return e.call(acme, http.MethodGet, goneSub, nil).object(t)["status"] == "disabled" })
		sub := e.call(acme, http.MethodGet, goneSub, nil).object(t)
		if reason, _ := sub["disabledReason"].(string); !strings.Contains(reason, "410") {
			t.Fatalf("disabled reason %q", reason)
		}
		e.report(acme, incidentBody(2, "S2", "U2", ""))
		gone.quiet(1, 200*time.Millisecond)

		waitFor(t, func() bool { return e.call(acme, http.MethodGet, deadSub, nil).object(t)["status"] == "disabled" })
		attempts := len(dead.wait(1))
		if attempts < 3 {
			t.Fatalf("%d attempts before giving up, want retries", attempts)
		}
		for _, d := range dead.wait(attempts) {
			if d.incidentID() != first {
				t.Fatalf("a later event was sent before the first was given up: %s", d.incidentID())
			}
		}
		dead.quiet(attempts, 200*time.Millisecond)

		// Active again: the event after the one given up comes next.
		down.Lock()
		failing = false
		down.Unlock()
		r := e.call(acme, http.MethodPatch, deadSub, map[string]any{"status": "active"})
		if r.status != http.StatusOK || r.object(t)["disabledReason"] != nil {
			t.Fatalf("reactivate: %d %s", r.status, r.body)
		}
		next := dead.wait(attempts + 1)[attempts]
		if next.incidentID() == first {
			t.Fatalf("the given-up event was sent again")
		}
	})
}

// waitFor polls cond for up to 10 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("condition not met within 10s")
}
