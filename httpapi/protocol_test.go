package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
)

// Spec §7 and §8: content negotiation, limits, routing errors, request
// ids and languages.
func TestProtocol(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		inc := e.report(c, incidentBody(1, "S2", "U1", "FR"))
		path := base + "/incidents/" + inc["id"].(string)
		list := base + "/incidents"
		valid := `{"description":"x","impact":"S1","urgency":"U1"}`

		t.Run("415 unsupported media type", func(t *testing.T) {
			checkError(t, e.call(c, http.MethodPost, list, valid, "Content-Type", "text/plain"), 415, 68)
			checkError(t, e.call(c, http.MethodPost, list, valid), 415, 68) // a body without Content-Type
			checkError(t, e.call(c, http.MethodPost, list, valid, "Content-Type", "application/merge-patch+json"), 415, 68)
			checkError(t, e.call(c, http.MethodPost, list, valid, "Content-Type", "application/json; charset=latin1"), 415, 68)
			checkError(t, e.call(c, http.MethodPatch, path, `{"description":"y"}`, "Content-Type", "application/xml"), 415, 68)
			if r := e.call(c, http.MethodPost, list, valid, "Content-Type", "application/json; charset=utf-8"); r.status != http.StatusCreated {
				t.Errorf("charset=utf-8: %d %s", r.status, r.body)
			}
		})
		t.Run("406 not acceptable", func(t *testing.T) {
			for _, accept := range []string{"text/html", "application/xml, text/*", "application/json;q=0, */*"} {
				checkError(t, e.call(c, http.MethodGet, path, nil, "Accept", accept), 406, 62)
			}
			for _, accept := range []string{"*/*", "application/*", "application/json", "text/html, application/json;q=0.5"} {
				if r := e.call(c, http.MethodGet, path, nil, "Accept", accept); r.status != http.StatusOK {
					t.Errorf("Accept %q: %d", accept, r.status)
				}
			}
		})
		t.Run("413 request entity too large", func(t *testing.T) {
			huge := `{"description":"` + strings.Repeat("a", 1<<20) + `","impact":"S1","urgency":"U1"}`
			checkError(t, e.call(c, http.MethodPost, list, huge, "Content-Type", "application/json"), 413, 66)
			checkError(t, e.call(c, http.MethodPatch, path, huge, "Content-Type", "application/merge-patch+json"), 413, 66)
		})
		t.Run("405 method not allowed", func(t *testing.T) {
			for _, tc := range []struct{ method, path, allow string }{
				{http.MethodDelete, list, "GET, HEAD, POST"},
				{http.MethodPut, path, "GET, HEAD, PATCH"},
				{http.MethodDelete, path + "/freezePeriods/1", "PATCH"},
				{http.MethodPost, base + "/status", "GET, HEAD"},
			} {
				r := e.call(c, tc.method, tc.path, nil)
				checkError(t, r, 405, 61)
				if r.header.Get("Allow") != tc.allow {
					t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, r.header.Get("Allow"), tc.allow)
				}
			}
		})
		t.Run("404 not found", func(t *testing.T) {
			for _, p := range []string{base + "/nothing", base + "/incidents/" + inc["id"].(string) + "/notes/1",
				base + "/aggregations", "/", base + "/incidentz", "/incident/b2b/v2/incidents",
				base + "/incidents/abc", base + "/incidents/abc/history", base + "/incidents/" + strings.Repeat("9", 300)} {
				checkError(t, e.call(c, http.MethodGet, p, nil), 404, 60)
			}
		})
		t.Run("HEAD", func(t *testing.T) {
			r := e.call(c, http.MethodHead, list, nil)
			if r.status != http.StatusOK || len(r.body) != 0 || r.header.Get("X-Total-Count") == "" {
				t.Errorf("HEAD: %d %v %q", r.status, r.header, r.body)
			}
		})
		t.Run("request id", func(t *testing.T) {
			r := e.call(c, http.MethodGet, path, nil, "X-Request-Id", "trace-42")
			if got := r.header.Get("X-OAPI-Request-Id"); got != "trace-42" {
				t.Errorf("echo: %q", got)
			}
			r = e.call(c, http.MethodGet, base+"/nothing", nil, "X-Request-Id", "trace-43")
			if got := r.header.Get("X-OAPI-Request-Id"); got != "trace-43" {
				t.Errorf("echo on an error: %q", got)
			}
			long := strings.Repeat("x", 129)
			r = e.call(c, http.MethodGet, path, nil, "X-Request-Id", long)
			if got := r.header.Get("X-OAPI-Request-Id"); got == "" || got == long {
				t.Errorf("too long an id: %q", got)
			}
			one := e.call(c, http.MethodGet, path, nil).header.Get("X-OAPI-Request-Id")
			two := e.call(c, http.MethodGet, path, nil).header.Get("X-OAPI-Request-Id")
			if one == "" || one == two {
				t.Errorf("generated ids %q, %q", one, two)
			}
		})
		t.Run("languages", func(t *testing.T) {
			r := e.call(c, http.MethodGet, path, nil, "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8")
			if r.header.Get("Content-Language") != "fr" {
				t.Errorf("Content-Language %q", r.header.Get("Content-Language"))
			}
			labels := r.object(t)["labels"].(map[string]any)
			if labels["priority"] != "Critique" || labels["status"] != "Nouveau" || labels["origin"] != "Signalé par le client" {
				t.Errorf("French labels %v", labels)
			}
			fr := checkError(t, e.call(c, http.MethodGet, base+"/incidents?priority=P9", nil, "Accept-Language", "fr"), 400, 28)
			en := checkError(t, e.call(c, http.MethodGet, base+"/incidents?priority=P9", nil), 400, 28)
			if fr["message"] != "Valeur de paramètre de requête invalide" || fr["description"] == en["description"] {
				t.Errorf("French error %v / English %v", fr, en)
			}
			nf := checkError(t, e.call(c, http.MethodGet, base+"/incidents/2001N99999", nil, "Accept-Language", "fr"), 404, 60)
			if nf["message"] != "Ressource introuvable" {
				t.Errorf("French 404 %v", nf)
			}
			for accept, want := range map[string]string{"": "en", "de": "en", "en-US,fr;q=0.5": "en", "fr-CA;q=0.7, de": "fr", "*": "en"} {
				r := e.call(c, http.MethodGet, path, nil, "Accept-Language", accept)
				if r.header.Get("Content-Language") != want {
					t.Errorf("Accept-Language %q: Content-Language %q, want %q", accept, r.header.Get("Content-Language"), want)
				}
			}
			m := e.call(c, http.MethodGet, base+"/priorityMatrix", nil, "Accept-Language", "fr").object(t)
			if m["labels"].(map[string]any)["P1"] != "Critique" {
				t.Errorf("French matrix labels %v", m["labels"])
			}
		})
	})
}

func TestConfiguredBodyLimit(t *testing.T) {
	eachBackendWith(t, options{maxBodyBytes: 512}, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		body := incidentBody(1, "S1", "U1", "FR")
		body["description"] = strings.Repeat("a", 600)
		checkError(t, e.call(c, http.MethodPost, base+"/incidents", body), 413, 66)
		// Without Content-Length (chunked), the limit applies while reading.
		encoded, _ := json.Marshal(body)
		req := e.request(http.MethodPost, base+"/incidents", nil)
		req.Body = io.NopCloser(io.MultiReader(bytes.NewReader(encoded)))
		req.ContentLength = -1
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+c.token)
		req.Header.Set("X-Api-Key", c.key)
		checkError(t, e.send(req), 413, 66)

		body["description"] = "short"
		if r := e.call(c, http.MethodPost, base+"/incidents", body); r.status != http.StatusCreated {
			t.Errorf("under the limit: %d %s", r.status, r.body)
		}
	})
}

func TestPriorityMatrix(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeReadOnly)
		r := e.call(c, http.MethodGet, base+"/priorityMatrix", nil)
		if r.status != http.StatusOK {
			t.Fatalf("%d %s", r.status, r.body)
		}
		var m struct {
			Cells []struct {
				Impact, Urgency, Priority string
				GTRTargetSeconds          int `json:"gtrTargetSeconds"`
			}
			DefaultServiceCondition map[string]string
			Labels                  map[string]string
		}
		r.decode(t, &m)
		if len(m.Cells) != 12 {
			t.Fatalf("%d cells", len(m.Cells))
		}
		want := map[string]string{"S1U1": "P1", "S1U3": "P2", "S2U2": "P2", "S3U3": "P4", "S4U1": "P3"}
		for _, cell := range m.Cells {
			if p, ok := want[cell.Impact+cell.Urgency]; ok && p != cell.Priority {
				t.Errorf("%s×%s = %s, want %s", cell.Impact, cell.Urgency, cell.Priority, p)
			}
			if cell.Priority == "P1" && cell.GTRTargetSeconds != 4*3600 {
				t.Errorf("P1 target %d", cell.GTRTargetSeconds)
			}
		}
		if m.DefaultServiceCondition["S1"] != "INTERUPTED" || m.DefaultServiceCondition["S4"] != "NOT_AFFECTED" {
			t.Errorf("default service conditions %v", m.DefaultServiceCondition)
		}
		if m.Labels["S1"] == "" || m.Labels["U3"] == "" || m.Labels["P4"] != "Low" {
			t.Errorf("labels %v", m.Labels)
		}
		checkError(t, e.send(e.request(http.MethodGet, base+"/priorityMatrix", nil)), 401, 40)
	})
}

func TestPublicEndpoints(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		s := e.send(e.request(http.MethodGet, base+"/status", nil))
		if s.status != http.StatusOK {
			t.Fatalf("status: %d %s", s.status, s.body)
		}
		if body := s.object(t); body["status"] != "UP" || len(body["components"].([]any)) != 1 {
			t.Errorf("status body %s", s.body)
		}
		v := e.send(e.request(http.MethodGet, base+"/version", nil)).object(t)
		if v["apiVersion"] != "1.3" || v["version"] != "test" || v["commit"] != "0000000" {
			t.Errorf("version %v", v)
		}
		d := e.send(e.request(http.MethodGet, base+"/doc", nil))
		if d.status != http.StatusOK || !strings.HasPrefix(d.header.Get("Content-Type"), "application/json") {
			t.Fatalf("doc: %d %v", d.status, d.header)
		}
		if doc := d.object(t); doc["openapi"] == nil || doc["paths"] == nil {
			t.Errorf("doc is not an OpenAPI document: %.200s", d.body)
		}
	})
	t.Run("database down", func(t *testing.T) {
		down := options{health: func(context.Context) error { return errors.New("disk on fire") }}
		eachBackendWith(t, down, func(t *testing.T, e *env) {
			s := e.send(e.request(http.MethodGet, base+"/status", nil))
			if s.status != http.StatusServiceUnavailable {
				t.Fatalf("status when down: %d", s.status)
			}
			body := s.object(t)
			if body["status"] != "DOWN" || strings.Contains(string(s.body), "disk on fire") {
				t.Errorf("status body when down: %s", s.body)
			}
		})
	})
}
