package webhook_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/webhook"
)

// Measurements of deliveries (docs/performance.md), on SQLite and, when
// INCIDENTD_TEST_POSTGRES names a server, PostgreSQL:
//
//	go test ./webhook -run '^$' -bench . -benchtime 300x
//
// BenchmarkCommitToReceiver: one incident at a time, the time from the
// creating call's return (its transaction committed) to the receiver
// holding the event, and from the call's start.
// BenchmarkCommitToReceiverAcrossServers: the same on PostgreSQL, written
// through one server and delivered by another.
// BenchmarkFanOut: 100 subscriptions woken by every commit, 20 of them
// delivering it.
// BenchmarkBesideDeadReceiver: the same, for a healthy subscription,
// without and then beside a subscription whose receiver never answers and
// which has 10,000 events waiting.

type deliveryBench struct {
	db      *sqlstore.DB
	manager *incident.Manager
	hub     *webhook.Hub
	owner   incident.Scope
}

func newDeliveryBench(b *testing.B, url string) *deliveryBench {
	return newDeliveryBenchApart(b, url, false)
}

// newDeliveryBenchApart is newDeliveryBench with, when apart, the writes
// going through a second connection pool to the same database: a second
// server, whose commits reach the delivering one through the database.
func newDeliveryBenchApart(b *testing.B, url string, apart bool) *deliveryBench {
	db := teststore.Open(b, url)
	writer := db
	if apart {
		writer = teststore.Open(b, url)
	}
	ctx := context.Background()
	if _, err := auth.NewAdmin(db, auth.Options{}).CreateCustomer(ctx, "acme", "Acme"); err != nil {
		b.Fatal(err)
	}
	d := &webhook.Dispatcher{Store: db, Events: db, Filter: contract.ParseSubscriptionQuery, Render: contract.AppendEventJSON,
		AllowPrivate: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}
	run, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.Run(run)
	}()
	b.Cleanup(func() {
		stop()
		<-done
	})
	return &deliveryBench{
		db:      db,
		manager: &incident.Manager{Incidents: writer, Customers: writer, Notes: writer, Attachments: writer, Matrix: incident.DefaultMatrix(), Now: sqlstore.DefaultNow},
		hub:     &webhook.Hub{Store: db, Events: db, AllowPrivate: true, Changed: d.Wake},
		owner:   incident.Scope{CustomerID: "acme"},
	}
}

var customer = incident.Caller{Role: incident.RoleCustomer, Scope: incident.Scope{CustomerID: "acme"},
	Actor: incident.Actor{Type: incident.ActorCustomer, Name: "bench"}, ClientID: "bench"}

func (s *deliveryBench) report(b *testing.B) string {
	inc, _, err := s.manager.Create(context.Background(), customer,
		incident.NewIncident{Description: "Line down", Impact: incident.ImpactS2, Urgency: incident.UrgencyU2}, "")
	if err != nil {
		b.Fatal(err)
	}
	return inc.ID
}

// arrivals is a receiver noting when each incident's first event came.
type arrivals struct {
	mu   sync.Mutex
	at   map[string]time.Time
	wait map[string]chan struct{}
}

func newArrivals(b *testing.B) (*arrivals, string) {
	a := &arrivals{at: map[string]time.Time{}, wait: map[string]chan struct{}{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		var ev struct {
			Event struct {
				Incident struct{ ID string } `json:"incident"`
			} `json:"event"`
		}
		body, _ := io.ReadAll(r.Body)
		json.Unmarshal(body, &ev)
		a.mu.Lock()
		if _, seen := a.at[ev.Event.Incident.ID]; !seen {
			a.at[ev.Event.Incident.ID] = now
			if ch := a.wait[ev.Event.Incident.ID]; ch != nil {
				close(ch)
			}
		}
		a.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	b.Cleanup(srv.Close)
	return a, srv.URL
}

// expect returns a channel closed when the incident's event arrives.
func (a *arrivals) expect(id string) <-chan struct{} {
	a.mu.Lock()
	defer a.mu.Unlock()
	ch := make(chan struct{})
	if _, seen := a.at[id]; seen {
		close(ch)
	}
	a.wait[id] = ch
	return ch
}

func (a *arrivals) arrival(id string) time.Time {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.at[id]
}

// measure reports incidents one at a time and reports the latencies'
// percentiles.
func (s *deliveryBench) measure(b *testing.B, a *arrivals) {
	var fromReturn, fromStart []time.Duration
	b.ResetTimer()
	for range b.N {
		start := time.Now()
		// The id is known only once the call returns; wait for whatever
		// arrives for it, possibly already there.
		id := s.report(b)
		returned := time.Now()
		select {
		case <-a.expect(id):
		case <-time.After(30 * time.Second):
			b.Fatalf("incident %s never reached the receiver", id)
		}
		at := a.arrival(id)
		fromReturn = append(fromReturn, max(at.Sub(returned), 0))
		fromStart = append(fromStart, at.Sub(start))
	}
	b.StopTimer()
	b.ReportMetric(ms(percentile(fromReturn, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(fromReturn, 95)), "p95-ms")
	b.ReportMetric(ms(percentile(fromStart, 50)), "p50-from-start-ms")
	b.ReportMetric(ms(percentile(fromStart, 95)), "p95-from-start-ms")
}

func percentile(d []time.Duration, p int) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// eachDatabase runs the benchmark on SQLite and PostgreSQL; fresh makes a
// new empty database of that kind.
func eachDatabase(b *testing.B, run func(b *testing.B, fresh func(testing.TB) string)) {
	b.Run("sqlite", func(b *testing.B) { run(b, teststore.SQLiteURL) })
	b.Run("postgres", func(b *testing.B) { run(b, pgtest.Database) })
}

func BenchmarkCommitToReceiver(b *testing.B) {
	eachDatabase(b, func(b *testing.B, fresh func(testing.TB) string) {
		s := newDeliveryBench(b, fresh(b))
		a, receiver := newArrivals(b)
		if _, err := s.hub.Create(context.Background(), s.owner, webhook.NewSubscription{Callback: receiver + "/hook"}); err != nil {
			b.Fatal(err)
		}
		s.measure(b, a)
	})
}

// BenchmarkCommitToReceiverAcrossServers: the incident written through
// one server, delivered by another sharing the PostgreSQL database.
func BenchmarkCommitToReceiverAcrossServers(b *testing.B) {
	s := newDeliveryBenchApart(b, pgtest.Database(b), true)
	a, receiver := newArrivals(b)
	if _, err := s.hub.Create(context.Background(), s.owner, webhook.NewSubscription{Callback: receiver + "/hook"}); err != nil {
		b.Fatal(err)
	}
	s.measure(b, a)
}

// waiting is the backlog of the dead receiver's subscription.
const waiting = 10_000

func BenchmarkBesideDeadReceiver(b *testing.B) {
	eachDatabase(b, func(b *testing.B, fresh func(testing.TB) string) {
		for _, dead := range []bool{false, true} {
			name := "alone"
			if dead {
				name = "beside-dead"
			}
			b.Run(name, func(b *testing.B) {
				s := newDeliveryBench(b, fresh(b))
				if dead {
					// Holds every request until the delivery gives up (10 s).
					hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						io.Copy(io.Discard, r.Body) // then the server notices the client leaving
						<-r.Context().Done()
					}))
					b.Cleanup(func() {
						hang.CloseClientConnections()
						hang.Close()
					})
					if _, err := s.hub.Create(context.Background(), s.owner, webhook.NewSubscription{Callback: hang.URL}); err != nil {
						b.Fatal(err)
					}
				}
				var wg sync.WaitGroup
				for range 8 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for range waiting / 8 {
							s.report(b)
						}
					}()
				}
				wg.Wait()
				a, receiver := newArrivals(b)
				if _, err := s.hub.Create(context.Background(), s.owner, webhook.NewSubscription{Callback: receiver + "/hook"}); err != nil {
					b.Fatal(err)
				}
				s.measure(b, a)
			})
		}
	})
}

// BenchmarkFanOut: 100 subscriptions, 20 for each of 5 customers, all
// woken by every commit; one customer's incident must reach its 20
// receivers. Measured until the last of them holds it.
func BenchmarkFanOut(b *testing.B) {
	eachDatabase(b, func(b *testing.B, fresh func(testing.TB) string) {
		s := newDeliveryBench(b, fresh(b))
		ctx := context.Background()
		var mu sync.Mutex
		count := map[string]int{}
		last := map[string]chan struct{}{}
		at := map[string]time.Time{}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var ev struct {
				Event struct {
					Incident struct{ ID string } `json:"incident"`
				} `json:"event"`
			}
			json.NewDecoder(r.Body).Decode(&ev)
			id := ev.Event.Incident.ID
			mu.Lock()
			if count[id]++; count[id] == webhook.MaxPerOwner {
				at[id] = time.Now()
				if ch := last[id]; ch != nil {
					close(ch)
				}
			}
			mu.Unlock()
		}))
		b.Cleanup(srv.Close)
		admin := auth.NewAdmin(s.db, auth.Options{})
		for c := range 5 {
			owner := s.owner
			if c > 0 {
				owner = incident.Scope{CustomerID: fmt.Sprintf("other%d", c)}
				if _, err := admin.CreateCustomer(ctx, owner.CustomerID, owner.CustomerID); err != nil {
					b.Fatal(err)
				}
			}
			for range webhook.MaxPerOwner {
				if _, err := s.hub.Create(ctx, owner, webhook.NewSubscription{Callback: srv.URL}); err != nil {
					b.Fatal(err)
				}
			}
		}
		time.Sleep(2 * time.Second) // every subscription claimed
		var lat []time.Duration
		b.ResetTimer()
		for range b.N {
			id := s.report(b)
			returned := time.Now()
			mu.Lock()
			ch := make(chan struct{})
			if count[id] == webhook.MaxPerOwner {
				close(ch)
			}
			last[id] = ch
			mu.Unlock()
			select {
			case <-ch:
			case <-time.After(30 * time.Second):
				b.Fatalf("incident %s reached %d receivers", id, count[id])
			}
			mu.Lock()
			lat = append(lat, max(at[id].Sub(returned), 0))
			mu.Unlock()
		}
		b.StopTimer()
		b.ReportMetric(ms(percentile(lat, 50)), "p50-ms")
		b.ReportMetric(ms(percentile(lat, 95)), "p95-ms")
	})
}
