package incident

import (
	"context"
	"testing"
	"time"
)

func newManager(now time.Time) (*Manager, *memStore) {
	store := newMemStore(now)
	return &Manager{Incidents: store, Auth: store, Matrix: DefaultMatrix(), Now: func() time.Time { return store.now }}, store
}

const reportBody = `{"description":"Line down","impact":"S2","urgency":"U2","isEscalated":true}`

func TestManagerCreate(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, replayed, err := m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(reportBody), "")
	if err != nil || replayed {
		t.Fatal(err, replayed)
	}
	if inc.ID != "2611N00001" || inc.Customer != (CustomerRef{ID: "acme", Name: "Acme Industries"}) || inc.Status != StatusNew ||
		inc.Origin != OriginReactive || inc.Priority != PriorityP2 || inc.Version != 1 ||
		inc.EscalatedAt == nil || !inc.EscalatedAt.Equal(inc.CreatedAt) || !inc.Clock.Deadline.Equal(at(8)) {
		t.Fatalf("%+v", inc)
	}
	history, _ := store.ListHistory(ctx, Scope{Operator: true}, inc.ID)
	if len(history) != 1 || history[0].Field != "status" || *history[0].To != "NEW" || history[0].Actor != customerActor {
		t.Fatalf("history %+v", history)
	}

	inc, _, err = m.CreateIncident(ctx, callerOf(RoleOperator), []byte(`{"customer":{"id":"globex"},"description":"Alarm","impact":"S1","urgency":"U1","detectedAt":"2026-11-26T07:30:00Z"}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if inc.Customer != (CustomerRef{ID: "globex", Name: "Globex"}) || inc.Status != StatusValidated || inc.Origin != OriginProactive ||
		!inc.Clock.Deadline.Equal(at(3.5)) {
		t.Fatalf("%+v", inc)
	}
	_, _, err = m.CreateIncident(ctx, callerOf(RoleOperator), []byte(`{"customer":{"id":"initech"},"description":"x","impact":"S1","urgency":"U1"}`), "")
	checkError(t, err, CodeInvalidBodyField, MsgUnknownCustomer, "initech")
	_, _, err = m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(`{"description":"x"}`), "")
	checkError(t, err, CodeMissingBodyField, MsgMissingField, "impact")
	if len(store.incidents) != 2 {
		t.Fatalf("%d incidents stored", len(store.incidents))
	}
}

func TestManagerCreateIdempotency(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	first, replayed, err := m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(reportBody), "retry-42")
	if err != nil || replayed {
		t.Fatal(err)
	}
	again, replayed, err := m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(reportBody), "retry-42")
	if err != nil || !replayed || again.ID != first.ID {
		t.Fatalf("%+v %v %v", again, replayed, err)
	}
	_, _, err = m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(`{"description":"Other","impact":"S2","urgency":"U2"}`), "retry-42")
	checkError(t, err, CodeIdempotencyReused, MsgIdempotencyReused, "retry-42")
	_, _, err = m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(reportBody), "bad\nkey")
	checkError(t, err, CodeInvalidHeader, MsgIdempotencyKeyInvalid, "")
	if len(store.incidents) != 1 {
		t.Fatalf("%d incidents stored", len(store.incidents))
	}
}

func TestManagerPatch(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, _, err := m.CreateIncident(ctx, callerOf(RoleCustomer), []byte(reportBody), "")
	if err != nil {
		t.Fatal(err)
	}
	store.now = at(1)
	etag := ETag(inc) // "2611N00001.1"

	_, err = m.PatchIncident(ctx, callerOf(RoleCustomer), inc.ID, []byte(`{"description":"Still down"}`), []string{`"2611N00001.0"`})
	checkError(t, err, CodePreconditionFailed, MsgPreconditionFailed, etag)
	updated, err := m.PatchIncident(ctx, callerOf(RoleCustomer), inc.ID, []byte(`{"description":"Still down"}`), []string{etag})
	if err != nil || updated.Version != 2 || updated.Description != "Still down" || !updated.UpdatedAt.Equal(at(1)) {
		t.Fatalf("%+v %v", updated, err)
	}
	// The old tag no longer matches; "*" always does.
	_, err = m.PatchIncident(ctx, callerOf(RoleCustomer), inc.ID, []byte(`{"description":"Down again"}`), []string{etag})
	checkError(t, err, CodePreconditionFailed, MsgPreconditionFailed, ETag(updated))
	if _, err := m.PatchIncident(ctx, callerOf(RoleCustomer), inc.ID, []byte(`{"description":"Down again"}`), []string{"*"}); err != nil {
		t.Fatal(err)
	}

	// Another customer's incident does not exist for this caller.
	other := callerOf(RoleCustomer)
	other.Scope.CustomerID = "globex"
	_, err = m.PatchIncident(ctx, other, inc.ID, []byte(`{"description":"x"}`), nil)
	checkError(t, err, CodeNotFound, MsgNotFound, "")
	// A bad body is refused before the incident is read.
	_, err = m.PatchIncident(ctx, callerOf(RoleCustomer), "2611N99999", []byte(`{"priority":"P1"}`), nil)
	checkError(t, err, CodeInvalidBodyField, MsgReadOnlyField, "priority")

	// Entering PENDING opens a period the store numbers.
	store.now = at(2)
	if _, err := m.PatchIncident(ctx, callerOf(RoleOperator), inc.ID, []byte(`{"status":"VALIDATED"}`), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := m.PatchIncident(ctx, callerOf(RoleOperator), inc.ID, []byte(`{"status":"PENDING"}`), nil); err != nil {
		t.Fatal(err)
	}
	periods, _ := store.ListFreezePeriods(ctx, Scope{Operator: true}, inc.ID)
	if len(periods) != 1 || periods[0].ID != 1 || periods[0].EndAt != nil || periods[0].CreatedBy != providerActor {
		t.Fatalf("periods %+v", periods)
	}
	history, _ := store.ListHistory(ctx, Scope{Operator: true}, inc.ID)
	if n := len(history); n != 5 || history[n-1].Field != "status" || *history[n-1].To != "PENDING" {
		t.Fatalf("history %+v", history)
	}
}

func TestManagerFreezePeriods(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, _, err := m.CreateIncident(ctx, callerOf(RoleOperator), []byte(`{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1"}`), "")
	if err != nil {
		t.Fatal(err)
	}
	store.now = at(5)
	_, _, err = m.AddFreezePeriod(ctx, callerOf(RoleCustomer), inc.ID, []byte(freezeBodyOf(1, 2)))
	checkError(t, err, CodeAccessDenied, MsgAccessDenied, "")

	p, updated, err := m.AddFreezePeriod(ctx, callerOf(RoleOperator), inc.ID, []byte(freezeBodyOf(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != 1 || !p.StartAt.Equal(at(1)) || p.CreatedBy != providerActor || updated.Version != 2 || updated.Clock.FrozenSeconds != 3600 {
		t.Fatalf("%+v %+v", p, updated)
	}
	p, updated, err = m.AddFreezePeriod(ctx, callerOf(RoleOperator), inc.ID, []byte(freezeBodyOf(3, open)))
	if err != nil || p.ID != 2 || !updated.SLA(at(5)).IsFrozen {
		t.Fatalf("%+v %v", p, err)
	}
	_, _, err = m.AddFreezePeriod(ctx, callerOf(RoleOperator), inc.ID, []byte(freezeBodyOf(1.5, 2.5)))
	checkError(t, err, CodeOverlappingFreeze, MsgOverlappingFreeze, "1")
	_, _, err = m.AddFreezePeriod(ctx, callerOf(RoleOperator), "2611N99999", []byte(freezeBodyOf(1, 2)))
	checkError(t, err, CodeNotFound, MsgNotFound, "")

	p, updated, err = m.PatchFreezePeriod(ctx, callerOf(RoleOperator), inc.ID, 2, []byte(`{"endAt":"2026-11-26T12:00:00Z"}`))
	if err != nil || p.ID != 2 || p.EndAt == nil || !p.EndAt.Equal(at(4)) || updated.SLA(at(5)).IsFrozen || updated.Clock.FrozenSeconds != 2*3600 {
		t.Fatalf("%+v %+v %v", p, updated, err)
	}
	_, _, err = m.PatchFreezePeriod(ctx, callerOf(RoleOperator), inc.ID, 9, []byte(`{"comment":"x"}`))
	checkError(t, err, CodeNotFound, MsgNotFound, "freeze period")
	_, _, err = m.PatchFreezePeriod(ctx, callerOf(RoleCustomer), inc.ID, 1, []byte(`{"comment":"x"}`))
	checkError(t, err, CodeAccessDenied, MsgAccessDenied, "")

	history, _ := store.ListHistory(ctx, Scope{Operator: true}, inc.ID)
	var freezes int
	for _, c := range history {
		if c.Field == "freezePeriods" {
			freezes++
		}
	}
	if freezes != 3 {
		t.Fatalf("history %+v", history)
	}
}
