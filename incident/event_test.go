package incident_test

import (
	"context"
	"slices"
	"strconv"
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

// memEvents is an in-memory EventStore over a fixed list, cursors "c<i>".
type memEvents struct {
	incident.EventStore
	events []incident.Event
	reads  int
}

func (m *memEvents) Events(_ context.Context, scope incident.Scope, after string, limit int) ([]incident.Event, string, error) {
	m.reads++
	from := 0
	if after != "" {
		from, _ = strconv.Atoi(after[1:])
	}
	var out []incident.Event
	next := after
	for i := from; i < len(m.events) && len(out) < limit; i++ {
		e := m.events[i]
		next = e.Cursor
		if scope.Operator || e.CustomerID == scope.CustomerID {
			out = append(out, e)
		}
	}
	return out, next, nil
}

func TestReadEvents(t *testing.T) {
	store := &memEvents{}
	for i := range 30000 {
		e := incident.Event{Cursor: "c" + strconv.Itoa(i+1), Type: incident.EventCreate, CustomerID: "acme", Incident: &incident.Incident{}}
		if i%10000 == 9999 {
			e.Type = incident.EventResolved
		}
		store.events = append(store.events, e)
	}
	ctx := context.Background()
	operator := incident.Scope{Operator: true}
	// Unfiltered: the store's page as it is.
	got, next, atEnd, err := incident.ReadEvents(ctx, store, operator, incident.EventFilter{}, "", 3)
	if err != nil || len(got) != 3 || next != "c3" || atEnd {
		t.Fatalf("first page: %d events, next %s, at end %v, %v", len(got), next, atEnd, err)
	}
	// Filtered: at most EventScanMax looked at, the cursor past them.
	resolved := incident.EventFilter{Types: []incident.EventType{incident.EventResolved}}
	got, next, atEnd, _ = incident.ReadEvents(ctx, store, operator, resolved, "", 100)
	if len(got) != 2 || got[1].Cursor != "c20000" || next != "c20000" || atEnd {
		t.Fatalf("filtered: %d events, next %s, at end %v", len(got), next, atEnd)
	}
	got, next, atEnd, _ = incident.ReadEvents(ctx, store, operator, resolved, next, 100)
	if len(got) != 1 || got[0].Cursor != "c30000" || next != "c30000" || !atEnd {
		t.Fatalf("filtered, second call: %d events, next %s, at end %v", len(got), next, atEnd)
	}
	// A limit reached inside a batch stops at the last event returned.
	got, next, _, _ = incident.ReadEvents(ctx, store, operator, resolved, "", 1)
	if len(got) != 1 || next != "c10000" {
		t.Fatalf("limit 1: %d events, next %s", len(got), next)
	}
	// Another customer's reader moves past what it may not see.
	got, next, atEnd, _ = incident.ReadEvents(ctx, store, incident.Scope{CustomerID: "globex"}, incident.EventFilter{}, "c29990", 100)
	if len(got) != 0 || next != "c30000" || !atEnd {
		t.Fatalf("globex: %d events, next %s, at end %v", len(got), next, atEnd)
	}
}
