package httpapi

import (
	"net/http"
	"strconv"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// withAuthentication checks the two credentials of an API call (spec §1.2:
// 401 codes 40 to 42), then the client's rate (429 code 53 with
// Retry-After), then the scope the route needs (403 code 50). The caller
// is left in the request state for the handler.
func withAuthentication(s *server, need access, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		principal, err := s.auth.Authenticate(r.Context(), r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"))
		if err != nil {
			if isCredentialsError(err) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="incidentd"`) // RFC 6750 §3
			}
			s.errors.write(w, r, err)
			return
		}
		state := stateOf(r.Context())
		state.clientID = principal.ClientID
		if !s.allowRate(w, r, principal.ClientID) {
			return
		}
		if !need.allows(principal) {
			s.errors.write(w, r, fail(incident.CodeAccessDenied, incident.MsgAccessDenied))
			return
		}
		state.caller = principal.Caller()
		next.ServeHTTP(w, r)
	})
}

// allowRate applies the per-client rate limit; over it, it answers 429
// with the whole seconds to wait in Retry-After, and returns false.
func (s *server) allowRate(w http.ResponseWriter, r *http.Request, clientID string) bool {
	if s.limiter == nil {
		return true
	}
	ok, wait := s.limiter.Allow(clientID)
	if ok {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(auth.RetryAfterSeconds(wait)))
	s.errors.write(w, r, auth.RateLimited(wait))
	return false
}

// isCredentialsError reports whether err refuses the credentials (401).
func isCredentialsError(err error) bool {
	switch incident.ErrorCode(err) {
	case incident.CodeMissingCredentials, incident.CodeInvalidCredentials, incident.CodeExpiredCredentials:
		return true
	}
	return false
}
