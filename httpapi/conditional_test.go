package httpapi_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// Conditional reads of an incident: 304 while nothing changed, 200 after
// any change (an update, a freeze period), a tag per language, and If-Match
// taking the tag a read gave.
func TestConditionalIncidentRead(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		other := e.login(e.newCustomer("globex", "Globex"), auth.ScopeIncident)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		inc := e.report(c, incidentBody(1, "S2", "U2", "FR"))
		path := base + "/incidents/" + inc["id"].(string)

		first := e.call(c, http.MethodGet, path, nil)
		etag := first.header.Get("ETag")
		if first.status != http.StatusOK || etag == "" || first.header.Get("Last-Modified") == "" {
			t.Fatalf("read: %d, ETag %q, Last-Modified %q", first.status, etag, first.header.Get("Last-Modified"))
		}
		e.clock.Advance(time.Minute) // the clock figures move, the version does not
		r := e.call(c, http.MethodGet, path, nil, "If-None-Match", etag)
		if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("ETag") != etag {
			t.Fatalf("unchanged: %d %q, ETag %q", r.status, r.body, r.header.Get("ETag"))
		}
		if r := e.call(c, http.MethodGet, path, nil, "If-None-Match", `W/"other", `+etag); r.status != http.StatusNotModified {
			t.Errorf("a list naming the tag: %d", r.status)
		}
		french := e.call(c, http.MethodGet, path, nil, "If-None-Match", etag, "Accept-Language", "fr")
		if french.status != http.StatusOK || french.header.Get("ETag") == etag {
			t.Errorf("another language: %d, tag %q beside %q", french.status, french.header.Get("ETag"), etag)
		}
		lastModified := first.header.Get("Last-Modified")
		if r := e.call(c, http.MethodGet, path, nil, "If-Modified-Since", lastModified); r.status != http.StatusNotModified {
			t.Errorf("If-Modified-Since its own date: %d", r.status)
		}
		if r := e.call(c, http.MethodGet, path, nil, "If-Modified-Since", "Thu, 01 Jan 2026 00:00:00 GMT"); r.status != http.StatusOK {
			t.Errorf("If-Modified-Since an older date: %d", r.status)
		}
		checkError(t, e.call(c, http.MethodGet, path, nil, "If-None-Match", "not-a-tag"), http.StatusBadRequest, 26)
		// Another customer's incident is missing, condition or not.
		checkError(t, e.call(other, http.MethodGet, path, nil, "If-None-Match", etag), http.StatusNotFound, 60)

		// An update conditioned on the tag of the read applies, and changes it.
		updated := e.call(c, http.MethodPatch, path, map[string]any{"description": "Still down"}, "If-Match", etag)
		if updated.status != http.StatusOK || updated.header.Get("ETag") == etag {
			t.Fatalf("update with the read's tag: %d, tag %q", updated.status, updated.header.Get("ETag"))
		}
		if r := e.call(c, http.MethodGet, path, nil, "If-None-Match", etag); r.status != http.StatusOK {
			t.Errorf("after an update: %d", r.status)
		}
		etag = updated.header.Get("ETag")
		if r := e.call(c, http.MethodGet, path, nil, "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Errorf("the update's own tag: %d", r.status)
		}

		// A freeze period changes the clock: the incident has changed.
		start := time.Now().UTC().Add(-time.Minute).Format("2006-01-02T15:04:05.000Z")
		e.call(operator, http.MethodPatch, path, map[string]any{"status": "VALIDATED"})
		if r := e.call(operator, http.MethodPost, path+"/freezePeriods", map[string]any{"startAt": start, "reason": "OTHER"}); r.status != http.StatusCreated {
			t.Fatalf("freeze period: %d %s", r.status, r.body)
		}
		if r := e.call(c, http.MethodGet, path, nil, "If-None-Match", etag); r.status != http.StatusOK {
			t.Errorf("after a freeze period: %d", r.status)
		}
	})
}

// Conditional reads of the incident list: 304 while none of the caller's
// incidents changed, 200 after a creation or an update; a tag per query,
// projection and language; another customer's changes leave the tag alone;
// no tag when the selection follows the clock.
func TestConditionalListRead(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.reportFleet("acme", 6).customer
		other := e.reportFleet("globex", 2).customer
		list := base + "/incidents?limit=3&sort=-createdAt"

		first := e.call(c, http.MethodGet, list, nil)
		etag := first.header.Get("ETag")
		if first.status != http.StatusOK || etag == "" {
			t.Fatalf("list: %d, ETag %q", first.status, etag)
		}
		r := e.call(c, http.MethodGet, list, nil, "If-None-Match", etag)
		if r.status != http.StatusNotModified || len(r.body) != 0 || r.header.Get("ETag") != etag {
			t.Fatalf("unchanged list: %d %q", r.status, r.body)
		}
		for _, variant := range [][]string{
			{list + "&fields=status"},
			{base + "/incidents?limit=4&sort=-createdAt"},
			{list, "Accept-Language", "fr"},
		} {
			r := e.call(c, http.MethodGet, variant[0], nil, append([]string{"If-None-Match", etag}, variant[1:]...)...)
			if r.status != http.StatusOK || r.header.Get("ETag") == etag {
				t.Errorf("%v: %d, tag %q", variant, r.status, r.header.Get("ETag"))
			}
		}

		// Another customer's change is not this customer's.
		e.call(other, http.MethodPost, base+"/incidents", incidentBody(50, "S1", "U1", "FR"))
		if r := e.call(c, http.MethodGet, list, nil, "If-None-Match", etag); r.status != http.StatusNotModified {
			t.Errorf("after another customer's report: %d", r.status)
		}

		// An update of one of the caller's incidents, even off the page.
		oldest := ids(e.call(c, http.MethodGet, base+"/incidents?limit=10&sort=createdAt", nil).list(t))
		e.call(c, http.MethodPatch, base+"/incidents/"+oldest[0], map[string]any{"description": "changed off the page"})
		r = e.call(c, http.MethodGet, list, nil, "If-None-Match", etag)
		if r.status != http.StatusOK || r.header.Get("ETag") == etag {
			t.Fatalf("after an update: %d", r.status)
		}
		etag = r.header.Get("ETag")

		created := e.report(c, incidentBody(60, "S2", "U2", "DE"))
		r = e.call(c, http.MethodGet, list, nil, "If-None-Match", etag)
		if r.status != http.StatusOK || ids(r.list(t))[0] != created["id"] {
			t.Fatalf("after a report: %d, first %v", r.status, ids(r.list(t)))
		}

		if r := e.call(c, http.MethodGet, base+"/incidents?sla.isBreached=false", nil); r.header.Get("ETag") != "" {
			t.Errorf("a selection by the clock has a tag: %q", r.header.Get("ETag"))
		}
	})
}
