package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// Spec §3.4 over HTTP: create and update.
func TestCreateIncident(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme Industries"), auth.ScopeIncident)
		list := base + "/incidents"

		r := e.call(c, http.MethodPost, list, incidentBody(1, "S2", "U1", "FR"))
		if r.status != http.StatusCreated {
			t.Fatalf("create: %d %s", r.status, r.body)
		}
		inc := r.object(t)
		id, _ := inc["id"].(string)
		if loc := r.header.Get("Location"); loc != base+"/incidents/"+id {
			t.Errorf("Location %q for %s", loc, id)
		}
		if r.header.Get("ETag") == "" {
			t.Error("no ETag on 201")
		}
		want := map[string]any{"status": "NEW", "priority": "P1", "origin": "REACTIVE", "type": "FAILURE",
			"serviceCondition": "DEGRADED", "isEscalated": false, "resolvedAt": nil, "resolution": nil, "href": base + "/incidents/" + id}
		for k, v := range want {
			if inc[k] != v {
				t.Errorf("%s = %v, want %v", k, inc[k], v)
			}
		}
		if cust := inc["customer"].(map[string]any); cust["id"] != "acme" || cust["name"] != "Acme Industries" {
			t.Errorf("customer %v", cust)
		}
		if sla := inc["sla"].(map[string]any); sla["gtrTargetSeconds"] != float64(14400) {
			t.Errorf("sla %v", sla)
		}
		if labels := inc["labels"].(map[string]any); labels["priority"] != "Critical" || labels["status"] != "New" {
			t.Errorf("labels %v", labels)
		}
		created := inc["createdAt"].(string)
		if len(created) != len("2026-11-26T08:05:00.000Z") || !strings.HasSuffix(created, "Z") {
			t.Errorf("createdAt %q", created)
		}
		got := e.call(c, http.MethodGet, r.header.Get("Location"), nil)
		if got.status != http.StatusOK || got.object(t)["id"] != id || got.header.Get("ETag") != r.header.Get("ETag") {
			t.Errorf("GET Location: %d %s", got.status, got.body)
		}

		t.Run("unknown and read-only fields", func(t *testing.T) {
			for field, value := range map[string]any{"colour": "red", "id": "2611N00001", "priority": "P4",
				"createdAt": "2026-01-01T00:00:00.000Z", "sla": map[string]any{}} {
				body := incidentBody(2, "S3", "U3", "")
				body[field] = value
				refused := checkError(t, e.call(c, http.MethodPost, list, body), 400, 24)
				if !strings.Contains(refused["description"].(string), field) {
					t.Errorf("description %q does not name %s", refused["description"], field)
				}
			}
		})
		t.Run("malformed bodies", func(t *testing.T) {
			checkError(t, e.call(c, http.MethodPost, list, "{", "Content-Type", "application/json"), 400, 22)
			checkError(t, e.call(c, http.MethodPost, list, "", "Content-Type", "application/json"), 400, 21)
			checkError(t, e.call(c, http.MethodPost, list, map[string]any{"impact": "S1", "urgency": "U1"}), 400, 23)
			checkError(t, e.call(c, http.MethodPost, list, map[string]any{"description": "x", "impact": "S9", "urgency": "U1"}), 400, 24)
		})
		t.Run("idempotency key", func(t *testing.T) {
			body := incidentBody(3, "S1", "U1", "FR")
			first := e.call(c, http.MethodPost, list, body, "Idempotency-Key", "retry-1")
			second := e.call(c, http.MethodPost, list, body, "Idempotency-Key", "retry-1")
			if first.status != http.StatusCreated || second.status != http.StatusCreated {
				t.Fatalf("statuses %d, %d", first.status, second.status)
			}
			if first.object(t)["id"] != second.object(t)["id"] || first.header.Get("Location") != second.header.Get("Location") {
				t.Errorf("replay created another incident: %s vs %s", first.body, second.body)
			}
			before, _ := countHeaders(t, e.call(c, http.MethodGet, list, nil))
			checkError(t, e.call(c, http.MethodPost, list, incidentBody(4, "S1", "U1", "FR"), "Idempotency-Key", "retry-1"), 422, 102)
			after, _ := countHeaders(t, e.call(c, http.MethodGet, list, nil))
			if before != after {
				t.Errorf("count %d → %d after a refused reuse", before, after)
			}
			checkError(t, e.call(c, http.MethodPost, list, body, "Idempotency-Key", strings.Repeat("k", 256)), 400, 26)
		})
	})
}

func TestPatchIncident(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		created := e.call(c, http.MethodPost, base+"/incidents", incidentBody(1, "S3", "U3", "FR"))
		path := created.header.Get("Location")
		etag := created.header.Get("ETag")
		const mergePatch = "application/merge-patch+json"

		r := e.call(c, http.MethodPatch, path, `{"impact":"S1","urgency":"U1","customerReference":null}`,
			"Content-Type", mergePatch, "If-Match", etag)
		if r.status != http.StatusOK {
			t.Fatalf("patch: %d %s", r.status, r.body)
		}
		inc := r.object(t)
		if inc["priority"] != "P1" || inc["customerReference"] != nil || inc["description"] != "Line 1 unavailable" {
			t.Errorf("patched incident %s", r.body)
		}
		newTag := r.header.Get("ETag")
		if newTag == "" || newTag == etag {
			t.Errorf("ETag %q after patch, was %q", newTag, etag)
		}

		t.Run("If-Match", func(t *testing.T) {
			checkError(t, e.call(c, http.MethodPatch, path, `{"description":"stale"}`, "Content-Type", mergePatch, "If-Match", etag), 412, 65)
			checkError(t, e.call(c, http.MethodPatch, path, `{"description":"bad"}`, "Content-Type", mergePatch, "If-Match", "no-quotes"), 400, 26)
			r := e.call(c, http.MethodPatch, path, `{"description":"listed"}`, "Content-Type", mergePatch, "If-Match", etag+", "+newTag)
			if r.status != http.StatusOK {
				t.Fatalf("If-Match with a list: %d %s", r.status, r.body)
			}
			r = e.call(c, http.MethodPatch, path, `{"description":"any"}`, "Content-Type", "application/json; charset=UTF-8", "If-Match", "*")
			if r.status != http.StatusOK {
				t.Errorf("If-Match *: %d %s", r.status, r.body)
			}
		})
		t.Run("field rules", func(t *testing.T) {
			checkError(t, e.call(c, http.MethodPatch, path, `{"colour":"red"}`, "Content-Type", mergePatch), 400, 24)
			checkError(t, e.call(c, http.MethodPatch, path, `{"priority":"P4"}`, "Content-Type", mergePatch), 400, 24)
			checkError(t, e.call(c, http.MethodPatch, path, `{"resolution":{"code":"FIXED","text":"x"}}`, "Content-Type", mergePatch), 400, 24)
		})
		t.Run("status transitions", func(t *testing.T) {
			body := checkError(t, e.call(c, http.MethodPatch, path, `{"status":"RESOLVED"}`, "Content-Type", mergePatch), 422, 101)
			if body["currentStatus"] != "NEW" {
				t.Errorf("currentStatus %v", body["currentStatus"])
			}
			allowed, _ := body["allowedStatuses"].([]any)
			if len(allowed) != 1 || allowed[0] != "CANCELLED" {
				t.Errorf("allowedStatuses %v", body["allowedStatuses"])
			}
			r := e.call(operator, http.MethodPatch, path, `{"status":"VALIDATED","statusChangeReason":"qualified"}`, "Content-Type", mergePatch)
			if r.status != http.StatusOK || r.object(t)["status"] != "VALIDATED" {
				t.Fatalf("operator validates: %d %s", r.status, r.body)
			}
			h := e.call(c, http.MethodGet, path+"/history", nil)
			if h.status != http.StatusOK {
				t.Fatalf("history: %d %s", h.status, h.body)
			}
			items := h.list(t)
			total, result := countHeaders(t, h)
			if total != len(items) || result != len(items) {
				t.Errorf("history counts %d/%d for %d items", total, result, len(items))
			}
			last := items[len(items)-1]
			if last["field"] != "status" || last["from"] != "NEW" || last["to"] != "VALIDATED" || last["reason"] != "qualified" {
				t.Errorf("last history entry %v", last)
			}
			if actor := last["actor"].(map[string]any); actor["type"] != "PROVIDER" {
				t.Errorf("actor %v", actor)
			}
			if items[0]["field"] != "status" || items[0]["to"] != "NEW" {
				t.Errorf("first history entry %v", items[0])
			}
		})
	})
}

// Spec §5 over HTTP: freeze periods.
func TestFreezePeriods(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		inc := e.report(c, incidentBody(1, "S1", "U1", "FR"))
		periods := base + "/incidents/" + inc["id"].(string) + "/freezePeriods"
		// Periods inside the life of the incident: the clock runs from its creation.
		e.clock.Advance(50 * time.Minute) // within the tokens' lifetime
		createdAt, err := time.Parse(time.RFC3339, inc["createdAt"].(string))
		if err != nil {
			t.Fatal(err)
		}
		start := createdAt.Add(10 * time.Minute).Format("2006-01-02T15:04:05.000Z")
		end := createdAt.Add(30 * time.Minute).Format("2006-01-02T15:04:05.000Z")

		r := e.call(operator, http.MethodPost, periods, map[string]any{"startAt": start, "endAt": end,
			"reason": "SITE_ACCESS_REFUSED", "comment": "badge refused"})
		if r.status != http.StatusCreated {
			t.Fatalf("add period: %d %s", r.status, r.body)
		}
		p := r.object(t)
		if p["reason"] != "SITE_ACCESS_REFUSED" || p["endAt"] != end || p["createdBy"].(map[string]any)["type"] != "PROVIDER" {
			t.Errorf("period %s", r.body)
		}
		if loc := r.header.Get("Location"); !strings.HasPrefix(loc, periods+"/") {
			t.Errorf("Location %q", loc)
		}

		checkError(t, e.call(operator, http.MethodPost, periods, map[string]any{"startAt": start, "reason": "OTHER"}), 422, 103)

		open := e.call(operator, http.MethodPost, periods, map[string]any{"startAt": end, "reason": "CUSTOMER_UNREACHABLE"})
		if open.status != http.StatusCreated {
			t.Fatalf("add open period: %d %s", open.status, open.body)
		}
		openID := open.object(t)["id"]
		closeAt := e.clock.Now().Format("2006-01-02T15:04:05.000Z")
		closed := e.call(operator, http.MethodPatch, periods+"/"+sprintID(openID), `{"endAt":"`+closeAt+`"}`,
			"Content-Type", "application/merge-patch+json")
		if closed.status != http.StatusOK || closed.object(t)["endAt"] != closeAt {
			t.Errorf("close period: %d %s", closed.status, closed.body)
		}
		checkError(t, e.call(operator, http.MethodPatch, periods+"/999999", `{"endAt":"`+closeAt+`"}`,
			"Content-Type", "application/merge-patch+json"), 404, 60)
		checkError(t, e.call(operator, http.MethodPatch, periods+"/abc", `{"endAt":"`+closeAt+`"}`,
			"Content-Type", "application/merge-patch+json"), 404, 60)

		// Customers read the periods and the clock they move.
		l := e.call(c, http.MethodGet, periods, nil)
		items := l.list(t)
		if total, result := countHeaders(t, l); len(items) != 2 || total != 2 || result != 2 {
			t.Fatalf("periods %s", l.body)
		}
		got := e.call(c, http.MethodGet, base+"/incidents/"+inc["id"].(string), nil).object(t)
		// 20 minutes, then from 30 minutes after creation until now (50).
		sla := got["sla"].(map[string]any)
		if frozen := sla["frozenSeconds"].(float64); frozen < 40*60 || frozen > 41*60 || sla["isFrozen"] != false {
			t.Errorf("sla after periods %v", sla)
		}
	})
}
