package sqlstore

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"os"
)

// Ready reports whether the store can serve requests: a SQLite database
// file is still in place and readable, the database answers, and no
// migration this program knows is missing. It is the readiness probe's
// check, cheap enough for every few seconds.
//
// A pool keeps connections from before an outage; each fails once
// ("driver: bad connection") and is dropped, and database/sql tries only
// two of them before a new one, so a pool holding more stale connections
// can fail a check just after the database came back. A check failing so
// is made once more, on the connections left.
func (db *DB) Ready(ctx context.Context) error {
	err := db.ready(ctx)
	if errors.Is(err, driver.ErrBadConn) {
		err = db.ready(ctx)
	}
	return err
}

func (db *DB) ready(ctx context.Context) error {
	if db.path != "" {
		// Open connections keep reading a file that was removed, replaced
		// or made unreadable: only opening it again tells.
		if err := checkSQLiteFile(db.path); err != nil {
			return unavailable(err)
		}
	}
	if err := db.Ping(ctx); err != nil {
		return err
	}
	pending, err := db.PendingMigrations(ctx)
	if err != nil {
		return unavailable(err)
	}
	if pending > 0 {
		return fmt.Errorf("%d database migrations pending: run incidentd migrate", pending)
	}
	return nil
}

// sqliteHeader starts every SQLite database file.
var sqliteHeader = []byte("SQLite format 3\x00")

func checkSQLiteFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	header := make([]byte, len(sqliteHeader))
	if _, err := io.ReadFull(f, header); err != nil {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if !bytes.Equal(header, sqliteHeader) {
		return fmt.Errorf("%s is not a SQLite database", path)
	}
	return nil
}

// PendingMigrations counts the migrations of this program that the
// database lacks.
func (db *DB) PendingMigrations(ctx context.Context) (int, error) {
	all, err := migrations(db.d.name())
	if err != nil {
		return 0, err
	}
	rows, err := db.r.QueryContext(ctx, "SELECT version FROM schema_migrations")
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	applied := map[int64]bool{}
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			return 0, err
		}
		applied[v] = true
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	pending := 0
	for _, m := range all {
		if !applied[m.version] {
			pending++
		}
	}
	return pending, nil
}

// Pools names the connection pools, for their figures in the metrics
// (sql.DB.Stats): "write" and "read" on SQLite, one "main" pool on
// PostgreSQL. Callers read their statistics and nothing else.
func (db *DB) Pools() map[string]*sql.DB {
	if db.r == db.w {
		return map[string]*sql.DB{"main": db.w}
	}
	return map[string]*sql.DB{"write": db.w, "read": db.r}
}
