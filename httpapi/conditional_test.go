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
