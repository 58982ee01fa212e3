package incident

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestParseAggregation(t *testing.T) {
	tests := []struct {
		name    string
		params  map[string][]string
		role    Role
		groupBy []GroupKey
		metrics []Metric
		filters int
	}{
		{"nothing: one group, count", nil, RoleCustomer, nil, []Metric{MetricCount}, 0},
		{"the spec's example", params("groupBy", "status,priority", "metrics", "count,mttr,breached"), RoleCustomer,
			[]GroupKey{{Attr: attr(t, "status")}, {Attr: attr(t, "priority")}},
			[]Metric{MetricCount, MetricMTTR, MetricBreached}, 0},
		{"names and buckets case-insensitive", params("GroupBy", "Location.Address.Country,CREATEDAT:Month", "Metrics", "MTTR"), RoleCustomer,
			[]GroupKey{{Attr: attr(t, "location.address.country")}, {Attr: attr(t, "createdAt"), Bucket: BucketMonth}},
			[]Metric{MetricCount, MetricMTTR}, 0},
		{"count is always first", params("groupBy", "sla.isBreached", "metrics", "breached,count"), RoleCustomer,
			[]GroupKey{{Attr: attr(t, "sla.isBreached")}}, []Metric{MetricCount, MetricBreached}, 0},
		{"every kind, in the order given", params("groupBy", "isEscalated,resolution.code,createdAt:week,impact,sla.isFrozen"), RoleCustomer,
			[]GroupKey{{Attr: attr(t, "isEscalated")}, {Attr: attr(t, "resolution.code")}, {Attr: attr(t, "createdAt"), Bucket: BucketWeek},
				{Attr: attr(t, "impact")}, {Attr: attr(t, "sla.isFrozen")}},
			[]Metric{MetricCount}, 0},
		{"filters as in a listing", params("groupBy", "status", "priority.lte", "P2", "location.address.country", "fr"), RoleCustomer,
			[]GroupKey{{Attr: attr(t, "status")}}, []Metric{MetricCount}, 2},
		{"customer for operators", params("groupBy", "customer.id"), RoleOperator,
			[]GroupKey{{Attr: attr(t, "customer.id")}}, []Metric{MetricCount}, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := IncidentAttributes.ParseAggregation(tc.params, tc.role)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(a.GroupBy, tc.groupBy) {
				t.Errorf("groupBy %+v, want %+v", a.GroupBy, tc.groupBy)
			}
			if !reflect.DeepEqual(a.Metrics, tc.metrics) {
				t.Errorf("metrics %v, want %v", a.Metrics, tc.metrics)
			}
			if len(a.Filters) != tc.filters {
				t.Errorf("%d filters, want %d: %+v", len(a.Filters), tc.filters, a.Filters)
			}
		})
	}
}

func TestParseAggregationErrors(t *testing.T) {
	tests := []struct {
		name   string
		params map[string][]string
		role   Role
		param  string // the parameter the description names
		detail MessageKey
	}{
		{"unknown attribute", params("groupBy", "colour"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"free text", params("groupBy", "description"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"short text", params("groupBy", "service.id"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"number", params("groupBy", "sla.gtrTargetSeconds"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"operator-only for a customer", params("groupBy", "customer.id"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"customer name", params("groupBy", "customer.name"), RoleOperator, "groupBy", MsgAggregationGroupBy},
		{"another date", params("groupBy", "resolvedAt:day"), RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"date without bucket", params("groupBy", "createdAt"), RoleCustomer, "groupBy", MsgAggregationNoBucket},
		{"unknown bucket", params("groupBy", "createdAt:year"), RoleCustomer, "groupBy", MsgAggregationBucket},
		{"empty bucket", params("groupBy", "createdAt:"), RoleCustomer, "groupBy", MsgAggregationBucket},
		{"bucket on an enum", params("groupBy", "status:day"), RoleCustomer, "groupBy", MsgAggregationBucketless},
		{"twice", params("groupBy", "status,Status"), RoleCustomer, "groupBy", MsgAggregationGroupTwice},
		{"date twice", params("groupBy", "createdAt:day,createdAt:month"), RoleCustomer, "groupBy", MsgAggregationGroupTwice},
		{"empty item", params("groupBy", "status,"), RoleCustomer, "groupBy", MsgQueryEmptyValue},
		{"empty", params("groupBy", ""), RoleCustomer, "groupBy", MsgQueryEmptyValue},
		{"given twice", params("groupBy", "status", "GROUPBY", "priority"), RoleCustomer, "groupBy", MsgQueryDuplicateParam},
		{"unknown metric", params("metrics", "count,median"), RoleCustomer, "metrics", MsgAggregationMetric},
		{"metric twice", params("Metrics", "mttr,MTTR"), RoleCustomer, "Metrics", MsgAggregationMetricTwice},
		{"empty metric", params("metrics", ",count"), RoleCustomer, "metrics", MsgQueryEmptyValue},
		{"sort", params("groupBy", "status", "sort", "-count"), RoleCustomer, "sort", MsgAggregationParam},
		{"limit", params("Limit", "10"), RoleCustomer, "Limit", MsgAggregationParam},
		{"offset", params("offset", "0"), RoleCustomer, "offset", MsgAggregationParam},
		{"fields", params("fields", "status"), RoleCustomer, "fields", MsgAggregationParam},
		{"unknown filter", params("groupBy", "status", "colour", "red"), RoleCustomer, "colour", MsgQueryUnknownAttribute},
		{"bad filter value", params("priority", "P9"), RoleCustomer, "priority", MsgQueryEnumValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := IncidentAttributes.ParseAggregation(tc.params, tc.role)
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want an *Error", err)
			}
			if e.Code != CodeInvalidQueryParam || e.Detail != tc.detail {
				t.Errorf("code %d detail %s, want %d %s", e.Code, e.Detail, CodeInvalidQueryParam, tc.detail)
			}
			for _, lang := range []Language{English, French} {
				if d := e.Describe(lang); !strings.Contains(d, `"`+tc.param+`"`) || strings.Contains(d, "%!") {
					t.Errorf("%s description %q does not name %q cleanly", lang, d, tc.param)
				}
			}
		})
	}
}

func TestGroupableNames(t *testing.T) {
	customer := strings.Join(IncidentAttributes.GroupableNames(RoleCustomer), ",")
	want := "status,impact,urgency,priority,serviceCondition,origin,type,isEscalated," +
		"location.address.country,resolution.code,createdAt:day|week|month,sla.isBreached,sla.isFrozen"
	if customer != want {
		t.Errorf("customer: %s\nwant      %s", customer, want)
	}
	if op := IncidentAttributes.GroupableNames(RoleOperator); op[0] != "customer.id" || len(op) != 14 {
		t.Errorf("operator: %v", op)
	}
}

func TestBuckets(t *testing.T) {
	cases := []struct {
		at                string
		day, week, month  string
		weekFrom, weekTil string
	}{
		{"2026-11-26T15:04:05.123Z", "2026-11-26", "2026-W48", "2026-11", "2026-11-23", "2026-11-30"},
		{"2026-11-30T00:00:00Z", "2026-11-30", "2026-W49", "2026-11", "2026-11-30", "2026-12-07"},
		{"2026-11-29T23:59:59.999999Z", "2026-11-29", "2026-W48", "2026-11", "2026-11-23", "2026-11-30"},
		// ISO weeks across years: 2026 has 53 weeks, 2027-01-01 is in its last.
		{"2027-01-01T10:00:00Z", "2027-01-01", "2026-W53", "2027-01", "2026-12-28", "2027-01-04"},
		{"2025-12-29T00:00:00Z", "2025-12-29", "2026-W01", "2025-12", "2025-12-29", "2026-01-05"},
		// A local time is bucketed by its UTC instant.
		{"2026-12-01T00:30:00+01:00", "2026-11-30", "2026-W49", "2026-11", "2026-11-30", "2026-12-07"},
	}
	for _, c := range cases {
		at, err := time.Parse(time.RFC3339Nano, c.at)
		if err != nil {
			t.Fatal(err)
		}
		for b, want := range map[Bucket]string{BucketDay: c.day, BucketWeek: c.week, BucketMonth: c.month} {
			if got := BucketOf(b, at); got.Str != want {
				t.Errorf("%s %s: %s, want %s", c.at, b, got.Str, want)
			}
		}
		w := BucketOf(BucketWeek, at)
		if w.From != day(c.weekFrom) || w.To != day(c.weekTil) {
			t.Errorf("%s week: [%s, %s)", c.at, w.From, w.To)
		}
	}
}

// Every instant lies in its bucket, and a label reads back to the same
// bucket.
func TestBucketProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5000; i++ {
		at := base.Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour))))
		for _, b := range []Bucket{BucketDay, BucketWeek, BucketMonth} {
			v := BucketOf(b, at)
			if at.Before(v.From) || !at.Before(v.To) {
				t.Fatalf("%s %s: %s not in [%s, %s)", at, b, v.Str, v.From, v.To)
			}
			back, err := ParseBucket(b, v.Str)
			if err != nil || back != v {
				t.Fatalf("%s %s: %q reads back as %+v, %v", at, b, v.Str, back, err)
			}
		}
	}
	for b, label := range map[Bucket]string{BucketDay: "2026-11-31", BucketWeek: "2026-W54", BucketMonth: "2026-13"} {
		if _, err := ParseBucket(b, label); err == nil {
			t.Errorf("%s %q: no error", b, label)
		}
	}
}

func TestSortGroups(t *testing.T) {
	keys := []GroupKey{{Attr: attr(t, "priority")}, {Attr: attr(t, "location.address.country")}, {Attr: attr(t, "isEscalated")}}
	str := func(s string) *Value { return &Value{Str: s} }
	boolean := func(b bool) *Value { return &Value{Bool: b} }
	groups := []Group{
		{Keys: []*Value{str("P4"), str("FR"), boolean(false)}, Count: 5},
		{Keys: []*Value{str("P1"), nil, boolean(false)}, Count: 2},
		{Keys: []*Value{str("P1"), str("FR"), boolean(true)}, Count: 2},
		{Keys: []*Value{str("P1"), str("FR"), boolean(false)}, Count: 2},
		{Keys: []*Value{str("P2"), str("DE"), boolean(false)}, Count: 2},
		{Keys: []*Value{str("P1"), str("DE"), boolean(false)}, Count: 2},
		{Keys: []*Value{str("P3"), str("FR"), boolean(false)}, Count: 9},
	}
	SortGroups(groups, keys)
	var got []string
	for _, g := range groups {
		s := g.Keys[0].Str + "/"
		if g.Keys[1] != nil {
			s += g.Keys[1].Str
		}
		got = append(got, s+"/"+map[bool]string{true: "t", false: "f"}[g.Keys[2].Bool])
	}
	want := []string{"P3/FR/f", "P4/FR/f", "P1/DE/f", "P1/FR/f", "P1/FR/t", "P1//f", "P2/DE/f"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestMTTRSeconds(t *testing.T) {
	if _, ok := (Group{Count: 3}).MTTRSeconds(); ok {
		t.Error("no resolved incident: a mean")
	}
	for _, c := range []struct {
		n    int
		sum  int64
		want int64
	}{{1, 7, 7}, {2, 7, 4}, {3, 7, 2}, {4, 10, 3}, {3, 8, 3}} {
		if got, ok := (Group{Resolved: c.n, RestoreSeconds: c.sum}).MTTRSeconds(); !ok || got != c.want {
			t.Errorf("%d resolved, %d s: %d, want %d", c.n, c.sum, got, c.want)
		}
	}
}
