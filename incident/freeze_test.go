package incident

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// freezeBodyOf writes an add body for hours after t0 (open: no endAt).
func freezeBodyOf(from, to float64) string {
	body := `{"startAt":"` + wireTime(at(from)) + `","reason":"CUSTOMER_UNREACHABLE"`
	if to != open {
		body += `,"endAt":"` + wireTime(at(to)) + `"`
	}
	return body + "}"
}

func TestAddPeriodRules(t *testing.T) {
	existing := []FreezePeriod{period(1, 1, 2)}
	tests := []struct {
		name     string
		status   Status
		periods  []FreezePeriod
		from, to float64
		code     int
		key      MessageKey
	}{
		{"closed, later", StatusInProgress, existing, 3, 4, 0, ""},
		{"touching the end of another", StatusInProgress, existing, 2, 3, 0, ""},
		{"touching the start of another", StatusInProgress, existing, 0.5, 1, 0, ""},
		{"before the clock start", StatusInProgress, existing, -3, -2, 0, ""},
		{"open", StatusInProgress, existing, 4, open, 0, ""},
		{"ending now", StatusInProgress, existing, 4, 5, 0, ""},
		{"closed, on a closed incident", StatusClosed, existing, 3, 4, 0, ""},
		{"overlapping the end of another", StatusInProgress, existing, 1.5, 2.5, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"containing another", StatusInProgress, existing, 0.5, 4, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"inside another", StatusInProgress, existing, 1.2, 1.8, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"open across another", StatusInProgress, existing, 1.5, open, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"before an open one", StatusInProgress, []FreezePeriod{period(1, 3, open)}, 3.5, 4, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"a second open one", StatusInProgress, []FreezePeriod{period(1, 3, open)}, 4, open, CodeOverlappingFreeze, MsgOverlappingFreeze},
		{"ending in the future", StatusInProgress, existing, 4, 5.01, CodeInvalidBodyField, MsgFreezeEndInFuture},
		{"starting in the future", StatusInProgress, existing, 5.01, open, CodeInvalidBodyField, MsgFreezeStartInFuture},
		{"empty", StatusInProgress, existing, 3, 3, CodeInvalidBodyField, MsgFreezeEndBeforeStart},
		{"ending before it starts", StatusInProgress, existing, 4, 3, CodeInvalidBodyField, MsgFreezeEndBeforeStart},
		{"open on a resolved incident", StatusResolved, nil, 2, open, CodeInvalidBodyField, MsgFreezeOpenWhenOver},
		{"open on a cancelled incident", StatusCancelled, nil, 2, open, CodeInvalidBodyField, MsgFreezeOpenWhenOver},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := decodeFreezePeriod([]byte(freezeBodyOf(tt.from, tt.to)))
			if err != nil {
				t.Fatal(err)
			}
			inc := incidentIn(tt.status)
			e := &Edit{Incident: inc, Periods: append([]FreezePeriod(nil), tt.periods...), Now: at(5)}
			err = addPeriod(e, p, providerActor)
			if tt.code != 0 {
				checkError(t, err, tt.code, tt.key, "")
				if tt.code == CodeOverlappingFreeze && err.(*Error).Args[0] != int64(1) {
					t.Errorf("names period %v", err.(*Error).Args)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(e.Periods) != len(tt.periods)+1 || len(e.Changes) != 1 || e.Changes[0].Field != "freezePeriods" {
				t.Fatalf("periods %+v changes %+v", e.Periods, e.Changes)
			}
			want := ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, e.Periods)
			if !reflect.DeepEqual(inc.Clock, want) {
				t.Fatalf("clock %+v, want %+v", inc.Clock, want)
			}
		})
	}
}

func TestDecodeFreezePeriod(t *testing.T) {
	p, err := decodeFreezePeriod([]byte(`{"startAt":"2026-11-26T10:00:00+01:00","endAt":null,"reason":"THIRD_PARTY","comment":"waiting on the carrier"}`))
	want := FreezePeriod{StartAt: at(1), Reason: FreezeThirdParty, Comment: "waiting on the carrier"}
	if err != nil || !reflect.DeepEqual(p, want) {
		t.Fatalf("%+v %v", p, err)
	}
	tests := []struct {
		body string
		code int
		key  MessageKey
		arg  string
	}{
		{``, CodeMissingBody, MsgMissingBody, ""},
		{`{"reason":"OTHER"}`, CodeMissingBodyField, MsgMissingField, "startAt"},
		{`{"startAt":"2026-11-26T10:00:00Z"}`, CodeMissingBodyField, MsgMissingField, "reason"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"LUNCH"}`, CodeInvalidBodyField, MsgFieldEnum, "reason"},
		{`{"startAt":"26/11/2026","reason":"OTHER"}`, CodeInvalidBodyField, MsgFieldNotTime, "startAt"},
		{`{"startAt":null,"reason":"OTHER"}`, CodeInvalidBodyField, MsgFieldNull, "startAt"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","id":3}`, CodeInvalidBodyField, MsgReadOnlyField, "id"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","createdBy":{}}`, CodeInvalidBodyField, MsgReadOnlyField, "createdBy"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","until":"x"}`, CodeInvalidBodyField, MsgUnknownField, "until"},
		{`{"startAt":"2026-11-26T10:00:00Z","reason":"OTHER","comment":"` + strings.Repeat("c", MaxFreezeComment+1) + `"}`, CodeInvalidBodyField, MsgFieldLength, "comment"},
	}
	for _, tt := range tests {
		_, err := decodeFreezePeriod([]byte(tt.body))
		checkError(t, err, tt.code, tt.key, tt.arg)
	}
}

// patchPeriodAt applies a period patch body to period index i at now.
func patchPeriodAt(status Status, periods []FreezePeriod, i int, body string, now time.Time) (*Edit, FreezePeriod, error) {
	patch, err := decodeFreezePatch([]byte(body))
	if err != nil {
		return nil, FreezePeriod{}, err
	}
	e := &Edit{Incident: incidentIn(status), Periods: append([]FreezePeriod(nil), periods...), Now: now}
	p, err := patchPeriod(e, i, patch, providerActor)
	return e, p, err
}

func TestPatchPeriod(t *testing.T) {
	periods := []FreezePeriod{period(1, 1, 2), period(2, 3, open)}
	e, p, err := patchPeriodAt(StatusPending, periods, 1, `{"endAt":"2026-11-26T12:00:00Z","comment":"customer called back"}`, at(5))
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
	if _, p, err := patchPeriodAt(StatusInProgress, []FreezePeriod{period(1, 1, 2)}, 0, `{"endAt":null}`, at(5)); err != nil || p.EndAt != nil {
		t.Fatalf("reopen: %+v %v", p, err)
	}
	if e, _, err := patchPeriodAt(StatusInProgress, []FreezePeriod{period(1, 1, 2)}, 0, `{"reason":"SITE_ACCESS_REFUSED"}`, at(5)); err != nil || len(e.Changes) != 1 {
		t.Fatalf("reason: %v", err)
	}
	// Nothing changes, nothing is recorded.
	if e, _, err := patchPeriodAt(StatusInProgress, []FreezePeriod{period(1, 1, 2)}, 0, `{"reason":"OTHER","endAt":"2026-11-26T10:00:00Z"}`, at(5)); err != nil || len(e.Changes) != 0 {
		t.Fatalf("no change: %v %+v", err, e.Changes)
	}

	tests := []struct {
		name string
		body string
		code int
		key  MessageKey
		arg  string
	}{
		{"overlap", `{"startAt":"2026-11-26T09:30:00Z"}`, CodeOverlappingFreeze, MsgOverlappingFreeze, "1"},
		{"start removed", `{"startAt":null}`, CodeInvalidBodyField, MsgFieldNull, "startAt"},
		{"reason removed", `{"reason":null}`, CodeInvalidBodyField, MsgFieldNull, "reason"},
		{"end in the future", `{"endAt":"2026-11-26T14:00:00Z"}`, CodeInvalidBodyField, MsgFreezeEndInFuture, ""},
		{"end before start", `{"endAt":"2026-11-26T10:30:00Z"}`, CodeInvalidBodyField, MsgFreezeEndBeforeStart, ""},
		{"id", `{"id":5}`, CodeInvalidBodyField, MsgReadOnlyField, "id"},
		{"unknown", `{"end":null}`, CodeInvalidBodyField, MsgUnknownField, "end"},
		{"bad time", `{"endAt":"noon"}`, CodeInvalidBodyField, MsgFieldNotTime, "endAt"},
		{"not an object", `"close"`, CodeInvalidBody, MsgBodyNotObject, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := patchPeriodAt(StatusPending, periods, 1, tt.body, at(5))
			checkError(t, err, tt.code, tt.key, tt.arg)
		})
	}
}
