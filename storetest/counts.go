package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// testCountsFollowWrites checks the exact counts after each kind of write:
// an import, creations, updates that change the status, the priority, the
// country and the resolution (and undo it), writers running concurrently,
// and an update that fails. The counts are those the dashboards and the
// listings ask for: aggregations by status, priority, country and customer
// with the mean time to restore, and list totals filtered by those
// attributes. A store may keep such counts ahead of the queries (sqlstore
// does, in the writing transaction); they must stay those of the incidents.
func testCountsFollowWrites(t *testing.T, f *fixture) {
	seedIncidents(t, f, 60, 40)
	checkCounts(t, f, "after an import")

	var created []*incident.Incident
	for i := range 12 {
		country := []string{"FR", "DE", "BE"}[i%3]
		impact := []incident.Impact{incident.ImpactS1, incident.ImpactS2, incident.ImpactS3}[i%3]
		inc := newIncident([]string{acme, globex}[i%2], withCountry(country), withImpact(impact, incident.UrgencyU2))
		if i%4 == 3 {
			inc.Location = nil
		}
		created = append(created, f.create(inc))
		f.advance(time.Minute)
	}
	checkCounts(t, f, "after creations")

	f.update(operator, created[0].ID, statusEdit(incident.StatusInProgress))
	f.update(operator, created[1].ID, priorityEdit(incident.ImpactS1))
	f.update(operator, created[2].ID, countryEdit("IT"))
	f.update(operator, created[3].ID, countryEdit("FR")) // had no location
	f.update(operator, created[4].ID, pendingEdit)
	f.advance(3 * time.Hour)
	f.update(operator, created[4].ID, resolveEdit(incident.ResolutionFixed, "replaced"))
	f.update(operator, created[5].ID, resolveEdit(incident.ResolutionFixed, "restarted"))
	f.advance(time.Hour)
	f.update(operator, created[5].ID, statusEdit(incident.StatusClosed))
	f.update(operator, created[6].ID, resolveEdit(incident.ResolutionFixed, "restarted"))
	f.update(operator, created[6].ID, statusEdit(incident.StatusInProgress)) // reopened
	checkCounts(t, f, "after updates")

	// An update that fails writes nothing, counts included.
	_, err := f.s.UpdateIncident(f.ctx, operator, created[7].ID, func(e *incident.Edit) error {
		setStatus(e, incident.StatusCancelled)
		return incident.Errorf(incident.CodeInvalidBodyField, incident.MsgUnknownCustomer, "x")
	})
	if err == nil {
		t.Fatal("an edit that fails: no error")
	}
	checkCounts(t, f, "after a failed update")

	// Concurrent writers: creations, and updates moving incidents between
	// the same counts in opposite directions.
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
	)
	record := func(err error) {
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	}
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 4 {
				_, _, err := f.s.CreateIncident(f.ctx, newIncident(acme, withCountry("FR")), customerActor, nil, nil)
				record(err)
				target := created[(w+i)%len(created)]
				to := []incident.Status{incident.StatusValidated, incident.StatusNew}[(w+i)%2]
				_, err = f.s.UpdateIncident(f.ctx, operator, target.ID, statusEdit(to))
				record(err)
				_, err = f.s.UpdateIncident(f.ctx, operator, target.ID, priorityEdit([]incident.Impact{incident.ImpactS1, incident.ImpactS4}[w%2]))
				record(err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		t.Errorf("concurrent writer: %v", err)
	}
	checkCounts(t, f, "after concurrent writers")
}

// priorityEdit changes the impact, and so the priority.
func priorityEdit(impact incident.Impact) func(*incident.Edit) error {
	return func(e *incident.Edit) error {
		from := string(e.Incident.Priority)
		e.Incident.Impact = impact
		matrix.Classify(e.Incident)
		recompute(e)
		e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: providerActor, Field: "priority", From: &from, To: ptr(string(e.Incident.Priority))})
		return nil
	}
}

// countryEdit moves the incident to a site of another country.
func countryEdit(country string) func(*incident.Edit) error {
	return func(e *incident.Edit) error {
		withCountry(country)(e.Incident)
		e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: providerActor, Field: "location", To: ptr(country)})
		return nil
	}
}

// checkCounts compares the store's counts with those of its incidents,
// read whole.
func checkCounts(t *testing.T, f *fixture, when string) {
	t.Helper()
	var all []*incident.Incident
	for {
		page, total := f.list(operator, incident.Query{Sort: []incident.SortKey{{Attr: attr("id")}}, Offset: len(all), Limit: contract.MaxLimit})
		all = append(all, page...)
		if len(page) == 0 || len(all) >= total {
			break
		}
	}
	now := f.clock()
	aggregations := []struct{ groupBy, metrics string }{
		{"status,priority", "count,mttr"},
		{"priority", ""},
		{"location.address.country,priority", "mttr"},
		{"", "count,mttr"},
		{"customer.id,status", ""},
	}
	filters := [][]incident.Filter{
		nil,
		{strs("status", incident.OpEq, "NEW")},
		{strs("status", incident.OpNe, "CLOSED", "CANCELLED")},
		{strs("priority", incident.OpLte, "P2")},
		{strs("location.address.country", incident.OpEq, "FR"), strs("priority", incident.OpEq, "P1")},
		{strs("location.address.country", incident.OpNe, "FR")},
		{strs("customer.id", incident.OpEq, globex)},
	}
	for _, scope := range []incident.Scope{acmeScope, globexScope, operator} {
		for _, c := range aggregations {
			if c.groupBy == "customer.id,status" && !scope.Operator {
				continue
			}
			a := parseAggregation(t, c.groupBy, c.metrics)
			a.Now = now
			got, err := f.s.AggregateIncidents(f.ctx, scope, a)
			if err != nil {
				t.Fatalf("%s: groupBy=%s: %v", when, c.groupBy, err)
			}
			if g, w := formatGroups(got, a), formatGroups(referenceGroups(all, scope, a), a); g != w {
				t.Errorf("%s, groupBy=%s metrics=%s as %s:\n got %s\nwant %s", when, c.groupBy, c.metrics, describe(nil, scope), g, w)
			}
		}
		for _, fs := range filters {
			if len(fs) == 1 && fs[0].Attr.Name == "customer.id" && !scope.Operator {
				continue
			}
			_, total := f.list(scope, incident.Query{Filters: fs, Limit: 1, Now: now})
			want := 0
			for _, inc := range all {
				if (scope.Operator || inc.Customer.ID == scope.CustomerID) && matchesAll(inc, fs, now) {
					want++
				}
			}
			if total != want {
				t.Errorf("%s, %s: total %d, want %d", when, describe(fs, scope), total, want)
			}
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

func matchesAll(inc *incident.Incident, filters []incident.Filter, now time.Time) bool {
	for _, fl := range filters {
		if !matches(inc, fl, now) {
			return false
		}
	}
	return true
}
