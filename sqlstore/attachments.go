package sqlstore

import (
	"context"
	"database/sql"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.AttachmentStore = (*DB)(nil)

const attachmentSelect = "SELECT a.id, a.note_id, a.name, a.mime_type, a.size, a.sha256, a.description," +
	" a.author_type, a.author_name, a.created_at FROM attachments a LEFT JOIN notes n ON n.id = a.note_id"

// visibleAttachment restricts a query over attachments (a, with its note
// n) to what the scope sees: a customer never sees the attachments of an
// internal note.
func (b *sqlBuilder) visibleAttachment(scope incident.Scope) {
	if !scope.Operator {
		b.WriteString(" AND (a.note_id IS NULL OR NOT n.internal)")
	}
}

// AddAttachment stores the metadata of a file uploaded to an incident of
// the scope. Its note, when named, must be one of the incident's notes
// that the scope sees.
func (db *DB) AddAttachment(ctx context.Context, scope incident.Scope, incidentID string, a incident.Attachment, idem *incident.Idempotency, events []incident.Event) (incident.Attachment, bool, error) {
	var replayed bool
	err := db.write(ctx, "add attachment", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		if idem != nil {
			first, err := tx.claimKey(ctx, idem, keyAttachment)
			if err != nil {
				return err
			}
			if first != 0 {
				replayed = true
				a, err = tx.attachment(ctx, incident.Scope{Operator: true}, seq, first)
				a.IncidentID = incidentID
				return err
			}
		}
		var noteID any
		if a.NoteID != 0 {
			if _, err := tx.note(ctx, scope, seq, a.NoteID); err != nil {
				return err
			}
			noteID = a.NoteID
		}
		a.IncidentID, a.CreatedAt = incidentID, tx.now
		err = tx.queryRow(ctx, "INSERT INTO attachments (incident_seq, note_id, name, mime_type, size, sha256, description,"+
			" author_type, author_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			seq, noteID, a.Name, a.MimeType, a.Size, a.SHA256, a.Description,
			string(a.Author.Type), a.Author.Name, micros(tx.now)).Scan(&a.ID)
		if err != nil {
			return err
		}
		if idem != nil {
			if err := tx.settleKey(ctx, idem, keyAttachment, a.ID); err != nil {
				return err
			}
		}
		return tx.queueEventsOf(ctx, seq, events, eventObjects{attachment: &a})
	})
	if err != nil {
		return incident.Attachment{}, false, err
	}
	return a, replayed, nil
}

// GetAttachment reads one attachment of an incident of the scope.
func (db *DB) GetAttachment(ctx context.Context, scope incident.Scope, incidentID string, id int64) (incident.Attachment, error) {
	var a incident.Attachment
	err := db.read(ctx, "get attachment", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		a, err = tx.attachment(ctx, scope, seq, id)
		return err
	})
	a.IncidentID = incidentID
	return a, err
}

func (tx *txn) attachment(ctx context.Context, scope incident.Scope, seq, id int64) (incident.Attachment, error) {
	b := sqlBuilder{d: tx.d}
	b.WriteString(attachmentSelect + " WHERE a.incident_seq = ")
	b.arg(seq)
	b.WriteString(" AND a.id = ")
	b.arg(id)
	b.visibleAttachment(scope)
	var a incident.Attachment
	err := notFound(scanAttachment(tx.queryRow(ctx, b.String(), b.args...), &a), "attachment")
	return a, err
}

// ListAttachments lists an incident's attachments in upload order.
func (db *DB) ListAttachments(ctx context.Context, scope incident.Scope, incidentID string) ([]incident.Attachment, error) {
	list := []incident.Attachment{}
	err := db.read(ctx, "list attachments", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, incidentID)
		if err != nil {
			return err
		}
		b := sqlBuilder{d: tx.d}
		b.WriteString(attachmentSelect + " WHERE a.incident_seq = ")
		b.arg(seq)
		b.visibleAttachment(scope)
		b.WriteString(" ORDER BY a.id")
		return tx.each(ctx, b.String(), b.args, func(rows *sql.Rows) error {
			a := incident.Attachment{IncidentID: incidentID}
			if err := scanAttachment(rows, &a); err != nil {
				return err
			}
			list = append(list, a)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// BlobReferenced reports whether any attachment names the digest.
func (db *DB) BlobReferenced(ctx context.Context, digest string) (bool, error) {
	var n int
	err := db.readOne(ctx, "blob referenced", func(tx *txn) error {
		return tx.queryRow(ctx, "SELECT count(*) FROM (SELECT 1 FROM attachments WHERE sha256 = ? LIMIT 1) x", digest).Scan(&n)
	})
	return n > 0, err
}

func scanAttachment(row interface{ Scan(...any) error }, a *incident.Attachment) error {
	var (
		noteID     sql.NullInt64
		authorType string
		created    int64
	)
	err := row.Scan(&a.ID, &noteID, &a.Name, &a.MimeType, &a.Size, &a.SHA256, &a.Description,
		&authorType, &a.Author.Name, &created)
	if err != nil {
		return err
	}
	a.NoteID, a.Author.Type, a.CreatedAt = noteID.Int64, incident.ActorType(authorType), fromMicros(created)
	return nil
}
