package contract

import (
	"errors"
	"net/url"
	"testing"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

// Fuzz targets of the request decoders. Their seed corpora live under
// testdata/fuzz/<target>/; run one with
//
//	go test ./incident -run='^$' -fuzz=FuzzParseQuery -fuzztime=30s

func FuzzParseQuery(f *testing.F) {
	f.Add("location.address.country=FR&incident.Priority=P1", "", "", false)
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
		role := incident.RoleCustomer
		if operator {
			role = incident.RoleOperator
		}
		q, reserved, err := IncidentAttributes.ParseQueryWith(params, role, QueryOptions{Reserved: []string{"groupBy", "metrics"}, Fields: incidentFields.names})
		if err != nil {
			var e *incident.Error
			if !errors.As(err, &e) || e.Code != incident.CodeInvalidQueryParam {
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
				if flt.Attr.Kind == incident.KindTime && !v.From.Before(v.To) {
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
