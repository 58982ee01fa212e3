package httpapi

import (
	"context"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// requestState is what the middleware learns about a request, shared by
// pointer so that outer layers (the request log) see what inner layers
// (authentication) found out.
type requestState struct {
	requestID string
	language  text.Language
	// clientID is the authenticated OAuth client, empty until known.
	clientID string
	// caller is the authenticated caller of an API route.
	caller incident.Caller

	// For the request log and the metrics:
	// route is the route that matched, nil when none did (404, 405).
	route *routeInfo
	// customerID is the customer of the caller, authenticated or refused,
	// when known; empty for operators.
	customerID string
	// refusal tells why the credentials or the scope were refused: for the
	// log only, never for the response.
	refusal auth.Reason
}

type stateKey struct{}

// withState attaches a fresh state to the request's context.
func withState(ctx context.Context, s *requestState) context.Context {
	return context.WithValue(ctx, stateKey{}, s)
}

// stateOf returns the request's state; a context without one (a handler
// called outside the middleware) gets an English, anonymous state.
func stateOf(ctx context.Context) *requestState {
	if s, ok := ctx.Value(stateKey{}).(*requestState); ok {
		return s
	}
	return &requestState{language: text.English}
}
