package httpapi_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

func notesPath(id string) string { return base + "/incidents/" + id + "/notes" }

// addNote adds a note as c and returns it; it fails the test unless 201.
func (e *env) addNote(c caller, incidentID string, body map[string]any) map[string]any {
	e.t.Helper()
	r := e.call(c, http.MethodPost, notesPath(incidentID), body)
	if r.status != http.StatusCreated {
		e.t.Fatalf("add note: %d %s", r.status, r.body)
	}
	return r.object(e.t)
}

func texts(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["text"].(string)
	}
	return out
}

// Spec §9: notes are added and listed like incidents, customers and
// providers write them, and customers never see internal ones.
func TestNotes(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		historyBefore := len(e.call(acme.customer, http.MethodGet, base+"/incidents/"+id+"/history", nil).list(t))
		etagBefore := e.call(acme.customer, http.MethodGet, base+"/incidents/"+id, nil).header.Get("ETag")

		first := e.addNote(acme.customer, id, map[string]any{"text": "Still down at the Lyon site"})
		if first["author"].(map[string]any)["type"] != "CUSTOMER" || first["internal"] != false ||
			first["text"] != "Still down at the Lyon site" || len(first["attachments"].([]any)) != 0 {
			t.Errorf("customer note %v", first)
		}
		e.clock.Advance(10 * time.Minute)
		hidden := e.addNote(operator, id, map[string]any{"text": "Line card suspected", "internal": true})
		if hidden["internal"] != true || hidden["author"].(map[string]any)["type"] != "PROVIDER" {
			t.Errorf("internal note %v", hidden)
		}
		e.clock.Advance(10 * time.Minute)
		public := e.addNote(operator, id, map[string]any{"text": "Technician on site at 14:00"})

		r := e.call(acme.customer, http.MethodGet, notesPath(id), nil)
		if got := texts(r.list(t)); !slices.Equal(got, []string{"Still down at the Lyon site", "Technician on site at 14:00"}) {
			t.Errorf("customer sees %q", got)
		}
		if total, count := countHeaders(t, r); total != 2 || count != 2 {
			t.Errorf("customer counts %d/%d, want 2/2", total, count)
		}
		if !strings.Contains(r.header.Get("Link"), `rel="first"`) {
			t.Errorf("Link %q", r.header.Get("Link"))
		}
		r = e.call(operator, http.MethodGet, notesPath(id), nil)
		if total, _ := countHeaders(t, r); total != 3 || len(r.list(t)) != 3 {
			t.Errorf("operator total %d", total)
		}

		for _, tc := range []struct {
			c     caller
			query string
			want  []string
		}{
			{acme.customer, "author.type=PROVIDER", []string{"Technician on site at 14:00"}},
			{operator, "author.type=PROVIDER", []string{"Line card suspected", "Technician on site at 14:00"}},
			{acme.customer, "sort=-createdAt&limit=1", []string{"Technician on site at 14:00"}},
			{acme.customer, "createdAt.gt=" + url.QueryEscape(first["createdAt"].(string)), []string{"Technician on site at 14:00"}},
			{operator, "internal=true", []string{"Line card suspected"}},
			{acme.customer, "text.contains=LINE", nil},
			{operator, "text.contains=LINE", []string{"Line card suspected"}},
		} {
			r := e.call(tc.c, http.MethodGet, notesPath(id)+"?"+tc.query, nil)
			if r.status != http.StatusOK {
				t.Fatalf("%s: %d %s", tc.query, r.status, r.body)
			}
			got := texts(r.list(t))
			total, _ := countHeaders(t, r)
			if !slices.Equal(got, tc.want) && !(len(got) == 0 && tc.want == nil) {
				t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
			}
			if !strings.Contains(tc.query, "limit") && total != len(tc.want) {
				t.Errorf("%s: total %d, want %d", tc.query, total, len(tc.want))
			}
		}
		// Paging keeps the count of every match and links the pages.
		r = e.call(acme.customer, http.MethodGet, notesPath(id)+"?limit=1", nil)
		if total, count := countHeaders(t, r); total != 2 || count != 1 || !strings.Contains(r.header.Get("Link"), `rel="next"`) {
			t.Errorf("limit=1: %d/%d, Link %q", total, count, r.header.Get("Link"))
		}
		// Projection.
		r = e.call(acme.customer, http.MethodGet, notesPath(id)+"?fields=author.type", nil)
		if items := r.list(t); len(items) != 2 || len(items[0]) != 2 || items[0]["author"].(map[string]any)["type"] != "CUSTOMER" {
			t.Errorf("fields=author.type: %s", r.body)
		}

		// internal is an operator's attribute and field.
		checkError(t, e.call(acme.customer, http.MethodGet, notesPath(id)+"?internal=true", nil), 400, 28)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), map[string]any{"text": "x", "internal": false}), 400, 24)
		checkError(t, e.call(acme.customer, http.MethodGet, notesPath(id)+"?author.type=SYSTEM", nil), 400, 28)
		checkError(t, e.call(acme.customer, http.MethodGet, notesPath(id)+"?sort=priority", nil), 400, 28)
		checkError(t, e.call(acme.customer, http.MethodGet, notesPath(id)+"?limit=1001", nil), 400, 28)

		// Notes are not changes of the incident.
		if n := len(e.call(acme.customer, http.MethodGet, base+"/incidents/"+id+"/history", nil).list(t)); n != historyBefore {
			t.Errorf("history grew from %d to %d entries with notes", historyBefore, n)
		}
		if got := e.call(acme.customer, http.MethodGet, base+"/incidents/"+id, nil).header.Get("ETag"); got != etagBefore {
			t.Errorf("ETag changed from %s to %s with notes", etagBefore, got)
		}
		_ = public
		_ = hidden
	})
}

func TestNoteRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		globex := e.reportFleet("globex", 1)
		id := acme.ids[0]
		readonly := e.login(acme.customer.party, auth.ScopeReadOnly)
		long := strings.Repeat("x", 4001)

		for _, tc := range []struct {
			body any
			code int
		}{
			{map[string]any{}, 23},
			{map[string]any{"text": ""}, 24},
			{map[string]any{"text": "  "}, 24},
			{map[string]any{"text": long}, 24},
			{map[string]any{"text": nil}, 24},
			{map[string]any{"text": "x", "author": map[string]any{"type": "PROVIDER"}}, 24},
			{map[string]any{"text": "x", "id": 1}, 24},
			{map[string]any{"text": "x", "colour": "red"}, 24},
		} {
			checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), tc.body), 400, tc.code)
		}
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), "{", "Content-Type", "application/json"), 400, 22)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), "", "Content-Type", "application/json"), 400, 21)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), `{"text":"x"}`, "Content-Type", "text/plain"), 415, 68)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(id), map[string]any{"text": "x"}, "Accept", "text/html"), 406, 62)

		// A read-only client reads but cannot write.
		if r := e.call(readonly, http.MethodGet, notesPath(id), nil); r.status != http.StatusOK {
			t.Errorf("read-only list: %d", r.status)
		}
		checkError(t, e.call(readonly, http.MethodPost, notesPath(id), map[string]any{"text": "x"}), 403, 50)

		// Another customer's incident does not exist for this one.
		for _, incidentID := range []string{globex.ids[0], "2001N99999", "nonsense"} {
			checkError(t, e.call(acme.customer, http.MethodGet, notesPath(incidentID), nil), 404, 60)
			checkError(t, e.call(acme.customer, http.MethodPost, notesPath(incidentID), map[string]any{"text": "x"}), 404, 60)
		}
		if total, _ := countHeaders(t, e.call(globex.customer, http.MethodGet, notesPath(globex.ids[0]), nil)); total != 0 {
			t.Errorf("another customer's refused notes were stored: %d", total)
		}
		// Notes, like their incident, are not served under another path.
		checkError(t, e.call(acme.customer, http.MethodDelete, notesPath(id), nil), 405, 61)
	})
}

func TestNoteIdempotency(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 2)
		body := map[string]any{"text": "Please call before coming"}
		first := e.call(acme.customer, http.MethodPost, notesPath(acme.ids[0]), body, "Idempotency-Key", "note-1")
		again := e.call(acme.customer, http.MethodPost, notesPath(acme.ids[0]), body, "Idempotency-Key", "note-1")
		if first.status != 201 || again.status != 201 || first.object(t)["id"] != again.object(t)["id"] {
			t.Fatalf("retry: %d %s / %d %s", first.status, first.body, again.status, again.body)
		}
		if again.header.Get("Idempotent-Replayed") != "true" || first.header.Get("Idempotent-Replayed") != "" {
			t.Errorf("Idempotent-Replayed: first %q, retry %q", first.header.Get("Idempotent-Replayed"), again.header.Get("Idempotent-Replayed"))
		}
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(acme.ids[0]), map[string]any{"text": "other"}, "Idempotency-Key", "note-1"), 422, 102)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(acme.ids[1]), body, "Idempotency-Key", "note-1"), 422, 102)
		checkError(t, e.call(acme.customer, http.MethodPost, notesPath(acme.ids[0]), body, "Idempotency-Key", ""), 400, 26)
		if total, _ := countHeaders(t, e.call(acme.customer, http.MethodGet, notesPath(acme.ids[0]), nil)); total != 1 {
			t.Errorf("%d notes, want 1", total)
		}
	})
}
