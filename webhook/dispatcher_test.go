package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/webhook"
)

// startDispatcher runs a delivery worker over db until the test ends.
func startDispatcher(t *testing.T, db *sqlstore.DB, allowPrivate bool) *webhook.Dispatcher {
	d := &webhook.Dispatcher{Store: db, Events: db, Filter: contract.ParseSubscriptionQuery, Render: contract.AppendEventJSON,
		AllowPrivate: allowPrivate, RetryInitial: 20 * time.Millisecond, LeaseTTL: time.Second, PollInterval: 50 * time.Millisecond,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(ctx)
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
	return d
}

func setupCustomer(t *testing.T, db *sqlstore.DB) *incident.Manager {
	if _, err := auth.NewAdmin(db, auth.Options{}).CreateCustomer(context.Background(), "acme", "Acme"); err != nil {
		t.Fatal(err)
	}
	return &incident.Manager{Incidents: db, Customers: db, Notes: db, Attachments: db, Matrix: incident.DefaultMatrix(), Now: sqlstore.DefaultNow}
}

// Two servers' workers share one store: every event reaches the receiver
// once, in order, whichever holds the subscription.
func TestTwoDispatchersDeliverOnceInOrder(t *testing.T) {
	teststore.Each(t, func(t *testing.T, db *sqlstore.DB) {
		manager := setupCustomer(t, db)
		var mu sync.Mutex
		var ids []string
		rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var ev struct{ EventID string }
			json.NewDecoder(r.Body).Decode(&ev)
			mu.Lock()
			ids = append(ids, ev.EventID)
			mu.Unlock()
		}))
		defer rcv.Close()
		a, b := startDispatcher(t, db, true), startDispatcher(t, db, true)
		hub := &webhook.Hub{Store: db, Events: db, AllowPrivate: true, Changed: func() { a.Wake(); b.Wake() }}
		owner := incident.Scope{CustomerID: "acme"}
		if _, err := hub.Create(context.Background(), owner, webhook.NewSubscription{Callback: rcv.URL}); err != nil {
			t.Fatal(err)
		}
		const n = 60
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range n / 4 {
					if _, _, err := manager.Create(context.Background(), customer, incident.NewIncident{Description: "x", Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, ""); err != nil {
						t.Error(err)
					}
				}
			}()
		}
		wg.Wait()
		events, _, err := db.Events(context.Background(), owner, "", 1000)
		if err != nil || len(events) != n {
			t.Fatalf("%d events, %v", len(events), err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			mu.Lock()
			got := len(ids)
			mu.Unlock()
			if got >= n || time.Now().After(deadline) {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(100 * time.Millisecond) // a duplicate would come now
		mu.Lock()
		defer mu.Unlock()
		if len(ids) != n {
			t.Fatalf("%d deliveries of %d events", len(ids), n)
		}
		for i, e := range events {
			if ids[i] != e.ID {
				t.Fatalf("delivery %d is %s, event %s: not in cursor order", i, ids[i], e.ID)
			}
		}
	})
}

// Without --allow-private-callbacks the delivery dialer refuses a private
// address even when the subscription's URL got past the check at
// subscription (a name that resolves elsewhere now).
func TestDeliveryRefusesPrivateAddressAtDial(t *testing.T) {
	teststore.Each(t, func(t *testing.T, db *sqlstore.DB) {
		manager := setupCustomer(t, db)
		hit := make(chan struct{}, 10)
		rcv := httptest.NewTLSServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit <- struct{}{} }))
		defer rcv.Close()
		startDispatcher(t, db, false)
		// Stored as a subscription checked under other DNS answers would be.
		owner := incident.Scope{CustomerID: "acme"}
		secret, _ := webhook.NewSecret()
		now := time.Now().UTC()
		s := &webhook.Subscription{ID: "sub_rebound", Owner: owner, Callback: rcv.URL, Status: webhook.StatusActive,
			Secret: secret, CreatedAt: now, UpdatedAt: now, Version: 1}
		if err := db.CreateSubscription(context.Background(), s, webhook.MaxPerOwner); err != nil {
			t.Fatal(err)
		}
		if _, _, err := manager.Create(context.Background(), customer, incident.NewIncident{Description: "x", Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, ""); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for {
			log, _, err := db.ListDeliveries(context.Background(), owner, s.ID, 0, 10)
			if err != nil {
				t.Fatal(err)
			}
			if len(log) > 0 {
				if log[0].StatusCode != 0 || !strings.Contains(log[0].Error, "callback address not allowed: 127.0.0.1") {
					t.Fatalf("attempt %+v", log[0])
				}
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no attempt logged")
			}
			time.Sleep(20 * time.Millisecond)
		}
		select {
		case <-hit:
			t.Fatal("the receiver on a private address was reached")
		default:
		}
	})
}
