// Package teststore opens real, migrated stores for tests: SQLite in the
// test's temporary directory, PostgreSQL in a database of its own.
package teststore

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/sqlstore"
)

// Open opens and migrates the store at url; it is closed when the test ends.
func Open(t testing.TB, url string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, url, sqlstore.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// SQLiteURL is the URL of a fresh SQLite file in the test's directory.
func SQLiteURL(t testing.TB) string {
	return "sqlite:" + filepath.Join(t.TempDir(), "incidentd.db")
}

// Each runs test on a fresh SQLite store, then on a fresh PostgreSQL
// database when pgtest.EnvDSN names a server (skipped otherwise).
func Each(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { test(t, Open(t, SQLiteURL(t))) })
	t.Run("postgres", func(t *testing.T) { test(t, Open(t, pgtest.Database(t))) })
}
