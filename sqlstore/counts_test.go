package sqlstore

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/seed"
)

// TestCountersEqualRecount runs writes of every kind on both databases,
// concurrent ones included, and compares incident_counts with the counts
// recomputed from the incidents by migration 0005's own statement (the one
// that fills the table on a database that already holds incidents).
func TestCountersEqualRecount(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		testCountersEqualRecount(t, "sqlite:"+filepath.Join(t.TempDir(), "counts.db"))
	})
	t.Run("postgres", func(t *testing.T) { testCountersEqualRecount(t, pgtest.Database(t)) })
}

func testCountersEqualRecount(t *testing.T, url string) {
	ctx := context.Background()
	db, err := Open(ctx, url, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	plans := seed.Plans(3, 300, 7)
	if _, err := seed.Run(ctx, db, seed.Options{Plans: plans, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	checkRecount(t, db, "after a seed")

	gen, err := seed.NewGenerator(seed.Config{Seed: 8, Customers: plans})
	if err != nil {
		t.Fatal(err)
	}
	actor := incident.Actor{Type: incident.ActorProvider, Name: "test"}
	for range 40 {
		inc, _ := gen.Next()
		if _, _, err := db.CreateIncident(ctx, inc, actor, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	checkRecount(t, db, "after creations")

	page, _, err := db.ListIncidents(ctx, incident.Scope{Operator: true}, incident.Query{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	for w := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			for range 25 {
				id := page[r.IntN(len(page))].ID
				_, err := db.UpdateIncident(ctx, incident.Scope{Operator: true}, id, randomEdit(r))
				if err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent update: %v", err)
	}
	checkRecount(t, db, "after concurrent updates")
}

// randomEdit changes what the counters count: status, priority, country,
// resolution time, detection time, frozen seconds.
func randomEdit(r *rand.Rand) func(*incident.Edit) error {
	return func(e *incident.Edit) error {
		inc := e.Incident
		inc.Status = incident.Status(incident.Statuses[r.IntN(len(incident.Statuses))])
		inc.Priority = incident.Priority(incident.Priorities[r.IntN(len(incident.Priorities))])
		switch r.IntN(3) {
		case 0:
			inc.Location = nil
		case 1:
			inc.Location = &incident.Location{ID: "L", Name: "Site", Address: &incident.Address{Country: []string{"FR", "DE", "IT"}[r.IntN(3)]}}
		}
		if r.IntN(2) == 0 {
			at := e.Now.Add(-time.Duration(r.IntN(100_000)) * time.Second)
			inc.ResolvedAt = &at
		} else {
			inc.ResolvedAt = nil
		}
		if r.IntN(3) == 0 {
			at := inc.CreatedAt.Add(-time.Duration(r.IntN(3600)) * time.Second)
			inc.DetectedAt = &at
		}
		inc.Clock.FrozenSeconds = int64(r.IntN(5000))
		e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: incident.Actor{Type: incident.ActorProvider, Name: "test"}, Field: "status"})
		return nil
	}
}

// checkRecount compares the counters with the counts of migration 0005's
// statement, run in a transaction rolled back afterwards.
func checkRecount(t *testing.T, db *DB, when string) {
	t.Helper()
	ctx := context.Background()
	kept := readCounters(t, db.w, when)
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM incident_counts"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, backfillStatement(t, db.d.name())); err != nil {
		t.Fatal(err)
	}
	recounted := readCounters(t, tx, when)
	if !slices.Equal(kept, recounted) {
		t.Fatalf("%s: the counters differ from a recount\nkept      %v\nrecounted %v", when, kept, recounted)
	}
	if len(kept) == 0 {
		t.Fatalf("%s: no counter", when)
	}
}

// readCounters lists the counters that count something; a row left at
// zero incidents must count nothing else either.
func readCounters(t *testing.T, q querier, when string) []string {
	t.Helper()
	rows, err := q.QueryContext(context.Background(), "SELECT customer_id, status, priority, address_country, incidents, resolved, restore_seconds"+
		" FROM incident_counts ORDER BY customer_id, status, priority, address_country")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k countKey
		var d countDelta
		if err := rows.Scan(&k.customer, &k.status, &k.priority, &k.country, &d.incidents, &d.resolved, &d.restoreSeconds); err != nil {
			t.Fatal(err)
		}
		switch {
		case d.incidents < 0 || d.resolved < 0 || d.restoreSeconds < 0:
			t.Errorf("%s: negative counter %v %v", when, k, d)
		case d.incidents == 0 && d != (countDelta{}):
			t.Errorf("%s: a counter of no incident counts %v", when, d)
		case d.incidents > 0:
			out = append(out, fmt.Sprint(k, d))
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// backfillStatement is the INSERT of migration 0005 of the dialect.
func backfillStatement(t *testing.T, dialect string) string {
	t.Helper()
	all, err := migrations(dialect)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range all {
		if m.version != 5 {
			continue
		}
		for _, stmt := range strings.Split(m.sql, ";") {
			if i := strings.Index(stmt, "INSERT INTO incident_counts"); i >= 0 {
				return stmt[i:]
			}
		}
	}
	t.Fatal("no INSERT INTO incident_counts in migration 0005")
	return ""
}

// TestCountersServe tells which aggregations the counters answer and which
// count the incidents themselves.
func TestCountersServe(t *testing.T) {
	for _, c := range []struct {
		query string
		role  incident.Role
		want  bool
	}{
		{"groupBy=status,priority", incident.RoleCustomer, true},
		{"groupBy=status,priority&metrics=count,mttr", incident.RoleCustomer, true},
		{"groupBy=location.address.country&status.ne=CLOSED", incident.RoleCustomer, true},
		{"metrics=mttr&priority=P1,P2", incident.RoleCustomer, true},
		{"groupBy=customer.id,status", incident.RoleOperator, true},
		{"groupBy=status&customer.id=acme", incident.RoleOperator, true},
		{"groupBy=status,priority&metrics=count,mttr,breached", incident.RoleCustomer, false},
		{"groupBy=sla.isBreached", incident.RoleCustomer, false},
		{"groupBy=status&sla.isBreached=true", incident.RoleCustomer, false},
		{"groupBy=impact", incident.RoleCustomer, false},
		{"groupBy=status&location.address.city=Paris", incident.RoleCustomer, false},
		{"groupBy=createdAt:month", incident.RoleCustomer, false},
	} {
		a := parseAggregationQuery(t, c.query, c.role)
		b, err := countsAggregateSQL(sqliteDialect{}, incident.Scope{CustomerID: "acme"}, a)
		if err != nil {
			t.Fatalf("%s: %v", c.query, err)
		}
		if got := b != nil; got != c.want {
			t.Errorf("%s: answered by the counters %v, want %v", c.query, got, c.want)
		}
	}
}

func parseAggregationQuery(t *testing.T, query string, role incident.Role) incident.Aggregation {
	t.Helper()
	params, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	a, err := contract.ParseIncidentAggregation(params, role)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	a.Now = time.Now()
	return a
}
