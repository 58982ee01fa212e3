package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/incidentd/incidentd/incident"
)

// CreateIncident allocates the id, stamps the incident and stores it with
// its first history entries, all in one transaction. With an idempotency
// key the key is claimed first in that transaction: a concurrent request
// with the same key waits for it (PostgreSQL's unique index, SQLite's
// single writer) and then finds it claimed.
func (db *DB) CreateIncident(ctx context.Context, inc *incident.Incident, actor incident.Actor, idem *incident.Idempotency, events []incident.Event) (*incident.Incident, bool, error) {
	var (
		out      *incident.Incident
		replayed bool
	)
	err := db.write(ctx, "create incident", func(tx *txn) error {
		if idem != nil {
			first, err := tx.claimIdempotencyKey(ctx, idem)
			if err != nil || first != nil {
				out, replayed = first, true
				return err
			}
		}
		name, err := tx.customerName(ctx, inc.Customer.ID)
		if err != nil {
			return err
		}
		seq, err := tx.allocateSeqs(ctx, 1)
		if err != nil {
			return err
		}
		changes, err := inc.Created(seq, tx.now, actor)
		if err != nil {
			return err
		}
		inc.Customer.Name = name
		if err := tx.insertIncident(ctx, inc); err != nil {
			return err
		}
		if err := tx.insertHistory(ctx, inc.Seq, changes); err != nil {
			return err
		}
		counts := countChanges{}
		counts.add(inc, 1)
		if err := tx.markChanged(ctx, inc.Customer.ID, 1); err != nil {
			return err
		}
		if err := tx.saveCounts(ctx, counts); err != nil {
			return err
		}
		if idem != nil {
			_, err := tx.exec(ctx, "UPDATE idempotency_keys SET resource_seq = ? WHERE client_id = ? AND key = ?",
				inc.Seq, idem.ClientID, idem.Key)
			if err != nil {
				return err
			}
		}
		out = inc
		return tx.queueEvents(ctx, events, eventObjects{incident: inc})
	})
	if err != nil {
		return nil, false, err
	}
	return out, replayed, nil
}

// claimIdempotencyKey records the key. When it was recorded before, it
// returns the incident created then (same request), or code 102 (another
// request under the same key).
func (tx *txn) claimIdempotencyKey(ctx context.Context, idem *incident.Idempotency) (*incident.Incident, error) {
	res, err := tx.exec(ctx, "INSERT INTO idempotency_keys (client_id, key, request_hash, created_at)"+
		" VALUES (?, ?, ?, ?) ON CONFLICT (client_id, key) DO NOTHING",
		idem.ClientID, idem.Key, idem.RequestHash, micros(tx.now))
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return nil, err
	}
	var (
		hash string
		seq  sql.NullInt64
	)
	err = tx.queryRow(ctx, "SELECT request_hash, resource_seq FROM idempotency_keys WHERE client_id = ? AND key = ?",
		idem.ClientID, idem.Key).Scan(&hash, &seq)
	if err != nil {
		return nil, err
	}
	if hash != idem.RequestHash || !seq.Valid {
		return nil, incident.Errorf(incident.CodeIdempotencyReused, incident.MsgIdempotencyReused, idem.Key)
	}
	return tx.incidentBySeq(ctx, seq.Int64)
}

// customerName reads the name of the customer an incident is created for;
// an unknown customer is a client's error.
func (tx *txn) customerName(ctx context.Context, id string) (string, error) {
	var name string
	err := tx.queryRow(ctx, "SELECT name FROM customers WHERE id = ?", id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", incident.Errorf(incident.CodeInvalidBodyField, incident.MsgUnknownCustomer, id)
	}
	return name, err
}

// allocateSeqs takes n sequence numbers from the counter row and returns
// the first. The counter row is locked until the transaction ends, so
// numbers are handed out in commit order and a rollback returns them.
func (tx *txn) allocateSeqs(ctx context.Context, n int) (int64, error) {
	var last int64
	err := tx.queryRow(ctx, "UPDATE id_counter SET value = value + ? WHERE id = 1 RETURNING value", n).Scan(&last)
	return last - int64(n) + 1, err
}

func (tx *txn) insertIncident(ctx context.Context, inc *incident.Incident) error {
	values := make([]any, len(incidentColumns))
	incidentValues(inc, values)
	if _, err := tx.exec(ctx, insertIncidentSQL, values...); err != nil {
		return err
	}
	texts := make([]any, len(textColumns))
	textValues(inc, texts)
	_, err := tx.exec(ctx, insertTextSQL, texts...)
	return err
}

var (
	insertIncidentSQL = multiRowInsert("incidents", incidentColumns, 1)
	insertTextSQL     = multiRowInsert("incident_texts", textColumns, 1)
)
