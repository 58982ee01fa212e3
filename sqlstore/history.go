package sqlstore

import (
	"context"
	"database/sql"

	"github.com/incidentd/incidentd/incident"
)

// ListHistory lists an incident's changes, oldest first (in the order they
// were recorded).
func (db *DB) ListHistory(ctx context.Context, scope incident.Scope, id string) ([]incident.Change, error) {
	changes := []incident.Change{}
	err := db.read(ctx, "list history", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, id)
		if err != nil {
			return err
		}
		return tx.each(ctx, "SELECT at, actor_type, actor_name, field, from_value, to_value, reason"+
			" FROM history WHERE incident_seq = ? ORDER BY id", []any{seq}, func(rows *sql.Rows) error {
			var (
				c        incident.Change
				at       int64
				from, to sql.NullString
			)
			if err := rows.Scan(&at, &c.Actor.Type, &c.Actor.Name, &c.Field, &from, &to, &c.Reason); err != nil {
				return err
			}
			c.At, c.From, c.To = fromMicros(at), fromNullString(from), fromNullString(to)
			changes = append(changes, c)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return changes, nil
}

// insertHistory appends history entries; an entry without a time gets the
// transaction's.
func (tx *txn) insertHistory(ctx context.Context, seq int64, changes []incident.Change) error {
	for _, c := range changes {
		at := c.At
		if at.IsZero() {
			at = tx.now
		}
		_, err := tx.exec(ctx, "INSERT INTO history (incident_seq, at, actor_type, actor_name, field, from_value, to_value, reason)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			seq, micros(at), string(c.Actor.Type), c.Actor.Name, c.Field, ptrString(c.From), ptrString(c.To), c.Reason)
		if err != nil {
			return err
		}
	}
	return nil
}
