// Package sqlstore stores incidentd's data in SQLite or PostgreSQL with one
// SQL code base. It implements incident.IncidentStore and auth.Store.
//
// Every differing piece of SQL lives in dialect.go; driver errors become
// domain errors in errors.go; attribute names map to columns in columns.go.
// Times are stored as integer microseconds since the epoch (UTC).
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

var (
	_ incident.IncidentStore = (*DB)(nil)
	_ auth.Store             = (*DB)(nil)
)

// Options tune the connection pools. Zero values keep the defaults.
type Options struct {
	// MaxOpenConns bounds the PostgreSQL pool, or the SQLite reader pool
	// (SQLite writes always go through one connection).
	MaxOpenConns    int
	MaxIdleConns    int
	ConnMaxLifetime time.Duration
	// StatementCache bounds the prepared statements each connection keeps
	// for reuse (0: a default of 64; negative: none kept).
	StatementCache int
	// SQLiteCacheMiB is the page cache of each SQLite connection, in MiB
	// (0: DefaultSQLiteCacheMiB). The store opens up to five: the writer
	// and the readers (MaxOpenConns, 4 by default).
	SQLiteCacheMiB int
}

// DefaultSQLiteCacheMiB is the page cache of an SQLite connection unless
// Options say otherwise.
const DefaultSQLiteCacheMiB = 8

func (o Options) sqliteCacheMiB() int {
	if o.SQLiteCacheMiB <= 0 {
		return DefaultSQLiteCacheMiB
	}
	return o.SQLiteCacheMiB
}

func (o Options) statementCache() int {
	if o.StatementCache == 0 {
		return defaultStatementCache
	}
	return max(o.StatementCache, 0)
}

// DB is an open store.
type DB struct {
	// Now is the clock. It is read once per transaction and that instant is
	// used for every time written by the transaction.
	Now func() time.Time

	d dialect
	// w serves every write transaction. r serves reads; on SQLite it is a
	// separate pool so that readers never queue behind the single writer,
	// on PostgreSQL it is the same pool as w.
	w, r *sql.DB
	// path is the file of a SQLite database; empty in memory and on
	// PostgreSQL.
	path string
	// streamSlots bounds the streams reading at once (StreamIncidents).
	streamSlots chan struct{}
	// signal wakes the readers waiting for events (EventsChanged).
	signal eventSignal
}

// DefaultNow is the default clock: UTC, truncated to the millisecond like
// every time shown by the API.
func DefaultNow() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// Open connects to the database named by url: "sqlite:PATH" or
// "postgres://…" (also "postgresql://…"). It does not migrate; call Migrate.
func Open(ctx context.Context, url string, opt Options) (*DB, error) {
	db, err := openURL(url, opt)
	if err != nil {
		return nil, err
	}
	db.Now = DefaultNow
	if err := db.Ping(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name() }

// SetNow replaces the clock (tests).
func (db *DB) SetNow(now func() time.Time) { db.Now = now }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return unavailable(err)
	}
	if db.r != db.w {
		if err := db.r.PingContext(ctx); err != nil {
			return unavailable(err)
		}
	}
	return nil
}

// Close closes the pools.
func (db *DB) Close() error {
	db.signal.stop()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

func applyOptions(pool *sql.DB, opt Options) {
	if opt.MaxOpenConns > 0 {
		pool.SetMaxOpenConns(opt.MaxOpenConns)
	}
	if opt.MaxIdleConns > 0 {
		pool.SetMaxIdleConns(opt.MaxIdleConns)
	}
	if opt.ConnMaxLifetime > 0 {
		pool.SetConnMaxLifetime(opt.ConnMaxLifetime)
	}
}
