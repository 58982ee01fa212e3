package httpapi

import (
	"errors"
	"mime"
	"net/http"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/metrics"
)

// issueToken is the OAuth 2.0 token endpoint (spec §1.1): client
// credentials grant, form body, answers and refusals in the shapes of RFC
// 6749 §5.1 and §5.2, never cached. Attempts held back by the guard
// against guessing (429) and failures of the server (500) are not refusals
// of the grant: they answer in the API's error shape, as on every other
// endpoint.
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
	// Not the client's API rate: failures are counted by the guard, apart,
	// so that nobody can spend a client's rate by failing in its name.
	token, oauthErr := s.auth.IssueTokenFrom(r.Context(), s.clientAddr(r), req)
	if oauthErr != nil {
		if oauthErr.Cause != nil {
			// Not a judgement of the grant: a failure of the server (500,
			// detail logged, body naming the request id only) or an attempt
			// held back (429 with Retry-After), in the API's error shape.
			var held *auth.TryLater
			if errors.As(oauthErr.Cause, &held) {
				s.metrics.RateLimited(metrics.EndpointToken)
			}
			return oauthErr
		}
		return s.writeOAuthError(w, r, oauthErr)
	}
	s.metrics.TokenIssued()
	return writeJSON(w, http.StatusOK, token)
}

// writeOAuthError answers a refused token request; why it was refused goes
// to the log and the metrics, never further than the answer's own words.
func (s *server) writeOAuthError(w http.ResponseWriter, r *http.Request, e *auth.OAuthError) error {
	reason := e.LogReason()
	stateOf(r.Context()).refusal = reason
	s.metrics.TokenRefused(string(reason))
	if challenge := e.Challenge(); challenge != "" {
		w.Header().Set("WWW-Authenticate", challenge)
	}
	return writeJSON(w, e.Status, e)
}
