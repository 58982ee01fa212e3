package incident_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// The domain decides each operation's events; memStore completes them as a
// store does.
func TestManagerDecidesEvents(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	c := callerOf(incident.RoleOperator)
	c.RequestID = "req-1"
	inc, _, err := create(ctx, m, c, `{"customer":{"id":"acme"},"description":"Alarm","impact":"S3","urgency":"U3"}`, "")
	if err != nil {
		t.Fatal(err)
	}
	pending, resolved := incident.StatusPending, incident.StatusResolved
	urgency := incident.UrgencyU1
	if _, _, err := m.Update(ctx, c, inc.ID, incident.Patch{Status: &pending, Urgency: &urgency}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	store.now = store.now.Add(time.Hour)
	code := incident.ResolutionCode("FIXED")
	if _, _, err := m.Update(ctx, c, inc.ID, incident.Patch{Status: &resolved, Resolution: &incident.ResolutionPatch{Code: &code}}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	// A patch that changes nothing has no event.
	if _, _, err := m.Update(ctx, c, inc.ID, incident.Patch{Status: &resolved}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	var got []incident.EventType
	for _, e := range store.events {
		got = append(got, e.Type)
		if e.CorrelationID != "req-1" || e.IncidentID != inc.ID || e.CustomerID != "acme" {
			t.Errorf("%s: correlation %q, incident %s of %s", e.Type, e.CorrelationID, e.IncidentID, e.CustomerID)
		}
	}
	want := []incident.EventType{incident.EventCreate,
		incident.EventAttributeChange, incident.EventStatusChange, incident.EventFreezePeriodChange,
		incident.EventAttributeChange, incident.EventStatusChange, incident.EventResolved, incident.EventFreezePeriodChange}
	if !slices.Equal(got, want) {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	if f := store.events[1].ChangedFields; !slices.Equal(f, []string{"urgency", "priority"}) {
		t.Errorf("changed fields %v", f)
	}
	if p := store.events[3].FreezePeriod; p == nil || p.ID == 0 || p.EndAt != nil {
		t.Errorf("opened period %+v", p)
	}
	if p := store.events[7].FreezePeriod; p == nil || p.EndAt == nil || !p.EndAt.Equal(store.now) {
		t.Errorf("closed period %+v", p)
	}
}

func TestEventFilterMatches(t *testing.T) {
	acme := incident.Scope{CustomerID: "acme"}
	operator := incident.Scope{Operator: true}
	p1 := &incident.Incident{Priority: incident.PriorityP1}
	note := incident.Event{Type: incident.EventNoteCreate, CustomerID: "acme", Incident: p1}
	internal := note
	internal.Internal = true
	other := note
	other.CustomerID = "globex"
	onlyP1 := func(inc *incident.Incident, _ time.Time) bool { return inc.Priority == incident.PriorityP1 }
	for _, tc := range []struct {
		f     incident.EventFilter
		e     incident.Event
		scope incident.Scope
		want  bool
	}{
		{incident.EventFilter{}, note, acme, true},
		{incident.EventFilter{}, internal, acme, false},
		{incident.EventFilter{}, internal, operator, true},
		{incident.EventFilter{}, other, acme, false},
		{incident.EventFilter{}, other, operator, true},
		{incident.EventFilter{Types: []incident.EventType{incident.EventCreate}}, note, operator, false},
		{incident.EventFilter{Types: []incident.EventType{incident.EventCreate, incident.EventNoteCreate}}, note, acme, true},
		{incident.EventFilter{Incident: onlyP1}, note, acme, true},
		{incident.EventFilter{Incident: func(*incident.Incident, time.Time) bool { return false }}, note, operator, false},
	} {
		if got := tc.f.Matches(&tc.e, tc.scope); got != tc.want {
			t.Errorf("types %v, event %s of %s (internal %v), scope %+v: %v", tc.f.Types, tc.e.Type, tc.e.CustomerID, tc.e.Internal, tc.scope, got)
		}
	}
}
