package incident

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

var (
	customerActor = Actor{Type: ActorCustomer, Name: "acme-app"}
	providerActor = Actor{Type: ActorProvider, Name: "noc"}
)

func callerOf(role Role) Caller {
	if role == RoleOperator {
		return Caller{Role: role, Scope: Scope{Operator: true}, Actor: providerActor, ClientID: "noc"}
	}
	return Caller{Role: role, Scope: Scope{CustomerID: "acme"}, Actor: customerActor, ClientID: "acme-app"}
}

// incidentIn is a stored customer incident created at t0 in a status, with
// what that status implies (a resolution once resolved, its times).
func incidentIn(status Status) *Incident {
	inc := &Incident{
		Seq: 42, ID: "2611N00042", Customer: CustomerRef{ID: "acme", Name: "Acme Industries"},
		Status: status, Impact: ImpactS3, Urgency: UrgencyU2, ServiceCondition: ConditionDegraded,
		Description: "Line down", Origin: OriginReactive, Type: TypeFailure, CustomerReference: "ACME-1",
		Location:  &Location{ID: "LOC-1", Name: "HQ", Address: &Address{City: "Paris", Country: "FR"}},
		CreatedAt: t0, UpdatedAt: t0, StatusChangedAt: t0, Version: 3,
	}
	DefaultMatrix().Classify(inc)
	if status == StatusResolved || status == StatusClosed {
		resolved := t0.Add(time.Hour)
		inc.ResolvedAt, inc.Resolution = &resolved, &Resolution{Code: ResolutionFixed, Text: "card replaced"}
	}
	if status == StatusClosed {
		closed := t0.Add(2 * time.Hour)
		inc.ClosedAt = &closed
	}
	inc.Clock = ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, nil)
	return inc
}

// patchAt applies a PATCH body to a copy of an incident and its periods at
// now, as the store's edit callback would, and returns the edit.
func patchAt(inc *Incident, periods []FreezePeriod, role Role, body string, now time.Time) (*Edit, error) {
	p, err := decodePatch([]byte(body))
	if err != nil {
		return nil, err
	}
	copied := *inc
	e := &Edit{Incident: &copied, Periods: append([]FreezePeriod(nil), periods...), Now: now}
	return e, DefaultMatrix().applyPatch(e, callerOf(role), p)
}

func ptr(s string) *string { return &s }

func TestPatchFields(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer,
		`{"description":"Line down, router dead","location":{"address":{"city":"Lyon"}},"serviceCondition":"INTERUPTED"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	wantLocation := &Location{ID: "LOC-1", Name: "HQ", Address: &Address{City: "Lyon", Country: "FR"}}
	if inc.Description != "Line down, router dead" || !reflect.DeepEqual(inc.Location, wantLocation) || inc.ServiceCondition != ConditionInterrupted {
		t.Fatalf("%+v %+v", inc, inc.Location)
	}
	want := []Change{
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
	e, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer, `{"impact":"S1"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	if inc.Priority != PriorityP1 || inc.Clock.TargetSeconds != 4*3600 || !inc.Clock.Deadline.Equal(t0.Add(4*time.Hour)) {
		t.Fatalf("priority %s clock %+v", inc.Priority, inc.Clock)
	}
	if inc.ServiceCondition != ConditionDegraded {
		t.Errorf("the service condition is kept: %s", inc.ServiceCondition)
	}
	want := []Change{
		{At: now, Actor: customerActor, Field: "impact", From: ptr("S3"), To: ptr("S1")},
		{At: now, Actor: customerActor, Field: "priority", From: ptr("P3"), To: ptr("P1")},
	}
	if !reflect.DeepEqual(e.Changes, want) {
		t.Fatalf("changes %+v", e.Changes)
	}
	// An urgency change that keeps the priority records the urgency only.
	e, err = patchAt(incidentIn(StatusInProgress), nil, RoleCustomer, `{"urgency":"U3","impact":"S2"}`, now)
	if err != nil || e.Incident.Priority != PriorityP3 || len(e.Changes) != 2 {
		t.Fatalf("%v %+v", err, e.Changes)
	}
}

func TestPatchNullUnsetsAndObjectsAppear(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer,
		`{"location":null,"customerReference":null,"contact":{"email":"jane@acme.example"}}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	if inc.Location != nil || inc.CustomerReference != "" || !reflect.DeepEqual(inc.Contact, &Contact{Email: "jane@acme.example"}) {
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
		e, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer, body, t0.Add(time.Hour))
		if err != nil || len(e.Changes) != 0 || !reflect.DeepEqual(e.Incident, incidentIn(StatusInProgress)) {
			t.Errorf("%s: %v %+v", body, err, e.Changes)
		}
	}
}

func TestPatchEscalation(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer, `{"isEscalated":true}`, now)
	if err != nil {
		t.Fatal(err)
	}
	escalated := e.Incident
	if !escalated.IsEscalated || escalated.EscalatedAt == nil || !escalated.EscalatedAt.Equal(now) {
		t.Fatalf("%+v", escalated)
	}
	_, err = patchAt(escalated, nil, RoleCustomer, `{"isEscalated":false}`, now)
	checkError(t, err, CodeInvalidBodyField, MsgEscalationIrrevocable, "")
	e, err = patchAt(escalated, nil, RoleOperator, `{"isEscalated":false}`, now)
	if err != nil || e.Incident.IsEscalated || e.Incident.EscalatedAt != nil {
		t.Fatalf("operators withdraw an escalation: %v %+v", err, e.Incident)
	}
}

func TestPatchDetectedAt(t *testing.T) {
	now := t0.Add(time.Hour)
	e, err := patchAt(incidentIn(StatusInProgress), nil, RoleOperator,
		`{"origin":"PROACTIVE","detectedAt":"2026-11-26T06:00:00Z"}`, now)
	if err != nil {
		t.Fatal(err)
	}
	inc := e.Incident
	// The clock starts at detection: P3 (24 h) from 06:00.
	if !inc.ClockStart().Equal(t0.Add(-2*time.Hour)) || !inc.Clock.Deadline.Equal(t0.Add(22*time.Hour)) {
		t.Fatalf("start %v clock %+v", inc.ClockStart(), inc.Clock)
	}
	_, err = patchAt(inc, nil, RoleOperator, `{"origin":"REACTIVE"}`, now)
	checkError(t, err, CodeInvalidBodyField, MsgDetectedNotProactive, "")
	e, err = patchAt(inc, nil, RoleOperator, `{"origin":"REACTIVE","detectedAt":null}`, now)
	if err != nil || e.Incident.DetectedAt != nil || !e.Incident.Clock.Deadline.Equal(t0.Add(24*time.Hour)) {
		t.Fatalf("%v %+v", err, e.Incident)
	}
}

func TestPatchErrors(t *testing.T) {
	tests := []struct {
		name   string
		status Status
		role   Role
		body   string
		code   int
		key    MessageKey
		arg    string
	}{
		{"empty body", StatusInProgress, RoleCustomer, ``, CodeMissingBody, MsgMissingBody, ""},
		{"array", StatusInProgress, RoleCustomer, `[{"op":"replace"}]`, CodeInvalidBody, MsgBodyNotObject, ""},
		{"malformed", StatusInProgress, RoleCustomer, `{"description":"x"`, CodeInvalidBody, MsgBodyMalformed, ""},
		{"null status", StatusInProgress, RoleOperator, `{"status":null}`, CodeInvalidBodyField, MsgFieldNull, "status"},
		{"null description", StatusInProgress, RoleCustomer, `{"description":null}`, CodeInvalidBodyField, MsgFieldNull, "description"},
		{"null impact", StatusInProgress, RoleCustomer, `{"impact":null}`, CodeInvalidBodyField, MsgFieldNull, "impact"},
		{"null escalation", StatusInProgress, RoleCustomer, `{"isEscalated":null}`, CodeInvalidBodyField, MsgFieldNull, "isEscalated"},
		{"null resolution code", StatusResolved, RoleOperator, `{"resolution":{"code":null}}`, CodeInvalidBodyField, MsgFieldNull, "resolution.code"},
		{"priority", StatusInProgress, RoleOperator, `{"priority":"P1"}`, CodeInvalidBodyField, MsgReadOnlyField, "priority"},
		{"customer", StatusInProgress, RoleOperator, `{"customer":{"id":"globex"}}`, CodeInvalidBodyField, MsgReadOnlyField, "customer"},
		{"sla removed", StatusInProgress, RoleCustomer, `{"sla":null}`, CodeInvalidBodyField, MsgReadOnlyField, "sla"},
		{"statusChangedAt", StatusInProgress, RoleOperator, `{"statusChangedAt":"2026-11-26T08:00:00Z"}`, CodeInvalidBodyField, MsgReadOnlyField, "statusChangedAt"},
		{"unknown field", StatusInProgress, RoleCustomer, `{"severity":"high"}`, CodeInvalidBodyField, MsgUnknownField, "severity"},
		{"unknown nested null", StatusInProgress, RoleCustomer, `{"location":{"floor":null}}`, CodeInvalidBodyField, MsgUnknownField, "location.floor"},
		{"unknown field in a new object", StatusInProgress, RoleCustomer, `{"service":{"sku":"x"}}`, CodeInvalidBodyField, MsgUnknownField, "service.sku"},
		{"location as a string", StatusInProgress, RoleCustomer, `{"location":"Paris"}`, CodeInvalidBodyField, MsgFieldNotObject, "location"},
		{"unknown impact", StatusInProgress, RoleCustomer, `{"impact":"S9"}`, CodeInvalidBodyField, MsgFieldEnum, "impact"},
		{"unknown status", StatusInProgress, RoleOperator, `{"status":"OPEN"}`, CodeInvalidBodyField, MsgFieldEnum, "status"},
		{"long description", StatusInProgress, RoleCustomer, `{"description":"` + strings.Repeat("d", MaxDescription+1) + `"}`, CodeInvalidBodyField, MsgFieldLength, "description"},
		{"bad email", StatusInProgress, RoleCustomer, `{"contact":{"email":"jane"}}`, CodeInvalidBodyField, MsgFieldEmail, "contact.email"},
		{"reason without status", StatusInProgress, RoleOperator, `{"statusChangeReason":"because"}`, CodeInvalidBodyField, MsgReasonWithoutStatus, "statusChangeReason"},
		{"long reason", StatusInProgress, RoleOperator, `{"status":"PENDING","statusChangeReason":"` + strings.Repeat("r", MaxStatusChangeReason+1) + `"}`, CodeInvalidBodyField, MsgFieldLength, "statusChangeReason"},
		{"numeric reason", StatusInProgress, RoleOperator, `{"status":"PENDING","statusChangeReason":1}`, CodeInvalidBodyField, MsgFieldNotString, "statusChangeReason"},
		{"freeze reason without PENDING", StatusInProgress, RoleOperator, `{"status":"RESOLVED","freezeReason":"OTHER"}`, CodeInvalidBodyField, MsgFreezeReasonNoPending, ""},
		{"freeze reason without status", StatusInProgress, RoleOperator, `{"freezeReason":"OTHER"}`, CodeInvalidBodyField, MsgFreezeReasonNoPending, ""},
		{"unknown freeze reason", StatusInProgress, RoleOperator, `{"status":"PENDING","freezeReason":"LUNCH"}`, CodeInvalidBodyField, MsgFieldEnum, "freezeReason"},
		{"customer changes the type", StatusInProgress, RoleCustomer, `{"type":"INFORMATION"}`, CodeInvalidBodyField, MsgForbiddenField, "type"},
		{"customer changes the origin", StatusInProgress, RoleCustomer, `{"origin":"PROACTIVE"}`, CodeInvalidBodyField, MsgForbiddenField, "origin"},
		{"customer sets detectedAt", StatusInProgress, RoleCustomer, `{"detectedAt":"2026-11-26T07:00:00Z"}`, CodeInvalidBodyField, MsgForbiddenField, "detectedAt"},
		{"customer resolves", StatusResolved, RoleCustomer, `{"resolution":{"code":"WORKAROUND"}}`, CodeInvalidBodyField, MsgForbiddenField, "resolution.code"},
		{"resolution before resolving", StatusInProgress, RoleOperator, `{"resolution":{"code":"FIXED"}}`, CodeInvalidBodyField, MsgResolutionNotResolved, ""},
		{"resolution without code", StatusInProgress, RoleOperator, `{"status":"RESOLVED","resolution":{"text":"done"}}`, CodeMissingBodyField, MsgMissingField, "resolution.code"},
		{"resolved without resolution", StatusInProgress, RoleOperator, `{"status":"RESOLVED"}`, CodeInvalidBodyField, MsgResolutionRequired, ""},
		{"resolution removed", StatusResolved, RoleOperator, `{"resolution":null}`, CodeInvalidBodyField, MsgResolutionRequired, ""},
		{"reopened with a resolution", StatusResolved, RoleOperator, `{"status":"IN_PROGRESS","resolution":{"code":"WORKAROUND"}}`, CodeInvalidBodyField, MsgResolutionNotResolved, ""},
		{"detectedAt of a reactive incident", StatusInProgress, RoleOperator, `{"detectedAt":"2026-11-26T07:00:00Z"}`, CodeInvalidBodyField, MsgDetectedNotProactive, ""},
		{"detectedAt after creation", StatusInProgress, RoleOperator, `{"origin":"PROACTIVE","detectedAt":"2026-11-26T08:00:01Z"}`, CodeInvalidBodyField, MsgDetectedAfterCreated, ""},
		{"customer validates", StatusNew, RoleCustomer, `{"status":"VALIDATED"}`, CodeInvalidTransition, MsgInvalidTransition, "NEW"},
		{"closed incident", StatusClosed, RoleOperator, `{"description":"late edit"}`, CodeInvalidTransition, MsgIncidentFinal, "CLOSED"},
		{"cancelled incident", StatusCancelled, RoleCustomer, `{"status":"NEW"}`, CodeInvalidTransition, MsgIncidentFinal, "CANCELLED"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := patchAt(incidentIn(tt.status), nil, tt.role, tt.body, t0.Add(time.Hour))
			checkError(t, err, tt.code, tt.key, tt.arg)
		})
	}
}

func TestPatchRefusedTransitionData(t *testing.T) {
	_, err := patchAt(incidentIn(StatusInProgress), nil, RoleCustomer, `{"status":"RESOLVED"}`, t0.Add(time.Hour))
	checkError(t, err, CodeInvalidTransition, MsgInvalidTransition, "IN_PROGRESS")
	want := map[string]any{"currentStatus": "IN_PROGRESS", "allowedStatuses": []string{}}
	if data := err.(*Error).Data; !reflect.DeepEqual(data, want) {
		t.Fatalf("data %#v", data)
	}
	_, err = patchAt(incidentIn(StatusValidated), nil, RoleOperator, `{"status":"CLOSED"}`, t0.Add(time.Hour))
	want = map[string]any{"currentStatus": "VALIDATED", "allowedStatuses": []string{"IN_PROGRESS", "PENDING", "RESOLVED", "CANCELLED"}}
	if data := err.(*Error).Data; !reflect.DeepEqual(data, want) {
		t.Fatalf("data %#v", data)
	}
	if d := err.(*Error).Describe(English); d != "status VALIDATED cannot change to CLOSED; allowed: [IN_PROGRESS, PENDING, RESOLVED, CANCELLED]" {
		t.Errorf("description %q", d)
	}
}

// lifecycleRun applies a sequence of patches, each an hour after the last,
// to one incident and its periods.
type lifecycleRun struct {
	t       *testing.T
	inc     *Incident
	periods []FreezePeriod
	now     time.Time
	changes []Change
}

func (r *lifecycleRun) patch(role Role, body string) {
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
	r := &lifecycleRun{t: t, inc: incidentIn(StatusValidated), now: t0}
	r.patch(RoleOperator, `{"status":"IN_PROGRESS"}`) // 09:00
	if !r.inc.StatusChangedAt.Equal(r.now) || len(r.periods) != 0 {
		t.Fatalf("%+v", r.inc)
	}
	r.patch(RoleOperator, `{"status":"PENDING","freezeReason":"SITE_ACCESS_REFUSED","statusChangeReason":"gate locked"}`) // 10:00
	want := []FreezePeriod{{StartAt: r.now, Reason: FreezeSiteAccessRefused, CreatedBy: providerActor}}
	if !reflect.DeepEqual(r.periods, want) || r.inc.Clock.FrozenSince == nil || !r.inc.Clock.FrozenSince.Equal(r.now) {
		t.Fatalf("periods %+v clock %+v", r.periods, r.inc.Clock)
	}
	if c := r.changes; len(c) != 1 || c[0].Field != "status" || *c[0].From != "IN_PROGRESS" || *c[0].To != "PENDING" || c[0].Reason != "gate locked" {
		t.Fatalf("changes %+v", c)
	}
	r.patch(RoleOperator, `{"status":"IN_PROGRESS"}`) // 11:00 closes the period
	if end := r.periods[0].EndAt; end == nil || !end.Equal(r.now) || r.inc.Clock.FrozenSeconds != 3600 || r.inc.Clock.FrozenSince != nil {
		t.Fatalf("periods %+v clock %+v", r.periods, r.inc.Clock)
	}
	r.patch(RoleOperator, `{"status":"PENDING"}`) // 12:00, default reason
	if len(r.periods) != 2 || r.periods[1].Reason != FreezePendingCustomer || r.periods[1].EndAt != nil {
		t.Fatalf("periods %+v", r.periods)
	}
	r.patch(RoleOperator, `{"status":"RESOLVED","resolution":{"code":"FIXED","text":"card replaced"}}`) // 13:00
	if r.inc.ResolvedAt == nil || !r.inc.ResolvedAt.Equal(r.now) || r.periods[1].EndAt == nil || !r.periods[1].EndAt.Equal(r.now) {
		t.Fatalf("%+v periods %+v", r.inc, r.periods)
	}
	// 5 h since 08:00, 2 h of them frozen.
	if sla := r.inc.SLA(r.now.Add(10 * time.Hour)); sla.TimeToRestoreSeconds != 3*3600 || sla.FrozenSeconds != 2*3600 || sla.IsFrozen {
		t.Fatalf("sla %+v", sla)
	}
	r.patch(RoleCustomer, `{"status":"IN_PROGRESS","statusChangeReason":"still down"}`) // 14:00 reopened
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
	r.patch(RoleOperator, `{"status":"RESOLVED","resolution":{"code":"WORKAROUND"}}`) // 15:00
	r.patch(RoleOperator, `{"resolution":{"text":"replaced later"}}`)                 // 16:00, corrected
	if *r.inc.Resolution != (Resolution{Code: ResolutionWorkaround, Text: "replaced later"}) || !r.inc.ResolvedAt.Equal(t0.Add(7*time.Hour)) {
		t.Fatalf("%+v", r.inc.Resolution)
	}
	r.patch(RoleCustomer, `{"status":"CLOSED"}`) // 17:00
	if r.inc.ClosedAt == nil || !r.inc.ClosedAt.Equal(r.now) || r.inc.Resolution == nil {
		t.Fatalf("%+v", r.inc)
	}
}

func TestCancellingClosesTheOpenPeriod(t *testing.T) {
	r := &lifecycleRun{t: t, inc: incidentIn(StatusValidated), now: t0}
	r.patch(RoleOperator, `{"status":"PENDING"}`)
	r.patch(RoleOperator, `{"status":"CANCELLED"}`)
	if r.periods[0].EndAt == nil || !r.periods[0].EndAt.Equal(r.now) || r.inc.SLA(r.now.Add(time.Hour)).IsFrozen {
		t.Fatalf("periods %+v", r.periods)
	}
}

func TestEnteringPendingKeepsAnOpenPeriod(t *testing.T) {
	open := []FreezePeriod{{ID: 7, StartAt: t0.Add(30 * time.Minute), Reason: FreezeThirdParty, CreatedBy: providerActor}}
	e, err := patchAt(incidentIn(StatusInProgress), open, RoleOperator, `{"status":"PENDING"}`, t0.Add(time.Hour))
	if err != nil || !reflect.DeepEqual(e.Periods, open) {
		t.Fatalf("%v %+v", err, e.Periods)
	}
}

func TestCheckIfMatch(t *testing.T) {
	inc := incidentIn(StatusInProgress) // version 3
	for _, tags := range [][]string{nil, {"*"}, {`"2611N00042.3"`}, {`"2611N00042.2"`, `"2611N00042.3"`}} {
		if err := checkIfMatch(inc, tags); err != nil {
			t.Errorf("%v: %v", tags, err)
		}
	}
	for _, tags := range [][]string{{`"2611N00042.2"`}, {`W/"2611N00042.3"`}, {`2611N00042.3`}} {
		err := checkIfMatch(inc, tags)
		checkError(t, err, CodePreconditionFailed, MsgPreconditionFailed, `"2611N00042.3"`)
	}
}
