package contract

import (
	"encoding/json"
	"errors"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

func TestAppendEventJSON(t *testing.T) {
	inc := fullIncident()
	at := inc.UpdatedAt
	for _, tc := range []struct {
		e    incident.Event
		keys []string
	}{
		{incident.Event{Type: incident.EventAttributeChange, ChangedFields: []string{"urgency", "priority"}, CorrelationID: "req-<1>"},
			[]string{"changedFields", "correlationId", "cursor", "event", "eventId", "eventTime", "eventType"}},
		{incident.Event{Type: incident.EventNoteCreate, Note: &incident.Note{ID: 3, Text: "hi", Author: incident.Actor{Type: incident.ActorCustomer, Name: "a"}, CreatedAt: at}},
			[]string{"correlationId", "cursor", "event", "eventId", "eventTime", "eventType"}},
	} {
		e := tc.e
		e.ID, e.Cursor, e.Time, e.Incident, e.CustomerID, e.IncidentID = "ev1", "e1", at, inc, inc.Customer.ID, inc.ID
		b := AppendEventJSON(nil, &e, incident.RoleCustomer)
		var got map[string]any
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		if !slices.Equal(keys, tc.keys) {
			t.Errorf("%s: keys %v, want %v", e.Type, keys, tc.keys)
		}
		payload := got["event"].(map[string]any)
		if payload["incident"].(map[string]any)["id"] != inc.ID || got["eventTime"] != at.Format(TimeLayout) || got["eventType"] != string(e.Type) {
			t.Errorf("%s: %s", e.Type, b)
		}
		if (e.Note != nil) != (payload["note"] != nil) {
			t.Errorf("%s: note %v", e.Type, payload["note"])
		}
		if e.CorrelationID == "" && got["correlationId"] != nil || e.CorrelationID != "" && got["correlationId"] != e.CorrelationID {
			t.Errorf("%s: correlationId %v", e.Type, got["correlationId"])
		}
	}
}

func TestParseEventFilter(t *testing.T) {
	inc := fullIncident() // acme's, P1 in France
	at := inc.UpdatedAt
	for _, tc := range []struct {
		query string
		role  incident.Role
		types []incident.EventType
		match bool
	}{
		{"", incident.RoleCustomer, nil, true},
		{"eventType=IncidentResolvedEvent,IncidentCreateEvent&EventType=IncidentCreateEvent", incident.RoleCustomer,
			[]incident.EventType{incident.EventCreate, incident.EventResolved}, true},
		{"priority=P1&location.address.country=" + inc.Location.Address.Country, incident.RoleCustomer, nil, true},
		{"priority.ne=" + string(inc.Priority), incident.RoleCustomer, nil, false},
		{"customer.id=" + inc.Customer.ID, incident.RoleOperator, nil, true},
		{"description.contains=" + url.QueryEscape(inc.Description[:3]), incident.RoleCustomer, nil, true},
		{"createdAt.gt=" + inc.CreatedAt.Format(time.RFC3339Nano), incident.RoleCustomer, nil, false},
	} {
		params, _ := url.ParseQuery(tc.query)
		f, err := ParseEventFilter(params, tc.role)
		if err != nil {
			t.Errorf("%s: %v", tc.query, err)
			continue
		}
		if !slices.Equal(f.Types, tc.types) {
			t.Errorf("%s: types %v", tc.query, f.Types)
		}
		if got := f.Incident == nil || f.Incident(inc, at); got != tc.match {
			t.Errorf("%s: matches %v", tc.query, got)
		}
	}
	for _, q := range []string{"eventType=Nope", "eventType=", "sort=id", "OFFSET=1", "limit=5", "fields=id", "customer.id=acme", "priority=P7", "x=1"} {
		params, _ := url.ParseQuery(q)
		if _, err := ParseEventFilter(params, incident.RoleCustomer); incident.ErrorCode(err) != incident.CodeInvalidQueryParam {
			t.Errorf("%s: %v, want code 28", q, err)
		}
	}
}

func FuzzParseEventFilter(f *testing.F) {
	f.Add("eventType=IncidentCreateEvent,IncidentSlaBreachEvent&priority=P1", false)
	f.Add("EVENTTYPE=IncidentNoteCreateEvent&eventType=&sla.isBreached=true", true)
	f.Add("customer.id=acme&createdAt.gte=2026-11-26&description.contains=line", true)
	f.Add("sort=id&limit=1", false)
	f.Fuzz(func(t *testing.T, rawQuery string, operator bool) {
		params, _ := url.ParseQuery(rawQuery)
		role := incident.RoleCustomer
		if operator {
			role = incident.RoleOperator
		}
		filter, err := ParseEventFilter(params, role)
		if err != nil {
			var e *incident.Error
			if !errors.As(err, &e) || e.Code != incident.CodeInvalidQueryParam {
				t.Fatalf("error %v is not code 28", err)
			}
			return
		}
		for _, ty := range filter.Types {
			if !slices.Contains(incident.EventTypes, string(ty)) {
				t.Fatalf("type %q", ty)
			}
		}
		if filter.Incident != nil {
			inc := fullIncident()
			filter.Incident(inc, inc.UpdatedAt) // must not panic
		}
	})
}
