package incident_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

var (
	customerActor = incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}
	providerActor = incident.Actor{Type: incident.ActorProvider, Name: "noc"}
)

func callerOf(role incident.Role) incident.Caller {
	if role == incident.RoleOperator {
		return incident.Caller{Role: role, Scope: incident.Scope{Operator: true}, Actor: providerActor, ClientID: "noc"}
	}
	return incident.Caller{Role: role, Scope: incident.Scope{CustomerID: "acme"}, Actor: customerActor, ClientID: "acme-app"}
}

// incidentIn is a stored customer incident created at t0 in a status, with
// what that status implies (a resolution once resolved, its times).
func incidentIn(status incident.Status) *incident.Incident {
	inc := &incident.Incident{
		Seq: 42, ID: "2611N00042", Customer: incident.CustomerRef{ID: "acme", Name: "Acme Industries"},
		Status: status, Impact: incident.ImpactS3, Urgency: incident.UrgencyU2, ServiceCondition: incident.ConditionDegraded,
		Description: "Line down", Origin: incident.OriginReactive, Type: incident.TypeFailure, CustomerReference: "ACME-1",
		Location:  &incident.Location{ID: "LOC-1", Name: "HQ", Address: &incident.Address{City: "Paris", Country: "FR"}},
		CreatedAt: t0, UpdatedAt: t0, StatusChangedAt: t0, Version: 3,
	}
	incident.DefaultMatrix().Classify(inc)
	if status == incident.StatusResolved || status == incident.StatusClosed {
		resolved := t0.Add(time.Hour)
		inc.ResolvedAt, inc.Resolution = &resolved, &incident.Resolution{Code: incident.ResolutionFixed, Text: "card replaced"}
	}
	if status == incident.StatusClosed {
		closed := t0.Add(2 * time.Hour)
		inc.ClosedAt = &closed
	}
	inc.Clock = incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, nil)
	return inc
}

// patchAt applies a PATCH body to a copy of an incident and its periods at
// now, as the store's edit callback would, and returns the edit.
func patchAt(inc *incident.Incident, periods []incident.FreezePeriod, role incident.Role, body string, now time.Time) (*incident.Edit, error) {
	p, err := contract.DecodePatch([]byte(body))
	if err != nil {
		return nil, err
	}
	copied := *inc
	e := &incident.Edit{Incident: &copied, Periods: append([]incident.FreezePeriod(nil), periods...), Now: now}
	return e, incident.ApplyPatch(e, callerOf(role), p)
}

func ptr(s string) *string { return &s }

func TestPatchFields(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer,
		`{"description":"Line down, router dead","location":{"address":{"city":"Lyon"}},"serviceCondition":"INTERUPTED"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	wantLocation := &incident.Location{ID: "LOC-1", Name: "HQ", Address: &incident.Address{City: "Lyon", Country: "FR"}}
	if inc.Description != "Line down, router dead" || !reflect.DeepEqual(inc.Location, wantLocation) || inc.ServiceCondition != incident.ConditionInterrupted {
		t.Fatalf("%+v %+v", inc, inc.Location)
	}
	want := []incident.Change{
		{At: now, Actor: customerActor, Field: "description", From: ptr("Line down"), To: ptr("Line down, router dead")},
		{At: now, Actor: customerActor, Field: "serviceCondition", From: ptr("DEGRADED"), To: ptr("INTERUPTED")},
		{At: now, Actor: customerActor, Field: "location.address.city", From: ptr("Paris"), To: ptr("Lyon")},
	}
	if !reflect.DeepEqual(e.Changes, want) {
		t.Fatalf("changes\n got %+v\nwant %+v", e.Changes, want)
	}
}

func TestPatchImpactReclassifies(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer, `{"impact":"S1"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	if inc.Priority != incident.PriorityP1 || inc.Clock.TargetSeconds != 4*3600 || !inc.Clock.Deadline.Equal(t0.Add(4*time.Hour)) {
		t.Fatalf("priority %s clock %+v", inc.Priority, inc.Clock)
	}
	if inc.ServiceCondition != incident.ConditionDegraded {
		t.Errorf("the service condition is kept: %s", inc.ServiceCondition)
	}
	want := []incident.Change{
		{At: now, Actor: customerActor, Field: "impact", From: ptr("S3"), To: ptr("S1")},
		{At: now, Actor: customerActor, Field: "priority", From: ptr("P3"), To: ptr("P1")},
	}
	if !reflect.DeepEqual(e.Changes, want) {
		t.Fatalf("changes %+v", e.Changes)
	}
	// An urgency change that keeps the priority records the urgency only.
	e, err = patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer, `{"urgency":"U3","impact":"S2"}`, now)
	if err != nil || e.Incident.Priority != incident.PriorityP3 || len(e.Changes) != 2 {
		t.Fatalf("%v %+v", err, e.Changes)
	}
}

func TestPatchNullUnsetsAndObjectsAppear(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer,
		`{"location":null,"customerReference":null,"contact":{"email":"jane@acme.example"}}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	if inc.Location != nil || inc.CustomerReference != "" || !reflect.DeepEqual(inc.Contact, &incident.Contact{Email: "jane@acme.example"}) {
		t.Fatalf("%+v", inc)
	}
	got := map[string][2]*string{}
	for _, c := range e.Changes {
		got[c.Field] = [2]*string{c.From, c.To}
	}
	want := map[string][2]*string{
		"customerReference":           {ptr("ACME-1"), nil},
		"location.id":                 {ptr("LOC-1"), nil},
		"location.name":               {ptr("HQ"), nil},
		"location.address.street":     {ptr(""), nil},
		"location.address.postalCode": {ptr(""), nil},
		"location.address.city":       {ptr("Paris"), nil},
		"location.address.country":    {ptr("FR"), nil},
		"contact.name":                {nil, ptr("")},
		"contact.email":               {nil, ptr("jane@acme.example")},
		"contact.phone":               {nil, ptr("")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("changes %v", e.Changes)
	}
}

func TestPatchWithoutChange(t *testing.T) {
	// Naming fields with their current values changes nothing, even fields
	// the caller may not change: a retried request is harmless.
	for _, body := range []string{`{}`, `{"description":"Line down","type":"FAILURE","status":"IN_PROGRESS","resolution":null}`} {
		e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer, body, t0.Add(time.Hour))
		if err != nil || len(e.Changes) != 0 || !reflect.DeepEqual(e.Incident, incidentIn(incident.StatusInProgress)) {
			t.Errorf("%s: %v %+v", body, err, e.Changes)
		}
	}
}

func TestPatchEscalation(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer, `{"isEscalated":true}`, now)
	if err != nil {
		t.Fatal(err)
	}
	escalated := e.Incident
	if !escalated.IsEscalated || escalated.EscalatedAt == nil || !escalated.EscalatedAt.Equal(now) {
		t.Fatalf("%+v", escalated)
	}
	_, err = patchAt(escalated, nil, incident.RoleCustomer, `{"isEscalated":false}`, now)
	checkError(t, err, incident.CodeInvalidBodyField, incident.MsgEscalationIrrevocable, "")
	e, err = patchAt(escalated, nil, incident.RoleOperator, `{"isEscalated":false}`, now)
	if err != nil || e.Incident.IsEscalated || e.Incident.EscalatedAt != nil {
		t.Fatalf("operators withdraw an escalation: %v %+v", err, e.Incident)
	}
}

func TestPatchDetectedAt(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleOperator,
		`{"origin":"PROACTIVE","detectedAt":"2026-11-26T06:00:00Z"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	// The clock starts at detection: P3 (24 h) from 06:00.
	if !inc.ClockStart().Equal(t0.Add(-2*time.Hour)) || !inc.Clock.Deadline.Equal(t0.Add(22*time.Hour)) {
		t.Fatalf("start %v clock %+v", inc.ClockStart(), inc.Clock)
	}
	_, err = patchAt(inc, nil, incident.RoleOperator, `{"origin":"REACTIVE"}`, now)
	checkError(t, err, incident.CodeInvalidBodyField, incident.MsgDetectedNotProactive, "")
	e, err = patchAt(inc, nil, incident.RoleOperator, `{"origin":"REACTIVE","detectedAt":null}`, now)
	if err != nil || e.Incident.DetectedAt != nil || !e.Incident.Clock.Deadline.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("%v %+v", err, e.Incident)
	}
}

func TestPatchErrors(t *testing.T) {
	tests := []struct {
		name   string
		status incident.Status
		role   incident.Role
		body   string
		code   int
		key    text.Key
		arg    string
	}{
		{"empty body", incident.StatusInProgress, incident.RoleCustomer, ``, incident.CodeMissingBody, contract.MsgMissingBody, ""},
		{"array", incident.StatusInProgress, incident.RoleCustomer, `[{"op":"replace"}]`, incident.CodeInvalidBody, contract.MsgBodyNotObject, ""},
		{"malformed", incident.StatusInProgress, incident.RoleCustomer, `{"description":"x"`, incident.CodeInvalidBody, contract.MsgBodyMalformed, ""},
		{"null status", incident.StatusInProgress, incident.RoleOperator, `{"status":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "status"},
		{"null description", incident.StatusInProgress, incident.RoleCustomer, `{"description":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "description"},
		{"null impact", incident.StatusInProgress, incident.RoleCustomer, `{"impact":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "impact"},
		{"null escalation", incident.StatusInProgress, incident.RoleCustomer, `{"isEscalated":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "isEscalated"},
		{"null resolution code", incident.StatusResolved, incident.RoleOperator, `{"resolution":{"code":null}}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "resolution.code"},
		{"priority", incident.StatusInProgress, incident.RoleOperator, `{"priority":"P1"}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "priority"},
		{"customer", incident.StatusInProgress, incident.RoleOperator, `{"customer":{"id":"globex"}}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "customer"},
		{"sla removed", incident.StatusInProgress, incident.RoleCustomer, `{"sla":null}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "sla"},
		{"statusChangedAt", incident.StatusInProgress, incident.RoleOperator, `{"statusChangedAt":"2026-11-26T08:00:00Z"}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "statusChangedAt"},
		{"unknown field", incident.StatusInProgress, incident.RoleCustomer, `{"severity":"high"}`, incident.CodeInvalidBodyField, contract.MsgUnknownField, "severity"},
		{"unknown nested null", incident.StatusInProgress, incident.RoleCustomer, `{"location":{"floor":null}}`, incident.CodeInvalidBodyField, contract.MsgUnknownField, "location.floor"},
		{"unknown field in a new object", incident.StatusInProgress, incident.RoleCustomer, `{"service":{"sku":"x"}}`, incident.CodeInvalidBodyField, contract.MsgUnknownField, "service.sku"},
		{"location as a string", incident.StatusInProgress, incident.RoleCustomer, `{"location":"Paris"}`, incident.CodeInvalidBodyField, contract.MsgFieldNotObject, "location"},
		{"unknown impact", incident.StatusInProgress, incident.RoleCustomer, `{"impact":"S9"}`, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "impact"},
		{"unknown status", incident.StatusInProgress, incident.RoleOperator, `{"status":"OPEN"}`, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "status"},
		{"long description", incident.StatusInProgress, incident.RoleCustomer, `{"description":"` + strings.Repeat("d", incident.MaxDescription+1) + `"}`, incident.CodeInvalidBodyField, incident.MsgFieldLength, "description"},
		{"bad email", incident.StatusInProgress, incident.RoleCustomer, `{"contact":{"email":"jane"}}`, incident.CodeInvalidBodyField, incident.MsgFieldEmail, "contact.email"},
		{"reason without status", incident.StatusInProgress, incident.RoleOperator, `{"statusChangeReason":"because"}`, incident.CodeInvalidBodyField, incident.MsgReasonWithoutStatus, "statusChangeReason"},
		{"long reason", incident.StatusInProgress, incident.RoleOperator, `{"status":"PENDING","statusChangeReason":"` + strings.Repeat("r", incident.MaxStatusChangeReason+1) + `"}`, incident.CodeInvalidBodyField, incident.MsgFieldLength, "statusChangeReason"},
		{"numeric reason", incident.StatusInProgress, incident.RoleOperator, `{"status":"PENDING","statusChangeReason":1}`, incident.CodeInvalidBodyField, contract.MsgFieldNotString, "statusChangeReason"},
		{"freeze reason without PENDING", incident.StatusInProgress, incident.RoleOperator, `{"status":"RESOLVED","freezeReason":"OTHER"}`, incident.CodeInvalidBodyField, incident.MsgFreezeReasonNoPending, ""},
		{"freeze reason without status", incident.StatusInProgress, incident.RoleOperator, `{"freezeReason":"OTHER"}`, incident.CodeInvalidBodyField, incident.MsgFreezeReasonNoPending, ""},
		{"unknown freeze reason", incident.StatusInProgress, incident.RoleOperator, `{"status":"PENDING","freezeReason":"LUNCH"}`, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "freezeReason"},
		{"customer changes the type", incident.StatusInProgress, incident.RoleCustomer, `{"type":"INFORMATION"}`, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "type"},
		{"customer changes the origin", incident.StatusInProgress, incident.RoleCustomer, `{"origin":"PROACTIVE"}`, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "origin"},
		{"customer sets detectedAt", incident.StatusInProgress, incident.RoleCustomer, `{"detectedAt":"2026-11-26T07:00:00Z"}`, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "detectedAt"},
		{"customer resolves", incident.StatusResolved, incident.RoleCustomer, `{"resolution":{"code":"WORKAROUND"}}`, incident.CodeInvalidBodyField, incident.MsgForbiddenField, "resolution.code"},
		{"resolution before resolving", incident.StatusInProgress, incident.RoleOperator, `{"resolution":{"code":"FIXED"}}`, incident.CodeInvalidBodyField, incident.MsgResolutionNotResolved, ""},
		{"resolution without code", incident.StatusInProgress, incident.RoleOperator, `{"status":"RESOLVED","resolution":{"text":"done"}}`, incident.CodeMissingBodyField, incident.MsgMissingField, "resolution.code"},
		{"resolved without resolution", incident.StatusInProgress, incident.RoleOperator, `{"status":"RESOLVED"}`, incident.CodeInvalidBodyField, incident.MsgResolutionRequired, ""},
		{"resolution removed", incident.StatusResolved, incident.RoleOperator, `{"resolution":null}`, incident.CodeInvalidBodyField, incident.MsgResolutionRequired, ""},
		{"reopened with a resolution", incident.StatusResolved, incident.RoleOperator, `{"status":"IN_PROGRESS","resolution":{"code":"WORKAROUND"}}`, incident.CodeInvalidBodyField, incident.MsgResolutionNotResolved, ""},
		{"detectedAt of a reactive incident", incident.StatusInProgress, incident.RoleOperator, `{"detectedAt":"2026-11-26T07:00:00Z"}`, incident.CodeInvalidBodyField, incident.MsgDetectedNotProactive, ""},
		{"detectedAt after creation", incident.StatusInProgress, incident.RoleOperator, `{"origin":"PROACTIVE","detectedAt":"2026-11-26T08:00:01Z"}`, incident.CodeInvalidBodyField, incident.MsgDetectedAfterCreated, ""},
		{"customer validates", incident.StatusNew, incident.RoleCustomer, `{"status":"VALIDATED"}`, incident.CodeInvalidTransition, incident.MsgInvalidTransition, "NEW"},
		{"closed incident", incident.StatusClosed, incident.RoleOperator, `{"description":"late edit"}`, incident.CodeInvalidTransition, incident.MsgIncidentFinal, "CLOSED"},
		{"cancelled incident", incident.StatusCancelled, incident.RoleCustomer, `{"status":"NEW"}`, incident.CodeInvalidTransition, incident.MsgIncidentFinal, "CANCELLED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := patchAt(incidentIn(tt.status), nil, tt.role, tt.body, t0.Add(time.Hour))
			checkError(t, err, tt.code, tt.key, tt.arg)
		})
	}
}

func TestPatchRefusedTransitionData(t *testing.T) {
	_, err := patchAt(incidentIn(incident.StatusInProgress), nil, incident.RoleCustomer, `{"status":"RESOLVED"}`, t0.Add(time.Hour))
	checkError(t, err, incident.CodeInvalidTransition, incident.MsgInvalidTransition, "IN_PROGRESS")
	want := &incident.TransitionRefusal{Current: incident.StatusInProgress, Allowed: []incident.Status{}}
	if data := err.(*incident.Error).Refusal; !reflect.DeepEqual(data, want) {
		t.Fatalf("refusal %#v", data)
	}
	_, err = patchAt(incidentIn(incident.StatusValidated), nil, incident.RoleOperator, `{"status":"CLOSED"}`, t0.Add(time.Hour))
	want = &incident.TransitionRefusal{Current: incident.StatusValidated,
		Allowed: []incident.Status{incident.StatusInProgress, incident.StatusPending, incident.StatusResolved, incident.StatusCancelled}}
	if data := err.(*incident.Error).Refusal; !reflect.DeepEqual(data, want) {
		t.Fatalf("refusal %#v", data)
	}
	if d := err.(*incident.Error).Describe(text.English); d != "status VALIDATED cannot change to CLOSED; allowed: [IN_PROGRESS, PENDING, RESOLVED, CANCELLED]" {
		t.Errorf("description %q", d)
	}
}

// lifecycleRun applies a sequence of patches, each an hour after the last,
// to one incident and its periods.
type lifecycleRun struct {
	t       *testing.T
	inc     *incident.Incident
	periods []incident.FreezePeriod
	now     time.Time
	changes []incident.Change
}

func (r *lifecycleRun) patch(role incident.Role, body string) {
	r.t.Helper()
	r.now = r.now.Add(time.Hour)
	e, err := patchAt(r.inc, r.periods, role, body, r.now)
	if err != nil {
		r.t.Fatalf("%s: %v", body, err)
	}
	r.inc, r.periods, r.changes = e.Incident, e.Periods, e.Changes
	if len(r.changes) > 0 {
		r.inc.Version++
	}
}

func TestPatchStatusSideEffects(t *testing.T) {
	r := &lifecycleRun{t: t, inc: incidentIn(incident.StatusValidated), now: t0}
	r.patch(incident.RoleOperator, `{"status":"IN_PROGRESS"}`) // 09:00
	if !r.inc.StatusChangedAt.Equal(r.now) || len(r.periods) != 0 {
		t.Fatalf("%+v", r.inc)
	}
	r.patch(incident.RoleOperator, `{"status":"PENDING","freezeReason":"SITE_ACCESS_REFUSED","statusChangeReason":"gate locked"}`) // 10:00
	want := []incident.FreezePeriod{{StartAt: r.now, Reason: incident.FreezeSiteAccessRefused, CreatedBy: providerActor}}
	if !reflect.DeepEqual(r.periods, want) || r.inc.Clock.FrozenSince == nil || !r.inc.Clock.FrozenSince.Equal(r.now) {
		t.Fatalf("periods %+v clock %+v", r.periods, r.inc.Clock)
	}
	if c := r.changes; len(c) != 1 || c[0].Field != "status" || *c[0].From != "IN_PROGRESS" || *c[0].To != "PENDING" || c[0].Reason != "gate locked" {
		t.Fatalf("changes %+v", c)
	}
	r.patch(incident.RoleOperator, `{"status":"IN_PROGRESS"}`) // 11:00 closes the period
	if end := r.periods[0].EndAt; end == nil || !end.Equal(r.now) || r.inc.Clock.FrozenSeconds != 3600 || r.inc.Clock.FrozenSince != nil {
		t.Fatalf("periods %+v clock %+v", r.periods, r.inc.Clock)
	}
	r.patch(incident.RoleOperator, `{"status":"PENDING"}`) // 12:00, default reason
	if len(r.periods) != 2 || r.periods[1].Reason != incident.FreezePendingCustomer || r.periods[1].EndAt != nil {
		t.Fatalf("periods %+v", r.periods)
	}
	r.patch(incident.RoleOperator, `{"status":"RESOLVED","resolution":{"code":"FIXED","text":"card replaced"}}`) // 13:00
	if r.inc.ResolvedAt == nil || !r.inc.ResolvedAt.Equal(r.now) || r.periods[1].EndAt == nil || !r.periods[1].EndAt.Equal(r.now) {
		t.Fatalf("%+v periods %+v", r.inc, r.periods)
	}
	// 5 h since 08:00, 2 h of them frozen.
	if sla := r.inc.SLA(r.now.Add(10 * time.Hour)); sla.TimeToRestoreSeconds != 3*3600 || sla.FrozenSeconds != 2*3600 || sla.IsFrozen {
		t.Fatalf("sla %+v", sla)
	}
	r.patch(incident.RoleCustomer, `{"status":"IN_PROGRESS","statusChangeReason":"still down"}`) // 14:00 reopened
	if r.inc.ResolvedAt != nil || r.inc.Resolution != nil {
		t.Fatalf("%+v", r.inc)
	}
	fields := map[string]bool{}
	for _, c := range r.changes {
		fields[c.Field] = true
	}
	if !fields["status"] || !fields["resolution.code"] || !fields["resolution.text"] || len(r.changes) != 3 {
		t.Fatalf("changes %+v", r.changes)
	}
	r.patch(incident.RoleOperator, `{"status":"RESOLVED","resolution":{"code":"WORKAROUND"}}`) // 15:00
	r.patch(incident.RoleOperator, `{"resolution":{"text":"replaced later"}}`)                 // 16:00, corrected
	if *r.inc.Resolution != (incident.Resolution{Code: incident.ResolutionWorkaround, Text: "replaced later"}) || !r.inc.ResolvedAt.Equal(t0.Add(7*time.Hour)) {
		t.Fatalf("%+v", r.inc.Resolution)
	}
	r.patch(incident.RoleCustomer, `{"status":"CLOSED"}`) // 17:00
	if r.inc.ClosedAt == nil || !r.inc.ClosedAt.Equal(r.now) || r.inc.Resolution == nil {
		t.Fatalf("%+v", r.inc)
	}
}

func TestCancellingClosesTheOpenPeriod(t *testing.T) {
	r := &lifecycleRun{t: t, inc: incidentIn(incident.StatusValidated), now: t0}
	r.patch(incident.RoleOperator, `{"status":"PENDING"}`)
	r.patch(incident.RoleOperator, `{"status":"CANCELLED"}`)
	if r.periods[0].EndAt == nil || !r.periods[0].EndAt.Equal(r.now) || r.inc.SLA(r.now.Add(time.Hour)).IsFrozen {
		t.Fatalf("periods %+v", r.periods)
	}
}

func TestEnteringPendingKeepsAnOpenPeriod(t *testing.T) {
	open := []incident.FreezePeriod{{ID: 7, StartAt: t0.Add(30 * time.Minute), Reason: incident.FreezeThirdParty, CreatedBy: providerActor}}
	e, err := patchAt(incidentIn(incident.StatusInProgress), open, incident.RoleOperator, `{"status":"PENDING"}`, t0.Add(time.Hour))
	if err != nil || !reflect.DeepEqual(e.Periods, open) {
		t.Fatalf("%v %+v", err, e.Periods)
	}
}

func TestCheckIfMatch(t *testing.T) {
	inc := incidentIn(incident.StatusInProgress) // version 3
	// A tag names a version, in any language, weak or strong: the version
	// is what an update is conditioned on.
	for _, tags := range [][]string{nil, {"*"}, {`"2611N00042.3"`}, {`"2611N00042.2"`, `"2611N00042.3"`},
		{`W/"2611N00042.3.fr"`}, {`W/"2611N00042.3"`}} {
		if err := incident.CheckPrecondition(inc, contract.IfMatch(tags)); err != nil {
			t.Errorf("%v: %v", tags, err)
		}
	}
	for _, tags := range [][]string{{`"2611N00042.2"`}, {`W/"2611N00042.2.en"`}, {`2611N00042.3`}, {`"2611N00043.3"`}, {`"x"`}} {
		err := incident.CheckPrecondition(inc, contract.IfMatch(tags))
		checkError(t, err, incident.CodePreconditionFailed, incident.MsgPreconditionFailed, "2611N00042.3")
	}
}
