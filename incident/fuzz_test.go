package incident

import (
	"errors"
	"net/url"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"
)

// Fuzz targets of the request decoders. Their seed corpora live under
// testdata/fuzz/<target>/; run one with
//
//	go test ./incident -run='^$' -fuzz=FuzzParseQuery -fuzztime=30s

func FuzzParseQuery(f *testing.F) {
	f.Add("location.address.country=FR&Priority=P1", "", "", false)
	f.Add("offset=10&limit=20&sort=-createdAt", "", "", false)
	f.Add("createdAt.gte=2026-11-26&createdAt.lt=2026-11-27T10:00:00%2B01:00&fields=id,sla.isBreached", "status", "NEW,in_progress", true)
	f.Add("customer.id=acme&sla.gtrTargetSeconds.lte=14400&isEscalated=true", "description.contains", "line", false)
	f.Add("groupBy=status&metrics=count&limit=1000", "id.ne", "2611N00042", true)
	f.Add("limit=0&limit=1001", "sort", "priority,-priority", false)
	f.Fuzz(func(t *testing.T, rawQuery, name, value string, operator bool) {
		params, _ := url.ParseQuery(rawQuery) // a partial parse is still a query to try
		if params == nil {
			params = url.Values{}
		}
		params[name] = append(params[name], value)
		role := RoleCustomer
		if operator {
			role = RoleOperator
		}
		q, reserved, err := IncidentAttributes.ParseQueryWith(params, role, QueryOptions{Reserved: []string{"groupBy", "metrics"}, Fields: IncidentFields})
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeInvalidQueryParam {
				t.Fatalf("error %v is not code 28", err)
			}
			return
		}
		if q.Limit < 1 || q.Limit > MaxLimit || q.Offset < 0 || len(q.Sort) == 0 {
			t.Fatalf("page %+v", q)
		}
		for k := range reserved {
			if k != "groupBy" && k != "metrics" {
				t.Fatalf("reserved %v", reserved)
			}
		}
		values := 0
		for _, flt := range q.Filters {
			if !flt.Attr.Kind.Allows(flt.Op) || len(flt.Values) == 0 || flt.Attr.OperatorOnly && !operator {
				t.Fatalf("filter %+v", flt)
			}
			for _, v := range flt.Values {
				if !utf8.ValidString(v.Str) {
					t.Fatalf("invalid text in %+v", flt)
				}
				if flt.Attr.Kind == KindTime && !v.From.Before(v.To) {
					t.Fatalf("empty time range in %+v", flt)
				}
			}
			values += len(flt.Values)
		}
		if values > MaxQueryValues {
			t.Fatalf("%d values", values)
		}
	})
}

// checkBodyError fails unless err is an *Error of codes 21 to 24 (66 when
// the body is over the limit), or one of the extra codes.
func checkBodyError(t *testing.T, err error, body []byte, extra ...int) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an *Error", err)
	}
	switch {
	case e.Code >= CodeMissingBody && e.Code <= CodeInvalidBodyField:
	case e.Code == CodeTooLarge && len(body) > MaxBodyBytes:
	default:
		for _, c := range extra {
			if e.Code == c {
				return
			}
		}
		t.Fatalf("unexpected code %d: %s", e.Code, e.Describe(English))
	}
}

func FuzzDecodeCreate(f *testing.F) {
	f.Add([]byte(`{"description":"Line down","impact":"S2","urgency":"U1"}`), false)
	f.Add([]byte(`{"customer":{"id":"acme"},"description":"Alarm","impact":"S1","urgency":"U1","origin":"PROACTIVE","detectedAt":"2026-11-26T07:00:00Z"}`), true)
	f.Add([]byte(`{"description":"x","impact":"S4","urgency":"U3","location":{"address":{"country":"fr"}},"contact":{"email":"a@b.example"},"service":null}`), false)
	f.Add([]byte(`{"description":"x","impact":"S1","urgency":"U1","priority":"P4","id":"1"}`), true)
	f.Add([]byte(`[1,{"a":[null,true,1.5e3,"\u00e9"]}]`), false)
	f.Fuzz(func(t *testing.T, body []byte, operator bool) {
		role := RoleCustomer
		if operator {
			role = RoleOperator
		}
		inc, err := decodeCreate(body, role, DefaultMatrix(), t0)
		if err != nil {
			checkBodyError(t, err, body)
			return
		}
		n := utf8.RuneCountInString(inc.Description)
		if n < 1 || n > MaxDescription || inc.Priority != DefaultMatrix().Priority[inc.Impact][inc.Urgency] ||
			inc.Clock.TargetSeconds != DefaultMatrix().TargetSeconds[inc.Priority] || inc.Type == "" || inc.ServiceCondition == "" {
			t.Fatalf("%+v", inc)
		}
		wantStatus := map[Role]Status{RoleCustomer: StatusNew, RoleOperator: StatusValidated}[role]
		if inc.Status != wantStatus || !operator && (inc.Origin != OriginReactive || inc.Customer.ID != "" || inc.DetectedAt != nil) ||
			operator && inc.Customer.ID == "" {
			t.Fatalf("%+v", inc)
		}
		if inc.DetectedAt != nil && (inc.Origin != OriginProactive || inc.DetectedAt.After(t0)) {
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
		p, err := decodePatch(body)
		if err != nil {
			checkBodyError(t, err, body)
			return
		}
		role := RoleCustomer
		if operator {
			role = RoleOperator
		}
		from := Status(Statuses[uint(status)%uint(len(Statuses))])
		inc := incidentIn(from)
		now := t0.Add(3 * time.Hour)
		e := &Edit{Incident: inc, Periods: []FreezePeriod{period(1, 1, 2)}, Now: now}
		if err := DefaultMatrix().applyPatch(e, callerOf(role), p); err != nil {
			checkBodyError(t, err, body, CodeInvalidTransition)
			return
		}
		if len(e.Changes) == 0 {
			if !reflect.DeepEqual(e.Incident, incidentIn(from)) {
				t.Fatalf("changed without a change recorded: %+v", e.Incident)
			}
			return
		}
		if inc.Status != from && !CanTransition(role, from, inc.Status) {
			t.Fatalf("%s → %s by role %d", from, inc.Status, role)
		}
		if inc.Status == StatusResolved && (inc.Resolution == nil || inc.ResolvedAt == nil) {
			t.Fatalf("resolved without resolution: %+v", inc)
		}
		if _, _, overlapping := Overlapping(e.Periods); overlapping {
			t.Fatalf("overlapping periods %+v", e.Periods)
		}
		want := ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, e.Periods)
		if !reflect.DeepEqual(inc.Clock, want) || inc.Priority != DefaultMatrix().Priority[inc.Impact][inc.Urgency] {
			t.Fatalf("clock %+v, want %+v", inc.Clock, want)
		}
	})
}
