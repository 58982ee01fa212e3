package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/incidentd/incidentd/alerts"
)

// AlertState reads the state of an alert in one statement.
func (db *DB) AlertState(ctx context.Context, integrationID, dedupKey string) (alerts.State, error) {
	var (
		st       alerts.State
		starts   int64
		resolved sql.NullInt64
	)
	err := db.readOne(ctx, "alert state", func(tx *txn) error {
		err := tx.queryRow(ctx, "SELECT incident_id, firing, starts_at, resolved_at FROM alert_states"+
			" WHERE integration_id = ? AND dedup_key = ? AND incident_id IS NOT NULL", integrationID, dedupKey).
			Scan(&st.IncidentID, &st.Firing, &starts, &resolved)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		st.StartsAt, st.ResolvedAt = fromMicros(starts), fromNullMicros(resolved)
		return err
	})
	if err != nil || st.IncidentID == "" {
		return alerts.State{}, err
	}
	return st, nil
}

// WithAlert claims the alert's row first in a write transaction: the
// upsert inserts it, or locks it when it exists (on PostgreSQL a
// concurrent claim of the same alert waits for this transaction to end,
// on SQLite writers are serialized), then runs fn with a context whose
// store calls join the transaction, and stores the state fn leaves.
func (db *DB) WithAlert(ctx context.Context, integrationID, dedupKey string, fn func(context.Context, *alerts.State) error) error {
	return db.write(ctx, "alert", func(tx *txn) error {
		var (
			st       alerts.State
			incident sql.NullString
			starts   int64
			resolved sql.NullInt64
		)
		err := tx.queryRow(ctx, "INSERT INTO alert_states (integration_id, dedup_key, firing, starts_at) VALUES (?, ?, ?, ?)"+
			" ON CONFLICT (integration_id, dedup_key) DO UPDATE SET firing = alert_states.firing"+
			" RETURNING incident_id, firing, starts_at, resolved_at",
			integrationID, dedupKey, false, int64(0)).Scan(&incident, &st.Firing, &starts, &resolved)
		if err != nil {
			return err
		}
		st.IncidentID = incident.String
		if incident.Valid {
			st.StartsAt, st.ResolvedAt = fromMicros(starts), fromNullMicros(resolved)
		}
		if err := fn(db.joining(ctx, tx), &st); err != nil {
			return err
		}
		if st.IncidentID == "" {
			_, err := tx.exec(ctx, "DELETE FROM alert_states WHERE integration_id = ? AND dedup_key = ?", integrationID, dedupKey)
			return err
		}
		_, err = tx.exec(ctx, "UPDATE alert_states SET incident_id = ?, firing = ?, starts_at = ?, resolved_at = ?"+
			" WHERE integration_id = ? AND dedup_key = ?",
			st.IncidentID, st.Firing, micros(st.StartsAt), microsPtr(st.ResolvedAt), integrationID, dedupKey)
		return err
	})
}
