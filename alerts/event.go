package alerts

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

// Action is what an event says of its alert.
type Action string

const (
	ActionTrigger     Action = "trigger"
	ActionAcknowledge Action = "acknowledge"
	ActionResolve     Action = "resolve"
)

// Event is one piece of news about one alert, whatever tool sent it.
type Event struct {
	Action Action
	// DedupKey names the alert within its integration: Alertmanager's
	// fingerprint, PagerDuty's dedup_key.
	DedupKey string
	// StartsAt is when the alert began firing, when the tool says: the
	// same instant on every repeat of one firing. Zero: unknown.
	StartsAt time.Time
	// Title and Details describe the alert (Alertmanager's summary and
	// description annotations, PagerDuty's summary and source).
	Title, Details string
	Attributes
	// Tool names the sender in notes and history reasons.
	Tool string
	// RequestID is the id of the request that delivered the event: the
	// correlation id of the incident events it causes.
	RequestID string
}

// Attributes are what an alert may say of its incident, from its labels
// (Alertmanager) or custom details (PagerDuty), each optional.
type Attributes struct {
	// Name is the alert's name (the alertname label), for the fallback
	// description.
	Name     string
	Severity string
	// Impact and Urgency override the severity mapping when valid.
	Impact, Urgency          string
	ServiceID, ServiceName   string
	LocationID, LocationName string
}

// Label names read from an alert (and from PagerDuty's custom details).
const (
	labelName         = "alertname"
	labelSeverity     = "severity"
	labelImpact       = "impact"
	labelUrgency      = "urgency"
	labelService      = "service"
	labelServiceName  = "service_name"
	labelLocation     = "location"
	labelLocationName = "location_name"
)

// attributesOf reads the attributes from labels; the severity only when
// the labels have one.
func attributesOf(labels map[string]string) Attributes {
	return Attributes{
		Name:         labels[labelName],
		Severity:     labels[labelSeverity],
		Impact:       labels[labelImpact],
		Urgency:      labels[labelUrgency],
		ServiceID:    labels[labelService],
		ServiceName:  labels[labelServiceName],
		LocationID:   labels[labelLocation],
		LocationName: labels[labelLocationName],
	}
}

// newIncident is the command that opens the incident of a firing alert for
// the integration: every value made valid here (texts cleaned and cut to
// their limits), so that an alert is never refused for its content.
func newIncident(in Integration, ev Event, detectedAt time.Time) incident.NewIncident {
	level := levelOf(in.Severities, ev.Attributes)
	n := incident.NewIncident{
		CustomerID:  in.CustomerID,
		Description: describe(in, ev),
		Impact:      level.Impact,
		Urgency:     level.Urgency,
		Origin:      incident.OriginProactive,
		DetectedAt:  &detectedAt,
	}
	if id, name := orDefault(ev.ServiceID, in.ServiceID), clean(ev.ServiceName, incident.MaxName); id != "" || name != "" {
		n.Service = &incident.Service{ID: id, Name: name}
	}
	if id, name := orDefault(ev.LocationID, in.LocationID), clean(ev.LocationName, incident.MaxName); id != "" || name != "" {
		n.Location = &incident.Location{ID: id, Name: name}
	}
	return n
}

// orDefault is the alert's reference, cleaned, else the integration's.
func orDefault(given, fallback string) string {
	if v := clean(given, incident.MaxRefID); v != "" {
		return v
	}
	return fallback
}

// describe is the description of an alert's incident: its title and
// details, one paragraph each; without either, the fallback names the
// alert and the integration (docs/alerts.md).
func describe(in Integration, ev Event) string {
	var parts []string
	for _, p := range []string{ev.Title, ev.Details} {
		if p = clean(p, incident.MaxDescription); p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		name := clean(ev.Name, incident.MaxName)
		if name == "" {
			name = ev.DedupKey
		}
		parts = append(parts, "Alert "+name+" detected by the integration "+in.Name)
	}
	return cut(strings.Join(parts, "\n\n"), incident.MaxDescription)
}

// clean trims a text, turns its control characters other than line breaks
// and tabs into spaces, and cuts it to max characters.
func clean(s string, max int) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' || r == utf8.RuneError {
			return ' '
		}
		return r
	}, s)
	return cut(strings.TrimSpace(s), max)
}

// cut keeps the first max characters of s, ending with "…" when it cut.
func cut(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	runes := []rune(s)
	return strings.TrimSpace(string(runes[:max-1])) + "…"
}
