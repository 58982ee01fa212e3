package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

// The cost of the outbox, measured in one run on a fresh database of each
// backend (the worst case for the ratio: the smaller the tables, the
// cheaper the write without its event):
//
//	go test ./sqlstore -run '^$' -bench EventWrite -benchtime 2000x
//	INCIDENTD_TEST_POSTGRES=postgres://… go test ./sqlstore -run '^$' -bench EventWrite -benchtime 2000x
//
// Writes with and without their event alternate, so that both see the same
// database, cache and machine load; each reports its median.

// eachBenchBackend runs a benchmark on SQLite and on PostgreSQL (when
// INCIDENTD_TEST_POSTGRES names a server); url gives a fresh database.
func eachBenchBackend(b *testing.B, run func(b *testing.B, url func(testing.TB) string)) {
	b.Run("sqlite", func(b *testing.B) { run(b, teststore.SQLiteURL) })
	b.Run("postgres", func(b *testing.B) { run(b, pgtest.Database) })
}

func benchStore(b *testing.B, url string) *sqlstore.DB {
	db := teststore.Open(b, url)
	if _, err := auth.NewAdmin(db, auth.Options{}).CreateCustomer(context.Background(), "acme", "Acme"); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchIncident(n int) *incident.Incident {
	inc := &incident.Incident{Customer: incident.CustomerRef{ID: "acme"}, Status: incident.StatusNew,
		Impact: incident.ImpactS2, Urgency: incident.UrgencyU2, ServiceCondition: incident.ConditionDegraded,
		Description: fmt.Sprintf("Line %d unavailable since 08:00", n), Origin: incident.OriginReactive, Type: incident.TypeFailure}
	incident.DefaultMatrix().Classify(inc)
	return inc
}

// pairs runs op b.N times with its event and b.N times without,
// alternating, and reports both medians and the overhead.
func pairs(b *testing.B, op func(i int, withEvent bool) error) {
	with, without := make([]time.Duration, 0, b.N), make([]time.Duration, 0, b.N)
	for i := range 20 { // warm-up
		if err := op(-1-i, i%2 == 0); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, ev := range []bool{i%2 == 0, i%2 != 0} {
			start := time.Now()
			if err := op(i, ev); err != nil {
				b.Fatal(err)
			}
			if ev {
				with = append(with, time.Since(start))
			} else {
				without = append(without, time.Since(start))
			}
		}
	}
	b.StopTimer()
	p50with, p50without := median(with), median(without)
	b.ReportMetric(ms(p50without), "p50-ms-without")
	b.ReportMetric(ms(p50with), "p50-ms-with")
	b.ReportMetric(100*(float64(p50with)/float64(p50without)-1), "overhead-%")
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}

func percentile(d []time.Duration, q float64) time.Duration {
	slices.Sort(d)
	return d[min(int(q*float64(len(d))), len(d)-1)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func BenchmarkEventWrite(b *testing.B) {
	ctx := context.Background()
	actor := incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}
	eachBenchBackend(b, func(b *testing.B, url func(testing.TB) string) {
		b.Run("create", func(b *testing.B) {
			db := benchStore(b, url(b))
			pairs(b, func(i int, withEvent bool) error {
				var events []incident.Event
				if withEvent {
					events = []incident.Event{{Type: incident.EventCreate, CorrelationID: "bench"}}
				}
				_, _, err := db.CreateIncident(ctx, benchIncident(i), actor, nil, events)
				return err
			})
		})
		b.Run("update", func(b *testing.B) {
			db := benchStore(b, url(b))
			var ids []string
			for i := range 100 {
				inc, _, err := db.CreateIncident(ctx, benchIncident(i), actor, nil, nil)
				if err != nil {
					b.Fatal(err)
				}
				ids = append(ids, inc.ID)
			}
			pairs(b, func(i int, withEvent bool) error {
				id := ids[(i+len(ids)*4)%len(ids)]
				_, err := db.UpdateIncident(ctx, incident.Scope{CustomerID: "acme"}, id, func(e *incident.Edit) error {
					from := e.Incident.Description
					e.Incident.Description = fmt.Sprintf("change %d %v", i, withEvent)
					e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: actor, Field: "description", From: &from, To: &e.Incident.Description})
					if withEvent {
						e.Events = append(e.Events, incident.Event{Type: incident.EventAttributeChange, ChangedFields: []string{"description"}, CorrelationID: "bench"})
					}
					return nil
				})
				return err
			})
		})
	})
}

// BenchmarkEventWriteConcurrent measures what the commit-time counter row
// costs writers that would otherwise not wait for each other: 8 writers
// update incidents of their own at once, in rounds alternating with and
// without events; it reports the median round's updates per second.
//
//	INCIDENTD_TEST_POSTGRES=postgres://… go test ./sqlstore -run '^$' -bench EventWriteConcurrent -benchtime 40x
func BenchmarkEventWriteConcurrent(b *testing.B) {
	ctx := context.Background()
	actor := incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}
	const writers, perRound = 8, 25
	eachBenchBackend(b, func(b *testing.B, url func(testing.TB) string) {
		db := benchStore(b, url(b))
		// Each writer's incident is of a customer of its own: no other row
		// (the customer's change marker, its counters) makes them wait for
		// each other.
		var ids []string
		for i := range writers {
			customer := fmt.Sprintf("customer-%d", i)
			if _, err := auth.NewAdmin(db, auth.Options{}).CreateCustomer(ctx, customer, customer); err != nil {
				b.Fatal(err)
			}
			inc := benchIncident(i)
			inc.Customer.ID = customer
			created, _, err := db.CreateIncident(ctx, inc, actor, nil, nil)
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, created.ID)
		}
		round := func(withEvent bool) time.Duration {
			start := time.Now()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Go(func() {
					for i := range perRound {
						_, err := db.UpdateIncident(ctx, incident.Scope{Operator: true}, ids[w], func(e *incident.Edit) error {
							from := e.Incident.Description
							e.Incident.Description = fmt.Sprintf("round change %d %v", i, withEvent)
							e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: actor, Field: "description", From: &from, To: &e.Incident.Description})
							if withEvent {
								e.Events = append(e.Events, incident.Event{Type: incident.EventAttributeChange, ChangedFields: []string{"description"}})
							}
							return nil
						})
						if err != nil {
							b.Error(err)
							return
						}
					}
				})
			}
			wg.Wait()
			return time.Since(start)
		}
		var with, without []time.Duration
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			ev := i%2 == 0
			d := round(ev)
			if ev {
				with = append(with, d)
			} else {
				without = append(without, d)
			}
		}
		b.StopTimer()
		if len(with) == 0 || len(without) == 0 {
			return
		}
		rate := func(d time.Duration) float64 { return writers * perRound / d.Seconds() }
		b.ReportMetric(rate(median(without)), "updates/s-without")
		b.ReportMetric(rate(median(with)), "updates/s-with")
		b.ReportMetric(100*(float64(median(with))/float64(median(without))-1), "overhead-%")
	})
}

// BenchmarkEventLatency measures how soon a reader waiting for events reads
// one after its commit returned: through the signal of the same process,
// and through another handle on the database (another server: its poller).
//
//	go test ./sqlstore -run '^$' -bench EventLatency -benchtime 200x
func BenchmarkEventLatency(b *testing.B) {
	ctx := context.Background()
	actor := incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}
	eachBenchBackend(b, func(b *testing.B, url func(testing.TB) string) {
		u := url(b)
		writer := benchStore(b, u)
		other, err := sqlstore.Open(ctx, u, sqlstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { other.Close() })
		for _, reader := range []struct {
			name string
			db   *sqlstore.DB
		}{{"same-server", writer}, {"other-server", other}} {
			b.Run(reader.name, func(b *testing.B) {
				_, cursor, err := reader.db.Events(ctx, incident.Scope{Operator: true}, "", 1_000_000)
				if err != nil {
					b.Fatal(err)
				}
				lat := make([]time.Duration, 0, b.N)
				for i := 0; i < b.N; i++ {
					got := make(chan time.Time, 1)
					go func() {
						for {
							changed := reader.db.EventsChanged()
							page, next, err := reader.db.Events(ctx, incident.Scope{Operator: true}, cursor, 10)
							if err != nil {
								b.Error(err)
								got <- time.Now()
								return
							}
							if len(page) > 0 {
								cursor = next
								got <- time.Now()
								return
							}
							<-changed
						}
					}()
					// The reader waits; the commit falls anywhere in the
					// poller's period.
					time.Sleep(5*time.Millisecond + rand.N(30*time.Millisecond))
					_, _, err := writer.CreateIncident(ctx, benchIncident(i), actor, nil, []incident.Event{{Type: incident.EventCreate}})
					committed := time.Now()
					if err != nil {
						b.Fatal(err)
					}
					lat = append(lat, max((<-got).Sub(committed), 0))
				}
				b.ReportMetric(ms(percentile(lat, 0.5)), "p50-ms")
				b.ReportMetric(ms(percentile(lat, 0.95)), "p95-ms")
			})
		}
	})
}
