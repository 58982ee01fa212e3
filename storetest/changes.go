package storetest

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// testChangeMarker checks the scopes' change markers: a customer's moves
// with every creation, update and import of its incidents and with nothing
// else, an operator's with every customer's; an update that records
// nothing moves none.
func testChangeMarker(t *testing.T, f *fixture) {
	marker := func(scope incident.Scope) int64 {
		t.Helper()
		m, err := f.s.ChangeMarker(f.ctx, scope)
		if err != nil {
			t.Fatalf("marker of %+v: %v", scope, err)
		}
		return m
	}
	acme0, globex0, all0 := marker(acmeScope), marker(globexScope), marker(operator)
	inc := f.create(newIncident(acme))
	acme1, globex1, all1 := marker(acmeScope), marker(globexScope), marker(operator)
	if acme1 == acme0 || globex1 != globex0 || all1 == all0 {
		t.Errorf("after acme's creation: acme %d→%d, globex %d→%d, all %d→%d", acme0, acme1, globex0, globex1, all0, all1)
	}
	f.update(operator, inc.ID, func(*incident.Edit) error { return nil })
	if m := marker(acmeScope); m != acme1 {
		t.Errorf("an update that records nothing moved the marker: %d→%d", acme1, m)
	}
	f.update(operator, inc.ID, resolveEdit(incident.ResolutionFixed, "done"))
	acme2 := marker(acmeScope)
	if acme2 == acme1 || marker(globexScope) != globex1 {
		t.Errorf("after an update of acme's: acme %d→%d, globex %d→%d", acme1, acme2, globex1, marker(globexScope))
	}
	if err := f.s.ImportIncidents(f.ctx, []*incident.Incident{newIncident(globex), newIncident(globex)}); err != nil {
		t.Fatal(err)
	}
	if marker(globexScope) == globex1 || marker(acmeScope) != acme2 {
		t.Errorf("after globex's import: globex %d→%d, acme %d→%d", globex1, marker(globexScope), acme2, marker(acmeScope))
	}
}
