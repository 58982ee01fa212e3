package seed

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/sqlstore"
)

// eachBackend runs test on a fresh SQLite store, and on a fresh PostgreSQL
// database when INCIDENTD_TEST_POSTGRES names a server.
func eachBackend(t *testing.T, test func(t *testing.T, db *sqlstore.DB)) {
	t.Run("sqlite", func(t *testing.T) { test(t, openSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { test(t, openStore(t, pgtest.Database(t))) })
}

// openSQLite opens a fresh, migrated SQLite store in a temporary directory.
func openSQLite(t testing.TB) *sqlstore.DB {
	t.Helper()
	return openStore(t, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"))
}

func openStore(t testing.TB, url string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, url, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
