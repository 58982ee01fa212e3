package auth

import (
	"slices"
	"strings"
)

// Scopes of the Incident API (spec §1.3).
const (
	// ScopeIncident reads, reports and updates the customer's incidents.
	ScopeIncident = "b2b:incident"
	// ScopeReadOnly reads the customer's incidents.
	ScopeReadOnly = "b2b:incident:readonly"
	// ScopeOperator works the incidents of every customer, as the provider.
	ScopeOperator = "b2b:incident:operator"
)

// CustomerScopes are the scopes a customer's client may hold; an operator
// client holds ScopeOperator and nothing else.
var CustomerScopes = []string{ScopeIncident, ScopeReadOnly}

// allowedScopes lists the scopes a client of this kind may hold.
func allowedScopes(operator bool) []string {
	if operator {
		return []string{ScopeOperator}
	}
	return CustomerScopes
}

// knownScope reports whether s is a scope of the API.
func knownScope(s string) bool {
	return s == ScopeIncident || s == ScopeReadOnly || s == ScopeOperator
}

// grantScopes resolves a token request's scope parameter against the
// client's scopes: every requested scope must be one of the client's, and
// an empty request means all of them. ok is false when a scope is refused.
// Scopes are separated by spaces (RFC 6749 §3.3; repeated spaces are
// tolerated); duplicates are dropped; the order is the request's.
func grantScopes(requested string, clientScopes []string) (granted []string, ok bool) {
	for _, s := range strings.Split(requested, " ") {
		if s == "" {
			continue
		}
		if !slices.Contains(clientScopes, s) {
			return nil, false
		}
		if !slices.Contains(granted, s) {
			granted = append(granted, s)
		}
	}
	if len(granted) == 0 {
		return slices.Clone(clientScopes), len(clientScopes) > 0
	}
	return granted, true
}
