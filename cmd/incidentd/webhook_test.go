package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// A webhook receiver beside the feed in the multi-process tests of
// events_test.go: it subscribes through one server, receives what every
// server delivers, and keeps each event once, as a consumer deduplicating
// by webhook-id does (delivery is at least once: a server killed between a
// send and its record sends again).

// webhookArgs let the servers deliver to a receiver on 127.0.0.1 and hand
// a dead server's subscriptions over within a second.
var webhookArgs = []string{"--allow-private-callbacks", "--callback-lease-ttl", "1s", "--callback-retry-initial", "100ms"}

type webhookReceiver struct {
	url string

	mu       sync.Mutex
	events   []feedEvent // first deliveries, in arrival order
	seen     map[string]bool
	repeated int
}

func startWebhookReceiver(t *testing.T) *webhookReceiver {
	r := &webhookReceiver{seen: map[string]bool{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, _ := io.ReadAll(req.Body)
		var e feedEvent
		if err := json.Unmarshal(body, &e); err != nil || e.ID != req.Header.Get("webhook-id") {
			t.Errorf("delivery %s: %v (webhook-id %q)", body, err, req.Header.Get("webhook-id"))
		}
		r.mu.Lock()
		defer r.mu.Unlock()
		if r.seen[e.ID] {
			r.repeated++
			return
		}
		r.seen[e.ID] = true
		r.events = append(r.events, e)
	}))
	t.Cleanup(srv.Close)
	r.url = srv.URL + "/incidentd"
	return r
}

// subscribe subscribes the receiver to every event the client's side sees.
func (r *webhookReceiver) subscribe(t *testing.T, c apiClient) {
	t.Helper()
	status, _, body, err := c.do(http.MethodPost, "/incident/b2b/v1/hub", `{"callback":"`+r.url+`"}`)
	if err != nil || status != http.StatusCreated {
		t.Fatalf("subscribe: %d %s %v", status, body, err)
	}
}

// wait returns the events received once want changes' events are among
// them, or when limit passes (the ledger's check then says what is
// missing).
func (r *webhookReceiver) wait(t *testing.T, want int, limit time.Duration) []feedEvent {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		r.mu.Lock()
		counted := 0
		for _, e := range r.events {
			if e.Type == "IncidentCreateEvent" || e.Type == "IncidentAttributeValueChangeEvent" {
				counted++
			}
		}
		events, repeated := append([]feedEvent(nil), r.events...), r.repeated
		r.mu.Unlock()
		if counted >= want || time.Now().After(deadline) {
			t.Logf("webhook receiver: %d events, %d deliveries repeated", len(events), repeated)
			return events
		}
		time.Sleep(50 * time.Millisecond)
	}
}
