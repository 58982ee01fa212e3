package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/storetest"
)

// PostgreSQL tests run in a database of their own, created from the DSN in
// INCIDENTD_TEST_POSTGRES for this run of the package and dropped at its
// end (TestMain); each store gets a fresh schema in it.
const postgresEnv = "INCIDENTD_TEST_POSTGRES"

var pg struct {
	once    sync.Once
	admin   *sql.DB // connected to the DSN's own database
	dsn     string  // the DSN pointing at the run's database
	name    string
	err     error
	schemas atomic.Int64
}

// postgresDSN returns the DSN of the run's database, creating it on first
// use, or skips the test when no server was given.
func postgresDSN(t *testing.T) string {
	t.Helper()
	if os.Getenv(postgresEnv) == "" {
		t.Skipf("PostgreSQL tests skipped: set %s, e.g. postgres://root@127.0.0.1:5432/test?sslmode=disable", postgresEnv)
	}
	dsn, err := postgresRunDSN()
	if err != nil {
		t.Fatalf("PostgreSQL test database: %v", err)
	}
	return dsn
}

// postgresRunDSN creates the run's database on first use.
func postgresRunDSN() (string, error) {
	base := os.Getenv(postgresEnv)
	pg.once.Do(func() {
		pg.admin, pg.err = sql.Open("pgx", base)
		if pg.err != nil {
			return
		}
		pg.name = fmt.Sprintf("incidentd_test_%d_%d", os.Getpid(), time.Now().UnixNano())
		if _, pg.err = pg.admin.Exec("CREATE DATABASE " + pg.name); pg.err != nil {
			return
		}
		u, err := url.Parse(base)
		if err != nil {
			pg.err = err
			return
		}
		u.Path = "/" + pg.name
		pg.dsn = u.String()
	})
	return pg.dsn, pg.err
}

func dropPostgresDatabase() {
	if pg.admin == nil {
		return
	}
	if pg.name != "" {
		if _, err := pg.admin.Exec("DROP DATABASE IF EXISTS " + pg.name + " WITH (FORCE)"); err != nil {
			fmt.Fprintf(os.Stderr, "drop test database %s: %v\n", pg.name, err)
		}
	}
	pg.admin.Close()
}

// openPostgres opens a fresh, migrated store in a new schema.
func openPostgres(t *testing.T) *sqlstore.DB {
	t.Helper()
	db := openPostgresSchema(t, newPostgresSchema(t))
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// newPostgresSchema creates an empty schema in the run's database and
// returns the DSN whose search path is that schema.
func newPostgresSchema(t *testing.T) string {
	t.Helper()
	dsn := postgresDSN(t)
	schema := fmt.Sprintf("s%d", pg.schemas.Add(1))
	setup, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer setup.Close()
	if _, err := setup.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(dsn)
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func openPostgresSchema(t *testing.T, dsn string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{MaxOpenConns: 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestPostgresConcurrentMigrate starts several servers' migrations on one
// empty database at once: each migration is applied once, none fails.
func TestPostgresConcurrentMigrate(t *testing.T) {
	dsn := newPostgresSchema(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		db := openPostgresSchema(t, dsn)
		wg.Go(func() { errs <- db.Migrate(context.Background()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("concurrent migration: %v", err)
		}
	}
	check, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer check.Close()
	files, err := os.ReadDir("migrations/postgres")
	if err != nil {
		t.Fatal(err)
	}
	var applied int
	if err := check.QueryRow("SELECT count(*) FROM schema_migrations").Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if applied != len(files) {
		t.Errorf("%d migrations recorded, want %d", applied, len(files))
	}
}

func TestPostgresContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openPostgres(t) })
}
