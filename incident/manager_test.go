package incident_test

import (
	"context"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

func newManager(now time.Time) (*incident.Manager, *memStore) {
	store := newMemStore(now)
	return &incident.Manager{Incidents: store, Customers: store, Matrix: incident.DefaultMatrix(), Now: func() time.Time { return store.now }}, store
}

const reportBody = `{"description":"Line down","impact":"S2","urgency":"U2","isEscalated":true}`

func TestManagerCreate(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, replayed, err := create(ctx, m, callerOf(incident.RoleCustomer), reportBody, "")
	if err != nil || replayed {
		t.Fatal(err, replayed)
	}
	if inc.ID != "2611N00001" || inc.Customer != (incident.CustomerRef{ID: "acme", Name: "Acme Industries"}) || inc.Status != incident.StatusNew ||
		inc.Origin != incident.OriginReactive || inc.Priority != incident.PriorityP2 || inc.Version != 1 ||
		inc.EscalatedAt == nil || !inc.EscalatedAt.Equal(inc.CreatedAt) || !inc.Clock.Deadline.Equal(at(8)) {
		t.Fatalf("%+v", inc)
	}
	history, _ := store.ListHistory(ctx, incident.Scope{Operator: true}, inc.ID)
	if len(history) != 1 || history[0].Field != "status" || *history[0].To != "NEW" || history[0].Actor != customerActor {
		t.Fatalf("history %+v", history)
	}

	inc, _, err = create(ctx, m, callerOf(incident.RoleOperator), `{"customer":{"id":"globex"},"description":"Alarm","impact":"S1","urgency":"U1","detectedAt":"2026-11-26T07:30:00Z"}`, "")
	if err != nil {
		t.Fatal(err)
	}
	if inc.Customer != (incident.CustomerRef{ID: "globex", Name: "Globex"}) || inc.Status != incident.StatusValidated || inc.Origin != incident.OriginProactive ||
		!inc.Clock.Deadline.Equal(at(3.5)) {
		t.Fatalf("%+v", inc)
	}
	_, _, err = create(ctx, m, callerOf(incident.RoleOperator), `{"customer":{"id":"initech"},"description":"x","impact":"S1","urgency":"U1"}`, "")
	checkError(t, err, incident.CodeInvalidBodyField, incident.MsgUnknownCustomer, "initech")
	_, _, err = create(ctx, m, callerOf(incident.RoleCustomer), `{"description":"x"}`, "")
	checkError(t, err, incident.CodeMissingBodyField, incident.MsgMissingField, "impact")
	if len(store.incidents) != 2 {
		t.Fatalf("%d incidents stored", len(store.incidents))
	}
}

func TestManagerCreateIdempotency(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	first, replayed, err := create(ctx, m, callerOf(incident.RoleCustomer), reportBody, "retry-42")
	if err != nil || replayed {
		t.Fatal(err)
	}
	again, replayed, err := create(ctx, m, callerOf(incident.RoleCustomer), reportBody, "retry-42")
	if err != nil || !replayed || again.ID != first.ID {
		t.Fatalf("%+v %v %v", again, replayed, err)
	}
	_, _, err = create(ctx, m, callerOf(incident.RoleCustomer), `{"description":"Other","impact":"S2","urgency":"U2"}`, "retry-42")
	checkError(t, err, incident.CodeIdempotencyReused, incident.MsgIdempotencyReused, "retry-42")
	_, _, err = create(ctx, m, callerOf(incident.RoleCustomer), reportBody, "bad\nkey")
	checkError(t, err, incident.CodeInvalidHeader, incident.MsgIdempotencyKeyInvalid, "")
	if len(store.incidents) != 1 {
		t.Fatalf("%d incidents stored", len(store.incidents))
	}
}

func TestManagerPatch(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, _, err := create(ctx, m, callerOf(incident.RoleCustomer), reportBody, "")
	if err != nil {
		t.Fatal(err)
	}
	store.now = at(1)
	etag := contract.ETag(inc, text.English) // W/"2611N00001.1.en"

	_, err = update(ctx, m, callerOf(incident.RoleCustomer), inc.ID, `{"description":"Still down"}`, `"2611N00001.0"`)
	checkError(t, err, incident.CodePreconditionFailed, incident.MsgPreconditionFailed, inc.Tag())
	updated, err := update(ctx, m, callerOf(incident.RoleCustomer), inc.ID, `{"description":"Still down"}`, etag)
	if err != nil || updated.Version != 2 || updated.Description != "Still down" || !updated.UpdatedAt.Equal(at(1)) {
		t.Fatalf("%+v %v", updated, err)
	}
	// The old tag no longer matches; "*" always does.
	_, err = update(ctx, m, callerOf(incident.RoleCustomer), inc.ID, `{"description":"Down again"}`, etag)
	checkError(t, err, incident.CodePreconditionFailed, incident.MsgPreconditionFailed, updated.Tag())
	if _, err := update(ctx, m, callerOf(incident.RoleCustomer), inc.ID, `{"description":"Down again"}`, "*"); err != nil {
		t.Fatal(err)
	}

	// Another customer's incident does not exist for this caller.
	other := callerOf(incident.RoleCustomer)
	other.Scope.CustomerID = "globex"
	_, err = update(ctx, m, other, inc.ID, `{"description":"x"}`)
	checkError(t, err, incident.CodeNotFound, incident.MsgNotFound, "")
	// A bad body is refused before the incident is read.
	_, err = update(ctx, m, callerOf(incident.RoleCustomer), "2611N99999", `{"priority":"P1"}`)
	checkError(t, err, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "priority")

	// Entering PENDING opens a period the store numbers.
	store.now = at(2)
	if _, err := update(ctx, m, callerOf(incident.RoleOperator), inc.ID, `{"status":"VALIDATED"}`); err != nil {
		t.Fatal(err)
	}
	if _, err := update(ctx, m, callerOf(incident.RoleOperator), inc.ID, `{"status":"PENDING"}`); err != nil {
		t.Fatal(err)
	}
	periods, _ := store.ListFreezePeriods(ctx, incident.Scope{Operator: true}, inc.ID)
	if len(periods) != 1 || periods[0].ID != 1 || periods[0].EndAt != nil || periods[0].CreatedBy != providerActor {
		t.Fatalf("periods %+v", periods)
	}
	history, _ := store.ListHistory(ctx, incident.Scope{Operator: true}, inc.ID)
	if n := len(history); n != 5 || history[n-1].Field != "status" || *history[n-1].To != "PENDING" {
		t.Fatalf("history %+v", history)
	}
}

func TestManagerFreezePeriods(t *testing.T) {
	ctx := context.Background()
	m, store := newManager(t0)
	inc, _, err := create(ctx, m, callerOf(incident.RoleOperator), `{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1"}`, "")
	if err != nil {
		t.Fatal(err)
	}
	store.now = at(5)
	_, _, err = addFreeze(ctx, m, callerOf(incident.RoleCustomer), inc.ID, freezeBodyOf(1, 2))
	checkError(t, err, incident.CodeAccessDenied, incident.MsgAccessDenied, "")

	p, updated, err := addFreeze(ctx, m, callerOf(incident.RoleOperator), inc.ID, freezeBodyOf(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != 1 || !p.StartAt.Equal(at(1)) || p.CreatedBy != providerActor || updated.Version != 2 || updated.Clock.FrozenSeconds != 3600 {
		t.Fatalf("%+v %+v", p, updated)
	}
	p, updated, err = addFreeze(ctx, m, callerOf(incident.RoleOperator), inc.ID, freezeBodyOf(3, open))
	if err != nil || p.ID != 2 || !updated.SLA(at(5)).IsFrozen {
		t.Fatalf("%+v %v", p, err)
	}
	_, _, err = addFreeze(ctx, m, callerOf(incident.RoleOperator), inc.ID, freezeBodyOf(1.5, 2.5))
	checkError(t, err, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze, "1")
	_, _, err = addFreeze(ctx, m, callerOf(incident.RoleOperator), "2611N99999", freezeBodyOf(1, 2))
	checkError(t, err, incident.CodeNotFound, incident.MsgNotFound, "")

	p, updated, err = patchFreeze(ctx, m, callerOf(incident.RoleOperator), inc.ID, 2, `{"endAt":"2026-11-26T12:00:00Z"}`)
	if err != nil || p.ID != 2 || p.EndAt == nil || !p.EndAt.Equal(at(4)) || updated.SLA(at(5)).IsFrozen || updated.Clock.FrozenSeconds != 2*3600 {
		t.Fatalf("%+v %+v %v", p, updated, err)
	}
	_, _, err = patchFreeze(ctx, m, callerOf(incident.RoleOperator), inc.ID, 9, `{"comment":"x"}`)
	checkError(t, err, incident.CodeNotFound, incident.MsgNotFound, "freeze period")
	_, _, err = patchFreeze(ctx, m, callerOf(incident.RoleCustomer), inc.ID, 1, `{"comment":"x"}`)
	checkError(t, err, incident.CodeAccessDenied, incident.MsgAccessDenied, "")

	history, _ := store.ListHistory(ctx, incident.Scope{Operator: true}, inc.ID)
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
