package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.NoteStore = (*DB)(nil)

// noteColumns maps the attributes of contract.NoteAttributes to SQL over
// the notes table, as n.
var noteColumns = map[string]column{
	"id":          {expr: "n.id"},
	"author.type": {expr: "n.author_type"},
	"author.name": {expr: "n.author_name"},
	"text":        {expr: "n.text"},
	"internal":    {expr: "n.internal"},
	"createdAt":   {expr: "n.created_at"},
}

const noteSelect = "SELECT n.id, n.text, n.author_type, n.author_name, n.internal, n.created_at FROM notes n"

// AddNote stores a note on an incident of the scope.
func (db *DB) AddNote(ctx context.Context, scope incident.Scope, incidentID string, n incident.Note, idem *incident.Idempotency, events []incident.Event) (incident.Note, bool, error) {
	var replayed bool
	err := db.write(ctx, "add note", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		if idem != nil {
			first, err := tx.claimKey(ctx, idem, keyNote)
			if err != nil {
				return err
			}
			if first != 0 {
				replayed = true
				n, err = tx.note(ctx, incident.Scope{Operator: true}, seq, first)
				n.IncidentID = incidentID
				return err
			}
		}
		n.IncidentID, n.CreatedAt, n.Attachments = incidentID, tx.now, []int64{}
		err = tx.queryRow(ctx, "INSERT INTO notes (incident_seq, text, author_type, author_name, internal, created_at)"+
			" VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			seq, n.Text, string(n.Author.Type), n.Author.Name, n.Internal, micros(tx.now)).Scan(&n.ID)
		if err != nil {
			return err
		}
		if idem != nil {
			if err := tx.settleKey(ctx, idem, keyNote, n.ID); err != nil {
				return err
			}
		}
		return tx.queueEventsOf(ctx, seq, events, eventObjects{note: &n})
	})
	if err != nil {
		return incident.Note{}, false, err
	}
	return n, replayed, nil
}

// GetNote reads one note of an incident of the scope.
func (db *DB) GetNote(ctx context.Context, scope incident.Scope, incidentID string, noteID int64) (incident.Note, error) {
	var n incident.Note
	err := db.read(ctx, "get note", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		n, err = tx.note(ctx, scope, seq, noteID)
		return err
	})
	n.IncidentID = incidentID
	return n, err
}

// note reads a note of the incident seq with its attachments' ids; an
// internal note exists only in an operator's scope.
func (tx *txn) note(ctx context.Context, scope incident.Scope, seq, noteID int64) (incident.Note, error) {
	b := sqlBuilder{d: tx.d}
	b.WriteString(noteSelect + " WHERE n.incident_seq = ")
	b.arg(seq)
	b.WriteString(" AND n.id = ")
	b.arg(noteID)
	if !scope.Operator {
		b.WriteString(" AND NOT n.internal")
	}
	var n incident.Note
	if err := notFound(scanNote(tx.queryRow(ctx, b.String(), b.args...), &n), "note"); err != nil {
		return incident.Note{}, err
	}
	notes := []incident.Note{n}
	if err := tx.noteAttachments(ctx, notes); err != nil {
		return incident.Note{}, err
	}
	return notes[0], nil
}

// ListNotes returns one page of an incident's notes and the number of notes
// matching the query, in one snapshot.
func (db *DB) ListNotes(ctx context.Context, scope incident.Scope, incidentID string, q incident.Query) ([]incident.Note, int, error) {
	var (
		notes []incident.Note
		total int
	)
	err := db.read(ctx, "list notes", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		where := sqlBuilder{d: tx.d}
		if err := where.noteWhere(scope, seq, q.Filters, tx.now); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT count(*) FROM notes n"+where.String(), where.args...).Scan(&total); err != nil {
			return err
		}
		offset := max(q.Offset, 0)
		if offset >= total {
			return nil
		}
		page := sqlBuilder{d: tx.d, args: append([]any(nil), where.args...)}
		page.WriteString(noteSelect + where.String())
		if err := page.noteOrder(q.Sort); err != nil {
			return err
		}
		limit := q.Limit
		if limit <= 0 {
			limit = incident.DefaultLimit
		}
		page.WriteString(" LIMIT ")
		page.arg(limit)
		page.WriteString(" OFFSET ")
		page.arg(offset)
		err = tx.each(ctx, page.String(), page.args, func(rows *sql.Rows) error {
			var n incident.Note
			if err := scanNote(rows, &n); err != nil {
				return err
			}
			n.IncidentID = incidentID
			notes = append(notes, n)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.noteAttachments(ctx, notes)
	})
	if err != nil {
		return nil, 0, err
	}
	if notes == nil {
		notes = []incident.Note{}
	}
	return notes, total, nil
}

// noteWhere writes the WHERE clause of an incident's notes: the scope's
// visibility and the filters.
func (b *sqlBuilder) noteWhere(scope incident.Scope, seq int64, filters []incident.Filter, now time.Time) error {
	b.WriteString(" WHERE n.incident_seq = ")
	b.arg(seq)
	if !scope.Operator {
		b.WriteString(" AND NOT n.internal")
	}
	for _, f := range filters {
		col, ok := noteColumns[f.Attr.Name]
		if !ok {
			return fmt.Errorf("filter on note attribute %q: not a filterable attribute", f.Attr.Name)
		}
		b.WriteString(" AND ")
		if err := b.filterOn(col, f, now); err != nil {
			return err
		}
	}
	return nil
}

// noteOrder writes the ORDER BY of the sort keys, ended by the id in the
// direction of the last key.
func (b *sqlBuilder) noteOrder(keys []incident.SortKey) error {
	b.WriteString(" ORDER BY ")
	desc := false
	for _, k := range keys {
		col, ok := noteColumns[k.Attr.Name]
		if !ok {
			return fmt.Errorf("sort by note attribute %q: not a sortable attribute", k.Attr.Name)
		}
		b.WriteString(col.expr)
		if k.Desc {
			b.WriteString(" DESC")
		}
		b.WriteString(", ")
		desc = k.Desc
	}
	b.WriteString("n.id")
	if desc {
		b.WriteString(" DESC")
	}
	return nil
}

func scanNote(row interface{ Scan(...any) error }, n *incident.Note) error {
	var (
		authorType string
		created    int64
	)
	if err := row.Scan(&n.ID, &n.Text, &authorType, &n.Author.Name, &n.Internal, &created); err != nil {
		return err
	}
	n.Author.Type, n.CreatedAt = incident.ActorType(authorType), fromMicros(created)
	return nil
}

// noteAttachments sets the attachment ids of the notes, in upload order.
func (tx *txn) noteAttachments(ctx context.Context, notes []incident.Note) error {
	if len(notes) == 0 {
		return nil
	}
	index := make(map[int64]int, len(notes))
	ids := make([]any, len(notes))
	for i := range notes {
		notes[i].Attachments = []int64{}
		index[notes[i].ID] = i
		ids[i] = notes[i].ID
	}
	b := sqlBuilder{d: tx.d}
	b.WriteString("SELECT note_id, id FROM attachments WHERE note_id IN ")
	b.argList(ids)
	b.WriteString(" ORDER BY id")
	return tx.each(ctx, b.String(), b.args, func(rows *sql.Rows) error {
		var noteID, id int64
		if err := rows.Scan(&noteID, &id); err != nil {
			return err
		}
		n := &notes[index[noteID]]
		n.Attachments = append(n.Attachments, id)
		return nil
	})
}
