package alerts

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

func TestLevelOf(t *testing.T) {
	overrides := SeverityMap{"warning": {incident.ImpactS4, incident.UrgencyU3}, "page": {incident.ImpactS1, incident.UrgencyU2}}
	for _, c := range []struct {
		attrs Attributes
		want  Level
	}{
		{Attributes{Severity: "critical"}, Level{incident.ImpactS1, incident.UrgencyU1}},
		{Attributes{Severity: " Error "}, Level{incident.ImpactS2, incident.UrgencyU2}},
		{Attributes{Severity: "warning"}, Level{incident.ImpactS4, incident.UrgencyU3}},
		{Attributes{Severity: "PAGE"}, Level{incident.ImpactS1, incident.UrgencyU2}},
		{Attributes{Severity: "info"}, Level{incident.ImpactS4, incident.UrgencyU3}},
		{Attributes{}, UnknownSeverity},
		{Attributes{Severity: "whatever"}, UnknownSeverity},
		{Attributes{Severity: "critical", Impact: "s3"}, Level{incident.ImpactS3, incident.UrgencyU1}},
		{Attributes{Severity: "critical", Impact: "S9", Urgency: "U3"}, Level{incident.ImpactS1, incident.UrgencyU3}},
	} {
		if got := levelOf(overrides, c.attrs); got != c.want {
			t.Errorf("%+v: %+v, want %+v", c.attrs, got, c.want)
		}
	}
}

func TestParseSeverityMap(t *testing.T) {
	m, err := ParseSeverityMap(" Critical=S1/U1 , page=s2/u1,")
	if err != nil || len(m) != 2 || m["critical"] != (Level{incident.ImpactS1, incident.UrgencyU1}) || m.String() != "critical=S1/U1,page=S2/U1" {
		t.Errorf("%v %v %q", m, err, m.String())
	}
	if m, err := ParseSeverityMap(""); err != nil || len(m) != 0 || m.String() != "" {
		t.Errorf("empty: %v %v", m, err)
	}
	for _, bad := range []string{"critical", "critical=S1", "critical=S5/U1", "=S1/U1", "a=S1/U1,a=S2/U2", strings.Repeat("x", 51) + "=S1/U1"} {
		if _, err := ParseSeverityMap(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNewIncidentIsAlwaysValid(t *testing.T) {
	in := Integration{Name: "Supervision", CustomerID: "acme", ServiceID: "SVC-DEFAULT"}
	at := time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)
	n := newIncident(in, Event{DedupKey: "f1", Title: "  \x00\x07 ", Details: "\t",
		Attributes: Attributes{Name: "Line\x1bDown", ServiceName: strings.Repeat("é", 300), LocationID: strings.Repeat("L", 150)}}, at)
	if n.Description != "Alert Line Down detected by the integration Supervision" {
		t.Errorf("fallback description %q", n.Description)
	}
	if n.Service.ID != "SVC-DEFAULT" || utf8.RuneCountInString(n.Service.Name) != incident.MaxName || !strings.HasSuffix(n.Service.Name, "…") {
		t.Errorf("service %+v", n.Service)
	}
	if utf8.RuneCountInString(n.Location.ID) != incident.MaxRefID {
		t.Errorf("location id of %d characters", utf8.RuneCountInString(n.Location.ID))
	}
	if n.Origin != incident.OriginProactive || n.CustomerID != "acme" || !n.DetectedAt.Equal(at) || n.Impact != incident.ImpactS3 {
		t.Errorf("command %+v", n)
	}
	long := newIncident(in, Event{Title: strings.Repeat("t", 3000), Details: strings.Repeat("d", 3000)}, at)
	if utf8.RuneCountInString(long.Description) != incident.MaxDescription {
		t.Errorf("description of %d characters", utf8.RuneCountInString(long.Description))
	}
	if anonymous := newIncident(in, Event{DedupKey: "5f2c"}, at); anonymous.Description != "Alert 5f2c detected by the integration Supervision" {
		t.Errorf("fallback without a name: %q", anonymous.Description)
	}
}
