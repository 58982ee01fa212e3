package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/storetest"
)

// openSQLite opens a fresh, migrated database file in the test's directory.
func openSQLite(t *testing.T) *sqlstore.DB {
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

func TestSQLiteContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openSQLite(t) })
}
