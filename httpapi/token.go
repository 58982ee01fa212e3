package httpapi

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/incidentd/incidentd/auth"
)

// oauthTemporarilyUnavailable answers a rate-limited token request: RFC 6749
// §4.1.2.1 names this code for a server unable to serve for now, and §5.2
// has none for rate limits.
const oauthTemporarilyUnavailable = "temporarily_unavailable"

// issueToken is the OAuth 2.0 token endpoint (spec §1.1): client
// credentials grant, form body, answers and errors in the shapes of RFC 6749
// §5.1 and §5.2, never cached.
func (s *server) issueToken(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Pragma", "no-cache")
	if mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mediaType != "application/x-www-form-urlencoded" {
		return s.writeOAuthError(w, r, auth.MalformedTokenRequest("the Content-Type must be application/x-www-form-urlencoded"))
	}
	if err := r.ParseForm(); err != nil {
		return s.writeOAuthError(w, r, auth.MalformedTokenRequest("the form cannot be decoded"))
	}
	req, oauthErr := auth.ParseTokenRequest(r.PostForm, r.Header.Get("Authorization"))
	if oauthErr != nil {
		return s.writeOAuthError(w, r, oauthErr)
	}
	stateOf(r.Context()).clientID = req.ClientID
	if s.limiter != nil {
		if ok, wait := s.limiter.Allow(req.ClientID); !ok {
			w.Header().Set("Retry-After", strconv.Itoa(auth.RetryAfterSeconds(wait)))
			return s.writeOAuthError(w, r, &auth.OAuthError{
				Status: http.StatusTooManyRequests, Code: oauthTemporarilyUnavailable,
				Description: "too many requests: retry later"})
		}
	}
	token, oauthErr := s.auth.IssueToken(r.Context(), req.ClientID, req.ClientSecret, req.Scope)
	if oauthErr != nil {
		return s.writeOAuthError(w, r, oauthErr)
	}
	return writeJSON(w, http.StatusOK, token)
}

// writeOAuthError answers a refused token request; a server_error's cause
// goes to the log only.
func (s *server) writeOAuthError(w http.ResponseWriter, r *http.Request, e *auth.OAuthError) error {
	if e.Cause != nil {
		s.logger.ErrorContext(r.Context(), "token endpoint error",
			"requestId", stateOf(r.Context()).requestID, "error", e.Error())
	}
	if challenge := e.Challenge(); challenge != "" {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	return writeJSON(w, e.Status, e)
}
