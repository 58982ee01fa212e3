package incident

import (
	"context"
	"fmt"
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
	idem, err := idempotencyOf(c.ClientID, idempotencyKey, body)
	if err != nil {
		return nil, false, err
	}
	inc, err = decodeCreate(body, c.Role, s.Matrix, s.Now())
	if err != nil {
		return nil, false, err
	}
	if inc.Customer, err = s.customerOf(ctx, c, inc.Customer.ID); err != nil {
		return nil, false, err
	}
	return s.Incidents.CreateIncident(ctx, inc, c.Actor, idem)
}

// customerOf names the customer of a new incident: the one an operator
// gave (unknown → code 24), or the caller's own.
func (s *Manager) customerOf(ctx context.Context, c Caller, given string) (CustomerRef, error) {
	if c.Role != RoleOperator {
		customer, err := s.Auth.GetCustomer(ctx, c.Scope.CustomerID)
		if err != nil {
			// The credentials named this customer: its absence is internal.
			return CustomerRef{}, fmt.Errorf("customer %q of the caller: %v", c.Scope.CustomerID, err)
		}
		return CustomerRef{ID: customer.ID, Name: customer.Name}, nil
	}
	customer, err := s.Auth.GetCustomer(ctx, given)
	if ErrorCode(err) == CodeNotFound {
		return CustomerRef{}, Errorf(CodeInvalidBodyField, MsgUnknownCustomer, given)
	}
	if err != nil {
		return CustomerRef{}, err
	}
	return CustomerRef{ID: customer.ID, Name: customer.Name}, nil
}

// PatchIncident applies a JSON merge patch (RFC 7396) under the field rules
// of the caller's role and the lifecycle. ifMatch, when not empty, is the
// list of ETags the incident must currently have (or "*"): else code 65.
func (s *Manager) PatchIncident(ctx context.Context, c Caller, id string, body []byte, ifMatch []string) (*Incident, error) {
	patch, err := decodePatch(body)
	if err != nil {
		return nil, err
	}
	return s.Incidents.UpdateIncident(ctx, c.Scope, id, func(e *Edit) error {
		// Checked on the locked incident, so the condition holds for the write.
		if err := checkIfMatch(e.Incident, ifMatch); err != nil {
			return err
		}
		return s.Matrix.applyPatch(e, c, patch)
	})
}

// AddFreezePeriod adds a period (operators; also retroactive) to an incident.
func (s *Manager) AddFreezePeriod(ctx context.Context, c Caller, id string, body []byte) (FreezePeriod, *Incident, error) {
	if c.Role != RoleOperator {
		return FreezePeriod{}, nil, Errorf(CodeAccessDenied, MsgAccessDenied)
	}
	period, err := decodeFreezePeriod(body)
	if err != nil {
		return FreezePeriod{}, nil, err
	}
	period.CreatedBy = c.Actor
	var edit *Edit
	inc, err := s.Incidents.UpdateIncident(ctx, c.Scope, id, func(e *Edit) error {
		edit = e
		return addPeriod(e, period, c.Actor)
	})
	if err != nil {
		return FreezePeriod{}, nil, err
	}
	if edit == nil || edit.Periods[len(edit.Periods)-1].ID == 0 {
		return FreezePeriod{}, nil, fmt.Errorf("incident %s: the store did not report the id of the new freeze period", id)
	}
	return edit.Periods[len(edit.Periods)-1], inc, nil
}

// PatchFreezePeriod closes or corrects a period (operators).
func (s *Manager) PatchFreezePeriod(ctx context.Context, c Caller, id string, periodID int64, body []byte) (FreezePeriod, *Incident, error) {
	if c.Role != RoleOperator {
		return FreezePeriod{}, nil, Errorf(CodeAccessDenied, MsgAccessDenied)
	}
	patch, err := decodeFreezePatch(body)
	if err != nil {
		return FreezePeriod{}, nil, err
	}
	var period FreezePeriod
	inc, err := s.Incidents.UpdateIncident(ctx, c.Scope, id, func(e *Edit) error {
		for i := range e.Periods {
			if e.Periods[i].ID == periodID {
				p, err := patchPeriod(e, i, patch, c.Actor)
				period = p
				return err
			}
		}
		return NotFound("freeze period")
	})
	if err != nil {
		return FreezePeriod{}, nil, err
	}
	return period, inc, nil
}

// ETag is the strong entity tag of an incident's current version, quoted.
func ETag(inc *Incident) string {
	return `"` + inc.ID + "." + itoa(inc.Version) + `"`
}
