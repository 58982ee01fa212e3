package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/PagerDuty/go-pagerduty"

	"github.com/incidentd/incidentd/alerts"
)

// PagerDuty's own Go client, its Events API v2 endpoint pointed at the
// server, triggers, repeats, acknowledges and resolves an alert.
func TestPagerDutyEventsFromItsClient(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{ServiceID: "SVC-DB"})
		client := pagerduty.NewClient("", pagerduty.WithV2EventsAPIEndpoint(e.base))
		client.HTTPClient = e.client
		ctx := context.Background()
		send := func(ev pagerduty.V2Event) *pagerduty.V2EventResponse {
			t.Helper()
			ev.RoutingKey = f.key
			resp, err := client.ManageEventWithContext(ctx, &ev)
			if err != nil {
				t.Fatalf("%s: %v", ev.Action, err)
			}
			if resp.Status != "success" || resp.Message != "Event processed" || resp.DedupKey == "" {
				t.Fatalf("%s: answer %+v", ev.Action, resp)
			}
			return resp
		}
		payload := &pagerduty.V2Payload{
			Summary: "Replication lag above 5 minutes", Source: "db-replica-2", Severity: "error", Component: "postgres",
			Timestamp: e.clock.Now().Add(-2 * time.Minute).Format(time.RFC3339),
			Details:   map[string]any{"urgency": "U1", "description": "Replica 2 is 312 s behind", "lag_seconds": 312},
		}
		first := send(pagerduty.V2Event{Action: "trigger", Payload: payload})
		incidents := f.list(base + "/incidents")
		if len(incidents) != 1 {
			t.Fatalf("%d incidents after the trigger, want 1", len(incidents))
		}
		id := incidents[0]["id"].(string)
		inc := f.incident(id)
		if inc["origin"] != "PROACTIVE" || inc["impact"] != "S2" || inc["urgency"] != "U1" || inc["status"] != "VALIDATED" ||
			inc["description"] != "Replication lag above 5 minutes\n\nSource: db-replica-2\nComponent: postgres\n\nReplica 2 is 312 s behind" ||
			inc["service"].(map[string]any)["id"] != "SVC-DB" || inc["detectedAt"] != payload.Timestamp[:19]+".000Z" {
			t.Errorf("incident of the trigger: %v", inc)
		}

		again := send(pagerduty.V2Event{Action: "trigger", DedupKey: first.DedupKey, Payload: &pagerduty.V2Payload{
			Summary: "Replication lag above 10 minutes", Source: "db-replica-2", Severity: "critical"}})
		if again.DedupKey != first.DedupKey {
			t.Errorf("repeat: dedup key %q, want %q", again.DedupKey, first.DedupKey)
		}
		if n := f.incidentCount(); n != 1 {
			t.Fatalf("%d incidents after the repeat, want 1", n)
		}
		notes := f.list(notesPath(id))
		if len(notes) != 1 || !strings.Contains(notes[0]["text"].(string), "Replication lag above 10 minutes") {
			t.Errorf("notes after the repeat: %v", notes)
		}

		send(pagerduty.V2Event{Action: "acknowledge", DedupKey: first.DedupKey})
		if inc := f.incident(id); inc["status"] != "IN_PROGRESS" {
			t.Errorf("acknowledged: status %v, want IN_PROGRESS", inc["status"])
		}
		send(pagerduty.V2Event{Action: "resolve", DedupKey: first.DedupKey})
		inc = f.incident(id)
		if inc["status"] != "RESOLVED" || inc["resolution"].(map[string]any)["code"] != "AUTO_RESOLVED" {
			t.Errorf("resolved: %v %v", inc["status"], inc["resolution"])
		}
		var statuses []string
		for _, h := range f.list(base + "/incidents/" + id + "/history") {
			if h["field"] == "status" {
				statuses = append(statuses, h["to"].(string))
				if h["actor"].(map[string]any)["name"] != integrationName {
					t.Errorf("status change by %v", h["actor"])
				}
			}
		}
		if strings.Join(statuses, ",") != "VALIDATED,IN_PROGRESS,RESOLVED" {
			t.Errorf("status history %v", statuses)
		}

		// An acknowledgement or resolution of an unknown alert is taken
		// and changes nothing, as PagerDuty does.
		send(pagerduty.V2Event{Action: "resolve", DedupKey: "unknown-alert"})
		if n := f.incidentCount(); n != 1 {
			t.Errorf("%d incidents at the end, want 1", n)
		}
	})
}

// The routing key may come as a bearer token instead.
func TestPagerDutyRoutingKeyAsBearer(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		req := e.request(http.MethodPost, "/v2/enqueue", map[string]any{
			"event_action": "trigger", "dedup_key": "disk-db1",
			"payload": map[string]any{"summary": "Disk full", "source": "db1", "severity": "info"}})
		req.Header.Set("Authorization", "Bearer "+f.key)
		r := e.send(req)
		if r.status != http.StatusAccepted || r.object(t)["dedup_key"] != "disk-db1" {
			t.Fatalf("status %d: %s", r.status, r.body)
		}
		if inc := f.list(base + "/incidents"); len(inc) != 1 || inc[0]["priority"] != "P4" {
			t.Errorf("incidents %v", inc)
		}
	})
}
