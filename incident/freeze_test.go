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

// freezeBodyOf writes an add body for hours after t0 (open: no endAt).
func freezeBodyOf(from, to float64) string {
	body := `{"startAt":"` + wire(at(from)) + `","reason":"CUSTOMER_UNREACHABLE"`
	if to != open {
		body += `,"endAt":"` + wire(at(to)) + `"`
	}
	return body + "}"
}

func TestAddPeriodRules(t *testing.T) {
	existing := []incident.FreezePeriod{period(1, 1, 2)}
	tests := []struct {
		name     string
		status   incident.Status
		periods  []incident.FreezePeriod
		from, to float64
		code     int
		key      text.Key
	}{
		{"closed, later", incident.StatusInProgress, existing, 3, 4, 0, ""},
		{"touching the end of another", incident.StatusInProgress, existing, 2, 3, 0, ""},
		{"touching the start of another", incident.StatusInProgress, existing, 0.5, 1, 0, ""},
		{"before the clock start", incident.StatusInProgress, existing, -3, -2, 0, ""},
		{"open", incident.StatusInProgress, existing, 4, open, 0, ""},
		{"ending now", incident.StatusInProgress, existing, 4, 5, 0, ""},
		{"closed, on a closed incident", incident.StatusClosed, existing, 3, 4, 0, ""},
		{"overlapping the end of another", incident.StatusInProgress, existing, 1.5, 2.5, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"containing another", incident.StatusInProgress, existing, 0.5, 4, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"inside another", incident.StatusInProgress, existing, 1.2, 1.8, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"open across another", incident.StatusInProgress, existing, 1.5, open, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"before an open one", incident.StatusInProgress, []incident.FreezePeriod{period(1, 3, open)}, 3.5, 4, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"a second open one", incident.StatusInProgress, []incident.FreezePeriod{period(1, 3, open)}, 4, open, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze},
		{"ending in the future", incident.StatusInProgress, existing, 4, 5.01, incident.CodeInvalidBodyField, incident.MsgFreezeEndInFuture},
		{"starting in the future", incident.StatusInProgress, existing, 5.01, open, incident.CodeInvalidBodyField, incident.MsgFreezeStartInFuture},
		{"empty", incident.StatusInProgress, existing, 3, 3, incident.CodeInvalidBodyField, incident.MsgFreezeEndBeforeStart},
		{"ending before it starts", incident.StatusInProgress, existing, 4, 3, incident.CodeInvalidBodyField, incident.MsgFreezeEndBeforeStart},
		{"open on a resolved incident", incident.StatusResolved, nil, 2, open, incident.CodeInvalidBodyField, incident.MsgFreezeOpenWhenOver},
		{"open on a cancelled incident", incident.StatusCancelled, nil, 2, open, incident.CodeInvalidBodyField, incident.MsgFreezeOpenWhenOver},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := contract.DecodeFreezePeriod([]byte(freezeBodyOf(tt.from, tt.to)))
			if err != nil {
				t.Fatal(err)
			}
			inc := incidentIn(tt.status)
			e := &incident.Edit{Incident: inc, Periods: append([]incident.FreezePeriod(nil), tt.periods...), Now: at(5)}
			err = incident.AddPeriod(e, p, providerActor)
			if tt.code != 0 {
				checkError(t, err, tt.code, tt.key, "")
				if tt.code == incident.CodeOverlappingFreeze && err.(*incident.Error).Args[0] != int64(1) {
					t.Errorf("names period %v", err.(*incident.Error).Args)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Periods) != len(tt.periods)+1 || len(e.Changes) != 1 || e.Changes[0].Field != "freezePeriods" {
				t.Fatalf("periods %+v changes %+v", e.Periods, e.Changes)
			}
			want := incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, e.Periods)
			if !reflect.DeepEqual(inc.Clock, want) {
				t.Fatalf("clock %+v, want %+v", inc.Clock, want)
			}
		})
	}
}

func TestDecodeFreezePeriod(t *testing.T) {
	p, err := contract.DecodeFreezePeriod([]byte(`{"startAt":"2026-11-26T10:00:00+01:00","endAt":null,"reason":"THIRD_PARTY","comment":"waiting on the carrier"}`))
	want := incident.FreezeInput{StartAt: at(1), Reason: incident.FreezeThirdParty, Comment: "waiting on the carrier"}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Fatalf("%+v %v", p, err)
	}
	tests := []struct {
		body string
		code int
		key  text.Key
		arg  string
	}{
		{``, incident.CodeMissingBody, contract.MsgMissingBody, ""},
		{`{"reason":"OTHER"}`, incident.CodeMissingBodyField, incident.MsgMissingField, "startAt"},
		{`{"startAt":"2026-11-26T10:00:00Z"}`, incident.CodeMissingBodyField, incident.MsgMissingField, "reason"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"LUNCH"}`, incident.CodeInvalidBodyField, incident.MsgFieldEnum, "reason"},
		{`{"startAt":"26/11/2026","reason":"OTHER"}`, incident.CodeInvalidBodyField, contract.MsgFieldNotTime, "startAt"},
		{`{"startAt":null,"reason":"OTHER"}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "startAt"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","id":3}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "id"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","createdBy":{}}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "createdBy"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","until":"x"}`, incident.CodeInvalidBodyField, contract.MsgUnknownField, "until"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","comment":"` + strings.Repeat("c", incident.MaxFreezeComment+1) + `"}`, incident.CodeInvalidBodyField, incident.MsgFieldLength, "comment"},
	}
	for _, tt := range tests {
		in, err := contract.DecodeFreezePeriod([]byte(tt.body))
		if err == nil {
			_, err = incident.FreezePeriodOf(in)
		}
		checkError(t, err, tt.code, tt.key, tt.arg)
	}
}

// patchPeriodAt applies a period patch body to period index i at now.
func patchPeriodAt(status incident.Status, periods []incident.FreezePeriod, i int, body string, now time.Time) (*incident.Edit, incident.FreezePeriod, error) {
	patch, err := contract.DecodeFreezePatch([]byte(body))
	if err != nil {
		return nil, incident.FreezePeriod{}, err
	}
	e := &incident.Edit{Incident: incidentIn(status), Periods: append([]incident.FreezePeriod(nil), periods...), Now: now}
	p, err := incident.PatchPeriod(e, i, patch, providerActor)
	return e, p, err
}

func TestPatchPeriod(t *testing.T) {
	periods := []incident.FreezePeriod{period(1, 1, 2), period(2, 3, open)}
	e, p, err := patchPeriodAt(incident.StatusPending, periods, 1, `{"endAt":"2026-11-26T12:00:00Z","comment":"customer called back"}`, at(5))
	if err != nil {
		t.Fatal(err)
	}
	if p.EndAt == nil || !p.EndAt.Equal(at(4)) || p.Comment != "customer called back" || !reflect.DeepEqual(e.Periods[1], p) {
		t.Fatalf("%+v", p)
	}
	c := e.Changes
	if len(c) != 1 || *c[0].From != "2026-11-26T11:00:00.000Z/.." || *c[0].To != "2026-11-26T11:00:00.000Z/2026-11-26T12:00:00.000Z" ||
		c[0].Reason != "OTHER: customer called back" {
		t.Fatalf("changes %+v", c)
	}
	if e.Incident.Clock.FrozenSeconds != 2*3600 || e.Incident.Clock.FrozenSince != nil {
		t.Fatalf("clock %+v", e.Incident.Clock)
	}

	// Reopening the latest period, and a change of reason alone.
	if _, p, err := patchPeriodAt(incident.StatusInProgress, []incident.FreezePeriod{period(1, 1, 2)}, 0, `{"endAt":null}`, at(5)); err != nil || p.EndAt != nil {
		t.Fatalf("reopen: %+v %v", p, err)
	}
	if e, _, err := patchPeriodAt(incident.StatusInProgress, []incident.FreezePeriod{period(1, 1, 2)}, 0, `{"reason":"SITE_ACCESS_REFUSED"}`, at(5)); err != nil || len(e.Changes) != 1 {
		t.Fatalf("reason: %v", err)
	}
	// Nothing changes, nothing is recorded.
	if e, _, err := patchPeriodAt(incident.StatusInProgress, []incident.FreezePeriod{period(1, 1, 2)}, 0, `{"reason":"OTHER","endAt":"2026-11-26T10:00:00Z"}`, at(5)); err != nil || len(e.Changes) != 0 {
		t.Fatalf("no change: %v %+v", err, e.Changes)
	}

	tests := []struct {
		name string
		body string
		code int
		key  text.Key
		arg  string
	}{
		{"overlap", `{"startAt":"2026-11-26T09:30:00Z"}`, incident.CodeOverlappingFreeze, incident.MsgOverlappingFreeze, "1"},
		{"start removed", `{"startAt":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "startAt"},
		{"reason removed", `{"reason":null}`, incident.CodeInvalidBodyField, contract.MsgFieldNull, "reason"},
		{"end in the future", `{"endAt":"2026-11-26T14:00:00Z"}`, incident.CodeInvalidBodyField, incident.MsgFreezeEndInFuture, ""},
		{"end before start", `{"endAt":"2026-11-26T10:30:00Z"}`, incident.CodeInvalidBodyField, incident.MsgFreezeEndBeforeStart, ""},
		{"id", `{"id":5}`, incident.CodeInvalidBodyField, contract.MsgReadOnlyField, "id"},
		{"unknown", `{"end":null}`, incident.CodeInvalidBodyField, contract.MsgUnknownField, "end"},
		{"bad time", `{"endAt":"noon"}`, incident.CodeInvalidBodyField, contract.MsgFieldNotTime, "endAt"},
		{"not an object", `"close"`, incident.CodeInvalidBody, contract.MsgBodyNotObject, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := patchPeriodAt(incident.StatusPending, periods, 1, tt.body, at(5))
			checkError(t, err, tt.code, tt.key, tt.arg)
		})
	}
}
