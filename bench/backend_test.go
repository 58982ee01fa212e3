package bench

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for creating and dropping databases
)

// The benchmarks run on SQLite unless benchPostgresEnv names a PostgreSQL
// server (postgres://user@host:port/db?sslmode=disable): the data set then
// lives in the database benchPostgresDatabase of that server, created on
// first use and kept for later runs. Drop it to rebuild it or to free its
// space:
//
//	DROP DATABASE incidentd_bench;
const (
	benchPostgresEnv      = "INCIDENTD_BENCH_POSTGRES"
	benchPostgresDatabase = "incidentd_bench"
	// seedPostgresDatabase is BenchmarkSeed's scratch database, created
	// afresh for each operation and dropped at the end.
	seedPostgresDatabase = "incidentd_bench_seed"
)

// benchDBEnv names an SQLite file to build the data set into once and
// reuse afterwards; it is ignored when benchPostgresEnv is set.
const benchDBEnv = "INCIDENTD_BENCH_DB"

// backendName is the database the benchmarks of this run measure.
func backendName() string {
	if os.Getenv(benchPostgresEnv) != "" {
		return "postgres"
	}
	return "sqlite"
}

// printBackend writes the backend as a configuration line of the
// benchmark output ("backend: postgres"), which benchstat reads as a key
// of the results that follow. Nothing is printed without -bench.
func printBackend() {
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		fmt.Printf("backend: %s\n", backendName())
	}
}

// dataSetDB is the database holding the benchmark data set.
type dataSetDB struct {
	url     string // storage URL, as sqlstore.Open takes it
	name    string // for messages, without any password
	removal string // how to remove it, for messages
}

// dataSetDatabase returns the data set's database, creating the
// PostgreSQL database when it is missing. Without INCIDENTD_BENCH_DB, the
// SQLite file lives in a temporary directory removed at the end of the run.
func dataSetDatabase(ctx context.Context) (dataSetDB, error) {
	if server := os.Getenv(benchPostgresEnv); server != "" {
		dsn, err := createPostgresDatabase(ctx, server, benchPostgresDatabase)
		if err != nil {
			return dataSetDB{}, err
		}
		return dataSetDB{url: dsn, name: "PostgreSQL database " + benchPostgresDatabase,
			removal: "drop it with DROP DATABASE " + benchPostgresDatabase}, nil
	}
	path := os.Getenv(benchDBEnv)
	if path == "" {
		dir, err := os.MkdirTemp("", "incidentd-bench-")
		if err != nil {
			return dataSetDB{}, err
		}
		cleanups = append(cleanups, func() { os.RemoveAll(dir) })
		path = filepath.Join(dir, "bench.db")
	}
	return dataSetDB{url: "sqlite:" + path, name: path, removal: "remove it"}, nil
}

// createPostgresDatabase creates the named database on the server of dsn
// unless it exists, and returns a DSN pointing at it.
func createPostgresDatabase(ctx context.Context, dsn, name string) (string, error) {
	return withPostgresServer(ctx, dsn, name, func(admin *sql.DB) error {
		var exists bool
		err := admin.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists)
		if err != nil || exists {
			return err
		}
		_, err = admin.ExecContext(ctx, "CREATE DATABASE "+name)
		return err
	})
}

// dropPostgresDatabase drops the named database of the server of dsn,
// closing the connections left to it.
func dropPostgresDatabase(ctx context.Context, dsn, name string) error {
	_, err := withPostgresServer(ctx, dsn, name, func(admin *sql.DB) error {
		_, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		return err
	})
	return err
}

// withPostgresServer runs do on a connection to the database of dsn and
// returns dsn rewritten to name another database of the same server.
func withPostgresServer(ctx context.Context, dsn, name string, do func(admin *sql.DB) error) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("%s: want a PostgreSQL server URL such as postgres://root@127.0.0.1:5432/test?sslmode=disable", benchPostgresEnv)
	}
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	if err := do(admin); err != nil {
		return "", fmt.Errorf("database %s on %s: %w", name, u.Redacted(), err)
	}
	u.Path = "/" + name
	return u.String(), nil
}
