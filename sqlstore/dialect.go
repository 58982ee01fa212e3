package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// dialect holds every piece of SQL that differs between SQLite and
// PostgreSQL. Queries elsewhere are written once, with ? placeholders.
type dialect interface {
	name() string
	// rebind rewrites the ? placeholders for the driver.
	rebind(query string) string
	// forUpdate is appended to the query that reads the incident an update
	// is about to change, to lock it against concurrent updates.
	forUpdate() string
	// forShare is appended to a query reading a row that must not change
	// before the transaction commits.
	forShare() string
	// contains is a case-insensitive substring test of expr against
	// pattern, a LIKE pattern already lower-cased and escaped with \.
	contains(expr string, pattern string) string
	// bulkInsert inserts n rows into table inside tx (opened on conn); row
	// fills dst with the values of row i in the order of columns.
	bulkInsert(ctx context.Context, conn *sql.Conn, tx *sql.Tx, table string, columns []string, n int, row func(i int, dst []any)) error
	// lockMigrations keeps other servers from migrating until unlock.
	lockMigrations(ctx context.Context, conn *sql.Conn) (unlock func(), err error)
	// analyze refreshes the planner's statistics of every table, after a
	// migration (a new index has none).
	analyze(ctx context.Context, db querier) error
	// afterImport refreshes the planner's statistics after a bulk import
	// of imported incidents into a table that held about before.
	afterImport(ctx context.Context, db *sql.DB, imported, before int64) error
	// dateBucket is the label of the UTC day ("2026-11-26"), ISO week
	// ("2026-W48") or month ("2026-11") of a time stored in microseconds.
	dateBucket(micros string, bucket string) string
	// insertEvents numbers and inserts n events in one statement, their
	// values given in the order of eventColumns but seq, each row led by
	// its rank (1..n) when ranked: SQLite after the last seq (the rowid
	// SQLite gives a row without one; its single writer makes that commit
	// order), PostgreSQL from the event counter row, locked until the
	// commit.
	insertEvents(n int) (query string, ranked bool)
	// lastEvent reads the seq of the last event committed.
	lastEvent() string
}

// --- SQLite ---

type sqliteDialect struct{}

// unicodeLower folds case beyond ASCII, which SQLite's lower() and LIKE do
// not, so that "contains" behaves as on PostgreSQL.
const unicodeLower = "incidentd_lower"

func init() {
	sqlite.MustRegisterDeterministicScalarFunction(unicodeLower, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return strings.ToLower(v), nil
			case []byte:
				return strings.ToLower(string(v)), nil
			default:
				return v, nil
			}
		})
}

func (sqliteDialect) name() string               { return "sqlite" }
func (sqliteDialect) rebind(query string) string { return query }
func (sqliteDialect) forUpdate() string          { return "" } // writers hold the database lock (BEGIN IMMEDIATE)
func (sqliteDialect) forShare() string           { return "" }

func (sqliteDialect) contains(expr, pattern string) string {
	if isASCII(pattern) {
		// SQLite's LIKE ignores ASCII case: no per-row function call.
		return expr + ` LIKE ? ESCAPE '\'`
	}
	return unicodeLower + "(" + expr + `) LIKE ? ESCAPE '\'`
}

// bulkInsert feeds the rows to one INSERT … SELECT through a virtual
// table (bulk_feed.go) rather than binding their values.
func (sqliteDialect) bulkInsert(ctx context.Context, _ *sql.Conn, tx *sql.Tx, table string, columns []string, n int, row func(int, []any)) error {
	return feedInsert(ctx, tx, table, columns, n, row)
}

func (sqliteDialect) lockMigrations(context.Context, *sql.Conn) (func(), error) {
	// Each migration runs in a BEGIN IMMEDIATE transaction that rechecks
	// whether it was applied: that is the lock.
	return func() {}, nil
}

func (sqliteDialect) analyze(ctx context.Context, db querier) error {
	// analysis_limit bounds the rows read per index: about a second on a
	// million incidents.
	_, err := db.ExecContext(ctx, "PRAGMA analysis_limit=1000; ANALYZE")
	return err
}

func (sqliteDialect) afterImport(ctx context.Context, db *sql.DB, _, _ int64) error {
	// optimize analyzes only the tables whose size changed enough since
	// they last were (it costs microseconds otherwise), reading a bounded
	// sample of each index.
	_, err := db.ExecContext(ctx, "PRAGMA analysis_limit=1000; PRAGMA optimize=0x10002")
	return err
}

// dateBucket formats the whole seconds with strftime: integer division
// keeps the bucket exact at the last microsecond of a day.
func (sqliteDialect) dateBucket(micros, bucket string) string {
	format := map[string]string{"day": "%Y-%m-%d", "week": "%G-W%V", "month": "%Y-%m"}[bucket]
	return "strftime('" + format + "', (" + micros + ") / 1000000, 'unixepoch')"
}

func (sqliteDialect) insertEvents(n int) (string, bool) {
	return multiRowInsert("events", eventColumns[1:], n), false
}

func (sqliteDialect) lastEvent() string { return "SELECT COALESCE(MAX(seq), 0) FROM events" }

// --- PostgreSQL ---

type postgresDialect struct{}

func (postgresDialect) name() string      { return "postgres" }
func (postgresDialect) forUpdate() string { return " FOR UPDATE OF i" }
func (postgresDialect) forShare() string  { return " FOR SHARE" }

var rebound sync.Map // query with ? → query with $n

func (postgresDialect) rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	q := b.String()
	rebound.Store(query, q)
	return q
}

func (postgresDialect) contains(expr, _ string) string {
	// Columns are COLLATE "C", whose lower() folds ASCII only; the database
	// default collation folds every letter.
	return "lower(" + expr + ` COLLATE "default") LIKE ? ESCAPE '\'`
}

// bulkInsert uses COPY through the pgx connection under database/sql; the
// COPY runs inside tx, which is open on that same connection.
func (postgresDialect) bulkInsert(ctx context.Context, conn *sql.Conn, _ *sql.Tx, table string, columns []string, n int, row func(int, []any)) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("bulk insert: unexpected driver connection %T", dc)
		}
		src := &copySource{n: n, row: row, values: make([]any, len(columns)), i: -1}
		_, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, src)
		return err
	})
}

// copySource feeds generated rows to COPY without materializing them.
type copySource struct {
	n      int
	i      int
	row    func(int, []any)
	values []any
}

func (s *copySource) Next() bool {
	s.i++
	return s.i < s.n
}

func (s *copySource) Values() ([]any, error) {
	s.row(s.i, s.values)
	return s.values, nil
}

func (s *copySource) Err() error { return nil }

// migrationLockKey is the advisory lock that serializes migrations of one
// database across servers starting together.
const migrationLockKey = 0x696e6369 // "inci"

func (postgresDialect) lockMigrations(ctx context.Context, conn *sql.Conn) (func(), error) {
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrationLockKey); err != nil {
		return nil, err
	}
	return func() {
		// A fresh context: the lock must be released even when ctx ended.
		conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", migrationLockKey)
	}, nil
}

func (postgresDialect) analyze(ctx context.Context, db querier) error {
	_, err := db.ExecContext(ctx, "ANALYZE")
	return err
}

func (postgresDialect) afterImport(ctx context.Context, db *sql.DB, imported, before int64) error {
	// VACUUM sets the visibility map of the new pages at once (autovacuum
	// would in its own time): counts are then answered from the indexes
	// alone. It reads only the pages not yet all-visible. Statistics are
	// refreshed when the table grew by a quarter or more.
	if _, err := db.ExecContext(ctx, "VACUUM incidents"); err != nil {
		return err
	}
	if imported*4 < before {
		return nil
	}
	_, err := db.ExecContext(ctx, "ANALYZE incidents, incident_texts")
	return err
}

// dateBucket formats the whole seconds in UTC whatever the session's time
// zone; integer division keeps the bucket exact, where a float would round
// the last microsecond of a day into the next.
func (postgresDialect) dateBucket(micros, bucket string) string {
	format := map[string]string{"day": "YYYY-MM-DD", "week": `IYYY-"W"IW`, "month": "YYYY-MM"}[bucket]
	return "to_char(to_timestamp((" + micros + ") / 1000000) AT TIME ZONE 'UTC', '" + format + "')"
}

// --- shared helpers ---

// multiRowInsert is INSERT INTO table (columns) VALUES (?, …), … for rows rows.
func multiRowInsert(table string, columns []string, rows int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ") + ")"
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(columns, ", ") + ") VALUES ")
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(one)
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func (postgresDialect) insertEvents(n int) (string, bool) {
	return "WITH c AS (UPDATE event_counter SET value = value + " + strconv.Itoa(n) + " WHERE id = 1 RETURNING value)" +
		" INSERT INTO events (" + strings.Join(eventColumns, ", ") + ") SELECT c.value - " + strconv.Itoa(n) + " + v.ord," +
		" v.event_id, v.event_type, v.at, v.customer_id, v.incident_id, v.correlation_id, v.internal, v.body" +
		" FROM c, (" + valuesRows(n, eventValueCasts()) + ") AS v (ord, " + strings.Join(eventColumns[1:], ", ") + ")", true
}

func (postgresDialect) lastEvent() string { return "SELECT value FROM event_counter WHERE id = 1" }

// postgresEventTypes are the types of the event values, which a VALUES
// list in a FROM clause cannot infer from the columns they go to.
var postgresEventTypes = []string{"bigint", "text", "text", "bigint", "text", "text", "text", "boolean", "text"}

// eventValueCasts is one row of placeholders for an event's values (its
// rank, then eventColumns but seq), cast to their types.
func eventValueCasts() string {
	p := make([]string, len(postgresEventTypes))
	for i, t := range postgresEventTypes {
		p[i] = "?::" + t
	}
	return "(" + strings.Join(p, ", ") + ")"
}

// valuesRows is a VALUES list of n copies of row.
func valuesRows(n int, row string) string {
	return "VALUES " + strings.TrimSuffix(strings.Repeat(row+", ", n), ", ")
}
