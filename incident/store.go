package incident

import (
	"context"
	"time"
)

// Scope limits what a caller may read and write: one customer's data, or
// every customer's for an operator. Every store method that touches an
// incident takes it and applies it in the query itself.
type Scope struct {
	CustomerID string // set for customers, empty for operators
	Operator   bool
}

// Edit is what an update callback works on, inside the store's transaction.
// The callback mutates Incident and Periods (a period with ID 0 is new) and
// appends the history entries it wants recorded.
type Edit struct {
	Incident *Incident
	Periods  []FreezePeriod
	Now      time.Time
	Changes  []Change
	// Events are the events of the change, decided by the domain; the
	// store writes them with the change when it records one.
	Events []Event
}

// Idempotency identifies a create request that a client may retry.
type Idempotency struct {
	ClientID string
	Key      string
	// RequestHash is a digest of what makes two requests the same (the
	// body); the same key with another hash is refused with code 102.
	RequestHash string
}

// IncidentStore keeps incidents, their freeze periods and their history.
// Errors are *Error values: CodeNotFound (60) for an id missing from the
// scope, CodeIdempotencyReused (102), or whatever an Edit callback returns;
// anything else is internal.
type IncidentStore interface {
	// CreateIncident allocates the id, stamps the times (inc.Created) and
	// stores the incident, its first history entry and its events in one
	// transaction. With an idempotency key already used with the same hash
	// it stores nothing and returns the first incident with replayed true.
	CreateIncident(ctx context.Context, inc *Incident, actor Actor, idem *Idempotency, events []Event) (created *Incident, replayed bool, err error)
	// GetIncident reads one incident within the scope.
	GetIncident(ctx context.Context, scope Scope, id string) (*Incident, error)
	// IncidentVersion reads only the version of an incident within the
	// scope and when it was stored: what a conditional read compares.
	IncidentVersion(ctx context.Context, scope Scope, id string) (version int64, updatedAt time.Time, err error)
	// ChangeMarker is a number that changes whenever an incident of the
	// scope is created or changed: what a conditional read of a listing
	// compares.
	ChangeMarker(ctx context.Context, scope Scope) (int64, error)
	// UpdateIncident reads the incident and its periods, locked against
	// concurrent updates, calls edit and, when it returns nil and recorded
	// changes, stores the incident (Version+1, UpdatedAt=Now), the periods,
	// the history entries and the Edit's events in the same transaction.
	// Events without changes (an SLA breach) are stored alone, the
	// incident as it is; an SLA breach only once per incident. It sets the ID of
	// each new period in the Edit's Periods before returning, so that the
	// caller can name the period it added.
	UpdateIncident(ctx context.Context, scope Scope, id string, edit func(*Edit) error) (*Incident, error)
	// ListIncidents returns one page of the query and the exact number of
	// incidents matching its filters.
	ListIncidents(ctx context.Context, scope Scope, q Query) (page []*Incident, total int, err error)
	// ListFreezePeriods lists an incident's periods by start time.
	ListFreezePeriods(ctx context.Context, scope Scope, id string) ([]FreezePeriod, error)
	// ListHistory lists an incident's changes, oldest first.
	ListHistory(ctx context.Context, scope Scope, id string) ([]Change, error)
	// ImportIncidents stores fully formed incidents in bulk (seeding,
	// benchmarks), allocating Seq and ID in the given order from CreatedAt.
	ImportIncidents(ctx context.Context, incs []*Incident) error
}

// Customer is a business customer of the provider.
type Customer struct {
	ID        string
	Name      string
	CreatedAt time.Time
}

// CustomerStore finds the customers incidents belong to. A missing
// customer is an *Error with CodeNotFound.
type CustomerStore interface {
	GetCustomer(ctx context.Context, id string) (Customer, error)
}
