package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
)

// Unknown or revoked keys are 401; malformed notifications are 400 in the
// API's error format, naming the member, and create nothing, even when
// their other alerts are good.
func TestAlertmanagerRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		good := amAlert{fingerprint: "ok", startsAt: e.clock.Now().Add(-time.Minute), annotations: map[string]string{"summary": "fine"}}
		post := func(key string, body any, contentType string) reply {
			req := e.request(http.MethodPost, base+"/alerts/alertmanager", body)
			if key != "" {
				req.Header.Set("Authorization", "Bearer "+key)
			}
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			return e.send(req)
		}
		checkError(t, post("", amPayload(good), ""), http.StatusUnauthorized, 40)
		r := post("ig_unknown_key", amPayload(good), "")
		checkError(t, r, http.StatusUnauthorized, 41)
		if !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Bearer") {
			t.Errorf("401 without a bearer challenge: %v", r.header)
		}

		withBadSecond := amPayload(good, good)
		withBadSecond["alerts"].([]map[string]any)[1]["startsAt"] = "yesterday"
		for name, c := range map[string]struct {
			body        any
			contentType string
			status      int
			code        int
			names       string
		}{
			"empty body":       {"", "application/json", 400, 21, ""},
			"not JSON":         {"{", "application/json", 400, 22, ""},
			"an array":         {"[]", "application/json", 400, 22, ""},
			"label not a text": {`{"version":"4","alerts":[{"status":"firing","labels":{"a":1}}]}`, "application/json", 400, 22, "alerts.labels"},
			"no version":       {`{"alerts":[]}`, "application/json", 400, 23, "version"},
			"version 3":        {`{"version":"3","alerts":[]}`, "application/json", 400, 24, `"3"`},
			"no alerts":        {`{"version":"4"}`, "application/json", 400, 23, "alerts"},
			"bad status":       {`{"version":"4","alerts":[{"status":"pending","fingerprint":"x","startsAt":"2026-01-01T00:00:00Z"}]}`, "application/json", 400, 24, "alerts[0].status"},
			"no fingerprint":   {`{"version":"4","alerts":[{"status":"firing","startsAt":"2026-01-01T00:00:00Z"}]}`, "application/json", 400, 23, "alerts[0].fingerprint"},
			"bad second alert": {withBadSecond, "", 400, 24, "alerts[1].startsAt"},
			"form body":        {"version=4", "application/x-www-form-urlencoded", 415, 68, ""},
		} {
			r := post(f.key, c.body, c.contentType)
			body := checkError(t, r, c.status, c.code)
			if !strings.Contains(body["description"].(string), c.names) {
				t.Errorf("%s: description %q does not name %s", name, body["description"], c.names)
			}
		}
		if n := f.incidentCount(); n != 0 {
			t.Fatalf("%d incidents after refused notifications, want none", n)
		}

		// A rotated key works beside the old one until that is revoked;
		// revoking the integration stops every key.
		ctx := context.Background()
		newKey, rotated, err := f.admin.Rotate(ctx, f.in.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.admin.RevokeKey(ctx, f.in.Keys[0].ID); err != nil {
			t.Fatal(err)
		}
		checkError(t, post(f.key, amPayload(good), ""), http.StatusUnauthorized, 41)
		if r := post(rotated, amPayload(good), ""); r.status != http.StatusOK {
			t.Fatalf("rotated key %s: %d %s", newKey.ID, r.status, r.body)
		}
		if err := f.admin.Revoke(ctx, f.in.ID); err != nil {
			t.Fatal(err)
		}
		checkError(t, post(rotated, amPayload(good), ""), http.StatusUnauthorized, 41)
		if n := f.incidentCount(); n != 1 {
			t.Errorf("%d incidents, want the one of the accepted notification", n)
		}
	})
}

// The PagerDuty endpoint refuses as PagerDuty does: 400 "invalid event"
// listing the problems, 401 for an unknown routing key, in PagerDuty's
// shape; nothing is created.
func TestPagerDutyRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		for name, c := range map[string]struct {
			body   string
			status int
			errors []string
		}{
			"not JSON":                {`{"routing_key":`, 400, []string{"not a JSON object"}},
			"empty":                   {``, 400, []string{"empty"}},
			"no action":               {`{"routing_key":"` + f.key + `"}`, 400, []string{"event_action"}},
			"resolve without key":     {`{"routing_key":"` + f.key + `","event_action":"resolve"}`, 400, []string{"dedup_key"}},
			"trigger without payload": {`{"routing_key":"` + f.key + `","event_action":"trigger"}`, 400, []string{`"payload"`}},
			"bad payload": {`{"routing_key":"` + f.key + `","event_action":"trigger","payload":{"summary":" ","severity":"fatal","timestamp":"noon"}}`,
				400, []string{"payload.summary", "payload.source", "payload.severity", "payload.timestamp"}},
			"unknown key": {`{"routing_key":"nobody","event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}`, 401, []string{"unknown or revoked"}},
			"no key":      {`{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}`, 401, []string{"integration key is required"}},
		} {
			r := e.send(e.request(http.MethodPost, "/v2/enqueue", c.body))
			if r.status != c.status {
				t.Errorf("%s: status %d, want %d: %s", name, r.status, c.status, r.body)
				continue
			}
			var answer struct {
				Status  string   `json:"status"`
				Message string   `json:"message"`
				Errors  []string `json:"errors"`
			}
			r.decode(t, &answer)
			wantStatus := map[int]string{400: "invalid event", 401: "unauthorized"}[c.status]
			if answer.Status != wantStatus || answer.Message == "" || len(answer.Errors) != len(c.errors) {
				t.Errorf("%s: %s", name, r.body)
				continue
			}
			for i, want := range c.errors {
				if !strings.Contains(answer.Errors[i], want) {
					t.Errorf("%s: error %q does not say %q", name, answer.Errors[i], want)
				}
			}
		}
		if n := f.incidentCount(); n != 0 {
			t.Errorf("%d incidents after refused events, want none", n)
		}
	})
}
