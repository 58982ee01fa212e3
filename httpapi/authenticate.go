package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/metrics"
)

// withAuthentication checks the two credentials of an API call (spec §1.2:
// 401 codes 40 to 42), then the client's rate (429 code 53 with
// Retry-After), then the scope the route needs (403 code 50). The caller
// is left in the request state for the handler.
func withAuthentication(s *server, need access, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		state := stateOf(r.Context())
		principal, err := s.auth.Authenticate(r.Context(), r.Header.Get("Authorization"), r.Header.Get("X-Api-Key"))
		if err != nil {
			if refusal, ok := auth.RefusalOf(err); ok {
				state.clientID, state.customerID = refusal.ClientID, refusal.CustomerID
				s.refused(state, refusal.Reason)
			}
			if isCredentialsError(err) {
				w.Header().Set("WWW-Authenticate", `Bearer realm="incidentd"`) // RFC 6750 §3
			}
			s.errors.write(w, r, err)
			return
		}
		state.clientID, state.customerID = principal.ClientID, principal.CustomerID
		if !s.allowRate(w, r, principal.ClientID, metrics.EndpointAPI) {
			return
		}
		if !need.allows(principal) {
			s.refused(state, auth.ReasonInsufficientScope)
			s.errors.write(w, r, fail(incident.CodeAccessDenied, incident.MsgAccessDenied))
			return
		}
		state.caller = principal.Caller()
		state.caller.RequestID = state.requestID
		next.ServeHTTP(w, r)
	})
}

// refused notes why an API call's credentials or scope were refused, for
// the log and the metrics.
func (s *server) refused(state *requestState, reason auth.Reason) {
	state.refusal = reason
	s.metrics.CallRefused(string(reason))
}

// allowRate applies the per-client rate limit of an endpoint (for the
// metrics); over it, it answers 429 with the whole seconds to wait in
// Retry-After, and returns false.
func (s *server) allowRate(w http.ResponseWriter, r *http.Request, clientID, endpoint string) bool {
	if s.limiter == nil {
		return true
	}
	ok, wait := s.limiter.Allow(clientID)
	if ok {
		return true
	}
	s.metrics.RateLimited(endpoint)
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
