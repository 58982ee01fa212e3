package sqlstore

import (
	"context"
	"database/sql"
	"time"
)

// txn is one transaction with the instant it runs at: every time it writes
// is now, read once from the clock when it began. A txn for a single read
// statement runs on the pool directly (no BEGIN/COMMIT round trips).
type txn struct {
	tx  querier
	d   dialect
	now time.Time
	// events are the events of the transaction's changes, written just
	// before it commits (flushEvents).
	events []eventRow
}

// querier is what *sql.Tx and *sql.DB have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (t *txn) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebind(query), args...)
}

func (t *txn) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebind(query), args...)
}

func (t *txn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebind(query), args...)
}

// write runs fn in a write transaction and commits it when fn returns nil.
// On SQLite the writer pool has one connection whose transactions begin
// IMMEDIATE, so writers are serialized; on PostgreSQL rows are locked
// explicitly where it matters (forUpdate, the counter row, unique keys).
func (db *DB) write(ctx context.Context, op string, fn func(*txn) error) error {
	return domainError(op, db.inTx(ctx, db.w, nil, fn))
}

// read runs fn in a read-only transaction, so that the several queries of
// one answer (a page and its count) see the same snapshot.
func (db *DB) read(ctx context.Context, op string, fn func(*txn) error) error {
	opts := &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	return domainError(op, db.inTx(ctx, db.r, opts, fn))
}

// readOne runs fn, which issues one statement, outside any transaction.
func (db *DB) readOne(ctx context.Context, op string, fn func(*txn) error) error {
	if t := db.joined(ctx); t != nil {
		return domainError(op, fn(t))
	}
	return domainError(op, fn(&txn{tx: db.r, d: db.d, now: db.Now().UTC()}))
}

func (db *DB) inTx(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(*txn) error) error {
	if t := db.joined(ctx); t != nil {
		return fn(t)
	}
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	t := &txn{tx: tx, d: db.d, now: db.Now().UTC()}
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if len(t.events) == 0 {
		return tx.Commit()
	}
	if err := t.flushEvents(ctx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	db.signal.committed()
	return nil
}

// joinedKey marks a context whose store calls join a transaction already
// open (see joining).
type joinedKey struct{}

// joinedTx is the transaction of a joining context, with its store.
type joinedTx struct {
	db *DB
	t  *txn
}

// joining is ctx such that this store's calls made with it run in t rather
// than in transactions of their own: an operation of several domain calls
// (an alert and the incident it opens) commits as one, and holds one
// connection, so that concurrent operations cannot exhaust the pool
// waiting for a second one.
func (db *DB) joining(ctx context.Context, t *txn) context.Context {
	return context.WithValue(ctx, joinedKey{}, joinedTx{db: db, t: t})
}

// joined is the transaction ctx joins on this store, nil when none.
func (db *DB) joined(ctx context.Context) *txn {
	if j, ok := ctx.Value(joinedKey{}).(joinedTx); ok && j.db == db {
		return j.t
	}
	return nil
}
