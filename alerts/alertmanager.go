package alerts

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

// alertmanagerPayload is the part of Alertmanager's webhook payload
// (version 4) that is read; other members are ignored, as Alertmanager
// may add some.
type alertmanagerPayload struct {
	Version *string             `json:"version"`
	Alerts  []alertmanagerAlert `json:"alerts"`
}

type alertmanagerAlert struct {
	Status      string            `json:"status"`
	Labels      map[string]string `json:"labels"`
	Annotations map[string]string `json:"annotations"`
	StartsAt    string            `json:"startsAt"`
	Fingerprint string            `json:"fingerprint"`
}

// Annotations read from an Alertmanager alert for the description.
const (
	annotationSummary     = "summary"
	annotationDescription = "description"
)

// toolAlertmanager names Alertmanager in notes and history reasons.
const toolAlertmanager = "Alertmanager"

// DecodeAlertmanager decodes Alertmanager's webhook payload, version 4,
// into one event per alert: a trigger for a firing alert, a resolve for a
// resolved one. Every alert is checked before any is returned, so a bad
// payload is refused whole: errors are *incident.Error values with code 21
// (no body), 22 (not a JSON object, or a member of the wrong type), 23 (a
// member missing) or 24 (a value refused), naming the member.
func DecodeAlertmanager(body []byte) ([]Event, error) {
	var p alertmanagerPayload
	if err := decodeJSON(body, &p); err != nil {
		return nil, err
	}
	switch {
	case p.Version == nil:
		return nil, incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, "version")
	case *p.Version != "4":
		return nil, incident.Errorf(incident.CodeInvalidBodyField, MsgVersion, *p.Version)
	case p.Alerts == nil:
		return nil, incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, "alerts")
	}
	events := make([]Event, 0, len(p.Alerts))
	for i, a := range p.Alerts {
		ev, err := a.event(fmt.Sprintf("alerts[%d].", i))
		if err != nil {
			return nil, err
		}
		events = append(events, ev)
	}
	return events, nil
}

// event checks one alert and makes its event; field prefixes the names of
// its members in errors.
func (a alertmanagerAlert) event(field string) (Event, error) {
	ev := Event{
		DedupKey:   a.Fingerprint,
		Title:      a.Annotations[annotationSummary],
		Details:    a.Annotations[annotationDescription],
		Attributes: attributesOf(a.Labels),
		Tool:       toolAlertmanager,
	}
	switch a.Status {
	case "firing":
		ev.Action = ActionTrigger
	case "resolved":
		ev.Action = ActionResolve
	case "":
		return Event{}, incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, field+"status")
	default:
		return Event{}, incident.Errorf(incident.CodeInvalidBodyField, MsgAlertStatus, field+"status")
	}
	if err := checkDedupKey(field+"fingerprint", a.Fingerprint); err != nil {
		return Event{}, err
	}
	if a.StartsAt == "" {
		return Event{}, incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, field+"startsAt")
	}
	startsAt, err := time.Parse(time.RFC3339Nano, a.StartsAt)
	if err != nil {
		return Event{}, incident.Errorf(incident.CodeInvalidBodyField, MsgTime, field+"startsAt")
	}
	ev.StartsAt = startsAt.UTC().Truncate(time.Millisecond)
	return ev, nil
}

// maxDedupKey is the longest fingerprint or dedup key taken.
const maxDedupKey = 255

// checkDedupKey checks a fingerprint or dedup key: 1 to 255 characters,
// none a control character (code 23 when missing, 24 otherwise).
func checkDedupKey(field, key string) *incident.Error {
	if key == "" {
		return incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, field)
	}
	if utf8.RuneCountInString(key) > maxDedupKey || strings.IndexFunc(key, unicode.IsControl) >= 0 {
		return incident.Errorf(incident.CodeInvalidBodyField, MsgDedupKey, field)
	}
	return nil
}

// decodeJSON decodes a JSON object into v: code 21 for an empty body, 22
// for anything but an object or for a member of the wrong type.
func decodeJSON(body []byte, v any) error {
	if len(strings.TrimSpace(string(body))) == 0 {
		return incident.Errorf(incident.CodeMissingBody, MsgNoBody)
	}
	err := json.Unmarshal(body, v)
	var typeErr *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &typeErr) && typeErr.Field != "":
		return incident.Errorf(incident.CodeInvalidBody, MsgFieldType, typeErr.Field)
	case errors.As(err, &typeErr):
		return incident.Errorf(incident.CodeInvalidBody, MsgBodyNotJSON, "a "+typeErr.Value+" was given")
	}
	return incident.Errorf(incident.CodeInvalidBody, MsgBodyNotJSON, err.Error())
}
