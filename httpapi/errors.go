package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// errorKind is the HTTP face of an error code: its status and its short
// message (spec §7).
type errorKind struct {
	status  int
	message text.Key
}

// errorKinds is the one table from error code to HTTP status and message.
var errorKinds = map[int]errorKind{
	incident.CodeInternal:            {http.StatusInternalServerError, "code_internal"},
	incident.CodeUnavailable:         {http.StatusServiceUnavailable, "code_unavailable"},
	incident.CodeInvalidURLParameter: {http.StatusBadRequest, "code_invalid_url_parameter"},
	incident.CodeMissingBody:         {http.StatusBadRequest, "code_missing_body"},
	incident.CodeInvalidBody:         {http.StatusBadRequest, "code_invalid_body"},
	incident.CodeMissingBodyField:    {http.StatusBadRequest, "code_missing_body_field"},
	incident.CodeInvalidBodyField:    {http.StatusBadRequest, "code_invalid_body_field"},
	incident.CodeMissingHeader:       {http.StatusBadRequest, "code_missing_header"},
	incident.CodeInvalidHeader:       {http.StatusBadRequest, "code_invalid_header"},
	incident.CodeMissingQueryParam:   {http.StatusBadRequest, "code_missing_query_param"},
	incident.CodeInvalidQueryParam:   {http.StatusBadRequest, "code_invalid_query_param"},
	incident.CodeMissingCredentials:  {http.StatusUnauthorized, "code_missing_credentials"},
	incident.CodeInvalidCredentials:  {http.StatusUnauthorized, "code_invalid_credentials"},
	incident.CodeExpiredCredentials:  {http.StatusUnauthorized, "code_expired_credentials"},
	incident.CodeAccessDenied:        {http.StatusForbidden, "code_access_denied"},
	incident.CodeTooManyRequests:     {http.StatusTooManyRequests, "code_too_many_requests"},
	incident.CodeNotFound:            {http.StatusNotFound, "code_not_found"},
	incident.CodeMethodNotAllowed:    {http.StatusMethodNotAllowed, "code_method_not_allowed"},
	incident.CodeNotAcceptable:       {http.StatusNotAcceptable, "code_not_acceptable"},
	incident.CodePreconditionFailed:  {http.StatusPreconditionFailed, "code_precondition_failed"},
	incident.CodeTooLarge:            {http.StatusRequestEntityTooLarge, "code_too_large"},
	incident.CodeUnsupportedMedia:    {http.StatusUnsupportedMediaType, "code_unsupported_media"},
	incident.CodeInvalidTransition:   {http.StatusUnprocessableEntity, "code_invalid_transition"},
	incident.CodeIdempotencyReused:   {http.StatusUnprocessableEntity, "code_idempotency_reused"},
	incident.CodeOverlappingFreeze:   {http.StatusUnprocessableEntity, "code_overlapping_freeze"},
}

// goneKind answers a code 60 whose resource is no longer kept: an expired
// event cursor (spec §11.4).
var goneKind = errorKind{http.StatusGone, "code_cursor_expired"}

func init() {
	text.Register(map[text.Key]text.Texts{
		"code_cursor_expired":        {"Cursor expired", "Curseur expiré"},
		"code_internal":              {"Internal error", "Erreur interne"},
		"code_unavailable":           {"The service is temporarily unavailable", "Le service est temporairement indisponible"},
		"code_invalid_url_parameter": {"Invalid URL parameter value", "Valeur de paramètre d'URL invalide"},
		"code_missing_body":          {"Missing body", "Corps de requête absent"},
		"code_invalid_body":          {"Invalid body", "Corps de requête invalide"},
		"code_missing_body_field":    {"Missing body field", "Champ du corps absent"},
		"code_invalid_body_field":    {"Invalid body field", "Champ du corps invalide"},
		"code_missing_header":        {"Missing header", "En-tête absent"},
		"code_invalid_header":        {"Invalid header value", "Valeur d'en-tête invalide"},
		"code_missing_query_param":   {"Missing query-string parameter", "Paramètre de requête absent"},
		"code_invalid_query_param":   {"Invalid query-string parameter value", "Valeur de paramètre de requête invalide"},
		"code_missing_credentials":   {"Missing credentials", "Identifiants absents"},
		"code_invalid_credentials":   {"Invalid credentials", "Identifiants invalides"},
		"code_expired_credentials":   {"Expired credentials", "Identifiants expirés"},
		"code_access_denied":         {"Access denied", "Accès refusé"},
		"code_too_many_requests":     {"Too many requests", "Trop de requêtes"},
		"code_not_found":             {"Resource not found", "Ressource introuvable"},
		"code_method_not_allowed":    {"Method not allowed", "Méthode non autorisée"},
		"code_not_acceptable":        {"Not acceptable", "Format de réponse non disponible"},
		"code_precondition_failed":   {"Precondition failed", "Condition préalable non remplie"},
		"code_too_large":             {"Request entity too large", "Corps de requête trop volumineux"},
		"code_unsupported_media":     {"Unsupported media type", "Type de média non pris en charge"},
		"code_invalid_transition":    {"Invalid status transition", "Changement de statut invalide"},
		"code_idempotency_reused":    {"Idempotency key reused", "Clé d'idempotence réutilisée"},
		"code_overlapping_freeze":    {"Overlapping freeze period", "Période de gel en chevauchement"},
	})
}

// errorBody is the JSON shape of every error (spec §7).
type errorBody struct {
	Code        int    `json:"code"`
	Message     string `json:"message"`
	Description string `json:"description"`
}

// errorWriter renders errors; it logs what the client must not see.
type errorWriter struct {
	logger *slog.Logger
	// render encodes the body of an error answered with status; nil is
	// the API's shape (errorJSON). Routes compatible with another API
	// answer in that API's shape.
	render func(status int, body errorBody) []byte
}

// write renders err: an *incident.Error anywhere in the chain with its code,
// status and the facts of its Data; anything else as a 500 whose detail goes
// to the log and whose body names only the request id.
func (ew errorWriter) write(w http.ResponseWriter, r *http.Request, err error) {
	state := stateOf(r.Context())
	var domainErr *incident.Error
	kind, known := errorKind{}, false
	if errors.As(err, &domainErr) {
		kind, known = errorKinds[domainErr.Code]
	}
	if !known {
		ew.logger.ErrorContext(r.Context(), "internal error",
			"requestId", state.requestID, "method", logText(r.Method), "path", logText(r.URL.Path), "error", err.Error())
		domainErr = incident.Errorf(incident.CodeInternal, MsgInternal, state.requestID)
		kind = errorKinds[incident.CodeInternal]
	}
	if domainErr.Gone {
		kind = goneKind
	}
	if status, ok := statusOf(err); ok {
		kind.status = status
	}
	if kind.status >= http.StatusInternalServerError && known {
		// An unavailable database or a full disk: the client learns only
		// that, the log the cause.
		ew.logger.ErrorContext(r.Context(), "service unavailable",
			"requestId", state.requestID, "method", logText(r.Method), "path", logText(r.URL.Path), "error", err.Error())
	}
	var later interface{ RetryAfter() time.Duration }
	if errors.As(err, &later) {
		w.Header().Set("Retry-After", strconv.Itoa(auth.RetryAfterSeconds(later.RetryAfter())))
	}
	body := errorBody{
		Code:        domainErr.Code,
		Message:     text.Message(state.language, kind.message),
		Description: domainErr.Describe(state.language),
	}
	if ew.render != nil {
		writeJSONBytes(w, kind.status, ew.render(kind.status, body))
		return
	}
	writeJSONBytes(w, kind.status, errorJSON(body, domainErr.Refusal))
}

// errorJSON encodes the body, followed for a refused transition by the
// current status and the statuses this caller may choose.
func errorJSON(body errorBody, refusal *incident.TransitionRefusal) []byte {
	if refusal == nil {
		b, _ := json.Marshal(body)
		return b
	}
	allowed := make([]string, len(refusal.Allowed))
	for i, s := range refusal.Allowed {
		allowed[i] = string(s)
	}
	b, _ := json.Marshal(struct {
		errorBody
		AllowedStatuses []string `json:"allowedStatuses"`
		CurrentStatus   string   `json:"currentStatus"`
	}{body, allowed, string(refusal.Current)})
	return b
}

// fail builds a domain error for conditions the transport itself detects.
func fail(code int, detail text.Key, args ...any) *incident.Error {
	return incident.Errorf(code, detail, args...)
}
