package seed

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/sqlstore"
)

// openStore opens a fresh, migrated SQLite store in a temporary directory.
func openStore(t testing.TB) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "incidentd.db"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
