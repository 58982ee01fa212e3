package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// This file keeps API keys and access tokens, both as hashes only.

const apiKeySelect = "SELECT id, prefix, customer_id, operator, hash, created_at, expires_at, revoked_at FROM api_keys"

// CreateAPIKey stores a new key; an existing id or hash wraps ErrDuplicate,
// an unknown customer is code 24.
func (db *DB) CreateAPIKey(ctx context.Context, k auth.APIKey) error {
	return db.write(ctx, "create API key", func(tx *txn) error {
		_, err := tx.exec(ctx, "INSERT INTO api_keys (id, prefix, customer_id, operator, hash, created_at, expires_at, revoked_at)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			k.ID, k.Prefix, nullString(k.CustomerID), k.Operator, k.Hash,
			micros(orNow(k.CreatedAt, tx.now)), micros(k.ExpiresAt), microsPtr(k.RevokedAt))
		return unknownCustomer(duplicate(err, "API key", k.ID), k.CustomerID)
	})
}

// FindAPIKey finds a key by its hash, revoked and expired ones included:
// the caller tells those apart.
func (db *DB) FindAPIKey(ctx context.Context, hash string) (auth.APIKey, error) {
	var k auth.APIKey
	err := db.readOne(ctx, "find API key", func(tx *txn) error {
		return notFound(scanAPIKey(tx.queryRow(ctx, apiKeySelect+" WHERE hash = ?", hash), &k), "API key")
	})
	if err != nil {
		return auth.APIKey{}, err
	}
	return k, nil
}

// ListAPIKeys lists a customer's keys, or every key when customerID is
// empty, oldest first.
func (db *DB) ListAPIKeys(ctx context.Context, customerID string) ([]auth.APIKey, error) {
	keys := []auth.APIKey{}
	query, args := apiKeySelect+" ORDER BY created_at, id", []any(nil)
	if customerID != "" {
		query, args = apiKeySelect+" WHERE customer_id = ? ORDER BY created_at, id", []any{customerID}
	}
	err := db.readOne(ctx, "list API keys", func(tx *txn) error {
		return tx.each(ctx, query, args, func(rows *sql.Rows) error {
			var k auth.APIKey
			if err := scanAPIKey(rows, &k); err != nil {
				return err
			}
			keys = append(keys, k)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return keys, nil
}

// RevokeAPIKey marks a key revoked; revoking it again keeps the first time.
func (db *DB) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	return db.write(ctx, "revoke API key", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), id)
		return affected(res, err, "API key")
	})
}

func scanAPIKey(row interface{ Scan(...any) error }, k *auth.APIKey) error {
	var (
		customerID       sql.NullString
		created, expires int64
		revoked          sql.NullInt64
	)
	if err := row.Scan(&k.ID, &k.Prefix, &customerID, &k.Operator, &k.Hash, &created, &expires, &revoked); err != nil {
		return err
	}
	k.CustomerID = customerID.String
	k.CreatedAt, k.ExpiresAt, k.RevokedAt = fromMicros(created), fromMicros(expires), fromNullMicros(revoked)
	return nil
}

// CreateToken stores an issued token by its hash, provided its client's
// secret hash is still secretHash. The client row is read under a share
// lock on PostgreSQL (SQLite writers hold the database), so a rotation
// either commits first, and the token is refused, or waits for it, and
// deletes it.
func (db *DB) CreateToken(ctx context.Context, t auth.Token, secretHash string) error {
	return db.write(ctx, "create token", func(tx *txn) error {
		res, err := tx.exec(ctx, "INSERT INTO tokens (hash, client_id, scopes, issued_at, expires_at)"+
			" SELECT ?, c.id, ?, ?, ? FROM clients c WHERE c.id = ? AND c.secret_hash = ?"+tx.d.forShare(),
			t.Hash, joinScopes(t.Scopes), micros(orNow(t.IssuedAt, tx.now)), micros(t.ExpiresAt), t.ClientID, secretHash)
		return affected(res, duplicate(err, "token", ""), "client with that secret")
	})
}

// FindToken finds a token by its hash, expired or not.
func (db *DB) FindToken(ctx context.Context, hash string) (auth.Token, error) {
	var t auth.Token
	err := db.readOne(ctx, "find token", func(tx *txn) error {
		var (
			scopes          string
			issued, expires int64
		)
		err := tx.queryRow(ctx, "SELECT hash, client_id, scopes, issued_at, expires_at FROM tokens WHERE hash = ?", hash).
			Scan(&t.Hash, &t.ClientID, &scopes, &issued, &expires)
		t.Scopes, t.IssuedAt, t.ExpiresAt = splitScopes(scopes), fromMicros(issued), fromMicros(expires)
		return notFound(err, "token")
	})
	if err != nil {
		return auth.Token{}, err
	}
	return t, nil
}

// DeleteExpiredTokens deletes the tokens that expired before the given
// time and reports how many.
func (db *DB) DeleteExpiredTokens(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.write(ctx, "delete expired tokens", func(tx *txn) error {
		res, err := tx.exec(ctx, "DELETE FROM tokens WHERE expires_at < ?", micros(before))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
