package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/incidentd/incidentd/incident"
)

// ListFreezePeriods lists an incident's periods by start time.
func (db *DB) ListFreezePeriods(ctx context.Context, scope incident.Scope, id string) ([]incident.FreezePeriod, error) {
	var periods []incident.FreezePeriod
	err := db.read(ctx, "list freeze periods", func(tx *txn) error {
		seq, err := tx.incidentSeq(ctx, scope, id)
		if err != nil {
			return err
		}
		periods, err = tx.periods(ctx, seq)
		return err
	})
	if err != nil {
		return nil, err
	}
	return periods, nil
}

func (tx *txn) periods(ctx context.Context, seq int64) ([]incident.FreezePeriod, error) {
	periods := []incident.FreezePeriod{}
	err := tx.each(ctx, "SELECT id, start_at, end_at, reason, comment, actor_type, actor_name"+
		" FROM freeze_periods WHERE incident_seq = ? ORDER BY start_at, id", []any{seq}, func(rows *sql.Rows) error {
		var (
			p     incident.FreezePeriod
			start int64
			end   sql.NullInt64
		)
		if err := rows.Scan(&p.ID, &start, &end, &p.Reason, &p.Comment, &p.CreatedBy.Type, &p.CreatedBy.Name); err != nil {
			return err
		}
		p.StartAt, p.EndAt = fromMicros(start), fromNullMicros(end)
		periods = append(periods, p)
		return nil
	})
	return periods, err
}

// savePeriods stores the periods an edit added (ID 0, which get their new
// ID) or changed, compared with those it was given. It reports whether it
// wrote anything.
func (tx *txn) savePeriods(ctx context.Context, seq int64, before, after []incident.FreezePeriod) (bool, error) {
	old := make(map[int64]incident.FreezePeriod, len(before))
	for _, p := range before {
		old[p.ID] = p
	}
	wrote := false
	for i := range after {
		p := &after[i]
		if p.ID == 0 {
			err := tx.queryRow(ctx, "INSERT INTO freeze_periods (incident_seq, start_at, end_at, reason, comment, actor_type, actor_name)"+
				" VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
				seq, micros(p.StartAt), microsPtr(p.EndAt), string(p.Reason), p.Comment, string(p.CreatedBy.Type), p.CreatedBy.Name).Scan(&p.ID)
			if err != nil {
				return false, err
			}
			wrote = true
			continue
		}
		o, known := old[p.ID]
		if !known {
			return false, fmt.Errorf("freeze period %d is not one of the incident's", p.ID)
		}
		if samePeriod(o, *p) {
			continue
		}
		_, err := tx.exec(ctx, "UPDATE freeze_periods SET start_at = ?, end_at = ?, reason = ?, comment = ?, actor_type = ?, actor_name = ?"+
			" WHERE id = ? AND incident_seq = ?",
			micros(p.StartAt), microsPtr(p.EndAt), string(p.Reason), p.Comment, string(p.CreatedBy.Type), p.CreatedBy.Name, p.ID, seq)
		if err != nil {
			return false, err
		}
		wrote = true
	}
	return wrote, nil
}

func samePeriod(a, b incident.FreezePeriod) bool {
	sameEnd := (a.EndAt == nil) == (b.EndAt == nil) && (a.EndAt == nil || a.EndAt.Equal(*b.EndAt))
	return a.StartAt.Equal(b.StartAt) && sameEnd && a.Reason == b.Reason && a.Comment == b.Comment && a.CreatedBy == b.CreatedBy
}
