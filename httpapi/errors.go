package httpapi

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// errorKind is the HTTP face of a domain error code: its status and its
// short message in every supported language (spec §7).
type errorKind struct {
	status  int
	english string
	french  string
}

// errorKinds is the one table from domain code to HTTP status and message.
var errorKinds = map[int]errorKind{
	incident.CodeInternal:            {http.StatusInternalServerError, "Internal error", "Erreur interne"},
	incident.CodeUnavailable:         {http.StatusServiceUnavailable, "The service is temporarily unavailable", "Le service est temporairement indisponible"},
	incident.CodeInvalidURLParameter: {http.StatusBadRequest, "Invalid URL parameter value", "Valeur de paramètre d'URL invalide"},
	incident.CodeMissingBody:         {http.StatusBadRequest, "Missing body", "Corps de requête absent"},
	incident.CodeInvalidBody:         {http.StatusBadRequest, "Invalid body", "Corps de requête invalide"},
	incident.CodeMissingBodyField:    {http.StatusBadRequest, "Missing body field", "Champ du corps absent"},
	incident.CodeInvalidBodyField:    {http.StatusBadRequest, "Invalid body field", "Champ du corps invalide"},
	incident.CodeMissingHeader:       {http.StatusBadRequest, "Missing header", "En-tête absent"},
	incident.CodeInvalidHeader:       {http.StatusBadRequest, "Invalid header value", "Valeur d'en-tête invalide"},
	incident.CodeMissingQueryParam:   {http.StatusBadRequest, "Missing query-string parameter", "Paramètre de requête absent"},
	incident.CodeInvalidQueryParam:   {http.StatusBadRequest, "Invalid query-string parameter value", "Valeur de paramètre de requête invalide"},
	incident.CodeMissingCredentials:  {http.StatusUnauthorized, "Missing credentials", "Identifiants absents"},
	incident.CodeInvalidCredentials:  {http.StatusUnauthorized, "Invalid credentials", "Identifiants invalides"},
	incident.CodeExpiredCredentials:  {http.StatusUnauthorized, "Expired credentials", "Identifiants expirés"},
	incident.CodeAccessDenied:        {http.StatusForbidden, "Access denied", "Accès refusé"},
	incident.CodeTooManyRequests:     {http.StatusTooManyRequests, "Too many requests", "Trop de requêtes"},
	incident.CodeNotFound:            {http.StatusNotFound, "Resource not found", "Ressource introuvable"},
	incident.CodeMethodNotAllowed:    {http.StatusMethodNotAllowed, "Method not allowed", "Méthode non autorisée"},
	incident.CodeNotAcceptable:       {http.StatusNotAcceptable, "Not acceptable", "Format de réponse non disponible"},
	incident.CodePreconditionFailed:  {http.StatusPreconditionFailed, "Precondition failed", "Condition préalable non remplie"},
	incident.CodeTooLarge:            {http.StatusRequestEntityTooLarge, "Request entity too large", "Corps de requête trop volumineux"},
	incident.CodeUnsupportedMedia:    {http.StatusUnsupportedMediaType, "Unsupported media type", "Type de média non pris en charge"},
	incident.CodeInvalidTransition:   {http.StatusUnprocessableEntity, "Invalid status transition", "Changement de statut invalide"},
	incident.CodeIdempotencyReused:   {http.StatusUnprocessableEntity, "Idempotency key reused", "Clé d'idempotence réutilisée"},
	incident.CodeOverlappingFreeze:   {http.StatusUnprocessableEntity, "Overlapping freeze period", "Période de gel en chevauchement"},
}

func (k errorKind) message(lang incident.Language) string {
	if lang == incident.French {
		return k.french
	}
	return k.english
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
			"requestId", state.requestID, "method", r.Method, "path", r.URL.Path, "error", err.Error())
		domainErr = incident.Errorf(incident.CodeInternal, incident.MsgInternal, state.requestID)
		kind = errorKinds[incident.CodeInternal]
	}
	body := errorBody{
		Code:        domainErr.Code,
		Message:     kind.message(state.language),
		Description: domainErr.Describe(state.language),
	}
	writeJSONBytes(w, kind.status, errorJSON(body, domainErr.Data))
}

// errorJSON encodes the body followed by the error's extra facts (such as
// currentStatus and allowedStatuses of a refused transition). The three
// standard members come first and are never overridden.
func errorJSON(body errorBody, data map[string]any) []byte {
	base, _ := json.Marshal(body)
	extra := make(map[string]any, len(data))
	for k, v := range data {
		if k != "code" && k != "message" && k != "description" {
			extra[k] = v
		}
	}
	if len(extra) == 0 {
		return base
	}
	more, err := json.Marshal(extra)
	if err != nil || len(more) <= 2 {
		return base
	}
	out := append(base[:len(base)-1:len(base)-1], ',')
	return append(out, more[1:]...)
}

// fail builds a domain error for conditions the transport itself detects.
func fail(code int, detail incident.MessageKey, args ...any) *incident.Error {
	return incident.Errorf(code, detail, args...)
}
