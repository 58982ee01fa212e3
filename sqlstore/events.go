package sqlstore

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.EventStore = (*DB)(nil)

// An event is queued on its transaction by the operation that decides it
// and written when the transaction is about to commit (flushEvents): the
// counter row that numbers events is then locked only for the commit, and
// an operation joining another's transaction (an alert and the incident it
// opens) never holds it while it waits for other locks, so writers cannot
// deadlock on it.

// eventRow is an event as the events table keeps it.
type eventRow struct {
	id, typ, customer, incidentID, correlation string
	at                                         int64
	internal                                   bool
	body                                       []byte
}

// eventBody is what the body column holds: the objects the event carries,
// in the domain's own shape (an internal format, rendered for a consumer
// when read).
type eventBody struct {
	ChangedFields []string               `json:",omitempty"`
	Incident      *incident.Incident     `json:",omitempty"`
	Note          *incident.Note         `json:",omitempty"`
	Attachment    *incident.Attachment   `json:",omitempty"`
	FreezePeriod  *incident.FreezePeriod `json:",omitempty"`
}

// eventObjects are the objects a write completes its events with.
type eventObjects struct {
	incident   *incident.Incident
	note       *incident.Note
	attachment *incident.Attachment
}

// queueEvents completes the events the domain decided for a write with
// what the write stored, and queues them on the transaction. An SLA breach
// already reported for the incident is left out.
func (tx *txn) queueEvents(ctx context.Context, events []incident.Event, o eventObjects) error {
	for i := range events {
		e := events[i]
		if e.Type == incident.EventSlaBreach {
			first, err := tx.claimBreach(ctx, o.incident.Seq)
			if err != nil {
				return err
			}
			if !first {
				continue
			}
		}
		e.Time = tx.now
		e.CustomerID, e.IncidentID = o.incident.Customer.ID, o.incident.ID
		b := eventBody{ChangedFields: e.ChangedFields, Incident: o.incident, FreezePeriod: e.FreezePeriod}
		switch e.Type {
		case incident.EventNoteCreate:
			b.Note = o.note
		case incident.EventAttachmentCreate:
			b.Attachment = o.attachment
		}
		body, err := json.Marshal(b)
		if err != nil {
			return err
		}
		tx.events = append(tx.events, eventRow{
			id: newEventID(), typ: string(e.Type), customer: e.CustomerID, incidentID: e.IncidentID,
			correlation: e.CorrelationID, at: micros(e.Time), internal: e.Internal, body: body,
		})
	}
	return nil
}

// queueEventsOf queues the events of a write that did not read the whole
// incident: it reads it first (as it stands in the transaction).
func (tx *txn) queueEventsOf(ctx context.Context, seq int64, events []incident.Event, o eventObjects) error {
	if len(events) == 0 {
		return nil
	}
	inc, err := tx.incidentBySeq(ctx, seq)
	if err != nil {
		return err
	}
	o.incident = inc
	return tx.queueEvents(ctx, events, o)
}

// newEventID is a random 128-bit id, in hex.
func newEventID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

var eventColumns = []string{"seq", "event_id", "event_type", "at", "customer_id", "incident_id", "correlation_id", "internal", "body"}

// flushEvents numbers the queued events in commit order and writes them,
// in one statement (dialect.insertEvents): on SQLite after the last event,
// the single writer holding the database; on PostgreSQL from the counter
// row, locked until the transaction ends.
func (tx *txn) flushEvents(ctx context.Context) error {
	n := len(tx.events)
	query, ranked := tx.d.insertEvents(n)
	args := make([]any, 0, n*len(eventColumns))
	for i, e := range tx.events {
		if ranked {
			args = append(args, i+1)
		}
		args = append(args, e.id, e.typ, e.at, e.customer, e.incidentID, e.correlation, e.internal, string(e.body))
	}
	_, err := tx.exec(ctx, query, args...)
	return err
}

// Cursors are "e" and the event's seq in base 36: opaque to clients, and
// short.
func eventCursor(seq int64) string { return "e" + strconv.FormatInt(seq, 36) }

func parseEventCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	seq, err := strconv.ParseInt(strings.TrimPrefix(s, "e"), 36, 64)
	if !strings.HasPrefix(s, "e") || err != nil || seq < 0 || eventCursor(seq) != s {
		return 0, incident.Errorf(incident.CodeInvalidQueryParam, incident.MsgCursorInvalid, "after")
	}
	return seq, nil
}

const eventSelect = "SELECT seq, event_id, event_type, at, customer_id, incident_id, correlation_id, internal, body FROM events"

// Events reads the events after the cursor visible in the scope, in seq
// order. The store's seq has no gaps but the purged events, so a cursor
// below the purged mark has lost events: 410.
func (db *DB) Events(ctx context.Context, scope incident.Scope, after string, limit int) ([]incident.Event, string, error) {
	from, err := parseEventCursor(after)
	if err != nil {
		return nil, after, err
	}
	var out []incident.Event
	err = db.readOne(ctx, "read events", func(tx *txn) error {
		b := eventsQuery(tx.d, scope, from, limit)
		rows, err := tx.query(ctx, b.String(), b.args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			e, err := scanEvent(rows)
			if err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, after, err
	}
	next := after
	if len(out) > 0 {
		next = out[len(out)-1].Cursor
	}
	if from > 0 && (len(out) == 0 || out[0].Cursor != eventCursor(from+1)) {
		// Read after the events: a purge that came before them shows here.
		var purged, last int64
		err := db.readOne(ctx, "read events", func(tx *txn) error {
			return tx.queryRow(ctx, "SELECT purged, ("+tx.d.lastEvent()+") FROM event_counter WHERE id = 1").Scan(&purged, &last)
		})
		if err != nil {
			return nil, after, err
		}
		switch {
		case from < purged:
			return nil, after, incident.CursorExpired(after)
		case from > last:
			// Numbers only grow: this database never gave that cursor (it
			// is another's, or the database was restored from an older
			// copy). Going on from it would skip events.
			return nil, after, incident.Errorf(incident.CodeInvalidQueryParam, incident.MsgCursorInvalid, "after")
		}
	}
	return out, next, nil
}

// eventsQuery reads the events after seq from in the scope: by the primary
// key for operators, by events_customer for a customer.
func eventsQuery(d dialect, scope incident.Scope, from int64, limit int) *sqlBuilder {
	b := &sqlBuilder{d: d}
	b.WriteString(eventSelect + " WHERE ")
	if !scope.Operator {
		b.WriteString("customer_id = ")
		b.arg(scope.CustomerID)
		b.WriteString(" AND NOT internal AND ")
	}
	b.WriteString("seq > ")
	b.arg(from)
	b.WriteString(" ORDER BY seq LIMIT ")
	b.arg(limit)
	return b
}

func scanEvent(rows interface{ Scan(...any) error }) (incident.Event, error) {
	var (
		e    incident.Event
		seq  int64
		at   int64
		typ  string
		body string
	)
	if err := rows.Scan(&seq, &e.ID, &typ, &at, &e.CustomerID, &e.IncidentID, &e.CorrelationID, &e.Internal, &body); err != nil {
		return e, err
	}
	var b eventBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return e, err
	}
	e.Cursor, e.Type, e.Time = eventCursor(seq), incident.EventType(typ), fromMicros(at)
	e.ChangedFields, e.Incident, e.Note, e.Attachment, e.FreezePeriod = b.ChangedFields, b.Incident, b.Note, b.Attachment, b.FreezePeriod
	return e, nil
}

// PurgeEvents removes the events older than before, in seq order: it stops
// at the first event that is not, so that the purged mark stays below every
// retained event.
func (db *DB) PurgeEvents(ctx context.Context, before time.Time) (int, error) {
	var removed int64
	err := db.write(ctx, "purge events", func(tx *txn) error {
		var keep int64
		err := tx.queryRow(ctx, "SELECT COALESCE(MIN(seq), 0) FROM (SELECT seq FROM events WHERE at >= ? ORDER BY seq LIMIT 1) AS first_kept",
			micros(before)).Scan(&keep)
		if err != nil {
			return err
		}
		var last int64
		if err := tx.queryRow(ctx, "SELECT COALESCE(MAX(seq), 0) FROM events").Scan(&last); err != nil {
			return err
		}
		// The last event stays, whatever its age: SQLite numbers the next
		// one after it.
		upTo := last - 1
		if keep > 0 {
			upTo = min(upTo, keep-1)
		}
		res, err := tx.exec(ctx, "DELETE FROM events WHERE seq <= ?", upTo)
		if err != nil {
			return err
		}
		if removed, err = res.RowsAffected(); err != nil || removed == 0 {
			return err
		}
		_, err = tx.exec(ctx, "UPDATE event_counter SET purged = ? WHERE id = 1 AND purged < ?", upTo, upTo)
		return err
	})
	return int(removed), err
}

// claimBreach records that the incident's breach is reported; false when
// it was before. On PostgreSQL a concurrent claim waits for this
// transaction (the primary key) and then finds the row.
func (tx *txn) claimBreach(ctx context.Context, seq int64) (bool, error) {
	res, err := tx.exec(ctx, "INSERT INTO sla_breaches (incident_seq, at) VALUES (?, ?) ON CONFLICT (incident_seq) DO NOTHING", seq, micros(tx.now))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// BreachCandidates lists the incidents whose deadline passed in (since,
// now], breached at now or when their clock stopped, not reported yet; by
// the deadline index.
func (db *DB) BreachCandidates(ctx context.Context, since, now time.Time, limit int) ([]string, error) {
	var ids []string
	err := db.readOne(ctx, "find SLA breaches", func(tx *txn) error {
		rows, err := tx.query(ctx, breachCandidatesSQL, micros(since), micros(now), micros(now), limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}
		return rows.Err()
	})
	return ids, err
}

const breachCandidatesSQL = "SELECT i.id FROM incidents i WHERE i.sla_deadline > ? AND i.sla_deadline <= ?" +
	" AND COALESCE(i.sla_stopped_at, ?) > i.sla_deadline" +
	" AND NOT EXISTS (SELECT 1 FROM sla_breaches b WHERE b.incident_seq = i.seq)" +
	" ORDER BY i.sla_deadline LIMIT ?"
