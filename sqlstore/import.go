package sqlstore

import (
	"context"
	"database/sql"
	"iter"

	"github.com/incidentd/incidentd/incident"
)

// ImportIncidents stores fully formed incidents in bulk, in one
// transaction: sequence numbers are allocated from the counter in the given
// order and each id is made from its sequence number and CreatedAt. The
// incidents are updated in place with their Seq and ID (and Version 1 when
// they had none). No history is written: the incidents arrive as they are.
func (db *DB) ImportIncidents(ctx context.Context, incs []*incident.Incident) error {
	return db.ImportIncidentBatches(ctx, func(yield func([]*incident.Incident) bool) { yield(incs) }, nil)
}

// ImportIncidentBatches imports every batch as ImportIncidents does, in
// order, all in ONE transaction: either every batch is stored or none is.
// A batch is stored before the next one is asked for, so a data set of any
// size streams through without being held in memory. periodsOf, when set,
// gives the freeze periods to store with an incident (nil: none); the
// incident's Clock must already count them, as it is stored as it is.
//
// On SQLite, an import into an empty incidents table sets the table's
// secondary indexes aside while it loads and creates them again at its end,
// in the same transaction (bulk_indexes.go): readers keep seeing the
// snapshot from before, a failed or interrupted import leaves the database
// as it was, indexes included.
func (db *DB) ImportIncidentBatches(ctx context.Context, batches iter.Seq[[]*incident.Incident], periodsOf func(*incident.Incident) []incident.FreezePeriod) error {
	imp := &importRun{db: db, periodsOf: periodsOf, counts: countChanges{}}
	err := imp.run(ctx, batches)
	if err != nil || imp.imported == 0 {
		return domainError("import incidents", err)
	}
	return domainError("analyze after import", db.d.afterImport(ctx, db.w, imp.imported, imp.before))
}

// importRun is one ImportIncidentBatches call. Its transaction begins with
// the first incident, so that importing nothing writes nothing.
type importRun struct {
	db        *DB
	periodsOf func(*incident.Incident) []incident.FreezePeriod
	conn      *sql.Conn
	sqlTx     *sql.Tx
	tx        *txn
	// rebuild creates again the indexes set aside, when there are.
	rebuild func(context.Context) error
	// imported incidents so far; before is the last sequence number
	// allocated before them.
	imported, before int64
	// counts are the imported incidents' counters, saved at the end.
	counts countChanges
}

func (r *importRun) run(ctx context.Context, batches iter.Seq[[]*incident.Incident]) error {
	defer func() {
		if r.sqlTx != nil {
			r.sqlTx.Rollback() // after Commit, a no-op
		}
		if r.conn != nil {
			r.conn.Close()
		}
	}()
	for batch := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		if len(batch) == 0 {
			continue
		}
		if r.tx == nil {
			if err := r.begin(ctx); err != nil {
				return err
			}
		}
		if err := r.store(ctx, batch); err != nil {
			return err
		}
	}
	if r.tx == nil {
		return ctx.Err()
	}
	if r.rebuild != nil {
		if err := r.rebuild(ctx); err != nil {
			return err
		}
	}
	if err := r.tx.saveCounts(ctx, r.counts); err != nil {
		return err
	}
	for customer, n := range r.counts.byCustomer() {
		if err := r.tx.markChanged(ctx, customer, n); err != nil {
			return err
		}
	}
	return r.sqlTx.Commit()
}

// begin opens the transaction on a dedicated connection (PostgreSQL's COPY
// runs on the driver connection under it) and, where the dialect can, sets
// the indexes of an empty incidents table aside.
func (r *importRun) begin(ctx context.Context) error {
	conn, err := r.db.w.Conn(ctx)
	if err != nil {
		return err
	}
	r.conn = conn
	if r.sqlTx, err = conn.BeginTx(ctx, nil); err != nil {
		return err
	}
	r.tx = &txn{tx: r.sqlTx, d: r.db.d, now: r.db.Now().UTC()}
	if d, ok := r.db.d.(indexDeferrer); ok {
		r.rebuild, err = d.deferIndexes(ctx, r.sqlTx, "incidents")
	}
	return err
}

// store allocates the batch's sequence numbers and ids and inserts it.
func (r *importRun) store(ctx context.Context, batch []*incident.Incident) error {
	first, err := r.tx.allocateSeqs(ctx, len(batch))
	if err != nil {
		return err
	}
	if r.imported == 0 {
		r.before = first - 1
	}
	for i, inc := range batch {
		inc.Seq = first + int64(i)
		inc.ID = incident.FormatID(inc.Seq, inc.CreatedAt)
		if inc.Version == 0 {
			inc.Version = 1
		}
		r.counts.add(inc, 1)
	}
	err = r.db.d.bulkInsert(ctx, r.conn, r.sqlTx, "incidents", incidentColumns, len(batch), func(i int, dst []any) {
		incidentValues(batch[i], dst)
	})
	if err != nil {
		return err
	}
	err = r.db.d.bulkInsert(ctx, r.conn, r.sqlTx, "incident_texts", textColumns, len(batch), func(i int, dst []any) {
		textValues(batch[i], dst)
	})
	if err != nil {
		return err
	}
	if err := r.storePeriods(ctx, batch); err != nil {
		return err
	}
	r.imported += int64(len(batch))
	return nil
}

// storePeriods stores the freeze periods periodsOf gives for the batch.
func (r *importRun) storePeriods(ctx context.Context, batch []*incident.Incident) error {
	if r.periodsOf == nil {
		return nil
	}
	type periodOf struct {
		seq    int64
		period incident.FreezePeriod
	}
	var periods []periodOf
	for _, inc := range batch {
		for _, p := range r.periodsOf(inc) {
			periods = append(periods, periodOf{inc.Seq, p})
		}
	}
	if len(periods) == 0 {
		return nil
	}
	return r.db.d.bulkInsert(ctx, r.conn, r.sqlTx, "freeze_periods", periodColumns, len(periods), func(i int, dst []any) {
		periodValues(periods[i].seq, periods[i].period, dst)
	})
}

// periodColumns are the columns of freeze_periods an import fills, in the
// order of periodValues; the id is the database's.
var periodColumns = []string{"incident_seq", "start_at", "end_at", "reason", "comment", "actor_type", "actor_name"}

func periodValues(seq int64, p incident.FreezePeriod, dst []any) {
	dst[0] = seq
	dst[1] = micros(p.StartAt)
	dst[2] = microsPtr(p.EndAt)
	dst[3] = string(p.Reason)
	dst[4] = p.Comment
	dst[5] = string(p.CreatedBy.Type)
	dst[6] = p.CreatedBy.Name
}
