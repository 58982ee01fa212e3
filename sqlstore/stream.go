package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.IncidentStreamer = (*DB)(nil)

// streamBatch is how many incidents one read of a stream fetches.
const streamBatch = 500

// StreamIncidents counts the query's incidents, then reads their order as
// sequence numbers only, then the incidents themselves a batch at a time,
// all in one read-only transaction: the count and the rows are of the same
// snapshot. Ordering sequence numbers rather than whole rows keeps a sort
// that no index serves small (a few bytes per incident in the database's
// sorter and in memory here, where whole rows would be a kilobyte each),
// and memory otherwise holds one batch of incidents.
func (db *DB) StreamIncidents(ctx context.Context, scope incident.Scope, q incident.Query, start func(total int) error, each func(*incident.Incident) error) error {
	now := q.Now
	if now.IsZero() {
		now = db.Now()
	}
	where := sqlBuilder{d: db.d}
	if err := where.where(scope, q.Filters, now); err != nil {
		return domainError("stream incidents", err)
	}
	count, err := countSQL(scope, q.Filters, now, &where)
	if err != nil {
		return domainError("stream incidents", err)
	}
	order := sqlBuilder{d: db.d, args: append([]any(nil), where.args...)}
	order.WriteString("SELECT i.seq FROM incidents i" + where.String())
	if err := order.orderBy(q.Sort, now); err != nil {
		return domainError("stream incidents", err)
	}
	limit, offset := int64(q.Limit), int64(max(q.Offset, 0))
	if limit <= 0 {
		limit = math.MaxInt64 // both databases take a limit beyond any count
	}
	order.WriteString(" LIMIT ")
	order.arg(limit)
	order.WriteString(" OFFSET ")
	order.arg(offset)

	// Errors of start and each belong to the caller: they cross the
	// transaction untouched, and only the database's own are translated.
	var callerErr error
	err = db.read(ctx, "stream incidents", func(tx *txn) error {
		var total int
		if err := tx.queryRow(ctx, count.String(), count.args...).Scan(&total); err != nil {
			return err
		}
		if callerErr = start(total); callerErr != nil || int64(total) <= offset {
			return callerErr
		}
		seqs := make([]int64, 0, min(int64(total)-offset, limit))
		err := tx.each(ctx, order.String(), order.args, func(r *sql.Rows) error {
			var seq int64
			err := r.Scan(&seq)
			seqs = append(seqs, seq)
			return err
		})
		for len(seqs) > 0 && err == nil {
			n := min(len(seqs), streamBatch)
			if err = tx.streamBatch(ctx, seqs[:n], func(inc *incident.Incident) error {
				callerErr = each(inc)
				return callerErr
			}); err == nil {
				seqs = seqs[n:]
			}
		}
		return err
	})
	if callerErr != nil {
		return callerErr
	}
	return err
}

// streamBatch reads the incidents of the sequence numbers and gives them
// to each in the order of seqs.
func (tx *txn) streamBatch(ctx context.Context, seqs []int64, each func(*incident.Incident) error) error {
	b := sqlBuilder{d: tx.d}
	b.WriteString(fullIncidentSelect + " WHERE i.seq IN ")
	ids := make([]any, len(seqs))
	for i, s := range seqs {
		ids[i] = s
	}
	b.argList(ids)
	bySeq := make(map[int64]*incident.Incident, len(seqs))
	err := tx.each(ctx, b.String(), b.args, func(r *sql.Rows) error {
		inc, err := scanFull(r)
		if err == nil {
			bySeq[inc.Seq] = inc
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, s := range seqs {
		inc, ok := bySeq[s]
		if !ok {
			return fmt.Errorf("stream: incident %d vanished from the snapshot", s)
		}
		if err := each(inc); err != nil {
			return err
		}
	}
	return nil
}
