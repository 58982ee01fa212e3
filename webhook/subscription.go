// Package webhook pushes events to subscribed callback URLs (spec §11.2 and
// §11.3): subscriptions and their rules (Hub), the callback URL rules
// (CheckCallback, the delivery dialer), Standard Webhooks signing (Sign),
// and the delivery worker (Dispatcher), which follows the events of
// incident.EventStore for each subscription, one server at a time per
// subscription.
//
// The package speaks no wire format: the query of a subscription is
// parsed, and an event's body rendered, by functions it is given
// (contract.ParseSubscriptionQuery and contract.AppendEventJSON).
package webhook

import (
	"context"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Status is whether a subscription's events are delivered.
type Status string

const (
	StatusActive   Status = "active"
	StatusDisabled Status = "disabled"
)

// MaxPerOwner is how many subscriptions one customer (or the operator
// side) may have.
const MaxPerOwner = 20

// Subscription is a callback URL and the events it receives. It belongs to
// its Owner: a customer's scope, or the operator side's.
type Subscription struct {
	ID       string
	Owner    incident.Scope
	Callback string
	// Query selects the events, in the listing grammar (§4) with
	// eventType; kept as the subscriber wrote it.
	Query          string
	Status         Status
	DisabledReason string
	// Secret signs the deliveries ("whsec_" and base64): returned only by
	// Hub.Create.
	Secret    string
	CreatedAt time.Time
	UpdatedAt time.Time
	// Version changes with every change the subscriber makes (patch,
	// replay), so that a worker delivering notices it.
	Version int64
	Progress
}

// Progress is where the delivery of a subscription stands.
type Progress struct {
	// After is the cursor of the last event dealt with: delivered, given
	// up, or not selected. "" means from the oldest retained event.
	After string
	// Attempt counts the failed attempts at the next event; FailingSince
	// is when the first of them failed and NextAttemptAt when to try again
	// (zero: at once).
	Attempt       int
	FailingSince  time.Time
	NextAttemptAt time.Time
	// ReplaySince, while a replay by time runs, skips the events older
	// than it.
	ReplaySince time.Time
}

// Role is the role the subscription's events are rendered for.
func (s *Subscription) Role() incident.Role {
	if s.Owner.Operator {
		return incident.RoleOperator
	}
	return incident.RoleCustomer
}

// Delivery is one attempt at delivering an event.
type Delivery struct {
	SubscriptionID string
	EventID        string
	Attempt        int
	At             time.Time
	// StatusCode is the receiver's answer, 0 when none came; Error says
	// what failed when the attempt did not succeed.
	StatusCode int
	Error      string
	Duration   time.Duration
}

// Store keeps subscriptions, their delivery state and the log of their
// deliveries. Reads and writes by a subscriber take its Owner and apply it
// in the query: another owner's subscription is CodeNotFound, as a missing
// one. Worker methods take the id of the server holding the lease.
type Store interface {
	// CreateSubscription stores a new subscription; an owner that has max
	// already is CodeInvalidBodyField.
	CreateSubscription(ctx context.Context, s *Subscription, max int) error
	GetSubscription(ctx context.Context, owner incident.Scope, id string) (*Subscription, error)
	// ListSubscriptions lists the owner's subscriptions, oldest first.
	ListSubscriptions(ctx context.Context, owner incident.Scope) ([]*Subscription, error)
	// UpdateSubscription reads the subscription, calls edit and stores
	// what it left, with a new Version, in one transaction.
	UpdateSubscription(ctx context.Context, owner incident.Scope, id string, edit func(*Subscription) error) (*Subscription, error)
	DeleteSubscription(ctx context.Context, owner incident.Scope, id string) error
	// ListDeliveries returns a page of a subscription's delivery log,
	// newest first, and how many entries the log holds.
	ListDeliveries(ctx context.Context, owner incident.Scope, id string, offset, limit int) ([]Delivery, int, error)

	// NewestEventCursor is the cursor of the newest event stored, "" when
	// there is none: where a new subscription starts.
	NewestEventCursor(ctx context.Context) (string, error)

	// ClaimSubscriptions takes, for worker until the given time, up to
	// limit active subscriptions whose lease is free or expired, and
	// returns their ids.
	ClaimSubscriptions(ctx context.Context, worker string, until time.Time, limit int) ([]string, error)
	// RenewLease extends worker's lease and reads the subscription; held
	// is false when the lease was lost (or the subscription deleted or
	// disabled), and the subscription nil then.
	RenewLease(ctx context.Context, id, worker string, until time.Time) (s *Subscription, held bool, err error)
	// RenewLeases extends every lease worker holds on an active
	// subscription and returns those subscriptions' versions by id.
	RenewLeases(ctx context.Context, worker string, until time.Time) (map[string]int64, error)
	// ReleaseLease ends worker's lease at once, for another server.
	ReleaseLease(ctx context.Context, id, worker string) error
	// RecordDelivery logs an attempt (when d is not nil) and stores the
	// progress and, when disable is not "", disables the subscription
	// with that reason; the progress and the status are stored only while
	// worker holds the lease and the subscription is still at version.
	// stored says whether they were.
	RecordDelivery(ctx context.Context, id, worker string, version int64, d *Delivery, p Progress, disable string) (stored bool, err error)
}
