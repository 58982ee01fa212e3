package httpapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
)

// The alert endpoints (spec §13, docs/alerts.md). Both authenticate with an
// integration key alone: alerting tools run no OAuth flow.
const (
	alertmanagerRoute = "POST " + basePath + "/alerts/alertmanager"
	// pagerDutyRoute is at the root, where a PagerDuty Events API v2
	// sender posts once its host is changed.
	pagerDutyRoute = "POST /v2/enqueue"
)

// alertReceipt is the answer to an Alertmanager notification: what each
// alert did, in the payload's order.
type alertReceipt struct {
	Alerts []alertOutcome `json:"alerts"`
}

type alertOutcome struct {
	Fingerprint string  `json:"fingerprint"`
	IncidentID  *string `json:"incidentId"`
	Effect      string  `json:"effect"`
}

// receiveAlertmanager takes Alertmanager's webhook payload (version 4),
// the integration key as a bearer token, and answers 200 once every alert
// of it is stored. The payload is checked whole before any alert is
// carried out; each alert is then one transaction, so a notification
// Alertmanager sends again after a failure changes nothing twice.
func (s *server) receiveAlertmanager(w http.ResponseWriter, r *http.Request) error {
	if s.alerts == nil {
		return fail(incident.CodeUnavailable, MsgAlertsUnavailable)
	}
	in, err := s.authenticateIntegration(w, r, bearerKey(r.Header.Get("Authorization")))
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	events, err := alerts.DecodeAlertmanager(body)
	if err != nil {
		return err
	}
	receipt := alertReceipt{Alerts: make([]alertOutcome, 0, len(events))}
	for _, ev := range events {
		ev.RequestID = stateOf(r.Context()).requestID
		out, err := s.alerts.Handle(r.Context(), in, ev)
		if err != nil {
			return err
		}
		s.logAlert(r, in, out)
		o := alertOutcome{Fingerprint: out.DedupKey, Effect: string(out.Effect)}
		if out.IncidentID != "" {
			o.IncidentID = &out.IncidentID
		}
		receipt.Alerts = append(receipt.Alerts, o)
	}
	return writeJSON(w, http.StatusOK, receipt)
}

// pagerDutyAnswer is PagerDuty's answer to an event: success, or an
// invalid event with its errors.
type pagerDutyAnswer struct {
	Status   string   `json:"status"`
	Message  string   `json:"message"`
	DedupKey string   `json:"dedup_key,omitempty"`
	Errors   []string `json:"errors,omitempty"`
}

// enqueuePagerDutyEvent takes an event of the PagerDuty Events API v2,
// the integration key as its routing_key (or as a bearer token), and
// answers as PagerDuty does: 202 with the dedup key, 400 "invalid event"
// listing the problems.
func (s *server) enqueuePagerDutyEvent(w http.ResponseWriter, r *http.Request) error {
	if s.alerts == nil {
		return fail(incident.CodeUnavailable, MsgAlertsUnavailable)
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	routingKey, ev, err := alerts.DecodePagerDuty(body)
	var invalid *alerts.InvalidEvent
	if errors.As(err, &invalid) {
		lang := stateOf(r.Context()).language
		answer := pagerDutyAnswer{Status: pagerDutyInvalid, Message: pagerDutyInvalidMessage}
		for _, p := range invalid.Problems {
			answer.Errors = append(answer.Errors, p.Describe(lang))
		}
		return writeJSON(w, http.StatusBadRequest, answer)
	}
	if err != nil {
		return err
	}
	if routingKey == "" {
		routingKey = bearerKey(r.Header.Get("Authorization"))
	}
	in, err := s.authenticateIntegration(w, r, routingKey)
	if err != nil {
		return err
	}
	ev.RequestID = stateOf(r.Context()).requestID
	out, err := s.alerts.Handle(r.Context(), in, ev)
	if err != nil {
		return err
	}
	s.logAlert(r, in, out)
	return writeJSON(w, http.StatusAccepted, pagerDutyAnswer{Status: "success", Message: "Event processed", DedupKey: out.DedupKey})
}

// authenticateIntegration finds the integration of a key, and names its
// customer for the request log; a refused key is answered with the
// bearer challenge.
func (s *server) authenticateIntegration(w http.ResponseWriter, r *http.Request, key string) (alerts.Integration, error) {
	in, err := s.alerts.Authenticate(r.Context(), key)
	if isCredentialsError(err) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="incidentd"`)
	}
	if err != nil {
		return alerts.Integration{}, err
	}
	state := stateOf(r.Context())
	state.clientID, state.customerID = in.ID, in.CustomerID
	return in, nil
}

// bearerKey is the credential of an Authorization header: what follows
// "Bearer", or the whole header when it has no scheme.
func bearerKey(authorization string) string {
	scheme, rest, spaced := strings.Cut(strings.TrimSpace(authorization), " ")
	if spaced && strings.EqualFold(scheme, "Bearer") {
		return strings.TrimSpace(rest)
	}
	return strings.TrimSpace(authorization)
}

func (s *server) logAlert(r *http.Request, in alerts.Integration, out alerts.Outcome) {
	s.logger.DebugContext(r.Context(), "alert", "requestId", stateOf(r.Context()).requestID,
		"integration", in.ID, "dedupKey", out.DedupKey, "effect", string(out.Effect), "incident", out.IncidentID)
}

// PagerDuty's words for a refused event.
const (
	pagerDutyInvalid        = "invalid event"
	pagerDutyInvalidMessage = "Event object is invalid"
)

// pagerDutyErrorJSON renders the errors of the PagerDuty endpoint in
// PagerDuty's shape: a status word, a message, and the detail as the one
// error of the list.
func pagerDutyErrorJSON(status int, body errorBody) []byte {
	answer := pagerDutyAnswer{Status: pagerDutyInvalid, Message: body.Message, Errors: []string{body.Description}}
	switch {
	case status == http.StatusBadRequest:
		answer.Message = pagerDutyInvalidMessage
	case status == http.StatusUnauthorized:
		answer.Status = "unauthorized"
	case status == http.StatusTooManyRequests:
		answer.Status = "throttled"
	case status >= 500:
		answer.Status = "error"
	}
	b, _ := json.Marshal(answer)
	return b
}
