// Package incident is the domain of incidentd: incidents and their lifecycle,
// the priority matrix, the SLA clock, the query model and the typed errors.
// It knows nothing of HTTP or SQL; storage and transport implement or call
// the interfaces declared here.
package incident

import "time"

// Incident is one incident as the domain sees it. Derived values (SLA
// figures, labels) are computed from it, never stored inconsistently.
type Incident struct {
	// Seq is the allocation sequence number behind ID. It orders incidents
	// exactly as their ids were allocated and is the final sort tiebreaker.
	Seq int64
	ID  string

	Customer          CustomerRef
	Status            Status
	Impact            Impact
	Urgency           Urgency
	Priority          Priority
	ServiceCondition  ServiceCondition
	Description       string
	Origin            Origin
	Type              Type
	IsEscalated       bool
	CustomerReference string
	Service           *Service
	Location          *Location
	Contact           *Contact
	Resolution        *Resolution

	CreatedAt       time.Time
	UpdatedAt       time.Time
	StatusChangedAt time.Time
	ResolvedAt      *time.Time
	ClosedAt        *time.Time
	EscalatedAt     *time.Time
	DetectedAt      *time.Time

	Clock Clock

	// Version increases with every stored change; it makes the ETag.
	Version int64
}

// CustomerRef names the customer an incident belongs to.
type CustomerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type Service struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type Location struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Address *Address `json:"address"`
}

type Address struct {
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	City       string `json:"city"`
	// Country is an ISO 3166-1 alpha-2 code.
	Country string `json:"country"`
}

type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type Resolution struct {
	Code ResolutionCode `json:"code"`
	Text string         `json:"text"`
}

// Actor is who made a change: a customer's client, a provider's client, or
// the system itself (automatic transitions).
type Actor struct {
	Type ActorType `json:"type"`
	Name string    `json:"name"`
}

// Change is one entry of an incident's history. Field is "status" for status
// changes, else the dot-notation attribute name. From and To are the values
// rendered as text, nil when unset.
type Change struct {
	At     time.Time
	Actor  Actor
	Field  string
	From   *string
	To     *string
	Reason string
}

// ClockStop is when the repair clock stopped for good: the resolution, or
// the cancellation of an incident cancelled before it was resolved (its
// ClosedAt); nil while the clock may still run.
func (inc *Incident) ClockStop() *time.Time {
	if inc.ResolvedAt != nil {
		return inc.ResolvedAt
	}
	if inc.Status == StatusCancelled {
		return inc.ClosedAt
	}
	return nil
}

// ClockStart is when the repair clock starts: the detection time of a
// proactive incident when known, else the creation time.
func (inc *Incident) ClockStart() time.Time {
	if inc.DetectedAt != nil {
		return *inc.DetectedAt
	}
	return inc.CreatedAt
}
