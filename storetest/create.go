package storetest

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

func testCreateAndGet(t *testing.T, f *fixture) {
	detected := start.Add(-30 * time.Minute)
	inc := newIncident(acme, withImpact(incident.ImpactS1, incident.UrgencyU1), withCountry("FR"), func(inc *incident.Incident) {
		inc.Origin = incident.OriginProactive
		inc.Status = incident.StatusValidated
		inc.CustomerReference = "ACME-4711"
		inc.Service = &incident.Service{ID: "SVC-001", Name: "Internet access 1 Gb/s"}
		inc.Contact = &incident.Contact{Name: "Jane Doe", Email: "jane@acme.example", Phone: "+33 1 23 45 67 89"}
		inc.DetectedAt = &detected
		inc.Description = "Ligne coupée — « accès » indisponible"
	})
	created := f.create(inc)

	if created.Seq != 1 || created.ID != incident.FormatID(1, start) {
		t.Errorf("first incident: seq %d id %q, want 1 and %q", created.Seq, created.ID, incident.FormatID(1, start))
	}
	if !created.CreatedAt.Equal(start) || !created.UpdatedAt.Equal(start) || !created.StatusChangedAt.Equal(start) || created.Version != 1 {
		t.Errorf("stamps: created %v updated %v status changed %v version %d, want %v and version 1",
			created.CreatedAt, created.UpdatedAt, created.StatusChangedAt, created.Version, start)
	}
	if created.Customer.Name != "Acme Industries" {
		t.Errorf("customer name %q, want Acme Industries", created.Customer.Name)
	}
	wantDeadline := detected.Add(4 * time.Hour)
	if !created.Clock.Deadline.Equal(wantDeadline) {
		t.Errorf("deadline %v, want %v (detection + P1 target)", created.Clock.Deadline, wantDeadline)
	}
	for _, scope := range []incident.Scope{acmeScope, operator} {
		got, err := f.s.GetIncident(f.ctx, scope, created.ID)
		if err != nil {
			t.Fatalf("get as %+v: %v", scope, err)
		}
		sameIncident(t, "stored incident", created, got)
	}

	second := f.create(newIncident(globex))
	if second.Seq != 2 || second.ID != incident.FormatID(2, start) {
		t.Errorf("second incident: seq %d id %q, want 2", second.Seq, second.ID)
	}
	history, err := f.s.ListHistory(f.ctx, acmeScope, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1 || history[0].Field != "status" || history[0].To == nil || *history[0].To != "VALIDATED" ||
		history[0].From != nil || history[0].Actor != customerActor || !history[0].At.Equal(start) {
		t.Errorf("history after creation: %+v, want one status entry to VALIDATED", history)
	}
}

// testCreateAbsentObjects checks that absent and empty nested objects stay
// what they were.
func testCreateAbsentObjects(t *testing.T, f *fixture) {
	cases := []func(*incident.Incident){
		func(*incident.Incident) {},
		func(inc *incident.Incident) { inc.Location = &incident.Location{ID: "L1", Name: "No address"} },
		func(inc *incident.Incident) {
			inc.Location = &incident.Location{Address: &incident.Address{}}
			inc.Service = &incident.Service{}
			inc.Contact = &incident.Contact{}
		},
	}
	for i, c := range cases {
		created := f.create(newIncident(acme, c))
		sameIncident(t, "case "+string(rune('0'+i)), created, f.get(created.ID))
	}
}

func testCreateErrors(t *testing.T, f *fixture) {
	_, _, err := f.s.CreateIncident(f.ctx, newIncident("nobody"), providerActor, nil, nil)
	wantCode(t, "unknown customer", err, incident.CodeInvalidBodyField)

	future := start.Add(time.Minute)
	_, _, err = f.s.CreateIncident(f.ctx, newIncident(acme, func(inc *incident.Incident) { inc.DetectedAt = &future }), providerActor, nil, nil)
	wantCode(t, "detected after creation", err, incident.CodeInvalidBodyField)

	// Failed creations used no sequence number.
	if inc := f.create(newIncident(acme)); inc.Seq != 1 {
		t.Errorf("first stored incident after failures: seq %d, want 1", inc.Seq)
	}
	_, total := f.list(operator, incident.Query{})
	if total != 1 {
		t.Errorf("%d incidents stored, want 1", total)
	}
}

// testOneInstantPerTransaction uses a clock that moves at every reading:
// every time written by one creation must still be the same.
func testOneInstantPerTransaction(t *testing.T, f *fixture) {
	f.s.SetNow(func() time.Time { return f.advance(time.Millisecond) })
	created := f.create(newIncident(acme))
	got := f.get(created.ID)
	history, err := f.s.ListHistory(f.ctx, operator, created.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(got.UpdatedAt) || !got.CreatedAt.Equal(got.StatusChangedAt) || !history[0].At.Equal(got.CreatedAt) {
		t.Errorf("times of one creation differ: created %v updated %v status %v history %v",
			got.CreatedAt, got.UpdatedAt, got.StatusChangedAt, history[0].At)
	}
	updated := f.update(operator, created.ID, func(e *incident.Edit) error {
		if !e.Now.After(got.CreatedAt) {
			t.Errorf("edit time %v not after creation %v", e.Now, got.CreatedAt)
		}
		e.Incident.IsEscalated, e.Incident.EscalatedAt = true, &e.Now
		e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: customerActor, Field: "isEscalated", From: ptr("false"), To: ptr("true")})
		return nil
	})
	if !updated.UpdatedAt.Equal(*updated.EscalatedAt) {
		t.Errorf("update stamped %v, edit saw %v", updated.UpdatedAt, *updated.EscalatedAt)
	}
}
