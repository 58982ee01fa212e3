package hardening

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// provisioningIterations is the PBKDF2 work factor of the secrets the
// tests provision: low, to keep provisioning fast (the server checks a
// secret with the count stored in its hash; unknown client ids are still
// checked against a hash of the full work factor).
const provisioningIterations = 1000

func TestMain(m *testing.M) {
	auth.PBKDF2Iterations = provisioningIterations
	os.Exit(m.Run())
}

// longMode runs the load tests for the durations the acceptance criteria
// name, rather than the few seconds that make their claims in CI.
var longMode = os.Getenv("INCIDENTD_HARDENING_LONG") != ""

// backend names a fresh database of one kind.
type backend struct {
	name string
	// database returns the URL of a fresh database in dir.
	database func(t *testing.T, dir string) string
}

var backends = []backend{
	{"sqlite", func(t *testing.T, dir string) string { return "sqlite:" + filepath.Join(dir, "incidentd.db") }},
	{"postgres", func(t *testing.T, _ string) string { return pgtest.Database(t) }},
}

// eachBackend runs test as a subtest per backend; PostgreSQL is skipped
// when INCIDENTD_TEST_POSTGRES is unset.
func eachBackend(t *testing.T, test func(t *testing.T, database string)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { test(t, b.database(t, t.TempDir())) })
	}
}

// caller is an OAuth client with its API key, and its token once logged in.
type caller struct {
	customerID       string
	clientID, secret string
	key              string
	token            string
}

// tenants are the customers of a prepared database: for each, a client
// with b2b:incident and one with b2b:incident:readonly; and an operator.
type tenants struct {
	writer, reader map[string]caller
	operator       caller
}

// prepare migrates the database, loads the plans' generated incidents and
// provisions the callers, before any server runs on it.
func prepare(t *testing.T, database string, plans ...seed.CustomerPlan) tenants {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, database, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	if _, err := seed.Run(ctx, db, seed.Options{Plans: plans, Seed: 7, From: now.AddDate(0, -6, 0), To: now.AddDate(0, 0, -1)}); err != nil {
		t.Fatal(err)
	}
	ts := tenants{writer: map[string]caller{}, reader: map[string]caller{}}
	for _, p := range plans {
		ts.writer[p.ID] = provision(t, db, auth.CustomerOwner(p.ID), auth.ScopeIncident)
		ts.reader[p.ID] = provision(t, db, auth.CustomerOwner(p.ID), auth.ScopeReadOnly)
	}
	ts.operator = provision(t, db, auth.OperatorOwner(), auth.ScopeOperator)
	return ts
}

// provision creates a client of the owner with the scope, and an API key.
func provision(t *testing.T, db *sqlstore.DB, owner auth.Owner, scope string) caller {
	t.Helper()
	ctx := context.Background()
	admin := auth.NewAdmin(db, auth.Options{})
	client, secret, err := admin.CreateClient(ctx, owner, "client of "+owner.String(), []string{scope})
	if err != nil {
		t.Fatal(err)
	}
	_, key, err := admin.CreateAPIKey(ctx, owner, 0)
	if err != nil {
		t.Fatal(err)
	}
	return caller{customerID: owner.CustomerID, clientID: client.ID, secret: secret, key: key}
}

// site is a server running on a prepared database, with a client of it.
type site struct {
	database string
	tenants
	srv *server
	c   *client
}

// serveSQLite prepares a SQLite database in a temporary directory with the
// plans' customers and starts a server on it with the flags args.
func serveSQLite(t *testing.T, args []string, plans ...seed.CustomerPlan) site {
	t.Helper()
	s := site{database: "sqlite:" + filepath.Join(t.TempDir(), "incidentd.db")}
	s.tenants = prepare(t, s.database, plans...)
	s.srv = startServer(t, s.database, args...)
	s.c = newClient(t, s.srv)
	return s
}
