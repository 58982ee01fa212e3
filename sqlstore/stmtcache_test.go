package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/incidentd/incidentd/internal/pgtest"
)

// openOneConn opens a store whose reads go through a single connection,
// with a statement cache bounded to capacity, and returns that connection.
func openOneConn(t *testing.T, url string, capacity int) *sql.Conn {
	t.Helper()
	ctx := context.Background()
	db, err := Open(ctx, url, Options{MaxOpenConns: 1, StatementCache: capacity})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	conn, err := db.r.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// sqliteCache reads the figures of the SQLite connection's cache.
func sqliteCache(t *testing.T, conn *sql.Conn) (held, prepared int) {
	t.Helper()
	err := conn.Raw(func(dc any) error {
		c, ok := dc.(*cachingConn)
		if !ok {
			return fmt.Errorf("the connection is a %T, not a caching one", dc)
		}
		held, prepared = c.cached()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return held, prepared
}

// distinctQuery is the i-th of as many statements as wanted, each of its
// own text.
func distinctQuery(i int) string { return fmt.Sprintf("SELECT %d + ?", i) }

func runQuery(t *testing.T, conn *sql.Conn, d dialect, i int) {
	t.Helper()
	var got int
	if err := conn.QueryRowContext(context.Background(), d.rebind(distinctQuery(i)), 1).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if got != i+1 {
		t.Fatalf("%s with 1 = %d", distinctQuery(i), got)
	}
}

func TestStatementCacheBoundedSQLite(t *testing.T) {
	const capacity = 4
	conn := openOneConn(t, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), capacity)
	for i := range 3 * capacity {
		runQuery(t, conn, sqliteDialect{}, i)
		if held, _ := sqliteCache(t, conn); held > capacity {
			t.Fatalf("after %d statements the cache holds %d, more than its bound %d", i+1, held, capacity)
		}
	}
	held, before := sqliteCache(t, conn)
	if held != capacity {
		t.Errorf("the cache holds %d statements, want it full (%d)", held, capacity)
	}
	// The most recent statements are reused, not prepared again.
	for range 10 {
		runQuery(t, conn, sqliteDialect{}, 3*capacity-1)
	}
	if _, after := sqliteCache(t, conn); after != before {
		t.Errorf("running a cached statement again prepared %d statements", after-before)
	}
	// The oldest one was evicted: running it prepares it again.
	runQuery(t, conn, sqliteDialect{}, 0)
	if _, after := sqliteCache(t, conn); after != before+1 {
		t.Errorf("an evicted statement: %d statements prepared, want 1", after-before)
	}
}

// TestStatementCacheNestedSQLite runs a statement while the rows of the
// same statement are still open on the connection: the cached statement
// is busy, the second run must not reset it under the first.
func TestStatementCacheNestedSQLite(t *testing.T) {
	ctx := context.Background()
	conn := openOneConn(t, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), 4)
	const query = "SELECT value FROM json_each(?)"
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	outer, err := tx.QueryContext(ctx, query, "[1, 2, 3]")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for outer.Next() {
		var v int
		if err := outer.Scan(&v); err != nil {
			t.Fatal(err)
		}
		inner, err := tx.QueryContext(ctx, query, "[10, 20]")
		if err != nil {
			t.Fatal(err)
		}
		sum := 0
		for inner.Next() {
			var w int
			if err := inner.Scan(&w); err != nil {
				t.Fatal(err)
			}
			sum += w
		}
		if err := inner.Close(); err != nil {
			t.Fatal(err)
		}
		got = append(got, v*100+sum)
	}
	if err := outer.Err(); err != nil {
		t.Fatal(err)
	}
	outer.Close()
	if fmt.Sprint(got) != "[130 230 330]" {
		t.Errorf("nested runs of one statement read %v, want [130 230 330]", got)
	}
}

// TestStatementCacheBoundedPostgres reads the prepared statements of the
// PostgreSQL session itself (pg_prepared_statements), with a query that
// prepares none, while more distinct statements than the bound run on it.
func TestStatementCacheBoundedPostgres(t *testing.T) {
	const capacity = 4
	conn := openOneConn(t, pgtest.Database(t), capacity)
	for i := range 3 * capacity {
		runQuery(t, conn, postgresDialect{}, i)
		if names := sessionStatements(t, conn); len(names) > capacity {
			t.Fatalf("after %d statements the session holds %d prepared, more than the bound %d: %v", i+1, len(names), capacity, names)
		}
	}
	// Statements are reused: running the last one again prepares nothing.
	before := sessionStatements(t, conn)
	if len(before) != capacity {
		t.Errorf("the session holds %d prepared statements, want the cache full (%d): %v", len(before), capacity, before)
	}
	for range 10 {
		runQuery(t, conn, postgresDialect{}, 3*capacity-1)
	}
	if after := sessionStatements(t, conn); !slices.Equal(after, before) {
		t.Errorf("running a cached statement again changed the prepared statements: %v, then %v", before, after)
	}
}

// sessionStatements lists the statements prepared in the connection's
// session, read through the simple protocol, which prepares nothing.
func sessionStatements(t *testing.T, conn *sql.Conn) []string {
	t.Helper()
	var names []string
	err := conn.Raw(func(dc any) error {
		rows, err := dc.(*stdlib.Conn).Conn().Query(context.Background(),
			"SELECT name FROM pg_prepared_statements ORDER BY name", pgx.QueryExecModeSimpleProtocol)
		if err != nil {
			return err
		}
		names, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
