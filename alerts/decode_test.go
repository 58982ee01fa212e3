package alerts

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// An Alertmanager payload as Alertmanager 0.25 sends it.
const alertmanagerSample = `{
  "receiver": "incidentd", "status": "firing", "version": "4", "groupKey": "{}:{alertname=\"LinkDown\"}",
  "truncatedAlerts": 0, "externalURL": "http://am:9093",
  "groupLabels": {"alertname": "LinkDown"}, "commonLabels": {"alertname": "LinkDown"}, "commonAnnotations": {},
  "alerts": [
    {"status": "firing", "labels": {"alertname": "LinkDown", "severity": "critical", "service": "SVC-1", "instance": "r1"},
     "annotations": {"summary": "Link down on r1", "description": "since 08:02"},
     "startsAt": "2026-11-26T08:02:03.123456789Z", "endsAt": "0001-01-01T00:00:00Z",
     "generatorURL": "http://prom/graph", "fingerprint": "5f2c7e1a9b3d4c60"},
    {"status": "resolved", "labels": {"alertname": "LinkDown", "instance": "r2"}, "annotations": {},
     "startsAt": "2026-11-26T07:00:00+01:00", "endsAt": "2026-11-26T08:00:00Z", "fingerprint": "0a1b2c3d4e5f6071"}
  ]
}`

func TestDecodeAlertmanager(t *testing.T) {
	events, err := DecodeAlertmanager([]byte(alertmanagerSample))
	if err != nil {
		t.Fatal(err)
	}
	want := []Event{
		{Action: ActionTrigger, DedupKey: "5f2c7e1a9b3d4c60", StartsAt: time.Date(2026, 11, 26, 8, 2, 3, 123e6, time.UTC),
			Title: "Link down on r1", Details: "since 08:02", Tool: toolAlertmanager,
			Attributes: Attributes{Name: "LinkDown", Severity: "critical", ServiceID: "SVC-1"}},
		{Action: ActionResolve, DedupKey: "0a1b2c3d4e5f6071", StartsAt: time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC),
			Tool: toolAlertmanager, Attributes: Attributes{Name: "LinkDown"}},
	}
	if len(events) != len(want) {
		t.Fatalf("%d events, want %d", len(events), len(want))
	}
	for i := range want {
		if events[i] != want[i] {
			t.Errorf("event %d:\n got %+v\nwant %+v", i, events[i], want[i])
		}
	}
}

func TestDecodeAlertmanagerRefusals(t *testing.T) {
	for body, want := range map[string]struct {
		code  int
		names string
	}{
		``:                              {incident.CodeMissingBody, ""},
		`  `:                            {incident.CodeMissingBody, ""},
		`null`:                          {incident.CodeMissingBodyField, "version"},
		`"4"`:                           {incident.CodeInvalidBody, "string"},
		`{"version":4}`:                 {incident.CodeInvalidBody, "version"},
		`{"version":"4","alerts":{}}`:   {incident.CodeInvalidBody, "alerts"},
		`{"version":"4","alerts":null}`: {incident.CodeMissingBodyField, "alerts"},
		`{"version":"4","alerts":[{}]}`: {incident.CodeMissingBodyField, "alerts[0].status"},
		`{"version":"4","alerts":[{"status":"firing","fingerprint":"\u0001","startsAt":"2026-01-01T00:00:00Z"}]}`:        {incident.CodeInvalidBodyField, "alerts[0].fingerprint"},
		`{"version":"4","alerts":[{"status":"firing","fingerprint":"` + strings.Repeat("f", 256) + `","startsAt":"x"}]}`: {incident.CodeInvalidBodyField, "alerts[0].fingerprint"},
		`{"version":"4","alerts":[{"status":"firing","fingerprint":"f"}]}`:                                               {incident.CodeMissingBodyField, "alerts[0].startsAt"},
		`{"version":"4","alerts":[{"status":"firing","fingerprint":"f","startsAt":"2026-01-01"}]}`:                       {incident.CodeInvalidBodyField, "alerts[0].startsAt"},
	} {
		_, err := DecodeAlertmanager([]byte(body))
		var e *incident.Error
		if !errors.As(err, &e) || e.Code != want.code || !strings.Contains(e.Error(), want.names) {
			t.Errorf("%s: error %v, want code %d naming %s", body, err, want.code, want.names)
		}
	}
}

func TestDecodePagerDuty(t *testing.T) {
	key, ev, err := DecodePagerDuty([]byte(`{"routing_key":" key ","event_action":"trigger","dedup_key":"disk/db1",
		"payload":{"summary":"Disk full","source":"db1","severity":"CRITICAL","timestamp":"2015-07-17T08:42:58.315+0000",
		"group":"storage","custom_details":{"impact":"S2","location":"LOC-9","description":"95% used","free_bytes":1024}},
		"images":[],"links":[],"client":"Zabbix"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Event{Action: ActionTrigger, DedupKey: "disk/db1", StartsAt: time.Date(2015, 7, 17, 8, 42, 58, 315e6, time.UTC),
		Title: "Disk full", Details: "Source: db1\nGroup: storage\n\n95% used", Tool: toolPagerDuty,
		Attributes: Attributes{Severity: "critical", Impact: "S2", LocationID: "LOC-9"}}
	if key != "key" || ev != want {
		t.Errorf("got %q %+v\nwant %+v", key, ev, want)
	}
	_, first, _ := DecodePagerDuty([]byte(`{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info","custom_details":"text"}}`))
	_, second, _ := DecodePagerDuty([]byte(`{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"info"}}`))
	if len(first.DedupKey) != 32 || first.DedupKey == second.DedupKey {
		t.Errorf("generated dedup keys %q %q", first.DedupKey, second.DedupKey)
	}
	_, ev, err = DecodePagerDuty([]byte(`{"event_action":"resolve","dedup_key":"disk/db1","payload":{"summary":""}}`))
	if err != nil || ev.Action != ActionResolve || ev.DedupKey != "disk/db1" {
		t.Errorf("resolve: %+v %v", ev, err)
	}
}

func TestDecodePagerDutyRefusals(t *testing.T) {
	for body, want := range map[string][]string{
		`[1]`:                            {"JSON object"},
		`{"event_action":"snooze"}`:      {"event_action"},
		`{"event_action":"acknowledge"}`: {"dedup_key"},
		`{"event_action":"trigger","dedup_key":"` + strings.Repeat("k", 300) + `"}`:                                    {"dedup_key", "payload"},
		`{"event_action":"trigger","payload":{"summary":"s","source":"h","severity":"warn","timestamp":"2015-07-17"}}`: {"payload.severity", "payload.timestamp"},
	} {
		_, _, err := DecodePagerDuty([]byte(body))
		var invalid *InvalidEvent
		if !errors.As(err, &invalid) || len(invalid.Problems) != len(want) {
			t.Errorf("%s: %v, want %d problems", body, err, len(want))
			continue
		}
		for i, w := range want {
			if !strings.Contains(invalid.Problems[i].Error(), w) {
				t.Errorf("%s: problem %d %q does not name %s", body, i, invalid.Problems[i].Error(), w)
			}
		}
	}
}
