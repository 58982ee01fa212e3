package incident_test

import (
	"errors"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// checkBodyError fails unless err is an *incident.Error of codes 21 to 24 (66 when
// the body is over the limit), or one of the extra codes.
func checkBodyError(t *testing.T, err error, body []byte, extra ...int) {
	var e *incident.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *incident.Error", err)
	}
	switch {
	case e.Code >= incident.CodeMissingBody && e.Code <= incident.CodeInvalidBodyField:
	case e.Code == incident.CodeTooLarge && len(body) > contract.MaxBodyBytes:
	default:
		for _, c := range extra {
			if e.Code == c {
				return
			}
		}
		t.Fatalf("unexpected code %d: %s", e.Code, e.Describe(text.English))
	}
}

func FuzzDecodeCreate(f *testing.F) {
	f.Add([]byte(`{"description":"Line down","impact":"S2","urgency":"U1"}`), false)
	f.Add([]byte(`{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1","origin":"PROACTIVE","detectedAt":"2026-11-26T07:00:00Z"}`), true)
	f.Add([]byte(`{"description":"x","impact":"S4","urgency":"U3","location":{"address":{"country":"fr"}},"contact":{"email":"a@b.example"},"service":null}`), false)
	f.Add([]byte(`{"description":"x","impact":"S1","urgency":"U1","priority":"P4","id":"1"}`), true)
	f.Add([]byte(`[1,{"a":[null,true,1.5e3,"\u00e9"]}]`), false)
	f.Fuzz(func(t *testing.T, body []byte, operator bool) {
		role := incident.RoleCustomer
		if operator {
			role = incident.RoleOperator
		}
		cmd, err := contract.DecodeCreate(body, role)
		if err != nil {
			checkBodyError(t, err, body)
			return
		}
		inc, err := incident.NewIncidentOf(cmd, role, t0)
		if err != nil {
			checkBodyError(t, err, body)
			return
		}
		n := utf8.RuneCountInString(inc.Description)
		if n < 1 || n > incident.MaxDescription || inc.Priority != incident.DefaultMatrix().Priority[inc.Impact][inc.Urgency] ||
			inc.Clock.TargetSeconds != incident.DefaultMatrix().TargetSeconds[inc.Priority] || inc.Type == "" || inc.ServiceCondition == "" {
			t.Fatalf("%+v", inc)
		}
		wantStatus := map[incident.Role]incident.Status{incident.RoleCustomer: incident.StatusNew, incident.RoleOperator: incident.StatusValidated}[role]
		if inc.Status != wantStatus || !operator && (inc.Origin != incident.OriginReactive || inc.Customer.ID != "" || inc.DetectedAt != nil) ||
			operator && inc.Customer.ID == "" {
			t.Fatalf("%+v", inc)
		}
		if inc.DetectedAt != nil && (inc.Origin != incident.OriginProactive || inc.DetectedAt.After(t0)) {
			t.Fatalf("detected %v", inc.DetectedAt)
		}
	})
}

func FuzzDecodePatch(f *testing.F) {
	f.Add([]byte(`{"description":"Still down","location":{"address":{"city":"Lyon"}}}`), false, 2)
	f.Add([]byte(`{"status":"PENDING","freezeReason":"SITE_ACCESS_REFUSED","statusChangeReason":"gate"}`), true, 1)
	f.Add([]byte(`{"status":"RESOLVED","resolution":{"code":"FIXED","text":"done"}}`), true, 2)
	f.Add([]byte(`{"status":"IN_PROGRESS","isEscalated":true,"contact":null}`), false, 4)
	f.Add([]byte(`{"origin":"PROACTIVE","detectedAt":"2026-11-26T07:00:00Z","impact":"S1"}`), true, 3)
	f.Add([]byte(`{"sla":null,"location":{"x":null}}`), false, 0)
	f.Fuzz(func(t *testing.T, body []byte, operator bool, status int) {
		p, err := contract.DecodePatch(body)
		if err != nil {
			checkBodyError(t, err, body)
			return
		}
		role := incident.RoleCustomer
		if operator {
			role = incident.RoleOperator
		}
		from := incident.Status(incident.Statuses[uint(status)%uint(len(incident.Statuses))])
		inc := incidentIn(from)
		now := t0.Add(3 * time.Hour)
		e := &incident.Edit{Incident: inc, Periods: []incident.FreezePeriod{period(1, 1, 2)}, Now: now}
		if err := incident.ApplyPatch(e, callerOf(role), p); err != nil {
			checkBodyError(t, err, body, incident.CodeInvalidTransition)
			return
		}
		if len(e.Changes) == 0 {
			if !reflect.DeepEqual(e.Incident, incidentIn(from)) {
				t.Fatalf("changed without a change recorded: %+v", e.Incident)
			}
			return
		}
		if inc.Status != from && !incident.CanTransition(role, from, inc.Status) {
			t.Fatalf("%s → %s by role %d", from, inc.Status, role)
		}
		if inc.Status == incident.StatusResolved && (inc.Resolution == nil || inc.ResolvedAt == nil) {
			t.Fatalf("resolved without resolution: %+v", inc)
		}
		if _, _, overlapping := incident.Overlapping(e.Periods); overlapping {
			t.Fatalf("overlapping periods %+v", e.Periods)
		}
		want := incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, e.Periods)
		if !reflect.DeepEqual(inc.Clock, want) || inc.Priority != incident.DefaultMatrix().Priority[inc.Impact][inc.Urgency] {
			t.Fatalf("clock %+v, want %+v", inc.Clock, want)
		}
	})
}
