package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
)

// Spec §4: every malformed query is refused with 400, code 28, naming the
// parameter; nothing is silently ignored.
func TestListingQueryErrors(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		e.report(c, incidentBody(1, "S1", "U1", "FR"))
		cases := []struct{ name, query, param string }{
			{"unknown attribute", "colour=red", "colour"},
			{"unknown operator", "priority.like=P1", "priority.like"},
			{"operator of another kind", "isEscalated.gt=true", "isEscalated.gt"},
			{"bad enum", "priority=P9", "priority"},
			{"bad bool", "isEscalated=yes", "isEscalated"},
			{"bad date", "createdAt=2026-13-45", "createdAt"},
			{"bad date-time", "createdAt.gte=yesterday", "createdAt.gte"},
			{"limit over 1000", "limit=1001", "limit"},
			{"limit not a number", "limit=ten", "limit"},
			{"negative offset", "offset=-1", "offset"},
			{"bad sort attribute", "sort=-colour", "sort"},
			{"bad fields", "fields=id,colour", "fields"},
			{"operator-only attribute", "customer.id=acme", "customer.id"},
			{"malformed escape", "priority=%zz", "query string"},
			{"semicolon separator", "priority=P1;impact=S1", "query string"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				r := e.call(c, http.MethodGet, base+"/incidents?"+tc.query, nil)
				body := checkError(t, r, 400, 28)
				if d := body["description"].(string); !strings.Contains(d, tc.param) {
					t.Errorf("description %q does not name %q", d, tc.param)
				}
			})
		}
		t.Run("lists without parameters refuse them", func(t *testing.T) {
			id := ids(e.call(c, http.MethodGet, base+"/incidents", nil).list(t))[0]
			for _, list := range []string{"/history", "/freezePeriods"} {
				body := checkError(t, e.call(c, http.MethodGet, base+"/incidents/"+id+list+"?limit=5", nil), 400, 28)
				if !strings.Contains(body["description"].(string), "limit") {
					t.Errorf("%s: %v", list, body)
				}
			}
		})
	})
}

func TestListingFeatures(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := e.reportFleet("acme", 12)
		c := f.customer
		list := func(query string) ([]map[string]any, int, reply) {
			t.Helper()
			r := e.call(c, http.MethodGet, base+"/incidents?"+query, nil)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d %s", query, r.status, r.body)
			}
			items := r.list(t)
			total, result := countHeaders(t, r)
			if result != len(items) {
				t.Errorf("%s: X-Result-Count %d for %d items", query, result, len(items))
			}
			return items, total, r
		}

		t.Run("offset past the end", func(t *testing.T) {
			items, total, r := list("offset=500")
			if len(items) != 0 || total != 12 || string(r.body) != "[]" {
				t.Errorf("offset past the end: %d items, total %d, body %s", len(items), total, r.body)
			}
		})
		t.Run("empty result is an empty array", func(t *testing.T) {
			items, total, r := list("priority=P4&impact=S1")
			if len(items) != 0 || total != 0 || string(r.body) != "[]" {
				t.Errorf("%d items, total %d, body %s", len(items), total, r.body)
			}
		})
		t.Run("OR within an attribute, AND across", func(t *testing.T) {
			comma, total, _ := list("impact=S1,S2&urgency=U1")
			repeated, total2, _ := list("impact=S1&impact=s2&urgency=U1")
			if total != total2 || !slices.Equal(ids(comma), ids(repeated)) {
				t.Errorf("comma %v, repeated %v", ids(comma), ids(repeated))
			}
			if total == 0 {
				t.Fatal("no incident matched")
			}
			for _, it := range comma {
				if (it["impact"] != "S1" && it["impact"] != "S2") || it["urgency"] != "U1" {
					t.Errorf("%s: impact %v urgency %v", it["id"], it["impact"], it["urgency"])
				}
			}
		})
		t.Run("sort with id tiebreaker pages without overlap", func(t *testing.T) {
			var seen []string
			for offset := 0; offset < 12; offset += 5 {
				items, total, _ := list("sort=priority,-impact&limit=5&offset=" + itoa(offset))
				if total != 12 {
					t.Fatalf("total %d", total)
				}
				seen = append(seen, ids(items)...)
			}
			sorted := slices.Clone(seen)
			slices.Sort(sorted)
			if len(seen) != 12 || len(slices.Compact(sorted)) != 12 {
				t.Errorf("pages overlap or skip: %v", seen)
			}
		})
		t.Run("fields projection", func(t *testing.T) {
			items, _, _ := list("fields=status,location.address.country,sla.isBreached&limit=3")
			for _, it := range items {
				if it["id"] == nil || it["status"] == nil {
					t.Errorf("projection lacks id or status: %v", it)
				}
				if _, ok := it["description"]; ok {
					t.Errorf("projection keeps description: %v", it)
				}
				if loc, ok := it["location"].(map[string]any); ok {
					if len(loc) != 1 || len(loc["address"].(map[string]any)) != 1 {
						t.Errorf("nested projection %v", loc)
					}
				} else if it["location"] != nil {
					t.Errorf("location %v", it["location"])
				}
				if sla := it["sla"].(map[string]any); len(sla) != 1 || sla["isBreached"] == nil {
					t.Errorf("sla projection %v", sla)
				}
			}
		})
		t.Run("link header keeps the other parameters", func(t *testing.T) {
			_, _, r := list("priority=P1,P2&limit=2&offset=0")
			link := r.header.Get("Link")
			if !strings.Contains(link, `?priority=P1,P2&cursor=`) || !strings.Contains(link, `&limit=2>; rel="next"`) {
				t.Errorf("Link %q", link)
			}
			if strings.Contains(link, `rel="prev"`) {
				t.Errorf("first page with a prev link: %q", link)
			}
		})
		t.Run("contains and date filters", func(t *testing.T) {
			items, total, _ := list("description.contains=LINE%201")
			if total == 0 {
				t.Fatal("contains matched nothing")
			}
			for _, it := range items {
				if !strings.Contains(strings.ToLower(it["description"].(string)), "line 1") {
					t.Errorf("contains matched %q", it["description"])
				}
			}
			day := items[0]["createdAt"].(string)[:10]
			all, _, _ := list("")
			want := 0
			for _, it := range all {
				if strings.HasPrefix(it["createdAt"].(string), day) {
					want++
				}
			}
			if _, total, _ = list("createdAt=" + day); total != want {
				t.Errorf("createdAt=%s matched %d, want %d", day, total, want)
			}
		})
	})
}
