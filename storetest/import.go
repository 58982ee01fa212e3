package storetest

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

func testImport(t *testing.T, f *fixture) {
	created := f.create(newIncident(acme))
	const n = 2500
	incs := make([]*incident.Incident, n)
	base := start.AddDate(0, -2, 0)
	for i := range incs {
		customer := acme
		if i%3 == 0 {
			customer = globex
		}
		at := base.Add(time.Duration(i) * time.Minute)
		inc := newIncident(customer, withCountry([]string{"FR", "DE"}[i%2]))
		inc.CreatedAt, inc.UpdatedAt, inc.StatusChangedAt = at, at, at
		inc.Clock = incident.ComputeClock(at, nil, inc.Clock.TargetSeconds, nil)
		if i%10 == 0 {
			resolved := at.Add(time.Hour)
			inc.Status, inc.ResolvedAt = incident.StatusResolved, &resolved
			inc.Resolution = &incident.Resolution{Code: incident.ResolutionFixed, Text: "ok"}
			inc.Clock = incident.ComputeClock(at, &resolved, inc.Clock.TargetSeconds, nil)
		}
		incs[i] = inc
	}
	if err := f.s.ImportIncidents(f.ctx, incs); err != nil {
		t.Fatal(err)
	}
	for i, inc := range incs {
		if inc.Seq != created.Seq+1+int64(i) || inc.ID != incident.FormatID(inc.Seq, inc.CreatedAt) || inc.Version != 1 {
			t.Fatalf("imported %d: seq %d id %s version %d", i, inc.Seq, inc.ID, inc.Version)
		}
	}
	for _, i := range []int{0, 1, 10, n - 1} {
		want := *incs[i]
		want.Customer.Name = map[string]string{acme: "Acme Industries", globex: "Globex"}[want.Customer.ID]
		sameIncident(t, "imported incident", &want, f.get(incs[i].ID))
	}
	_, total := f.list(operator, incident.Query{})
	if total != n+1 {
		t.Errorf("%d incidents after import, want %d", total, n+1)
	}
	wantFR := 0
	for _, inc := range incs {
		if inc.Customer.ID == globex && inc.Location.Address.Country == "FR" {
			wantFR++
		}
	}
	_, total = f.list(globexScope, incident.Query{Filters: []incident.Filter{strs("location.address.country", incident.OpEq, "FR")}})
	if total != wantFR {
		t.Errorf("globex FR incidents: %d, want %d", total, wantFR)
	}
	if next := f.create(newIncident(acme)); next.Seq != created.Seq+n+1 {
		t.Errorf("creation after import: seq %d, want %d", next.Seq, created.Seq+n+1)
	}
	if err := f.s.ImportIncidents(f.ctx, nil); err != nil {
		t.Errorf("empty import: %v", err)
	}
	err := f.s.ImportIncidents(f.ctx, []*incident.Incident{newIncident("nobody")})
	if err == nil {
		t.Errorf("import for an unknown customer succeeded")
	}
}
