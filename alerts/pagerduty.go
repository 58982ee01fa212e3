package alerts

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// pagerDutyEvent is an event of the PagerDuty Events API v2. Images, links
// and the client's name and URL are ignored.
type pagerDutyEvent struct {
	RoutingKey  string            `json:"routing_key"`
	EventAction string            `json:"event_action"`
	DedupKey    string            `json:"dedup_key"`
	Payload     *pagerDutyPayload `json:"payload"`
}

type pagerDutyPayload struct {
	Summary   string `json:"summary"`
	Source    string `json:"source"`
	Severity  string `json:"severity"`
	Timestamp string `json:"timestamp"`
	Component string `json:"component"`
	Group     string `json:"group"`
	Class     string `json:"class"`
	// CustomDetails may be any JSON value; the string members of an
	// object are read as an Alertmanager alert's labels are.
	CustomDetails json.RawMessage `json:"custom_details"`
}

// pagerDutySeverities are the severities the Events API v2 takes.
var pagerDutySeverities = []string{"critical", "error", "warning", "info"}

// toolPagerDuty names the Events API in notes and history reasons.
const toolPagerDuty = "PagerDuty Events API"

// InvalidEvent refuses a PagerDuty event with every problem found in it,
// as PagerDuty answers "invalid event" with a list of errors.
type InvalidEvent struct {
	Problems []*incident.Error
}

func (e *InvalidEvent) Error() string {
	texts := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		texts[i] = p.Error()
	}
	return "invalid event: " + strings.Join(texts, "; ")
}

// DecodePagerDuty decodes an event of the PagerDuty Events API v2 and
// returns its routing key (empty when it has none) and its event. A
// trigger without dedup_key gets a new one, as PagerDuty gives. A
// malformed event is an *InvalidEvent listing its problems.
func DecodePagerDuty(body []byte) (routingKey string, ev Event, err error) {
	var e pagerDutyEvent
	if err := decodeJSON(body, &e); err != nil {
		var problem *incident.Error
		if !errors.As(err, &problem) {
			return "", Event{}, err
		}
		return "", Event{}, &InvalidEvent{Problems: []*incident.Error{problem}}
	}
	var problems []*incident.Error
	refuse := func(p *incident.Error) { problems = append(problems, p) }
	ev = Event{Action: Action(e.EventAction), DedupKey: e.DedupKey, Tool: toolPagerDuty}
	switch ev.Action {
	case ActionTrigger, ActionAcknowledge, ActionResolve:
	default:
		refuse(incident.Errorf(incident.CodeInvalidBodyField, MsgEventAction))
	}
	if e.DedupKey != "" {
		if err := checkDedupKey("dedup_key", e.DedupKey); err != nil {
			refuse(err)
		}
	} else if ev.Action == ActionAcknowledge || ev.Action == ActionResolve {
		refuse(incident.Errorf(incident.CodeMissingBodyField, MsgDedupKeyRequired))
	}
	if ev.Action == ActionTrigger {
		problems = append(problems, e.Payload.read(&ev)...)
	}
	if len(problems) > 0 {
		return "", Event{}, &InvalidEvent{Problems: problems}
	}
	if ev.DedupKey == "" {
		ev.DedupKey = newDedupKey()
	}
	return strings.TrimSpace(e.RoutingKey), ev, nil
}

// read checks the payload of a trigger and sets what it says in ev.
func (p *pagerDutyPayload) read(ev *Event) []*incident.Error {
	if p == nil {
		return []*incident.Error{incident.Errorf(incident.CodeMissingBodyField, MsgBlank, "payload")}
	}
	var problems []*incident.Error
	for _, required := range []struct{ name, value string }{{"payload.summary", p.Summary}, {"payload.source", p.Source}} {
		if strings.TrimSpace(required.value) == "" {
			problems = append(problems, incident.Errorf(incident.CodeMissingBodyField, MsgBlank, required.name))
		}
	}
	severity := strings.ToLower(strings.TrimSpace(p.Severity))
	if !slices.Contains(pagerDutySeverities, severity) {
		problems = append(problems, incident.Errorf(incident.CodeInvalidBodyField, MsgSeverity))
	}
	if p.Timestamp != "" {
		at, err := parseTimestamp(p.Timestamp)
		if err != nil {
			problems = append(problems, incident.Errorf(incident.CodeInvalidBodyField, MsgTime, "payload.timestamp"))
		}
		ev.StartsAt = at
	}
	var details map[string]json.RawMessage
	_ = json.Unmarshal(p.CustomDetails, &details) // anything but an object has no attributes
	labels := map[string]string{}
	for name, raw := range details {
		var s string
		if json.Unmarshal(raw, &s) == nil {
			labels[name] = s
		}
	}
	ev.Attributes = attributesOf(labels)
	ev.Severity = severity
	ev.Title = p.Summary
	ev.Details = pagerDutyDetails(p, labels[annotationDescription])
	return problems
}

// pagerDutyDetails are the lines of the description below the summary:
// where the event comes from and the description custom detail.
func pagerDutyDetails(p *pagerDutyPayload, description string) string {
	var lines []string
	for _, f := range []struct{ name, value string }{
		{"Source", p.Source}, {"Component", p.Component}, {"Group", p.Group}, {"Class", p.Class},
	} {
		if v := strings.TrimSpace(f.value); v != "" {
			lines = append(lines, f.name+": "+v)
		}
	}
	if d := strings.TrimSpace(description); d != "" {
		lines = append(lines, "", d)
	}
	return strings.Join(lines, "\n")
}

// parseTimestamp reads an ISO 8601 date-time as PagerDuty's examples write
// it, with or without a colon in the offset.
func parseTimestamp(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		var err2 error
		if t, err2 = time.Parse("2006-01-02T15:04:05.999999999-0700", s); err2 != nil {
			return time.Time{}, err
		}
	}
	return t.UTC().Truncate(time.Millisecond), nil
}

// newDedupKey is the dedup key of a trigger that came without one: 32
// random hexadecimal digits.
func newDedupKey() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails: crypto/rand aborts the program instead
	return hex.EncodeToString(b)
}
