package incident

import (
	"context"
	"time"
)

// Caller is who performs a domain operation, as established by the
// transport from the verified credentials.
type Caller struct {
	Role     Role
	Scope    Scope
	Actor    Actor
	ClientID string
}

// Manager carries out the domain operations: it decodes and validates
// request bodies, applies the rules (lifecycle, matrix, clock) and calls the
// stores, one transaction per operation.
type Manager struct {
	Incidents IncidentStore
	Auth      AuthStore
	Matrix    Matrix
	// Now is the clock, truncated to the millisecond by its user.
	Now func() time.Time
}

// CreateIncident decodes a create body (spec §3.4) and stores the new
// incident. An operator names the customer (customer.id) and may set origin
// and detectedAt; a customer's incident is REACTIVE and starts NEW, an
// operator's starts VALIDATED. With an idempotency key, a retry returns the
// first incident and replayed true.
func (s *Manager) CreateIncident(ctx context.Context, c Caller, body []byte, idempotencyKey string) (inc *Incident, replayed bool, err error) {
	panic("not implemented")
}

// PatchIncident applies a JSON merge patch (RFC 7396) under the field rules
// of the caller's role and the lifecycle. ifMatch, when not empty, is the
// list of ETags the incident must currently have (or "*"): else code 65.
func (s *Manager) PatchIncident(ctx context.Context, c Caller, id string, body []byte, ifMatch []string) (*Incident, error) {
	panic("not implemented")
}

// AddFreezePeriod adds a period (operators; also retroactive) to an incident.
func (s *Manager) AddFreezePeriod(ctx context.Context, c Caller, id string, body []byte) (FreezePeriod, *Incident, error) {
	panic("not implemented")
}

// PatchFreezePeriod closes or corrects a period (operators).
func (s *Manager) PatchFreezePeriod(ctx context.Context, c Caller, id string, periodID int64, body []byte) (FreezePeriod, *Incident, error) {
	panic("not implemented")
}

// ETag is the strong entity tag of an incident's current version, quoted.
func ETag(inc *Incident) string {
	return `"` + inc.ID + "." + itoa(inc.Version) + `"`
}
