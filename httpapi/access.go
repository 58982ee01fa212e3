package httpapi

import "github.com/incidentd/incidentd/auth"

// access is what a route requires of its caller.
type access int

const (
	accessNone     access = iota // public: health, version, document, token
	accessRead                   // any scope
	accessWrite                  // b2b:incident or operator
	accessOperator               // b2b:incident:operator
)

// allows reports whether the principal's scopes grant the access.
func (a access) allows(p auth.Principal) bool {
	switch a {
	case accessRead:
		return p.CanRead()
	case accessWrite:
		return p.CanWrite()
	case accessOperator:
		return p.IsOperator()
	}
	return true
}
