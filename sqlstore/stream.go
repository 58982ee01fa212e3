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

// StreamIncidents counts the query's incidents and reads their order as
// sequence numbers in one read-only transaction, then reads the incidents
// themselves a batch at a time, each batch by a statement of its own, and
// gives each batch to the caller with no connection held. A caller as slow
// as it likes (an export read slowly by its client) therefore never pins a
// database connection or transaction.
//
// The count, the set of incidents and their order are of one snapshot;
// each incident shows its state when its batch was read, never older than
// that snapshot. Incidents are never deleted, so every one of the snapshot
// is found again and the rows always agree with the count.
//
// Ordering sequence numbers rather than whole rows keeps a sort that no
// index serves small (a few bytes per incident in the database's sorter and
// in memory here, where whole rows would be a kilobyte each), and memory
// otherwise holds one batch of incidents. Streams use at most half of the
// read connections at a time (streamSlots): the other half stays for
// interactive requests, however many exports run.
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

	var (
		total int
		seqs  []int64
	)
	err = db.streamStep(ctx, func() error {
		return db.read(ctx, "stream incidents", func(tx *txn) error {
			if err := tx.queryRow(ctx, count.String(), count.args...).Scan(&total); err != nil {
				return err
			}
			if int64(total) <= offset {
				return nil
			}
			seqs = make([]int64, 0, min(int64(total)-offset, limit))
			return tx.each(ctx, order.String(), order.args, func(r *sql.Rows) error {
				var seq int64
				err := r.Scan(&seq)
				seqs = append(seqs, seq)
				return err
			})
		})
	})
	if err != nil {
		return err
	}
	// Errors of start and each belong to the caller and come back as they
	// are; only the database's own are translated.
	if err := start(total); err != nil {
		return err
	}
	for len(seqs) > 0 {
		n := min(len(seqs), streamBatch)
		var batch []*incident.Incident
		err := db.streamStep(ctx, func() error {
			return db.readOne(ctx, "stream incidents", func(tx *txn) error {
				var err error
				batch, err = tx.streamBatch(ctx, seqs[:n])
				return err
			})
		})
		if err != nil {
			return err
		}
		for _, inc := range batch {
			if err := each(inc); err != nil {
				return err
			}
		}
		seqs = seqs[n:]
	}
	return nil
}

// streamStep runs one database step of a stream in one of the streams'
// share of the read connections, waiting for one when all are taken.
func (db *DB) streamStep(ctx context.Context, step func() error) error {
	select {
	case db.streamSlots <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-db.streamSlots }()
	return step()
}

// streamSlotsFor is the streams' share of a read pool of size readers.
func streamSlotsFor(readers int) chan struct{} {
	return make(chan struct{}, max(1, readers/2))
}

// streamBatch reads the incidents of the sequence numbers, in the order
// of seqs.
func (tx *txn) streamBatch(ctx context.Context, seqs []int64) ([]*incident.Incident, error) {
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
		return nil, err
	}
	out := make([]*incident.Incident, len(seqs))
	for i, s := range seqs {
		inc, ok := bySeq[s]
		if !ok {
			return nil, fmt.Errorf("stream: incident %d vanished", s)
		}
		out[i] = inc
	}
	return out, nil
}
