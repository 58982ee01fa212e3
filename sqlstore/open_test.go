package sqlstore

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

func TestOpenSQLitePragmas(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "p.db"), Options{MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if db.Dialect() != "sqlite" {
		t.Errorf("dialect %q", db.Dialect())
	}
	for _, c := range []struct{ pool, name, want string }{
		{"writer", "journal_mode", "wal"},
		{"writer", "synchronous", "2"}, // FULL
		{"writer", "foreign_keys", "1"},
		{"writer", "busy_timeout", "10000"},
		{"writer", "query_only", "0"},
		{"reader", "journal_mode", "wal"},
		{"reader", "foreign_keys", "1"},
		{"reader", "query_only", "1"},
	} {
		pool := db.w
		if c.pool == "reader" {
			pool = db.r
		}
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+c.name).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if !strings.EqualFold(got, c.want) {
			t.Errorf("%s: PRAGMA %s = %s, want %s", c.pool, c.name, got, c.want)
		}
	}
	if _, err := db.r.ExecContext(ctx, "CREATE TABLE t (x INTEGER)"); err == nil {
		t.Errorf("the reader pool can write")
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	for _, url := range []string{"", "mysql://x", "sqlite:", "sqlite:a.db?mode=ro", "postgres://user:secret@127.0.0.1:1/x?connect_timeout=1"} {
		db, err := Open(ctx, url, Options{})
		if err == nil {
			db.Close()
			t.Errorf("Open(%q) succeeded", url)
			continue
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) error shows the password: %v", url, err)
		}
	}
}

func TestMigrateTwiceAndNewer(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "m.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for range 2 {
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
	}
	all, err := migrations("sqlite")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.w.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&n); err != nil || n != len(all) {
		t.Errorf("%d migrations recorded (%v), want %d", n, err, len(all))
	}
	if _, err := db.w.Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, 'future', 0)"); err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(ctx); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Errorf("migrating a newer database: %v, want a refusal", err)
	}
}

func TestMemoryDatabase(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite::memory:", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ListCustomers(ctx); err != nil {
		t.Errorf("reading a migrated in-memory database: %v", err)
	}
}

// TestOpenSQLiteCacheSize checks the page cache of every connection: the
// default, and the size Options give.
func TestOpenSQLiteCacheSize(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		mib  int
		want int
	}{{0, -DefaultSQLiteCacheMiB * 1024}, {64, -65536}} {
		db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "c.db"), Options{SQLiteCacheMiB: c.mib})
		if err != nil {
			t.Fatal(err)
		}
		for name, pool := range map[string]*sql.DB{"writer": db.w, "reader": db.r} {
			var got int
			if err := pool.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("SQLiteCacheMiB %d, %s: cache_size %d, want %d", c.mib, name, got, c.want)
			}
		}
		db.Close()
	}
}

// A migration numbered below one already applied (merged in another order)
// is applied when the database lacks it.
func TestMigrateFillsAGap(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "m.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// As if 0005 had come after the later ones: its table and its row gone.
	for _, q := range []string{"DROP TABLE incident_counts", "DELETE FROM schema_migrations WHERE version = 5"} {
		if _, err := db.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := db.PendingMigrations(ctx); err != nil || n != 1 {
		t.Fatalf("pending %d (%v), want 1", n, err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var rows int
	if err := db.r.QueryRow("SELECT count(*) FROM incident_counts").Scan(&rows); err != nil {
		t.Errorf("the gap's migration did not run: %v", err)
	}
	if n, err := db.PendingMigrations(ctx); err != nil || n != 0 {
		t.Errorf("pending %d (%v) after migrating", n, err)
	}
}
