package incident

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Manager carries out the domain operations on typed commands: it applies
// the rules (roles, lifecycle, matrix, clock) and calls the stores, one
// transaction per operation. Reads go to the stores directly.
type Manager struct {
	Incidents IncidentStore
	Customers CustomerStore
	// Notes and Attachments keep notes and the metadata of files; a
	// server may run without them.
	Notes       NoteStore
	Attachments AttachmentStore
	// Breaches finds the incidents whose clock passed the GTR deadline;
	// without it ReportBreaches reports none.
	Breaches BreachFinder
	Matrix   Matrix
	// Now is the clock, truncated to the millisecond by its user.
	Now func() time.Time
}

// Create opens an incident (spec §3.4). An operator names the customer and
// may set origin and detectedAt; a customer's incident is REACTIVE and
// starts NEW, an operator's starts VALIDATED. With an idempotency key, a
// retry of the same command returns the first incident and replayed true.
func (s *Manager) Create(ctx context.Context, c Caller, n NewIncident, idempotencyKey string) (inc *Incident, replayed bool, err error) {
	idem, err := idempotencyOf(c.ClientID, idempotencyKey, "incident", n)
	if err != nil {
		return nil, false, err
	}
	if inc, err = s.Matrix.newIncident(n, c.Role, s.Now()); err != nil {
		return nil, false, err
	}
	if inc.Customer, err = s.customerOf(ctx, c, n.CustomerID); err != nil {
		return nil, false, err
	}
	return s.Incidents.CreateIncident(ctx, inc, c.Actor, idem, createEvents(c))
}

// customerOf names the customer of a new incident: the one an operator
// gave (unknown → code 24), or the caller's own.
func (s *Manager) customerOf(ctx context.Context, c Caller, given string) (CustomerRef, error) {
	if c.Role != RoleOperator {
		customer, err := s.Customers.GetCustomer(ctx, c.Scope.CustomerID)
		if err != nil {
			// The credentials named this customer: its absence is internal.
			return CustomerRef{}, fmt.Errorf("customer %q of the caller: %v", c.Scope.CustomerID, err)
		}
		return CustomerRef{ID: customer.ID, Name: customer.Name}, nil
	}
	customer, err := s.Customers.GetCustomer(ctx, given)
	if ErrorCode(err) == CodeNotFound {
		return CustomerRef{}, Errorf(CodeInvalidBodyField, MsgUnknownCustomer, given)
	}
	if err != nil {
		return CustomerRef{}, err
	}
	return CustomerRef{ID: customer.ID, Name: customer.Name}, nil
}

// Update applies a patch under the field rules of the caller's role and the
// lifecycle, when the incident meets the precondition (else code 65). It
// returns the incident as stored and the changes recorded in its history:
// none when the patch changed nothing.
func (s *Manager) Update(ctx context.Context, c Caller, id string, p Patch, pre Precondition) (*Incident, []Change, error) {
	var changes []Change
	inc, err := s.edit(ctx, c, id, func(e *Edit) error {
		// Checked on the locked incident, so the condition holds for the write.
		if err := checkPrecondition(e.Incident, pre); err != nil {
			return err
		}
		if err := s.Matrix.applyPatch(e, c, p); err != nil {
			return err
		}
		changes = e.Changes
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return inc, changes, nil
}

// AddFreezePeriod adds a period (operators; also retroactive) to an
// incident.
func (s *Manager) AddFreezePeriod(ctx context.Context, c Caller, id string, in FreezeInput) (FreezePeriod, *Incident, error) {
	if c.Role != RoleOperator {
		return FreezePeriod{}, nil, Errorf(CodeAccessDenied, MsgAccessDenied)
	}
	period, err := in.period(c.Actor)
	if err != nil {
		return FreezePeriod{}, nil, err
	}
	var edit *Edit
	inc, err := s.edit(ctx, c, id, func(e *Edit) error {
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

// UpdateFreezePeriod closes or corrects a period (operators).
func (s *Manager) UpdateFreezePeriod(ctx context.Context, c Caller, id string, periodID int64, p FreezePatch) (FreezePeriod, *Incident, error) {
	if c.Role != RoleOperator {
		return FreezePeriod{}, nil, Errorf(CodeAccessDenied, MsgAccessDenied)
	}
	var period FreezePeriod
	inc, err := s.edit(ctx, c, id, func(e *Edit) error {
		for i := range e.Periods {
			if e.Periods[i].ID == periodID {
				p, err := patchPeriod(e, i, p, c.Actor)
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

// Tag names the current version of an incident; it changes with every
// stored change, and a Precondition names versions by it.
func (inc *Incident) Tag() string {
	return inc.ID + "." + strconv.FormatInt(inc.Version, 10)
}

// edit runs an update of the incident by the caller and decides the events
// of what the update changed.
func (s *Manager) edit(ctx context.Context, c Caller, id string, fn func(*Edit) error) (*Incident, error) {
	return s.Incidents.UpdateIncident(ctx, c.Scope, id, func(e *Edit) error {
		before := slices.Clone(e.Periods)
		breached := e.Incident.SLA(e.Now).IsBreached
		if err := fn(e); err != nil {
			return err
		}
		e.Events = editEvents(e, before, c)
		if len(e.Changes) > 0 && !breached && e.Incident.SLA(e.Now).IsBreached {
			// The change moved the deadline before now.
			e.Events = append(e.Events, Event{Type: EventSlaBreach, CorrelationID: c.RequestID})
		}
		return nil
	})
}
