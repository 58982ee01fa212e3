package contract

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// params builds a query from name, value pairs; a name may repeat.
func params(pairs ...string) map[string][]string {
	m := map[string][]string{}
	for i := 0; i+1 < len(pairs); i += 2 {
		m[pairs[i]] = append(m[pairs[i]], pairs[i+1])
	}
	return m
}

func attr(t *testing.T, name string) incident.Attribute {
	t.Helper()
	a, ok := IncidentAttributes.Lookup(name)
	if !ok {
		t.Fatalf("no attribute %s", name)
	}
	return a
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseQueryDefaults(t *testing.T) {
	q, err := ParseIncidentQuery(nil, incident.RoleCustomer)
	if err != nil {
		t.Fatal(err)
	}
	want := incident.Query{Limit: 100, Sort: []incident.SortKey{{Attr: attr(t, "createdAt"), Desc: true}}}
	if !reflect.DeepEqual(q, want) {
		t.Fatalf("got %+v, want %+v", q, want)
	}
}

func TestParseQueryFilters(t *testing.T) {
	p1, p2 := incident.Value{Str: "P1"}, incident.Value{Str: "P2"}
	at := time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name   string
		params map[string][]string
		role   incident.Role
		want   []incident.Filter
	}{
		{"the guide's capitalised attribute", params("Priority", "P1"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "priority"), Op: incident.OpEq, Values: []incident.Value{p1}, Param: "Priority"}}},
		{"comma is OR, enum values case-insensitive", params("priority", "p1,P2"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "priority"), Op: incident.OpEq, Values: []incident.Value{p1, p2}, Param: "priority"}}},
		{"repeated parameter is OR", params("priority", "P1", "priority", "P2"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "priority"), Op: incident.OpEq, Values: []incident.Value{p1, p2}, Param: "priority"}}},
		{"two spellings of one filter merge", params("PRIORITY", "P1", "priority", "P2"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "priority"), Op: incident.OpEq, Values: []incident.Value{p1, p2}, Param: "PRIORITY"}}},
		{"operator suffix, any case", params("priority.LTE", "P2"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "priority"), Op: incident.OpLte, Values: []incident.Value{p2}, Param: "priority.LTE"}}},
		{"explicit eq", params("status.eq", "in_progress"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "status"), Op: incident.OpEq, Values: []incident.Value{{Str: "IN_PROGRESS"}}, Param: "status.eq"}}},
		{"a range is two filters, in operator order", params("impact.lte", "S3", "impact.gte", "S2"), incident.RoleCustomer,
			[]incident.Filter{
				{Attr: attr(t, "impact"), Op: incident.OpGte, Values: []incident.Value{{Str: "S2"}}, Param: "impact.gte"},
				{Attr: attr(t, "impact"), Op: incident.OpLte, Values: []incident.Value{{Str: "S3"}}, Param: "impact.lte"},
			}},
		{"filters follow the catalog order", params("urgency", "U1", "location.address.country", "fr", "status.ne", "NEW"), incident.RoleCustomer,
			[]incident.Filter{
				{Attr: attr(t, "status"), Op: incident.OpNe, Values: []incident.Value{{Str: "NEW"}}, Param: "status.ne"},
				{Attr: attr(t, "urgency"), Op: incident.OpEq, Values: []incident.Value{{Str: "U1"}}, Param: "urgency"},
				{Attr: attr(t, "location.address.country"), Op: incident.OpEq, Values: []incident.Value{{Str: "FR"}}, Param: "location.address.country"},
			}},
		{"booleans", params("isEscalated", "true", "sla.isBreached.ne", "false"), incident.RoleCustomer,
			[]incident.Filter{
				{Attr: attr(t, "isEscalated"), Op: incident.OpEq, Values: []incident.Value{{Bool: true}}, Param: "isEscalated"},
				{Attr: attr(t, "sla.isBreached"), Op: incident.OpNe, Values: []incident.Value{{Bool: false}}, Param: "sla.isBreached.ne"},
			}},
		{"a date is the whole UTC day", params("createdAt", "2026-11-26"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "createdAt"), Op: incident.OpEq, Values: []incident.Value{{From: day("2026-11-26"), To: day("2026-11-27")}}, Param: "createdAt"}}},
		{"a date-time is its microsecond, in UTC", params("resolvedAt.gt", "2026-11-26T10:00:00.0000009+01:00"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "resolvedAt"), Op: incident.OpGt, Values: []incident.Value{{From: at, To: at.Add(time.Microsecond)}}, Param: "resolvedAt.gt"}}},
		{"integers", params("sla.gtrTargetSeconds.gte", "14400"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "sla.gtrTargetSeconds"), Op: incident.OpGte, Values: []incident.Value{{Int: 14400}}, Param: "sla.gtrTargetSeconds.gte"}}},
		{"incident ids", params("id", "2611N00042,2611N00043"), incident.RoleCustomer,
			[]incident.Filter{{Attr: attr(t, "id"), Op: incident.OpEq, Values: []incident.Value{{Str: "2611N00042"}, {Str: "2611N00043"}}, Param: "id"}}},
		{"text is taken as written", params("description.contains", "Line Down", "customerReference.gte", "ACME-1"), incident.RoleCustomer,
			[]incident.Filter{
				{Attr: attr(t, "description"), Op: incident.OpContains, Values: []incident.Value{{Str: "Line Down"}}, Param: "description.contains"},
				{Attr: attr(t, "customerReference"), Op: incident.OpGte, Values: []incident.Value{{Str: "ACME-1"}}, Param: "customerReference.gte"},
			}},
		{"operators filter by customer", params("customer.id", "acme"), incident.RoleOperator,
			[]incident.Filter{{Attr: attr(t, "customer.id"), Op: incident.OpEq, Values: []incident.Value{{Str: "acme"}}, Param: "customer.id"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := ParseIncidentQuery(tt.params, tt.role)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(q.Filters, tt.want) {
				t.Fatalf("filters\n got %+v\nwant %+v", q.Filters, tt.want)
			}
		})
	}
}

func TestParseQueryPageSortFields(t *testing.T) {
	q, err := ParseIncidentQuery(params(
		"offset", "10", "limit", "20", "sort", "-createdAt,Priority,sla.isBreached",
		"fields", "status,Location.Address.Country,sla,labels.status,href,status"), incident.RoleCustomer)
	if err != nil {
		t.Fatal(err)
	}
	if q.Offset != 10 || q.Limit != 20 {
		t.Errorf("offset %d limit %d", q.Offset, q.Limit)
	}
	wantSort := []incident.SortKey{{Attr: attr(t, "createdAt"), Desc: true}, {Attr: attr(t, "priority")}, {Attr: attr(t, "sla.isBreached")}}
	if !reflect.DeepEqual(q.Sort, wantSort) {
		t.Errorf("sort %+v", q.Sort)
	}
	wantFields := []string{"status", "location.address.country", "sla", "labels.status", "href"}
	if !reflect.DeepEqual(q.Fields, wantFields) {
		t.Errorf("fields %v", q.Fields)
	}

	q, err = ParseIncidentQuery(params("limit", "1000", "offset", "0", "sort", "id"), incident.RoleCustomer)
	if err != nil || q.Limit != 1000 || q.Offset != 0 || len(q.Sort) != 1 || q.Sort[0].Attr.Name != "id" {
		t.Errorf("limits: %+v %v", q, err)
	}
	q, err = ParseIncidentQuery(params("Limit", "5", "SORT", "customer.name"), incident.RoleOperator)
	if err != nil || q.Limit != 5 || q.Sort[0].Attr.Name != "customer.name" {
		t.Errorf("reserved names are case-insensitive: %+v %v", q, err)
	}
}

func TestParseQueryWithOptions(t *testing.T) {
	opts := QueryOptions{Reserved: []string{"groupBy", "metrics"}, Fields: []string{"text"}, DefaultSort: "createdAt"}
	q, reserved, err := IncidentAttributes.ParseQueryWith(params("groupby", "status,priority", "metrics", "count", "status", "NEW", "fields", "text"), incident.RoleCustomer, opts)
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]string{"groupBy": "status,priority", "metrics": "count"}; !reflect.DeepEqual(reserved, want) {
		t.Errorf("reserved %v", reserved)
	}
	if len(q.Filters) != 1 || q.Filters[0].Attr.Name != "status" {
		t.Errorf("filters %+v", q.Filters)
	}
	if len(q.Sort) != 1 || q.Sort[0].Desc || q.Sort[0].Attr.Name != "createdAt" {
		t.Errorf("default sort %+v", q.Sort)
	}
	if !reflect.DeepEqual(q.Fields, []string{"text"}) {
		t.Errorf("fields %v", q.Fields)
	}
	// The options' fields replace the incident's: href is not a field here.
	if _, _, err := IncidentAttributes.ParseQueryWith(params("fields", "href"), incident.RoleCustomer, opts); !isQueryError(err, MsgQueryUnknownField, "fields") {
		t.Errorf("href with other fields: %v", err)
	}
	if _, _, err := IncidentAttributes.ParseQueryWith(params("groupBy", "a", "GROUPBY", "b"), incident.RoleCustomer, opts); !isQueryError(err, MsgQueryDuplicateParam, "") {
		t.Errorf("duplicated extra reserved parameter: %v", err)
	}
	if _, err := ParseIncidentQuery(params("groupBy", "status"), incident.RoleCustomer); !isQueryError(err, MsgQueryUnknownAttribute, "groupBy") {
		t.Errorf("groupBy without the option: %v", err)
	}
}

// isQueryError reports whether err is a code 28 error with the detail key
// whose first argument (the parameter) is param ("" for any).
func isQueryError(err error, key text.Key, param string) bool {
	var e *incident.Error
	if !errors.As(err, &e) || e.Code != incident.CodeInvalidQueryParam || e.Detail != key {
		return false
	}
	return param == "" || len(e.Args) > 0 && e.Args[0] == param
}

func TestParseQueryErrors(t *testing.T) {
	many := strings.TrimSuffix(strings.Repeat("NEW,", MaxQueryValues+1), ",")
	tests := []struct {
		name   string
		params map[string][]string
		role   incident.Role
		key    text.Key
		param  string
	}{
		{"unknown attribute", params("foo", "1"), incident.RoleCustomer, MsgQueryUnknownAttribute, "foo"},
		{"unknown nested attribute", params("location.address.zip", "1"), incident.RoleCustomer, MsgQueryUnknownAttribute, "location.address.zip"},
		{"object is not an attribute", params("location", "x"), incident.RoleCustomer, MsgQueryUnknownAttribute, "location"},
		{"clock figure is not filterable", params("sla.timeToRestoreSeconds", "1"), incident.RoleCustomer, MsgQueryUnknownAttribute, "sla.timeToRestoreSeconds"},
		{"customer.id is unknown to customers", params("customer.id", "acme"), incident.RoleCustomer, MsgQueryUnknownAttribute, "customer.id"},
		{"customer.name is unknown to customers", params("customer.name.contains", "a"), incident.RoleCustomer, MsgQueryUnknownAttribute, "customer.name.contains"},
		{"empty name", params("", "x"), incident.RoleCustomer, MsgQueryUnknownAttribute, ""},
		{"unknown operator", params("priority.foo", "P1"), incident.RoleCustomer, MsgQueryUnknownOperator, "priority.foo"},
		{"contains on an ordered enum", params("priority.contains", "P1"), incident.RoleCustomer, MsgQueryUnknownOperator, "priority.contains"},
		{"order on an enum", params("status.gt", "NEW"), incident.RoleCustomer, MsgQueryUnknownOperator, "status.gt"},
		{"order on long text", params("description.lt", "a"), incident.RoleCustomer, MsgQueryUnknownOperator, "description.lt"},
		{"order on a boolean", params("isEscalated.gte", "true"), incident.RoleCustomer, MsgQueryUnknownOperator, "isEscalated.gte"},
		{"contains on a country", params("location.address.country.contains", "F"), incident.RoleCustomer, MsgQueryUnknownOperator, "location.address.country.contains"},
		{"order on an id", params("id.gt", "2611N00001"), incident.RoleCustomer, MsgQueryUnknownOperator, "id.gt"},
		{"contains on a date", params("createdAt.contains", "2026"), incident.RoleCustomer, MsgQueryUnknownOperator, "createdAt.contains"},
		{"contains on a number", params("sla.gtrTargetSeconds.contains", "1"), incident.RoleCustomer, MsgQueryUnknownOperator, "sla.gtrTargetSeconds.contains"},
		{"unknown enum value", params("priority", "P5"), incident.RoleCustomer, MsgQueryEnumValue, "priority"},
		{"one bad value among good ones", params("status", "NEW,OPEN"), incident.RoleCustomer, MsgQueryEnumValue, "status"},
		{"boolean yes", params("isEscalated", "yes"), incident.RoleCustomer, MsgQueryBoolValue, "isEscalated"},
		{"boolean in capitals", params("sla.isFrozen", "TRUE"), incident.RoleCustomer, MsgQueryBoolValue, "sla.isFrozen"},
		{"impossible date", params("createdAt", "2026-13-01"), incident.RoleCustomer, MsgQueryTimeValue, "createdAt"},
		{"date-time without zone", params("createdAt.gte", "2026-11-26T10:00:00"), incident.RoleCustomer, MsgQueryTimeValue, "createdAt.gte"},
		{"word for a date", params("closedAt.lt", "yesterday"), incident.RoleCustomer, MsgQueryTimeValue, "closedAt.lt"},
		{"decimal for an integer", params("sla.gtrTargetSeconds", "1.5"), incident.RoleCustomer, MsgQueryIntValue, "sla.gtrTargetSeconds"},
		{"integer overflow", params("sla.gtrTargetSeconds", "99999999999999999999"), incident.RoleCustomer, MsgQueryIntValue, "sla.gtrTargetSeconds"},
		{"three-letter country", params("location.address.country", "FRA"), incident.RoleCustomer, MsgQueryCountryValue, "location.address.country"},
		{"digit in a country", params("location.address.country", "F1"), incident.RoleCustomer, MsgQueryCountryValue, "location.address.country"},
		{"malformed id", params("id", "42"), incident.RoleCustomer, MsgQueryIDValue, "id"},
		{"empty value", params("priority", ""), incident.RoleCustomer, MsgQueryEmptyValue, "priority"},
		{"empty item in a list", params("priority", "P1,"), incident.RoleCustomer, MsgQueryEmptyValue, "priority"},
		{"empty text", params("customerReference", ""), incident.RoleCustomer, MsgQueryEmptyValue, "customerReference"},
		{"invalid UTF-8", params("customerReference", "\xff"), incident.RoleCustomer, MsgQueryInvalidText, "customerReference"},
		{"NUL character", params("description.contains", "a\x00b"), incident.RoleCustomer, MsgQueryInvalidText, "description.contains"},
		{"too many values", params("status", many), incident.RoleCustomer, MsgQueryTooManyValues, "status"},
		{"too many filters", manyFilters(MaxFilters + 1), incident.RoleCustomer, MsgQueryTooManyFilters, ""},
		{"value longer than any text", params("description", strings.Repeat("é", MaxFilterValueLength+1)), incident.RoleCustomer, MsgQueryValueTooLong, "description"},
		{"long search term", params("description.contains", strings.Repeat("a", MaxContainsValueLength+1)), incident.RoleCustomer, MsgQueryValueTooLong, "description.contains"},
		{"wildcards in a search term", params("description.contains", strings.Repeat("%", 25000)), incident.RoleCustomer, MsgQueryValueTooLong, "description.contains"},
		{"long enumeration value", params("status", strings.Repeat("N", MaxFilterValueLength+1)), incident.RoleCustomer, MsgQueryValueTooLong, "status"},
		{"limit twice", params("limit", "1", "limit", "2"), incident.RoleCustomer, MsgQueryDuplicateParam, "limit"},
		{"limit in two spellings", params("limit", "1", "Limit", "2"), incident.RoleCustomer, MsgQueryDuplicateParam, ""},
		{"sort twice", params("sort", "id", "sort", "priority"), incident.RoleCustomer, MsgQueryDuplicateParam, "sort"},
		{"fields twice", params("fields", "id", "fields", "status"), incident.RoleCustomer, MsgQueryDuplicateParam, "fields"},
		{"offset twice", params("offset", "1", "offset", "1"), incident.RoleCustomer, MsgQueryDuplicateParam, "offset"},
		{"negative offset", params("offset", "-1"), incident.RoleCustomer, MsgQueryOffset, "offset"},
		{"decimal offset", params("offset", "1.5"), incident.RoleCustomer, MsgQueryOffset, "offset"},
		{"word offset", params("offset", "first"), incident.RoleCustomer, MsgQueryOffset, "offset"},
		{"huge offset", params("offset", "99999999999999999999"), incident.RoleCustomer, MsgQueryOffset, "offset"},
		{"empty offset", params("offset", ""), incident.RoleCustomer, MsgQueryEmptyValue, "offset"},
		{"zero limit", params("limit", "0"), incident.RoleCustomer, MsgQueryLimit, "limit"},
		{"limit above the maximum", params("limit", "1001"), incident.RoleCustomer, MsgQueryLimit, "limit"},
		{"signed limit", params("limit", "+5"), incident.RoleCustomer, MsgQueryLimit, "limit"},
		{"word limit", params("limit", "all"), incident.RoleCustomer, MsgQueryLimit, "limit"},
		{"unknown sort attribute", params("sort", "-foo"), incident.RoleCustomer, MsgQuerySortAttribute, "sort"},
		{"operator-only sort for a customer", params("sort", "customer.id"), incident.RoleCustomer, MsgQuerySortAttribute, "sort"},
		{"empty sort item", params("sort", "createdAt,"), incident.RoleCustomer, MsgQuerySortAttribute, "sort"},
		{"plus is not a direction", params("sort", "+createdAt"), incident.RoleCustomer, MsgQuerySortAttribute, "sort"},
		{"attribute sorted twice", params("sort", "priority,-Priority"), incident.RoleCustomer, MsgQuerySortTwice, "sort"},
		{"unknown field", params("fields", "id,foo"), incident.RoleCustomer, MsgQueryUnknownField, "fields"},
		{"unknown nested field", params("fields", "sla.foo"), incident.RoleCustomer, MsgQueryUnknownField, "fields"},
		{"empty field item", params("fields", "id,,status"), incident.RoleCustomer, MsgQueryUnknownField, "fields"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseIncidentQuery(tt.params, tt.role)
			if !isQueryError(err, tt.key, tt.param) {
				t.Fatalf("got %v, want code 28 %s naming %q", err, tt.key, tt.param)
			}
			// The message names the parameter in both languages.
			e := err.(*incident.Error)
			for _, lang := range []text.Language{text.English, text.French} {
				if d := e.Describe(lang); tt.param != "" && !strings.Contains(d, `"`+tt.param+`"`) || strings.Contains(d, "%!") {
					t.Errorf("%s description %q", lang, d)
				}
			}
		})
	}
}

// TestParseQueryOperatorsByKind tries every operator on every attribute of
// the catalog with a valid value of its kind: the documented operators
// parse, the others are refused as unknown operators.
func TestParseQueryOperatorsByKind(t *testing.T) {
	allowed := map[incident.Kind][]incident.Op{
		incident.KindString:      {incident.OpEq, incident.OpNe, incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte, incident.OpContains},
		incident.KindText:        {incident.OpEq, incident.OpNe, incident.OpContains},
		incident.KindEnum:        {incident.OpEq, incident.OpNe},
		incident.KindOrderedEnum: {incident.OpEq, incident.OpNe, incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte},
		incident.KindBool:        {incident.OpEq, incident.OpNe},
		incident.KindTime:        {incident.OpEq, incident.OpNe, incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte},
		incident.KindInt:         {incident.OpEq, incident.OpNe, incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte},
		incident.KindCountry:     {incident.OpEq, incident.OpNe},
		incident.KindID:          {incident.OpEq, incident.OpNe},
	}
	sample := map[incident.Kind]string{incident.KindString: "abc", incident.KindText: "abc", incident.KindBool: "true", incident.KindTime: "2026-11-26",
		incident.KindInt: "3600", incident.KindCountry: "de", incident.KindID: "2611N00042"}
	for _, a := range IncidentAttributes {
		value := sample[a.Kind]
		if a.Kind == incident.KindEnum || a.Kind == incident.KindOrderedEnum {
			value = strings.ToLower(a.Values[0])
		}
		for _, op := range []incident.Op{incident.OpEq, incident.OpNe, incident.OpGt, incident.OpGte, incident.OpLt, incident.OpLte, incident.OpContains} {
			name := a.Name + "." + string(op)
			q, err := ParseIncidentQuery(params(name, value), incident.RoleOperator)
			want := false
			for _, o := range allowed[a.Kind] {
				want = want || o == op
			}
			switch {
			case want && err != nil:
				t.Errorf("%s=%s: %v", name, value, err)
			case want && (len(q.Filters) != 1 || q.Filters[0].Op != op || q.Filters[0].Attr.Name != a.Name):
				t.Errorf("%s=%s: filters %+v", name, value, q.Filters)
			case !want && !isQueryError(err, MsgQueryUnknownOperator, name):
				t.Errorf("%s=%s: got %v, want an unknown operator", name, value, err)
			}
		}
	}
}

// manyFilters is a query of n distinct filters: text attributes with each
// of their operators.
func manyFilters(n int) map[string][]string {
	m := map[string][]string{}
	for _, a := range IncidentAttributes {
		for _, op := range a.Kind.Operators() {
			if len(m) == n || a.OperatorOnly || a.Kind != incident.KindString {
				continue
			}
			m[a.Name+"."+string(op)] = []string{"x"}
		}
	}
	return m
}
