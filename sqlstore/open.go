package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	neturl "net/url"
	"os"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

const (
	defaultSQLiteReaders   = 4
	defaultPostgresMaxOpen = 20
)

// openURL builds the pools for a storage URL without connecting yet.
func openURL(dsn string, opt Options) (*DB, error) {
	switch {
	case strings.HasPrefix(dsn, "sqlite:"):
		return openSQLite(strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//"), opt)
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(dsn, opt)
	default:
		return nil, fmt.Errorf("storage URL %q: want sqlite:PATH or postgres://…", redact(dsn))
	}
}

// openSQLite opens one writer connection, whose transactions all start
// with BEGIN IMMEDIATE so writers queue in Go instead of failing with
// SQLITE_BUSY, and a pool of read-only connections, which WAL lets read
// concurrently with the writer. synchronous=FULL makes every commit durable
// before it is acknowledged.
func openSQLite(path string, opt Options) (*DB, error) {
	if path == "" || strings.ContainsAny(path, "?#") {
		return nil, fmt.Errorf("sqlite storage path %q: want a file name without '?' or '#'", path)
	}
	// Each connection has a page cache of its own (opt.SQLiteCacheMiB);
	// statement journals stay in memory.
	common := fmt.Sprintf("_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_pragma=cache_size(-%d)&_pragma=temp_store(MEMORY)",
		opt.sqliteCacheMiB()*1024)
	if path == ":memory:" {
		// Each connection to :memory: is its own database: use exactly one.
		pool, err := openSQLitePool(path+"?"+common+"&_txlock=immediate", opt)
		if err != nil {
			return nil, err
		}
		pool.SetMaxOpenConns(1)
		pool.SetConnMaxLifetime(0)
		pool.SetConnMaxIdleTime(0)
		return &DB{d: sqliteDialect{}, w: pool, r: pool, streamSlots: streamSlotsFor(1)}, nil
	}
	if err := createPrivate(path); err != nil {
		return nil, err
	}
	w, err := openSQLitePool(path+"?"+common+"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_txlock=immediate", opt)
	if err != nil {
		return nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	if opt.ConnMaxLifetime > 0 {
		w.SetConnMaxLifetime(opt.ConnMaxLifetime)
	}
	r, err := openSQLitePool(path+"?"+common+"&_pragma=query_only(1)", opt)
	if err != nil {
		w.Close()
		return nil, err
	}
	r.SetMaxOpenConns(defaultSQLiteReaders)
	r.SetMaxIdleConns(defaultSQLiteReaders)
	applyOptions(r, opt)
	return &DB{d: sqliteDialect{}, w: w, r: r, path: path, streamSlots: streamSlotsFor(r.Stats().MaxOpenConnections)}, nil
}

// openSQLitePool is a pool of connections to dsn that keep their prepared
// statements (stmtcache.go).
func openSQLitePool(dsn string, opt Options) (*sql.DB, error) {
	base, err := sqlite.NewConnector(dsn)
	if err != nil {
		return nil, err
	}
	return sql.OpenDB(&cachingConnector{base: base, capacity: opt.statementCache()}), nil
}

// createPrivate creates the database file, readable by its owner only
// (0600), when it does not exist: SQLite would create it 0644, and its
// journal files take the database file's mode. An existing file keeps the
// mode its owner gave it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite storage: %w", err)
	}
	return f.Close()
}

func openPostgres(dsn string, opt Options) (*DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres storage URL %q: %w", redact(dsn), err)
	}
	boundStatementCache(cfg, dsn, opt.statementCache())
	pool := stdlib.OpenDB(*cfg)
	pool.SetMaxOpenConns(defaultPostgresMaxOpen)
	pool.SetMaxIdleConns(defaultPostgresMaxOpen)
	applyOptions(pool, opt)
	return &DB{d: postgresDialect{}, w: pool, r: pool, streamSlots: streamSlotsFor(pool.Stats().MaxOpenConnections)}, nil
}

// boundStatementCache gives pgx's cache of prepared statements, one per
// connection, the store's bound (none kept when it is 0), unless the URL
// sets statement_cache_capacity or default_query_exec_mode itself.
func boundStatementCache(cfg *pgx.ConnConfig, dsn string, capacity int) {
	if u, err := neturl.Parse(dsn); err == nil {
		q := u.Query()
		if q.Has("statement_cache_capacity") || q.Has("default_query_exec_mode") {
			return
		}
	}
	cfg.StatementCacheCapacity = capacity
	if capacity == 0 {
		cfg.DefaultQueryExecMode = pgx.QueryExecModeDescribeExec
	}
}

// redact hides a password in a URL before it reaches an error message.
func redact(dsn string) string {
	u, err := neturl.Parse(dsn)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}
