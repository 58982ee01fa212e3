package sqlstore_test

import (
	"testing"

	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/storetest"
)

// openSQLite opens a fresh, migrated database file in the test's directory.
func openSQLite(t *testing.T) *sqlstore.DB {
	return teststore.Open(t, teststore.SQLiteURL(t))
}

func TestSQLiteContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openSQLite(t) })
}
