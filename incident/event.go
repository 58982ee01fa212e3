package incident

import (
	"context"
	"slices"
	"time"
)

// EventType names what an event reports (spec §11.1).
type EventType string

const (
	EventCreate             EventType = "IncidentCreateEvent"
	EventAttributeChange    EventType = "IncidentAttributeValueChangeEvent"
	EventStatusChange       EventType = "IncidentStatusChangeEvent"
	EventResolved           EventType = "IncidentResolvedEvent"
	EventNoteCreate         EventType = "IncidentNoteCreateEvent"
	EventAttachmentCreate   EventType = "IncidentAttachmentCreateEvent"
	EventFreezePeriodChange EventType = "IncidentFreezePeriodChangeEvent"
	EventSlaBreach          EventType = "IncidentSlaBreachEvent"
)

// EventTypes lists the event types in the order of the specification.
var EventTypes = []string{
	string(EventCreate), string(EventAttributeChange), string(EventStatusChange), string(EventResolved),
	string(EventNoteCreate), string(EventAttachmentCreate), string(EventFreezePeriodChange), string(EventSlaBreach),
}

// Event is one change, stored in the outbox in the change's transaction.
// The domain decides the events of an operation (type, correlation, changed
// fields); the store completes them with what it allocated (Cursor, ID,
// Time, CustomerID, IncidentID, Incident, and the new note or attachment)
// and writes them before the transaction commits.
type Event struct {
	// Cursor orders events: a reader that follows it misses none and sees
	// none twice. Opaque to clients.
	Cursor string
	// ID is unique and stable (the webhook-id of a delivery).
	ID   string
	Type EventType
	// Time is the instant of the change's transaction, UTC, to the ms.
	Time       time.Time
	CustomerID string
	IncidentID string
	// CorrelationID is the request id of the request that caused the
	// change, empty for the server's own jobs.
	CorrelationID string
	// Internal marks an event only the provider may see: an internal note,
	// or a file attached to one.
	Internal bool
	// ChangedFields names, in dot notation as on the wire, the attributes
	// an attribute change changed.
	ChangedFields []string
	// Incident is the incident as it stood right after the change, as an
	// operator sees it; a reader renders it for its consumer.
	Incident     *Incident
	Note         *Note
	Attachment   *Attachment
	FreezePeriod *FreezePeriod
}

// EventFilter narrows a read of events: the event types (empty: all) and a
// predicate on the incident as the event carries it (nil: every incident),
// which contract.ParseEventFilter builds from a listing query.
type EventFilter struct {
	Types    []EventType
	Incident func(inc *Incident, at time.Time) bool
}

// Matches reports whether the event passes the filter and may be seen
// within the scope: a customer sees only its own incidents' events and
// never an internal note's.
func (f EventFilter) Matches(e *Event, scope Scope) bool {
	if !scope.Operator && (e.CustomerID != scope.CustomerID || e.Internal) {
		return false
	}
	if len(f.Types) > 0 && !slices.Contains(f.Types, e.Type) {
		return false
	}
	return f.Incident == nil || e.Incident != nil && f.Incident(e.Incident, e.Time)
}

// CursorExpired is the error of a cursor older than the retention (410,
// code 60).
func CursorExpired(cursor string) *Error {
	e := Errorf(CodeNotFound, MsgCursorExpired, cursor)
	e.Gone = true
	return e
}

// EventStore keeps the outbox and reads it in cursor order.
type EventStore interface {
	// Events returns, oldest first, at most limit events after the cursor
	// ("" = from the oldest retained event) visible within the scope
	// (customers: their own incidents only, internal notes never). A
	// cursor older than the retention is an *Error with CodeNotFound and
	// Gone (410, "cursor expired"); a malformed one is CodeInvalidQueryParam.
	// Events returns the cursor of the last event it looked at, past the
	// ones the scope hides, so that a reader moves on even from a page of
	// events it may not see: next is after when there was nothing to read.
	Events(ctx context.Context, scope Scope, after string, limit int) (events []Event, next string, err error)
	// EventsChanged returns a channel closed when an event commits after
	// the call: on this server at once, on any other server sharing the
	// database within about 50 ms.
	EventsChanged() <-chan struct{}
	// PurgeEvents removes the events older than before; a cursor that
	// pointed among them is expired from then on.
	PurgeEvents(ctx context.Context, before time.Time) (int, error)
}
