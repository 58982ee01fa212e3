package httpapi_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
)

const eventsPath = base + "/events"

// feed reads one answer of the feed as c and fails the test unless 200;
// it checks the count header and the Link to the next page.
func (e *env) feed(c caller, query string) ([]map[string]any, string) {
	e.t.Helper()
	r := e.call(c, http.MethodGet, eventsPath+"?"+query, nil)
	if r.status != http.StatusOK {
		e.t.Fatalf("GET /events?%s: %d %s", query, r.status, r.body)
	}
	events := r.list(e.t)
	if n, err := strconv.Atoi(r.header.Get("X-Result-Count")); err != nil || n != len(events) {
		e.t.Errorf("X-Result-Count %q for %d events", r.header.Get("X-Result-Count"), len(events))
	}
	return events, linkTarget(e.t, r.header.Get("Link"), "next")
}

// feedAll follows the feed's Link from query to the end.
func (e *env) feedAll(c caller, query string) []map[string]any {
	e.t.Helper()
	var all []map[string]any
	events, next := e.feed(c, query)
	for len(events) > 0 {
		all = append(all, events...)
		r := e.call(c, http.MethodGet, next, nil)
		if r.status != http.StatusOK {
			e.t.Fatalf("GET %s: %d %s", next, r.status, r.body)
		}
		events = r.list(e.t)
		next = linkTarget(e.t, r.header.Get("Link"), "next")
	}
	return all
}

func types(events []map[string]any) []string {
	out := make([]string, len(events))
	for i, ev := range events {
		out[i], _ = ev["eventType"].(string)
	}
	return out
}

func eventIncident(ev map[string]any) map[string]any {
	inc, _ := ev["event"].(map[string]any)["incident"].(map[string]any)
	return inc
}

// Spec §11.1, §11.4: every change is an event with its envelope, read in
// order from the feed; customers see their own incidents' events only,
// never internal notes; operators see all.
func TestEventFeed(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		globex := e.login(e.newCustomer("globex", "Globex"), auth.ScopeIncident)
		reader := e.login(party{customerID: "acme", key: acme.key}, auth.ScopeReadOnly)
		operator := e.login(e.newOperator(), auth.ScopeOperator)

		created := e.call(acme, http.MethodPost, base+"/incidents", incidentBody(1, "S3", "U3", "FR"))
		id := created.object(t)["id"].(string)
		patched := e.call(acme, http.MethodPatch, base+"/incidents/"+id, map[string]any{"urgency": "U1", "description": "Line 1 down again"})
		if patched.status != http.StatusOK {
			t.Fatalf("patch: %d %s", patched.status, patched.body)
		}
		e.report(globex, incidentBody(2, "S1", "U1", "DE"))
		for _, body := range []map[string]any{
			{"status": "VALIDATED"},
			{"status": "IN_PROGRESS"},
			{"status": "RESOLVED", "resolution": map[string]any{"code": "FIXED", "text": "card replaced"}},
		} {
			if r := e.call(operator, http.MethodPatch, base+"/incidents/"+id, body); r.status != http.StatusOK {
				t.Fatalf("patch %v: %d %s", body, r.status, r.body)
			}
		}
		internal := e.addNote(operator, id, map[string]any{"text": "Line card suspected", "internal": true})
		e.addNote(acme, id, map[string]any{"text": "Thanks"})
		e.uploadFile(operator, id, "trace.txt", []byte("trace"), formPart{name: "noteId", content: []byte(sprintID(internal["id"]))})
		e.uploadFile(acme, id, "photo.txt", []byte("photo"))
		start := time.Now().UTC().Add(-time.Hour).Format(time.RFC3339)
		end := time.Now().UTC().Add(-30 * time.Minute).Format(time.RFC3339)
		period := e.call(operator, http.MethodPost, base+"/incidents/"+id+"/freezePeriods",
			map[string]any{"startAt": start, "endAt": end, "reason": "SITE_ACCESS_REFUSED"})
		if period.status != http.StatusCreated {
			t.Fatalf("freeze period: %d %s", period.status, period.body)
		}

		all := e.feedAll(operator, "limit=3")
		want := []string{"IncidentCreateEvent", "IncidentAttributeValueChangeEvent", "IncidentCreateEvent",
			"IncidentStatusChangeEvent", "IncidentStatusChangeEvent",
			"IncidentAttributeValueChangeEvent", "IncidentStatusChangeEvent", "IncidentResolvedEvent",
			"IncidentNoteCreateEvent", "IncidentNoteCreateEvent", "IncidentAttachmentCreateEvent", "IncidentAttachmentCreateEvent",
			"IncidentFreezePeriodChangeEvent"}
		if got := types(all); !slices.Equal(got, want) {
			t.Fatalf("operator's feed:\n got %v\nwant %v", got, want)
		}
		create := all[0]
		if create["correlationId"] != created.header.Get("X-OAPI-Request-Id") || eventIncident(create)["id"] != id ||
			eventIncident(create)["status"] != "NEW" || create["eventId"] == "" || create["cursor"] == "" {
			t.Errorf("create event: %v", create)
		}
		change := all[1]
		if fields := change["changedFields"].([]any); len(fields) != 3 || fields[0] != "description" || fields[1] != "urgency" || fields[2] != "priority" {
			t.Errorf("changedFields %v", change["changedFields"])
		}
		if change["correlationId"] != patched.header.Get("X-OAPI-Request-Id") || eventIncident(change)["urgency"] != "U1" {
			t.Errorf("attribute change: %v", change)
		}
		if _, ok := all[3]["changedFields"]; ok {
			t.Errorf("a status change has changedFields: %v", all[3])
		}
		if eventIncident(all[7])["status"] != "RESOLVED" || eventIncident(all[6])["status"] != "RESOLVED" {
			t.Errorf("resolution events carry %v, %v", eventIncident(all[6])["status"], eventIncident(all[7])["status"])
		}
		if note := all[8]["event"].(map[string]any)["note"].(map[string]any); note["internal"] != true {
			t.Errorf("internal note event: %v", note)
		}
		if a := all[10]["event"].(map[string]any)["attachment"].(map[string]any); a["name"] != "trace.txt" {
			t.Errorf("attachment event: %v", a)
		}
		if p := all[12]["event"].(map[string]any)["freezePeriod"].(map[string]any); p["reason"] != "SITE_ACCESS_REFUSED" {
			t.Errorf("freeze period event: %v", p)
		}

		// Acme's consumers: acme's events only, without the internal note
		// and the file attached to it; the read-only scope reads it too.
		for _, c := range []caller{acme, reader} {
			got := e.feedAll(c, "")
			var wantIDs []any
			for _, ev := range all {
				if eventIncident(ev)["customer"].(map[string]any)["id"] == "acme" && ev["eventId"] != all[8]["eventId"] && ev["eventId"] != all[10]["eventId"] {
					wantIDs = append(wantIDs, ev["eventId"])
				}
			}
			var gotIDs []any
			for _, ev := range got {
				gotIDs = append(gotIDs, ev["eventId"])
			}
			if !slices.Equal(gotIDs, wantIDs) || len(gotIDs) != 10 {
				t.Errorf("acme's feed: %d events %v, want %v", len(gotIDs), types(got), wantIDs)
			}
		}
		if got := e.feedAll(globex, ""); len(got) != 1 || eventIncident(got[0])["customer"].(map[string]any)["id"] != "globex" {
			t.Errorf("globex's feed: %v", types(got))
		}

		// Filters: event types, and the incident's fields.
		if got := e.feedAll(operator, "eventType=IncidentCreateEvent,IncidentResolvedEvent"); !slices.Equal(types(got),
			[]string{"IncidentCreateEvent", "IncidentCreateEvent", "IncidentResolvedEvent"}) {
			t.Errorf("eventType filter: %v", types(got))
		}
		if got := e.feedAll(operator, "eventType=IncidentCreateEvent&eventType=IncidentResolvedEvent&customer.id=globex"); len(got) != 1 ||
			eventIncident(got[0])["customer"].(map[string]any)["id"] != "globex" {
			t.Errorf("eventType and customer.id: %v", types(got))
		}
		if got := e.feedAll(acme, "priority=P2&status.ne=RESOLVED"); !slices.Equal(types(got), []string{"IncidentAttributeValueChangeEvent",
			"IncidentStatusChangeEvent", "IncidentStatusChangeEvent"}) {
			t.Errorf("incident filter: %v", types(got))
		}
		// A page of filtered events moves the cursor past what it skipped.
		page, next := e.feed(operator, "eventType=IncidentFreezePeriodChangeEvent&limit=1")
		if len(page) != 1 || !strings.Contains(next, "after="+url.QueryEscape(all[12]["cursor"].(string))) || !strings.Contains(next, "eventType=") {
			t.Errorf("filtered page: %v, next %s", types(page), next)
		}
		if page, again := e.feed(operator, strings.TrimPrefix(next, eventsPath+"?")); len(page) != 0 || again != next {
			t.Errorf("after the last event: %v, next %s (was %s)", types(page), again, next)
		}
		// Paging by one from each cursor gives the same sequence.
		for i := 0; i+1 < len(all); i++ {
			page, _ := e.feed(operator, "limit=1&after="+url.QueryEscape(all[i]["cursor"].(string)))
			if len(page) != 1 || page[0]["eventId"] != all[i+1]["eventId"] {
				t.Fatalf("after event %d: %v", i, types(page))
			}
		}
	})
}

// Spec §11.4: parameters outside the grammar are refused in our format.
func TestEventFeedRefusals(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		for _, q := range []string{"limit=0", "limit=1001", "limit=x", "wait=61", "wait=-1", "wait=1.5", "wait=", "eventType=Nope",
			"eventType=", "after=bogus", "after=e1&after=e2", "sort=createdAt", "offset=1", "fields=id", "priority=P9", "customer.id=acme", "color=red"} {
			checkError(t, e.call(acme, http.MethodGet, eventsPath+"?"+q, nil), http.StatusBadRequest, 28)
		}
		r := e.call(acme, http.MethodGet, eventsPath+"?limit=0", nil, "Accept-Language", "fr")
		if body := checkError(t, r, http.StatusBadRequest, 28); !strings.Contains(body["description"].(string), "entier") {
			t.Errorf("French description: %v", body)
		}
	})
}

// Spec §11.4: a long poll answers as soon as an event commits, and [] at
// the end of its time; an expired cursor is 410.
func TestEventFeedLongPollAndRetention(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		e.report(acme, incidentBody(1, "S3", "U3", ""))
		_, next := e.feed(acme, "")

		begun := time.Now()
		page, again := e.feed(acme, strings.TrimPrefix(next, eventsPath+"?")+"&wait=1")
		if waited := time.Since(begun); len(page) != 0 || waited < time.Second || waited > 3*time.Second || !strings.HasSuffix(again, next[strings.Index(next, "after="):]) {
			t.Errorf("empty long poll: %d events after %v, next %s", len(page), waited, again)
		}

		type answer struct {
			events []map[string]any
			at     time.Time
		}
		answered := make(chan answer, 1)
		go func() {
			r := e.call(acme, http.MethodGet, next+"&wait=30", nil)
			var events []map[string]any
			r.decode(t, &events)
			answered <- answer{events, time.Now()}
		}()
		time.Sleep(300 * time.Millisecond)
		inc := e.report(acme, incidentBody(2, "S3", "U3", ""))
		committed := time.Now()
		select {
		case a := <-answered:
			if len(a.events) != 1 || eventIncident(a.events[0])["id"] != inc["id"] {
				t.Errorf("long poll answered %v", types(a.events))
			}
			if lag := a.at.Sub(committed); lag > 100*time.Millisecond {
				t.Errorf("long poll answered %v after the commit", lag)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("the long poll did not answer within 10 s of the event")
		}

		// Retention: once the first events are purged, their cursors are
		// gone; the feed starts at the oldest retained one.
		first, _ := e.feed(acme, "limit=1")
		e.clock.Advance(50 * time.Minute) // within the token's life
		e.report(acme, incidentBody(3, "S3", "U3", ""))
		if _, err := e.db.PurgeEvents(context.Background(), e.clock.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		body := checkError(t, e.call(acme, http.MethodGet, eventsPath+"?after="+url.QueryEscape(first[0]["cursor"].(string)), nil), http.StatusGone, 60)
		if body["message"] != "Cursor expired" {
			t.Errorf("410 message %v", body["message"])
		}
		r := e.call(acme, http.MethodGet, eventsPath+"?after="+url.QueryEscape(first[0]["cursor"].(string)), nil, "Accept-Language", "fr")
		if body := checkError(t, r, http.StatusGone, 60); body["message"] != "Curseur expiré" {
			t.Errorf("French 410 message %v", body["message"])
		}
		if rest := e.feedAll(acme, ""); len(rest) != 1 || eventIncident(rest[0])["description"] != "Line 3 unavailable" {
			t.Errorf("from the oldest retained: %v", types(rest))
		}
	})
}

// Spec §11.1: alert ingestion's incidents have their events, correlated
// with the delivering request.
func TestEventFeedAlerts(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := newAlertFixture(e, "acme", alerts.NewIntegration{})
		startsAt := time.Now().UTC().Add(-time.Minute).Truncate(time.Second)
		fired := f.notify(amPayload(amAlert{fingerprint: "a1", startsAt: startsAt}))
		resolved := f.notify(amPayload(amAlert{fingerprint: "a1", startsAt: startsAt, status: "resolved"}))
		if fired.status != http.StatusOK || resolved.status != http.StatusOK {
			t.Fatalf("alerts: %d %s, %d %s", fired.status, fired.body, resolved.status, resolved.body)
		}
		all := e.feedAll(f.customer, "")
		if len(all) < 3 || all[0]["eventType"] != "IncidentCreateEvent" || all[0]["correlationId"] != fired.header.Get("X-OAPI-Request-Id") {
			t.Fatalf("alert events: %v (%v)", types(all), all)
		}
		last := all[len(all)-1]
		if last["eventType"] != "IncidentResolvedEvent" || last["correlationId"] != resolved.header.Get("X-OAPI-Request-Id") {
			t.Errorf("resolution's events: %v, last %v", types(all), last["correlationId"])
		}
	})
}

// Spec §11.1: a change that moves the repair deadline before now reports
// the breach in its own transaction, once.
func TestEventFeedSlaBreach(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		e.newCustomer("acme", "Acme")
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		detected := time.Now().UTC().Add(-5 * time.Hour).Format(time.RFC3339)
		inc := e.report(operator, map[string]any{"customer": map[string]any{"id": "acme"}, "description": "Fibre cut",
			"impact": "S4", "urgency": "U3", "detectedAt": detected}) // P4: 72 h
		raise := e.call(operator, http.MethodPatch, base+"/incidents/"+inc["id"].(string), map[string]any{"impact": "S1", "urgency": "U1"})
		if raise.status != http.StatusOK {
			t.Fatalf("raise: %d %s", raise.status, raise.body)
		}
		e.call(operator, http.MethodPatch, base+"/incidents/"+inc["id"].(string), map[string]any{"description": "Fibre cut at the bridge"})
		all := e.feedAll(operator, "eventType=IncidentSlaBreachEvent")
		if len(all) != 1 || all[0]["correlationId"] != raise.header.Get("X-OAPI-Request-Id") {
			t.Fatalf("breach events: %v", all)
		}
		sla := eventIncident(all[0])["sla"].(map[string]any)
		if sla["isBreached"] != true || eventIncident(all[0])["priority"] != "P1" {
			t.Errorf("breach event's incident: sla %v, priority %v", sla, eventIncident(all[0])["priority"])
		}
	})
}
