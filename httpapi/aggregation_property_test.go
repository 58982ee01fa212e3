package httpapi_test

import (
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/storetest"
)

// The aggregation property, over HTTP: for random filters drawn from the whole
// catalog and a random grouping, the counts of /aggregation add up to the
// list's X-Total-Count for the same filters, and each group's count is the
// list's X-Total-Count with the group's values added as filters. (The
// contract suite checks the same at the store level with every grouping
// and with filters on the grouped attributes too.)
func TestAggregationMatchesListProperty(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		callers := e.seedCustomers(
			seed.CustomerPlan{ID: "acme", Name: "Acme Industries", Country: "FR", Incidents: 200},
			seed.CustomerPlan{ID: "globex", Name: "Globex", Country: "BE", Incidents: 80},
		)
		op := e.login(e.newOperator(), auth.ScopeOperator)
		// The values filters are drawn from: every incident, by column.
		_, rows, _ := e.exportCSV(op, "")
		countries := distinct(rows, "location.address.country")

		r := rand.New(rand.NewPCG(2026, 1126))
		const queries = 10
		nonEmpty := 0
		for i := 0; i < queries; i++ {
			who, role := callers["acme"], incident.RoleCustomer
			if i%3 == 2 {
				who, role = op, incident.RoleOperator
			}
			keys := randomKeys(r, role)
			filters := storetest.RandomFilters(r, ungrouped(role, keys), func(a incident.Attribute) string {
				return rows[r.IntN(len(rows))][a.Name]
			})
			query := filters.Encode()
			groupBy := make([]string, len(keys))
			for j, k := range keys {
				groupBy[j] = k.Attr.Name
				if k.Bucket != "" {
					groupBy[j] += ":" + string(k.Bucket)
				}
			}
			aggQuery := "groupBy=" + url.QueryEscape(strings.Join(groupBy, ","))
			if query != "" {
				aggQuery += "&" + query
			}
			groups, _ := e.aggregate(who, aggQuery)
			total, sum := e.count(who, query), 0
			for _, g := range groups {
				sum += int(g["count"].(float64))
				if got := e.groupCount(who, filters, keys, g, countries); got != int(g["count"].(float64)) {
					t.Errorf("%s: group %v counts %v, the list with its values %d", aggQuery, g, g["count"], got)
				}
			}
			if sum != total {
				t.Errorf("%s: the groups count %d incidents, the list %d", aggQuery, sum, total)
			}
			if total > 0 {
				nonEmpty++
			}
		}
		if nonEmpty < queries/2 {
			t.Errorf("only %d of %d random queries matched incidents: the property says little", nonEmpty, queries)
		}
	})
}

// count is the list's X-Total-Count for a query, read from a page past the
// end so that no incident is sent.
func (e *env) count(c caller, query string) int {
	e.t.Helper()
	return e.total(c, "offset=1000000&"+query)
}

// groupCount counts with the list the incidents having a group's key
// values. An unset value has no filter: it is what remains once every set
// value of the attribute is taken away (inclusion–exclusion over the unset
// keys).
func (e *env) groupCount(c caller, filters url.Values, keys []incident.GroupKey, g map[string]any, countries []string) int {
	e.t.Helper()
	set := cloneValues(filters)
	var unset []string
	for _, k := range keys {
		v := g[k.Attr.Name]
		switch {
		case v == nil:
			unset = append(unset, k.Attr.Name)
		case k.Bucket != "":
			b, err := incident.ParseBucket(k.Bucket, v.(string))
			if err != nil {
				e.t.Fatalf("bucket %v: %v", v, err)
			}
			set.Add(k.Attr.Name+".gte", b.From.Format(time.DateOnly))
			set.Add(k.Attr.Name+".lt", b.To.Format(time.DateOnly))
		case k.Attr.Kind == incident.KindBool:
			set.Add(k.Attr.Name, strconv.FormatBool(v.(bool)))
		default:
			set.Add(k.Attr.Name, v.(string))
		}
	}
	n := 0
	for mask := 0; mask < 1<<len(unset); mask++ {
		q, sign := cloneValues(set), 1
		for j, name := range unset {
			if mask&(1<<j) == 0 {
				continue
			}
			every := incident.ResolutionCodes
			if name == "location.address.country" {
				every = countries
			}
			q.Add(name, strings.Join(every, ","))
			sign = -sign
		}
		n += sign * e.count(c, q.Encode())
	}
	return n
}

// randomKeys draws one or two keys a role may group by, a date by week or
// month (days would make more groups than the test needs requests for).
func randomKeys(r *rand.Rand, role incident.Role) []incident.GroupKey {
	var keys []incident.GroupKey
	for _, a := range contract.IncidentAttributes {
		if contract.Groupable(a) && (!a.OperatorOnly || role == incident.RoleOperator) {
			keys = append(keys, incident.GroupKey{Attr: a})
		}
	}
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	keys = keys[:1+r.IntN(2)]
	for i := range keys {
		if keys[i].Attr.Kind == incident.KindTime {
			keys[i].Bucket = []incident.Bucket{incident.BucketWeek, incident.BucketMonth}[r.IntN(2)]
		}
	}
	return keys
}

func distinct(rows []map[string]string, column string) []string {
	var out []string
	for _, row := range rows {
		if v := row[column]; v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = slices.Clone(vs)
	}
	return out
}

// ungrouped are the attributes the role may filter on, less the grouped ones.
func ungrouped(role incident.Role, keys []incident.GroupKey) []incident.Attribute {
	return slices.DeleteFunc(storetest.VisibleAttributes(role), func(a incident.Attribute) bool {
		return slices.ContainsFunc(keys, func(k incident.GroupKey) bool { return k.Attr.Name == a.Name })
	})
}
