package httpapi_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"

	"github.com/incidentd/incidentd/auth"
)

// Spec §2: another customer's incident is answered exactly like one that
// does not exist, on every endpoint; lists, counts and filters never
// include another customer's data.
func TestCustomerIsolation(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 5)
		globex := e.reportFleet("globex", 4)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		foreign := globex.ids[0]
		const missing = "2001N99999"

		endpoints := []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, "/incidents/%s", nil},
			{http.MethodPatch, "/incidents/%s", map[string]any{"description": "mine now"}},
			{http.MethodGet, "/incidents/%s/history", nil},
			{http.MethodGet, "/incidents/%s/freezePeriods", nil},
		}
		for _, ep := range endpoints {
			foreignReply := checkError(t, e.call(acme.customer, ep.method, base+fmt.Sprintf(ep.path, foreign), ep.body), 404, 60)
			missingReply := checkError(t, e.call(acme.customer, ep.method, base+fmt.Sprintf(ep.path, missing), ep.body), 404, 60)
			if foreignReply["message"] != missingReply["message"] {
				t.Errorf("%s %s: foreign %v, missing %v", ep.method, ep.path, foreignReply, missingReply)
			}
		}
		// Operator-only endpoints answer the operator 404 for a missing id.
		checkError(t, e.call(operator, http.MethodGet, base+"/incidents/"+missing+"/freezePeriods", nil), 404, 60)
		// The foreign incident was not changed by the refused PATCH.
		if r := e.call(globex.customer, http.MethodGet, base+"/incidents/"+foreign, nil); r.object(t)["description"] == "mine now" {
			t.Error("another customer changed the incident")
		}

		for _, query := range []string{"", "?id=" + foreign, "?priority=P1,P2,P3,P4", "?description.contains=line", "?customerReference=REF-0", "?limit=1000"} {
			r := e.call(acme.customer, http.MethodGet, base+"/incidents"+query, nil)
			if r.status != http.StatusOK {
				t.Fatalf("list %q: %d %s", query, r.status, r.body)
			}
			items := r.list(t)
			total, _ := countHeaders(t, r)
			for _, id := range ids(items) {
				if slices.Contains(globex.ids, id) {
					t.Errorf("list %q shows another customer's incident %s", query, id)
				}
			}
			if total > len(acme.ids) {
				t.Errorf("list %q counts %d incidents, the customer has %d", query, total, len(acme.ids))
			}
			for _, it := range items {
				if it["customer"].(map[string]any)["id"] != "acme" {
					t.Errorf("list %q: customer %v", query, it["customer"])
				}
			}
		}

		// The operator sees every customer and filters by customer.
		r := e.call(operator, http.MethodGet, base+"/incidents", nil)
		if total, _ := countHeaders(t, r); total != len(acme.ids)+len(globex.ids) {
			t.Errorf("operator total %d", total)
		}
		r = e.call(operator, http.MethodGet, base+"/incidents?customer.id=globex", nil)
		if got := ids(r.list(t)); len(got) != len(globex.ids) {
			t.Errorf("operator customer.id=globex: %v", got)
		}
		if r := e.call(operator, http.MethodGet, base+"/incidents/"+foreign, nil); r.status != http.StatusOK {
			t.Errorf("operator get: %d", r.status)
		}
	})
}
