package seed

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

func list(t *testing.T, store Store, scope incident.Scope, query string) ([]*incident.Incident, int) {
	t.Helper()
	values, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	role := incident.RoleCustomer
	if scope.Operator {
		role = incident.RoleOperator
	}
	q, err := contract.ParseIncidentQuery(values, role)
	if err != nil {
		t.Fatalf("query %q: %v", query, err)
	}
	page, total, err := store.ListIncidents(context.Background(), scope, q)
	if err != nil {
		t.Fatalf("query %q: %v", query, err)
	}
	return page, total
}

func TestRunLoadsCustomersAndIncidents(t *testing.T) {
	teststore.Each(t, testRunLoadsCustomersAndIncidents)
}

func testRunLoadsCustomersAndIncidents(t *testing.T, store *sqlstore.DB) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	plans := Plans(4, 3000, 5, CustomerPlan{ID: "acme", Name: "Acme Industries", Country: "FR", Incidents: 1200})
	var progress []int
	res, err := Run(ctx, store, Options{
		Plans: plans, Seed: 5, To: now, From: now.AddDate(0, 0, -20), BatchSize: 700,
		Progress: func(done, total int) {
			if total != 3000 {
				t.Errorf("progress total %d", total)
			}
			progress = append(progress, done)
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Incidents != 3000 || res.Customers != 4 || res.Rate() <= 0 {
		t.Errorf("result %+v", res)
	}
	if len(progress) != 5 || progress[4] != 3000 {
		t.Errorf("progress %v, want 5 batches ending at 3000", progress)
	}

	customers, err := store.ListCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(customers) != 4 {
		t.Fatalf("%d customers stored, want 4", len(customers))
	}
	for _, p := range plans {
		if _, total := list(t, store, incident.Scope{CustomerID: p.ID}, "limit=1"); total != p.Incidents {
			t.Errorf("customer %s sees %d incidents, want %d", p.ID, total, p.Incidents)
		}
	}

	// Ids were allocated in creation order.
	page, total := list(t, store, incident.Scope{Operator: true}, "sort=id&limit=1000")
	if total != 3000 {
		t.Fatalf("operator sees %d incidents, want 3000", total)
	}
	for i := 1; i < len(page); i++ {
		if page[i].CreatedAt.Before(page[i-1].CreatedAt) {
			t.Fatalf("%s created %s, before %s created %s", page[i].ID, page[i].CreatedAt, page[i-1].ID, page[i-1].CreatedAt)
		}
	}

	// A PENDING incident is frozen by its stored open period.
	pending, n := list(t, store, incident.Scope{Operator: true}, "status=PENDING&limit=5")
	if n == 0 {
		t.Fatal("no PENDING incident in a 20-day data set")
	}
	for _, inc := range pending {
		periods, err := store.ListFreezePeriods(ctx, incident.Scope{Operator: true}, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(periods) != 1 || periods[0].EndAt != nil || !periods[0].StartAt.Equal(inc.StatusChangedAt) {
			t.Errorf("%s: periods %+v, want one open since %s", inc.ID, periods, inc.StatusChangedAt)
		}
		if sla := inc.SLA(now); !sla.IsFrozen {
			t.Errorf("%s: PENDING but not frozen: %+v", inc.ID, sla)
		}
	}
	if _, frozen := list(t, store, incident.Scope{Operator: true}, "sla.isFrozen=true&limit=1"); frozen != n {
		t.Errorf("%d frozen incidents, %d pending", frozen, n)
	}
}

// TestRunKeepsStoredIncidentsIntact compares what the store gives back with
// what the generator made.
func TestRunKeepsStoredIncidentsIntact(t *testing.T) {
	teststore.Each(t, testRunKeepsStoredIncidentsIntact)
}

func testRunKeepsStoredIncidentsIntact(t *testing.T, store *sqlstore.DB) {
	ctx := context.Background()
	now := time.Now().UTC().Truncate(time.Millisecond)
	cfg := Config{Seed: 9, To: now, From: now.AddDate(0, -3, 0), Customers: Plans(2, 400, 9)}
	if _, err := Run(ctx, store, Options{Plans: cfg.Customers, Seed: cfg.Seed, From: cfg.From, To: cfg.To}); err != nil {
		t.Fatal(err)
	}
	want := generateAll(t, cfg)
	page, total := list(t, store, incident.Scope{Operator: true}, "sort=id&limit=1000")
	if total != len(want) {
		t.Fatalf("%d incidents stored, %d generated", total, len(want))
	}
	for i, got := range page {
		w := want[i].inc
		if got.Customer != w.Customer || got.Description != w.Description || got.Priority != w.Priority ||
			got.Status != w.Status || !got.CreatedAt.Equal(w.CreatedAt) || !got.StatusChangedAt.Equal(w.StatusChangedAt) ||
			*got.Service != *w.Service || (w.Location != nil && *got.Location.Address != *w.Location.Address) ||
			!sameClock(got.Clock, w.Clock) || got.CustomerReference != w.CustomerReference {
			t.Fatalf("incident %d stored as\n%+v\ngenerated as\n%+v", i, got, w)
		}
	}
}

func TestRunCustomersDefaults(t *testing.T) {
	store := teststore.Open(t, teststore.SQLiteURL(t))
	res, err := Run(context.Background(), store, Options{Customers: 3, Incidents: 500, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if res.Customers != 3 || res.Incidents != 500 {
		t.Errorf("result %+v", res)
	}
	// A second run reuses the customers and adds incidents.
	if _, err := Run(context.Background(), store, Options{Customers: 3, Incidents: 500, Seed: 2}); err != nil {
		t.Fatal(err)
	}
	if customers, _ := store.ListCustomers(context.Background()); len(customers) != 3 {
		t.Errorf("%d customers after two runs, want 3", len(customers))
	}
	if _, total := list(t, store, incident.Scope{Operator: true}, "limit=1"); total != 1000 {
		t.Errorf("%d incidents after two runs, want 1000", total)
	}
}
