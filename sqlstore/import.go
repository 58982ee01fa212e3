package sqlstore

import (
	"context"

	"github.com/incidentd/incidentd/incident"
)

// ImportIncidents stores fully formed incidents in bulk, in one
// transaction: sequence numbers are allocated from the counter in the given
// order and each id is made from its sequence number and CreatedAt. The
// incidents are updated in place with their Seq and ID (and Version 1 when
// they had none). No history is written: the incidents arrive as they are.
func (db *DB) ImportIncidents(ctx context.Context, incs []*incident.Incident) error {
	if len(incs) == 0 {
		return nil
	}
	err := func() error {
		// A dedicated connection: PostgreSQL's COPY runs on the driver
		// connection under the transaction.
		conn, err := db.w.Conn(ctx)
		if err != nil {
			return err
		}
		defer conn.Close()
		sqlTx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		defer sqlTx.Rollback()
		tx := &txn{tx: sqlTx, d: db.d, now: db.Now().UTC()}
		first, err := tx.allocateSeqs(ctx, len(incs))
		if err != nil {
			return err
		}
		for i, inc := range incs {
			inc.Seq = first + int64(i)
			inc.ID = incident.FormatID(inc.Seq, inc.CreatedAt)
			if inc.Version == 0 {
				inc.Version = 1
			}
		}
		err = db.d.bulkInsert(ctx, conn, sqlTx, "incidents", incidentColumns, len(incs), func(i int, dst []any) {
			incidentValues(incs[i], dst)
		})
		if err != nil {
			return err
		}
		err = db.d.bulkInsert(ctx, conn, sqlTx, "incident_texts", textColumns, len(incs), func(i int, dst []any) {
			textValues(incs[i], dst)
		})
		if err != nil {
			return err
		}
		return sqlTx.Commit()
	}()
	if err != nil {
		return domainError("import incidents", err)
	}
	before := incs[0].Seq - 1
	return domainError("analyze after import", db.d.afterImport(ctx, db.w, int64(len(incs)), before))
}
