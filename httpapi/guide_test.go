package httpapi_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
)

// The calls of the published getting-started guide, literally, with only
// the host changed.

const guideHost = "https://api.orange.com"

// guideGet sends a GET of a guide URL the way the guide's curl does: the
// bare token in Authorization and the key in a header spelled X-API-key.
func (e *env) guideGet(c caller, guideURL string) reply {
	e.t.Helper()
	req, err := http.NewRequest(http.MethodGet, strings.Replace(guideURL, guideHost, e.base, 1), nil)
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Authorization", c.token)
	req.Header["X-API-key"] = []string{c.key} // sent as written, not canonicalized
	return e.send(req)
}

func TestGettingStartedGuide(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 36)
		other := e.reportFleet("globex", 8)

		// Get all my incidents.
		all := e.guideGet(acme.customer, guideHost+"/incident/b2b/v1/incidents")
		if all.status != http.StatusOK {
			t.Fatalf("list: status %d: %s", all.status, all.body)
		}
		if ct := all.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
		items := all.list(t)
		total, result := countHeaders(t, all)
		if total != 36 || result != 36 || len(items) != 36 {
			t.Fatalf("X-Total-Count %d, X-Result-Count %d, %d items; want 36 each", total, result, len(items))
		}
		listed := ids(items)
		for _, id := range acme.ids {
			if !slices.Contains(listed, id) {
				t.Errorf("incident %s missing from the list", id)
			}
		}
		for _, id := range other.ids {
			if slices.Contains(listed, id) {
				t.Errorf("another customer's incident %s listed", id)
			}
		}
		for i := 1; i < len(items); i++ {
			if items[i-1]["createdAt"].(string) < items[i]["createdAt"].(string) {
				t.Fatalf("default order is not -createdAt at %d", i)
			}
		}

		// Filter the incidents list, exactly as the guide writes it.
		filtered := e.guideGet(acme.customer, guideHost+"/incident/b2b/v1/incidents?location.address.country=FR&Priority=P1")
		if filtered.status != http.StatusOK {
			t.Fatalf("filter: status %d: %s", filtered.status, filtered.body)
		}
		fItems := filtered.list(t)
		fTotal, fResult := countHeaders(t, filtered)
		if acme.frP1 == 0 || fTotal != acme.frP1 || fResult != acme.frP1 || len(fItems) != acme.frP1 {
			t.Fatalf("filter: total %d, result %d, %d items; want %d", fTotal, fResult, len(fItems), acme.frP1)
		}
		for _, it := range fItems {
			country := it["location"].(map[string]any)["address"].(map[string]any)["country"]
			if it["priority"] != "P1" || country != "FR" {
				t.Errorf("filter returned %s: priority %v, country %v", it["id"], it["priority"], country)
			}
		}

		// Pagination: the next 20 incidents from the 10th, newest first.
		page := e.guideGet(acme.customer, guideHost+"/incident/b2b/v1/incidents?offset=10&limit=20&sort=-createdAt")
		if page.status != http.StatusOK {
			t.Fatalf("page: status %d: %s", page.status, page.body)
		}
		pItems := page.list(t)
		pTotal, pResult := countHeaders(t, page)
		if pTotal != 36 || pResult != 20 || len(pItems) != 20 {
			t.Fatalf("page: total %d, result %d, %d items; want 36, 20, 20", pTotal, pResult, len(pItems))
		}
		if got, want := ids(pItems), listed[10:30]; !slices.Equal(got, want) {
			t.Errorf("page ids %v, want %v", got, want)
		}
		// Absolute links; the next page starts after this page's last
		// incident, whatever was created meanwhile.
		link := page.header.Get("Link")
		origin := "<" + e.base
		for _, want := range []string{
			origin + `/incident/b2b/v1/incidents?sort=-createdAt&offset=0&limit=20>; rel="first"`,
			origin + `/incident/b2b/v1/incidents?sort=-createdAt&offset=0&limit=20>; rel="prev"`,
			origin + `/incident/b2b/v1/incidents?sort=-createdAt&cursor=`,
			origin + `/incident/b2b/v1/incidents?sort=-createdAt&offset=20&limit=20>; rel="last"`,
		} {
			if !strings.Contains(link, want) {
				t.Errorf("Link %q lacks %q", link, want)
			}
		}
		next := e.guideGet(acme.customer, guideHost+linkTarget(t, link, "next"))
		if got, want := ids(next.list(t)), listed[30:]; !slices.Equal(got, want) {
			t.Errorf("next page ids %v, want %v", got, want)
		}

		// Get details of an incident, by an id from the list.
		id := pItems[0]["id"].(string)
		one := e.guideGet(acme.customer, guideHost+"/incident/b2b/v1/incidents/"+id)
		if one.status != http.StatusOK {
			t.Fatalf("details: status %d: %s", one.status, one.body)
		}
		inc := one.object(t)
		if inc["id"] != id || inc["href"] != base+"/incidents/"+id || inc["description"] != pItems[0]["description"] {
			t.Errorf("details of %s: %s", id, one.body)
		}
		if one.header.Get("ETag") == "" {
			t.Error("no ETag on the details")
		}
	})
}
