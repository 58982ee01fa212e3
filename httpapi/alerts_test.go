package httpapi_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
)

// Alertmanager's notifications open one PROACTIVE incident per alert, mapped
// from the alert and the integration, deduplicated across repeats and
// groups, and resolved when the alert is.
func TestAlertmanagerOpensOneIncidentPerAlert(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{
			LocationID: "LOC-PARIS",
			Severities: alerts.SeverityMap{"warning": {Impact: incident.ImpactS4, Urgency: incident.UrgencyU3}},
		})
		started := e.clock.Now().Add(-3 * time.Minute)
		linkDown := amAlert{fingerprint: "a1", startsAt: started,
			labels:      map[string]string{"severity": "critical", "service": "SVC-42", "service_name": "Internet access"},
			annotations: map[string]string{"summary": "Link down on router r1", "description": "BGP session lost since 08:02"}}
		diskFull := amAlert{fingerprint: "a2", startsAt: started, labels: map[string]string{"alertname": "DiskFull", "severity": "warning"}}
		overridden := amAlert{fingerprint: "a3", startsAt: started,
			labels:      map[string]string{"severity": "critical", "impact": "S2", "urgency": "u3", "location": "LOC-LYON"},
			annotations: map[string]string{"summary": "Packet loss on the Lyon site", "description": "   "}}

		first := f.effects(linkDown, diskFull)
		if first["a1"].effect != "created" || first["a2"].effect != "created" || first["a1"].incident == first["a2"].incident {
			t.Fatalf("first notification: %+v", first)
		}
		repeat := f.effects(linkDown, diskFull)
		if repeat["a1"] != (alertEffect{"unchanged", first["a1"].incident}) || repeat["a2"] != (alertEffect{"unchanged", first["a2"].incident}) {
			t.Errorf("repeat: %+v, first %+v", repeat, first)
		}
		otherGroup := f.effects(overridden, linkDown)
		if otherGroup["a1"] != (alertEffect{"unchanged", first["a1"].incident}) || otherGroup["a3"].effect != "created" {
			t.Errorf("another group: %+v", otherGroup)
		}
		if n := f.incidentCount(); n != 3 {
			t.Fatalf("%d incidents, want 3 (one per alert)", n)
		}

		inc := f.incident(first["a1"].incident)
		want := map[string]any{"origin": "PROACTIVE", "status": "VALIDATED", "impact": "S1", "urgency": "U1", "priority": "P1",
			"description": "Link down on router r1\n\nBGP session lost since 08:02", "detectedAt": started.Format("2006-01-02T15:04:05.000Z")}
		for k, v := range want {
			if inc[k] != v {
				t.Errorf("incident of a1: %s = %v, want %v", k, inc[k], v)
			}
		}
		if s := inc["service"].(map[string]any); s["id"] != "SVC-42" || s["name"] != "Internet access" {
			t.Errorf("service from the labels: %v", s)
		}
		if l := inc["location"].(map[string]any); l["id"] != "LOC-PARIS" {
			t.Errorf("location: %v, want the integration's default", l)
		}
		if c := inc["customer"].(map[string]any); c["id"] != "acme" {
			t.Errorf("customer %v", c)
		}
		inc = f.incident(first["a2"].incident)
		if inc["impact"] != "S4" || inc["urgency"] != "U3" || inc["description"] != "Alert DiskFull detected by the integration "+integrationName || inc["service"] != nil {
			t.Errorf("incident of a2 (integration's mapping, fallback description): %v %v %q %v", inc["impact"], inc["urgency"], inc["description"], inc["service"])
		}
		inc = f.incident(otherGroup["a3"].incident)
		if inc["impact"] != "S2" || inc["urgency"] != "U3" || inc["description"] != "Packet loss on the Lyon site" || inc["location"].(map[string]any)["id"] != "LOC-LYON" {
			t.Errorf("incident of a3 (labels win): %v %v %q %v", inc["impact"], inc["urgency"], inc["description"], inc["location"])
		}

		linkDown.status = "resolved"
		resolved := f.effects(linkDown)
		if resolved["a1"] != (alertEffect{"resolved", first["a1"].incident}) {
			t.Fatalf("resolved: %+v", resolved)
		}
		inc = f.incident(first["a1"].incident)
		if res, _ := inc["resolution"].(map[string]any); inc["status"] != "RESOLVED" || res["code"] != "AUTO_RESOLVED" || inc["detectedAt"] != want["detectedAt"] {
			t.Errorf("after the resolution: status %v, resolution %v, detectedAt %v", inc["status"], inc["resolution"], inc["detectedAt"])
		}
		if again := f.effects(linkDown); again["a1"].effect != "unchanged" {
			t.Errorf("resolved twice: %+v", again)
		}
		history := f.list(base + "/incidents/" + first["a1"].incident + "/history")
		if len(history) < 2 {
			t.Fatalf("history %v", history)
		}
		for _, h := range history {
			if actor := h["actor"].(map[string]any); actor["type"] != "PROVIDER" || actor["name"] != integrationName {
				t.Errorf("history entry %v: actor %v, want the integration", h["field"], actor)
			}
		}
		last := history[len(history)-3] // status, then resolution.code and .text
		if last["field"] != "status" || last["to"] != "RESOLVED" || !strings.Contains(last["reason"].(string), "Alertmanager") {
			t.Errorf("resolution entry %v", last)
		}

		unknown := f.effects(amAlert{fingerprint: "never-fired", status: "resolved", startsAt: started})
		if unknown["never-fired"] != (alertEffect{"ignored", ""}) {
			t.Errorf("resolution of an alert never seen: %+v", unknown)
		}
		if n := f.incidentCount(); n != 3 {
			t.Errorf("%d incidents at the end, want 3", n)
		}
	})
}

// An alert that fires again within the reopen window reopens its incident;
// later, or once the incident is closed or cancelled, it opens a new one
// that refers to the former. An incident an agent took elsewhere is left
// where the lifecycle holds it.
func TestAlertFlapping(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		start := e.clock.Now().Add(-time.Minute)
		fire := func(startsAt time.Time) alertEffect {
			return f.effects(amAlert{fingerprint: "flap", startsAt: startsAt, labels: map[string]string{"severity": "error"}})["flap"]
		}
		resolve := func(startsAt time.Time) alertEffect {
			return f.effects(amAlert{fingerprint: "flap", status: "resolved", startsAt: startsAt})["flap"]
		}
		first := fire(start)
		if r := resolve(start); r.effect != "resolved" {
			t.Fatalf("resolve: %+v", r)
		}
		if late := fire(start); late.effect != "unchanged" {
			t.Errorf("a late copy of the resolved firing: %+v", late)
		}

		e.clock.Advance(10 * time.Minute)
		again := e.clock.Now().Add(-time.Second)
		if r := fire(again); r != (alertEffect{"reopened", first.incident}) {
			t.Fatalf("fired again within the window: %+v, want reopened %s", r, first.incident)
		}
		inc := f.incident(first.incident)
		if inc["status"] != "IN_PROGRESS" || inc["resolution"] != nil || inc["resolvedAt"] != nil {
			t.Errorf("reopened incident: %v %v %v", inc["status"], inc["resolution"], inc["resolvedAt"])
		}
		notes := f.list(notesPath(first.incident))
		if len(notes) != 1 || !strings.HasPrefix(notes[0]["text"].(string), "Alert fired again") ||
			notes[0]["author"].(map[string]any)["name"] != integrationName || notes[0]["author"].(map[string]any)["type"] != "PROVIDER" {
			t.Errorf("notes after the reopening: %v", notes)
		}

		if r := resolve(again); r.effect != "resolved" {
			t.Fatalf("second resolve: %+v", r)
		}
		e.clock.Advance(31 * time.Minute)
		later := e.clock.Now().Add(-time.Second)
		second := fire(later)
		if second.effect != "created" || second.incident == first.incident {
			t.Fatalf("fired again after the window: %+v, first %s", second, first.incident)
		}
		notes = f.list(notesPath(second.incident))
		if len(notes) != 1 || !strings.Contains(notes[0]["text"].(string), first.incident) {
			t.Errorf("the new incident does not refer to the former: %v", notes)
		}
		if inc := f.incident(first.incident); inc["status"] != "RESOLVED" {
			t.Errorf("the former incident is %v, want left RESOLVED", inc["status"])
		}

		// An agent resolves the incident while the alert fires: the
		// alert's resolution leaves the agent's resolution and notes it.
		r := e.call(f.operator, http.MethodPatch, base+"/incidents/"+second.incident,
			map[string]any{"status": "RESOLVED", "resolution": map[string]any{"code": "FIXED", "text": "card replaced"}})
		if r.status != http.StatusOK {
			t.Fatalf("agent resolves: %d %s", r.status, r.body)
		}
		if r := resolve(later); r != (alertEffect{"noted", second.incident}) {
			t.Errorf("alert resolved after the agent: %+v", r)
		}
		if inc := f.incident(second.incident); inc["resolution"].(map[string]any)["code"] != "FIXED" {
			t.Errorf("the agent's resolution was replaced: %v", inc["resolution"])
		}

		// An agent closes it: the next firing, even within the window,
		// opens a new incident.
		r = e.call(f.operator, http.MethodPatch, base+"/incidents/"+second.incident, map[string]any{"status": "CLOSED"})
		if r.status != http.StatusOK {
			t.Fatalf("agent closes: %d %s", r.status, r.body)
		}
		third := fire(e.clock.Now())
		if third.effect != "created" || third.incident == second.incident {
			t.Errorf("fired again on a closed incident: %+v", third)
		}
		if n := f.incidentCount(); n != 3 {
			t.Errorf("%d incidents, want 3", n)
		}
	})
}

// An agent editing an incident while its alert resolves does not lose the
// resolution: when the agent's change lands between the alert's reading
// of the incident and its update, the alert decides again.
func TestAlertResolutionRacesAgents(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		startsAt := e.clock.Now().Add(-time.Minute)
		for i := range 10 {
			alert := amAlert{fingerprint: fmt.Sprintf("race-%d", i), startsAt: startsAt}
			id := f.effects(alert)[alert.fingerprint].incident
			var wg sync.WaitGroup
			for j := range 5 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := e.call(f.operator, http.MethodPatch, base+"/incidents/"+id, map[string]any{"description": fmt.Sprintf("Edited %d", j)})
					if r.status != http.StatusOK {
						t.Errorf("agent's edit: %d %s", r.status, r.body)
					}
				}()
			}
			alert.status = "resolved"
			if got := f.effects(alert)[alert.fingerprint]; got.effect != "resolved" {
				t.Errorf("%s: %+v", alert.fingerprint, got)
			}
			wg.Wait()
			if inc := f.incident(id); inc["status"] != "RESOLVED" || inc["resolution"].(map[string]any)["code"] != "AUTO_RESOLVED" {
				t.Errorf("%s: %v %v", id, inc["status"], inc["resolution"])
			}
		}
	})
}
