package sqlstore

import (
	"context"
	"database/sql"

	"github.com/incidentd/incidentd/incident"
)

// Idempotency-Key of the creations under an incident: the key's row in
// idempotency_keys names the note or attachment the first request created,
// in the column of its kind.
const (
	keyNote       = "note_id"
	keyAttachment = "attachment_id"
)

// claimKey records the key for a creation of the kind column. When it was
// recorded before, it returns the id created then (same request), or code
// 102 (another request, of this kind or another, under the same key). A
// concurrent request with the same key waits for the first to commit
// (PostgreSQL's unique index, SQLite's single writer).
func (tx *txn) claimKey(ctx context.Context, idem *incident.Idempotency, column string) (int64, error) {
	res, err := tx.exec(ctx, "INSERT INTO idempotency_keys (client_id, key, request_hash, created_at)"+
		" VALUES (?, ?, ?, ?) ON CONFLICT (client_id, key) DO NOTHING",
		idem.ClientID, idem.Key, idem.RequestHash, micros(tx.now))
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return 0, err
	}
	var (
		hash string
		id   sql.NullInt64
	)
	err = tx.queryRow(ctx, "SELECT request_hash, "+column+" FROM idempotency_keys WHERE client_id = ? AND key = ?",
		idem.ClientID, idem.Key).Scan(&hash, &id)
	if err != nil {
		return 0, err
	}
	if hash != idem.RequestHash || !id.Valid {
		return 0, incident.Errorf(incident.CodeIdempotencyReused, incident.MsgIdempotencyReused, idem.Key)
	}
	return id.Int64, nil
}

// settleKey names what the request under the key created.
func (tx *txn) settleKey(ctx context.Context, idem *incident.Idempotency, column string, id int64) error {
	_, err := tx.exec(ctx, "UPDATE idempotency_keys SET "+column+" = ? WHERE client_id = ? AND key = ?",
		id, idem.ClientID, idem.Key)
	return err
}
