package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/text"
)

const aggregationPath = base + "/aggregation"

// aggregate calls /aggregation and returns the groups, failing unless 200
// with both count headers giving the number of groups.
func (e *env) aggregate(c caller, query string, headers ...string) ([]map[string]any, reply) {
	e.t.Helper()
	r := e.call(c, http.MethodGet, aggregationPath+"?"+query, nil, headers...)
	if r.status != http.StatusOK {
		e.t.Fatalf("aggregation %s: %d %s", query, r.status, r.body)
	}
	groups := r.list(e.t)
	if total, result := countHeaders(e.t, r); total != len(groups) || result != len(groups) {
		e.t.Errorf("aggregation %s: counts %d %d for %d groups", query, total, result, len(groups))
	}
	return groups, r
}

// total is the X-Total-Count of the list for a query.
func (e *env) total(c caller, query string) int {
	e.t.Helper()
	r := e.call(c, http.MethodGet, base+"/incidents?limit=1&"+query, nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("list %s: %d %s", query, r.status, r.body)
	}
	total, _ := countHeaders(e.t, r)
	return total
}

// memberNames lists the members of each object of a JSON array, in the
// order the body writes them.
func memberNames(t *testing.T, body []byte) [][]string {
	t.Helper()
	var objects []json.RawMessage
	if err := json.Unmarshal(body, &objects); err != nil {
		t.Fatalf("not an array: %s", body)
	}
	var out [][]string
	for _, obj := range objects {
		dec := json.NewDecoder(bytes.NewReader(obj))
		var names []string
		if _, err := dec.Token(); err != nil { // {
			t.Fatal(err)
		}
		for dec.More() {
			name, err := dec.Token()
			var value json.RawMessage
			if err == nil {
				err = dec.Decode(&value)
			}
			if err != nil {
				t.Fatalf("object %s: %v", obj, err)
			}
			names = append(names, name.(string))
		}
		out = append(out, names)
	}
	return out
}

func TestAggregation(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		callers := e.seedCustomers(
			seed.CustomerPlan{ID: "acme", Name: "Acme Industries", Country: "FR", Incidents: 180},
			seed.CustomerPlan{ID: "globex", Name: "Globex", Country: "DE", Incidents: 60},
		)
		c := callers["acme"]
		op := e.login(e.newOperator(), auth.ScopeOperator)

		t.Run("the spec's example", func(t *testing.T) {
			groups, r := e.aggregate(c, "groupBy=status,priority&metrics=count,mttr,breached")
			names := memberNames(t, r.body)
			if len(groups) < 4 || len(names) != len(groups) {
				t.Fatalf("%d groups: %s", len(groups), r.body)
			}
			sum := 0
			for i, g := range groups {
				if want := []string{"status", "priority", "count", "mttrSeconds", "breachedCount", "labels"}; !slices.Equal(names[i], want) {
					t.Errorf("group %d members %v, want %v", i, names[i], want)
				}
				if i > 0 && g["count"].(float64) > groups[i-1]["count"].(float64) {
					t.Errorf("group %d is larger than the one before", i)
				}
				labels := g["labels"].(map[string]any)
				if labels["status"] != incident.Label(text.English, g["status"].(string)) || labels["priority"] != incident.Label(text.English, g["priority"].(string)) {
					t.Errorf("labels %v of %v", labels, g)
				}
				sum += int(g["count"].(float64))
			}
			if total := e.total(c, ""); sum != total {
				t.Errorf("the groups count %d incidents, the list %d", sum, total)
			}
		})

		t.Run("metrics agree with the incidents' own figures", func(t *testing.T) {
			groups, _ := e.aggregate(c, "groupBy=priority&metrics=mttr,breached&type=FAILURE")
			for _, g := range groups {
				p := g["priority"].(string)
				items := e.call(c, http.MethodGet, base+"/incidents?limit=1000&type=FAILURE&priority="+p, nil).list(t)
				var restore, resolved, breached float64
				for _, it := range items {
					sla := it["sla"].(map[string]any)
					if sla["isBreached"] == true {
						breached++
					}
					if (it["status"] == "RESOLVED" || it["status"] == "CLOSED") && it["resolvedAt"] != nil {
						restore += sla["timeToRestoreSeconds"].(float64)
						resolved++
					}
				}
				if g["count"].(float64) != float64(len(items)) || g["breachedCount"].(float64) != breached {
					t.Errorf("%s: count %v breached %v, the list has %d and %v", p, g["count"], g["breachedCount"], len(items), breached)
				}
				if resolved == 0 {
					if g["mttrSeconds"] != nil {
						t.Errorf("%s: mttrSeconds %v without a resolved incident", p, g["mttrSeconds"])
					}
					continue
				}
				if want := float64(int64(restore/resolved + 0.5)); g["mttrSeconds"] != want {
					t.Errorf("%s: mttrSeconds %v, the incidents say %v", p, g["mttrSeconds"], want)
				}
			}
		})

		t.Run("metrics only when asked for", func(t *testing.T) {
			_, r := e.aggregate(c, "groupBy=origin")
			for _, names := range memberNames(t, r.body) {
				if !slices.Equal(names, []string{"origin", "count", "labels"}) {
					t.Errorf("members %v", names)
				}
			}
			_, r = e.aggregate(c, "groupBy=isEscalated&metrics=breached")
			for _, names := range memberNames(t, r.body) {
				if !slices.Equal(names, []string{"isEscalated", "count", "breachedCount"}) {
					t.Errorf("members %v", names)
				}
			}
		})

		t.Run("labels in French, keys unchanged", func(t *testing.T) {
			groups, r := e.aggregate(c, "groupBy=serviceCondition,type", "Accept-Language", "fr-FR")
			if r.header.Get("Content-Language") != "fr" {
				t.Errorf("Content-Language %q", r.header.Get("Content-Language"))
			}
			for _, g := range groups {
				labels := g["labels"].(map[string]any)
				if labels["serviceCondition"] != incident.Label(text.French, g["serviceCondition"].(string)) ||
					labels["type"] != incident.Label(text.French, g["type"].(string)) {
					t.Errorf("French labels %v of %v", labels, g)
				}
			}
		})

		t.Run("buckets, booleans and unset values", func(t *testing.T) {
			for groupBy, pattern := range map[string]string{
				"createdAt:day": `^\d{4}-\d{2}-\d{2}$`, "createdAt:week": `^\d{4}-W\d{2}$`, "createdAt:month": `^\d{4}-\d{2}$`,
			} {
				groups, _ := e.aggregate(c, "groupBy="+groupBy)
				for _, g := range groups {
					if s, _ := g["createdAt"].(string); !regexp.MustCompile(pattern).MatchString(s) {
						t.Errorf("%s: key %v", groupBy, g["createdAt"])
					}
				}
				if len(groups) < 2 {
					t.Errorf("%s: %d groups over five months", groupBy, len(groups))
				}
			}
			groups, _ := e.aggregate(c, "groupBy=resolution.code,sla.isBreached")
			unset, booleans := false, map[any]bool{}
			for _, g := range groups {
				unset = unset || g["resolution.code"] == nil
				booleans[g["sla.isBreached"]] = true
			}
			if !unset || !booleans[true] || !booleans[false] {
				t.Errorf("no unset resolution or not both booleans: %v", groups)
			}
		})

		t.Run("no groupBy: one group, even empty", func(t *testing.T) {
			groups, _ := e.aggregate(c, "metrics=mttr")
			if len(groups) != 1 || groups[0]["count"].(float64) != float64(e.total(c, "")) {
				t.Errorf("groups %v", groups)
			}
			groups, r := e.aggregate(c, "metrics=mttr&customerReference=none")
			if string(r.body) != `[{"count":0,"mttrSeconds":null}]` {
				t.Errorf("empty: %s (%v)", r.body, groups)
			}
		})

		t.Run("each customer its own, operators by customer", func(t *testing.T) {
			groups, _ := e.aggregate(op, "groupBy=customer.id")
			byCustomer := map[string]float64{}
			for _, g := range groups {
				byCustomer[g["customer.id"].(string)] = g["count"].(float64)
			}
			for id, cc := range callers {
				own, _ := e.aggregate(cc, "")
				if own[0]["count"] != byCustomer[id] || byCustomer[id] != float64(e.total(cc, "")) {
					t.Errorf("%s: operator counts %v, the customer %v", id, byCustomer[id], own[0]["count"])
				}
			}
			if len(byCustomer) != 2 {
				t.Errorf("operator groups %v", byCustomer)
			}
		})
	})
}

// Spec §6: an unknown groupBy or metric, and anything else the aggregation
// does not take, is 400 code 28 naming the parameter.
func TestAggregationErrors(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeReadOnly)
		for _, tc := range []struct{ query, param string }{
			{"groupBy=colour", "groupBy"},
			{"groupBy=description", "groupBy"},
			{"groupBy=customer.id", "groupBy"},
			{"groupBy=createdAt", "groupBy"},
			{"groupBy=createdAt:year", "groupBy"},
			{"groupBy=status:day", "groupBy"},
			{"groupBy=status,STATUS", "groupBy"},
			{"groupBy=status,", "groupBy"},
			{"groupBy=", "groupBy"},
			{"groupBy=status&groupBy=priority", "groupBy"},
			{"metrics=median", "metrics"},
			{"metrics=count,mttr,count", "metrics"},
			{"groupBy=status&sort=-count", "sort"},
			{"groupBy=status&limit=10", "limit"},
			{"groupBy=status&Offset=0", "Offset"},
			{"groupBy=status&fields=status", "fields"},
			{"groupBy=status&colour=red", "colour"},
			{"groupBy=status&priority=P9", "priority"},
			{"groupBy=status&customer.id=acme", "customer.id"},
			{"groupBy=status&priority=%zz", "query string"},
		} {
			body := checkError(t, e.call(c, http.MethodGet, aggregationPath+"?"+tc.query, nil), 400, 28)
			if d := body["description"].(string); !strings.Contains(d, tc.param) {
				t.Errorf("%s: description %q does not name %q", tc.query, d, tc.param)
			}
		}
		fr := checkError(t, e.call(c, http.MethodGet, aggregationPath+"?metrics=median", nil, "Accept-Language", "fr"), 400, 28)
		if d := fr["description"].(string); !strings.Contains(d, "indicateur inconnu") {
			t.Errorf("French description %q", d)
		}
		checkError(t, e.call(c, http.MethodGet, aggregationPath+"?groupBy=status", nil, "Accept", "text/csv"), 406, 62)
		checkError(t, e.call(caller{}, http.MethodGet, aggregationPath+"?groupBy=status", nil), 401, 40)
	})
}
