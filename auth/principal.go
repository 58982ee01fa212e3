package auth

import (
	"slices"

	"github.com/incidentd/incidentd/incident"
)

// Principal is who is calling, established from a verified access token and
// API key.
type Principal struct {
	ClientID   string
	ClientName string
	CustomerID string // empty for an operator
	Operator   bool   // an operator client, with an operator key
	Scopes     []string
}

// HasScope reports whether the token was granted scope.
func (p Principal) HasScope(scope string) bool {
	return slices.Contains(p.Scopes, scope)
}

// CanRead reports whether the caller may read incidents.
func (p Principal) CanRead() bool {
	return p.HasScope(ScopeIncident) || p.HasScope(ScopeReadOnly) || p.IsOperator()
}

// CanWrite reports whether the caller may report and update incidents.
func (p Principal) CanWrite() bool {
	return p.HasScope(ScopeIncident) || p.IsOperator()
}

// IsOperator reports whether the caller works as the provider: an operator
// client whose token carries the operator scope.
func (p Principal) IsOperator() bool {
	return p.Operator && p.HasScope(ScopeOperator)
}

// Caller is the principal as the domain sees it: role, data scope, and the
// actor recorded in the history.
func (p Principal) Caller() incident.Caller {
	name := p.ClientName
	if name == "" {
		name = p.ClientID
	}
	if p.IsOperator() {
		return incident.Caller{
			Role:     incident.RoleOperator,
			Scope:    incident.Scope{Operator: true},
			Actor:    incident.Actor{Type: incident.ActorProvider, Name: name},
			ClientID: p.ClientID,
		}
	}
	return incident.Caller{
		Role:     incident.RoleCustomer,
		Scope:    incident.Scope{CustomerID: p.CustomerID},
		Actor:    incident.Actor{Type: incident.ActorCustomer, Name: name},
		ClientID: p.ClientID,
	}
}
