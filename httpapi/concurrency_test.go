package httpapi_test

import (
	"net/http"
	"sync"
	"testing"

	"github.com/incidentd/incidentd/auth"
)

// TestConcurrentIdempotentCreates sends 50 identical POSTs with one
// Idempotency-Key at once: exactly one incident exists afterwards, and
// every answer names it.
func TestConcurrentIdempotentCreates(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		body := `{"description":"Router down, retried by a nervous client","impact":"S2","urgency":"U1"}`
		const n = 50
		replies := make([]reply, n)
		var wg sync.WaitGroup
		for i := range replies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i] = e.call(c, http.MethodPost, base+"/incidents", body,
					"Content-Type", "application/json", "Idempotency-Key", "retry-7")
			}()
		}
		wg.Wait()
		ids := map[string]int{}
		for _, r := range replies {
			if r.status != http.StatusCreated {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			ids[r.object(t)["id"].(string)]++
		}
		if len(ids) != 1 {
			t.Fatalf("%d concurrent identical creates gave %d incidents: %v", n, len(ids), ids)
		}
		if total := e.call(c, http.MethodGet, base+"/incidents", nil).header.Get("X-Total-Count"); total != "1" {
			t.Fatalf("X-Total-Count %s after %d identical creates, want 1", total, n)
		}
	})
}

// TestConcurrentPatchesWithOneETag sends two PATCHes conditioned on the
// same ETag at once: one applies (200), the other finds the incident
// changed (412, code 65), and the history records one change.
func TestConcurrentPatchesWithOneETag(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		created := e.call(c, http.MethodPost, base+"/incidents", incidentBody(1, "S3", "U3", "FR"))
		path, etag := created.header.Get("Location"), created.header.Get("ETag")
		bodies := []string{`{"description":"first writer"}`, `{"description":"second writer"}`}
		replies := make([]reply, len(bodies))
		var wg sync.WaitGroup
		for i, body := range bodies {
			wg.Add(1)
			go func() {
				defer wg.Done()
				replies[i] = e.call(c, http.MethodPatch, path, body,
					"Content-Type", "application/merge-patch+json", "If-Match", etag)
			}()
		}
		wg.Wait()
		statuses := map[int]int{}
		for _, r := range replies {
			statuses[r.status]++
		}
		if statuses[http.StatusOK] != 1 || statuses[http.StatusPreconditionFailed] != 1 {
			t.Fatalf("statuses %v, want one 200 and one 412: %s / %s", statuses, replies[0].body, replies[1].body)
		}
		for _, r := range replies {
			if r.status == http.StatusPreconditionFailed {
				checkError(t, r, 412, 65)
			}
		}
		changes := 0
		for _, h := range e.call(c, http.MethodGet, path+"/history", nil).list(t) {
			if h["field"] == "description" {
				changes++
			}
		}
		if changes != 1 {
			t.Fatalf("%d description changes in the history, want 1", changes)
		}
	})
}
