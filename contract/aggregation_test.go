package contract

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

func TestParseAggregation(t *testing.T) {
	tests := []struct {
		name    string
		params  map[string][]string
		role    incident.Role
		groupBy []incident.GroupKey
		metrics []incident.Metric
		filters int
	}{
		{"nothing: one group, count", nil, incident.RoleCustomer, nil, []incident.Metric{incident.MetricCount}, 0},
		{"the spec's example", params("groupBy", "status,priority", "metrics", "count,mttr,breached"), incident.RoleCustomer,
			[]incident.GroupKey{{Attr: attr(t, "status")}, {Attr: attr(t, "priority")}},
			[]incident.Metric{incident.MetricCount, incident.MetricMTTR, incident.MetricBreached}, 0},
		{"names and buckets case-insensitive", params("GroupBy", "Location.Address.Country,CREATEDAT:Month", "Metrics", "MTTR"), incident.RoleCustomer,
			[]incident.GroupKey{{Attr: attr(t, "location.address.country")}, {Attr: attr(t, "createdAt"), Bucket: incident.BucketMonth}},
			[]incident.Metric{incident.MetricCount, incident.MetricMTTR}, 0},
		{"count is always first", params("groupBy", "sla.isBreached", "metrics", "breached,count"), incident.RoleCustomer,
			[]incident.GroupKey{{Attr: attr(t, "sla.isBreached")}}, []incident.Metric{incident.MetricCount, incident.MetricBreached}, 0},
		{"every kind, in the order given", params("groupBy", "isEscalated,resolution.code,createdAt:week,impact,sla.isFrozen"), incident.RoleCustomer,
			[]incident.GroupKey{{Attr: attr(t, "isEscalated")}, {Attr: attr(t, "resolution.code")}, {Attr: attr(t, "createdAt"), Bucket: incident.BucketWeek},
				{Attr: attr(t, "impact")}, {Attr: attr(t, "sla.isFrozen")}},
			[]incident.Metric{incident.MetricCount}, 0},
		{"filters as in a listing", params("groupBy", "status", "priority.lte", "P2", "location.address.country", "fr"), incident.RoleCustomer,
			[]incident.GroupKey{{Attr: attr(t, "status")}}, []incident.Metric{incident.MetricCount}, 2},
		{"customer for operators", params("groupBy", "customer.id"), incident.RoleOperator,
			[]incident.GroupKey{{Attr: attr(t, "customer.id")}}, []incident.Metric{incident.MetricCount}, 0},
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
		role   incident.Role
		param  string // the parameter the description names
		detail text.Key
	}{
		{"unknown attribute", params("groupBy", "colour"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"free text", params("groupBy", "description"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"short text", params("groupBy", "service.id"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"number", params("groupBy", "sla.gtrTargetSeconds"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"operator-only for a customer", params("groupBy", "customer.id"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"customer name", params("groupBy", "customer.name"), incident.RoleOperator, "groupBy", MsgAggregationGroupBy},
		{"another date", params("groupBy", "resolvedAt:day"), incident.RoleCustomer, "groupBy", MsgAggregationGroupBy},
		{"date without bucket", params("groupBy", "createdAt"), incident.RoleCustomer, "groupBy", MsgAggregationNoBucket},
		{"unknown bucket", params("groupBy", "createdAt:year"), incident.RoleCustomer, "groupBy", MsgAggregationBucket},
		{"empty bucket", params("groupBy", "createdAt:"), incident.RoleCustomer, "groupBy", MsgAggregationBucket},
		{"bucket on an enum", params("groupBy", "status:day"), incident.RoleCustomer, "groupBy", MsgAggregationBucketless},
		{"twice", params("groupBy", "status,Status"), incident.RoleCustomer, "groupBy", MsgAggregationGroupTwice},
		{"date twice", params("groupBy", "createdAt:day,createdAt:month"), incident.RoleCustomer, "groupBy", MsgAggregationGroupTwice},
		{"empty item", params("groupBy", "status,"), incident.RoleCustomer, "groupBy", MsgQueryEmptyValue},
		{"empty", params("groupBy", ""), incident.RoleCustomer, "groupBy", MsgQueryEmptyValue},
		{"given twice", params("groupBy", "status", "GROUPBY", "priority"), incident.RoleCustomer, "groupBy", MsgQueryDuplicateParam},
		{"unknown metric", params("metrics", "count,median"), incident.RoleCustomer, "metrics", MsgAggregationMetric},
		{"metric twice", params("Metrics", "mttr,MTTR"), incident.RoleCustomer, "Metrics", MsgAggregationMetricTwice},
		{"empty metric", params("metrics", ",count"), incident.RoleCustomer, "metrics", MsgQueryEmptyValue},
		{"sort", params("groupBy", "status", "sort", "-count"), incident.RoleCustomer, "sort", MsgAggregationParam},
		{"limit", params("Limit", "10"), incident.RoleCustomer, "Limit", MsgAggregationParam},
		{"offset", params("offset", "0"), incident.RoleCustomer, "offset", MsgAggregationParam},
		{"fields", params("fields", "status"), incident.RoleCustomer, "fields", MsgAggregationParam},
		{"unknown filter", params("groupBy", "status", "colour", "red"), incident.RoleCustomer, "colour", MsgQueryUnknownAttribute},
		{"bad filter value", params("priority", "P9"), incident.RoleCustomer, "priority", MsgQueryEnumValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := IncidentAttributes.ParseAggregation(tc.params, tc.role)
			var e *incident.Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want an *incident.Error", err)
			}
			if e.Code != incident.CodeInvalidQueryParam || e.Detail != tc.detail {
				t.Errorf("code %d detail %s, want %d %s", e.Code, e.Detail, incident.CodeInvalidQueryParam, tc.detail)
			}
			for _, lang := range []text.Language{text.English, text.French} {
				if d := e.Describe(lang); !strings.Contains(d, `"`+tc.param+`"`) || strings.Contains(d, "%!") {
					t.Errorf("%s description %q does not name %q cleanly", lang, d, tc.param)
				}
			}
		})
	}
}

func TestGroupableNames(t *testing.T) {
	customer := strings.Join(IncidentAttributes.GroupableNames(incident.RoleCustomer), ",")
	want := "status,impact,urgency,priority,serviceCondition,origin,type,isEscalated," +
		"location.address.country,createdAt:day|week|month,resolution.code,sla.isFrozen,sla.isBreached"
	if customer != want {
		t.Errorf("customer: %s\nwant      %s", customer, want)
	}
	if op := IncidentAttributes.GroupableNames(incident.RoleOperator); op[0] != "customer.id" || len(op) != 14 {
		t.Errorf("operator: %v", op)
	}
}
