package storetest

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// testScopeIsolation checks that another customer's incident answers
// exactly as a missing one in every method, and never shows in a list.
func testScopeIsolation(t *testing.T, f *fixture) {
	mine := f.create(newIncident(acme, withCountry("FR")))
	theirs := f.create(newIncident(globex, withCountry("FR")))
	missing := incident.FormatID(99, start)

	for _, id := range []string{theirs.ID, missing, "not-an-id", ""} {
		_, err := f.s.GetIncident(f.ctx, acmeScope, id)
		wantNotFound(t, "get "+id, err)
		called := false
		_, err = f.s.UpdateIncident(f.ctx, acmeScope, id, func(e *incident.Edit) error {
			called = true
			return escalateEdit(e)
		})
		wantNotFound(t, "update "+id, err)
		if called {
			t.Errorf("update %q out of scope called the edit", id)
		}
		_, err = f.s.ListFreezePeriods(f.ctx, acmeScope, id)
		wantNotFound(t, "freeze periods "+id, err)
		_, err = f.s.ListHistory(f.ctx, acmeScope, id)
		wantNotFound(t, "history "+id, err)
	}
	if got := f.get(theirs.ID); got.IsEscalated || got.Version != 1 {
		t.Errorf("another customer's incident changed: %+v", got)
	}

	country := strs("location.address.country", incident.OpEq, "FR")
	for _, tc := range []struct {
		scope incident.Scope
		q     incident.Query
		want  []string
	}{
		{acmeScope, incident.Query{}, []string{mine.ID}},
		{acmeScope, incident.Query{Filters: []incident.Filter{country}}, []string{mine.ID}},
		{acmeScope, incident.Query{Filters: []incident.Filter{strs("id", incident.OpEq, theirs.ID)}}, nil},
		{acmeScope, incident.Query{Filters: []incident.Filter{strs("customer.id", incident.OpEq, globex)}}, nil},
		{globexScope, incident.Query{}, []string{theirs.ID}},
		{operator, incident.Query{}, []string{theirs.ID, mine.ID}},
		// A scope naming no customer and not an operator's sees nothing.
		{incident.Scope{}, incident.Query{}, nil},
	} {
		page, total := f.list(tc.scope, tc.q)
		if got := ids(page); len(got) != len(tc.want) || total != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
			t.Errorf("list as %+v with %d filters: %v (total %d), want %v", tc.scope, len(tc.q.Filters), got, total, tc.want)
		}
	}
	for _, scope := range []incident.Scope{acmeScope, operator} {
		if _, err := f.s.GetIncident(f.ctx, scope, mine.ID); err != nil {
			t.Errorf("get own incident as %+v: %v", scope, err)
		}
	}
}

// wantNotFound checks for code 60 with the same detail as a missing id.
func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	wantCode(t, what, err, incident.CodeNotFound)
	if err != nil && err.Error() != incident.NotFound("incident").Error() {
		t.Errorf("%s: %q, want the same answer as a missing incident", what, err)
	}
}
