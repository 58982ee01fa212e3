package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"modernc.org/sqlite/vtab"
)

// SQLite imports rows through a virtual table instead of bound parameters:
// INSERT INTO t (…) SELECT * FROM temp.feed, where each row of the feed is
// read straight from Go values as SQLite asks for its columns. Binding
// costs, per value, a trip through database/sql and the driver and a lock
// of the connection; reading a column of a virtual table costs neither.
// It takes about a third off the cost of inserting a row (measured without
// indexes), which bounds a bulk import once its indexes are built
// afterwards (bulk_indexes.go; docs/performance.md).

// feedModule is the name of the virtual table module.
const feedModule = "incidentd_feed"

func init() {
	// Modules reach the connections opened after their registration: every
	// connection of the store.
	if err := vtab.RegisterModule(nil, feedModule, rowFeedModule{}); err != nil {
		panic(fmt.Sprintf("registering the %s virtual table module: %v", feedModule, err))
	}
}

// rowFeed is the content of one feed table: n rows of width columns, row i
// filled into dst by row.
type rowFeed struct {
	n, width int
	row      func(i int, dst []any)
}

var (
	// feeds maps the token a feed table was created with to its rows.
	feeds      sync.Map
	feedTokens atomic.Uint64
)

// feedInsert inserts the n rows of row into table through a feed table
// created for the call in the temporary schema of tx's connection.
func feedInsert(ctx context.Context, tx *sql.Tx, table string, columns []string, n int, row func(int, []any)) error {
	token := strconv.FormatUint(feedTokens.Add(1), 10)
	feeds.Store(token, &rowFeed{n: n, width: len(columns), row: row})
	defer feeds.Delete(token)
	name := "temp." + feedModule + "_" + token
	if _, err := tx.ExecContext(ctx, "CREATE VIRTUAL TABLE "+name+" USING "+feedModule+"("+token+")"); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO "+table+" ("+strings.Join(columns, ", ")+") SELECT * FROM "+name)
	// The feed table goes with the transaction if it rolls back; dropping
	// it otherwise keeps the connection's temporary schema clean.
	if _, dropErr := tx.ExecContext(ctx, "DROP TABLE "+name); err == nil {
		err = dropErr
	}
	return err
}

type rowFeedModule struct{}

// Create is called with the arguments module, schema, table, token.
func (rowFeedModule) Create(ctx vtab.Context, args []string) (vtab.Table, error) {
	if len(args) != 4 {
		return nil, errors.New(feedModule + ": want one argument, the feed token")
	}
	f, ok := feeds.Load(args[3])
	if !ok {
		return nil, fmt.Errorf("%s: no feed %s", feedModule, args[3])
	}
	feed := f.(*rowFeed)
	columns := make([]string, feed.width)
	for i := range columns {
		columns[i] = "c" + strconv.Itoa(i)
	}
	if err := ctx.Declare("CREATE TABLE x (" + strings.Join(columns, ", ") + ")"); err != nil {
		return nil, err
	}
	return &rowFeedTable{feed: feed}, nil
}

// Connect reattaches a feed table when SQLite reloads the connection's
// temporary schema: the feed is that of the same token.
func (m rowFeedModule) Connect(ctx vtab.Context, args []string) (vtab.Table, error) {
	return m.Create(ctx, args)
}

type rowFeedTable struct{ feed *rowFeed }

func (*rowFeedTable) BestIndex(*vtab.IndexInfo) error { return nil } // always a full scan
func (t *rowFeedTable) Open() (vtab.Cursor, error) {
	return &rowFeedCursor{feed: t.feed, values: make([]any, t.feed.width)}, nil
}
func (*rowFeedTable) Disconnect() error { return nil }
func (*rowFeedTable) Destroy() error    { return nil }

// rowFeedCursor reads the feed's rows in order; values holds row i.
type rowFeedCursor struct {
	feed   *rowFeed
	i      int
	values []any
}

func (c *rowFeedCursor) Filter(int, string, []vtab.Value) error {
	c.i = -1
	return c.Next()
}

func (c *rowFeedCursor) Next() error {
	c.i++
	if c.i < c.feed.n {
		c.feed.row(c.i, c.values)
	}
	return nil
}

func (c *rowFeedCursor) Eof() bool                          { return c.i >= c.feed.n }
func (c *rowFeedCursor) Column(col int) (vtab.Value, error) { return c.values[col], nil }
func (c *rowFeedCursor) Rowid() (int64, error)              { return int64(c.i), nil }
func (*rowFeedCursor) Close() error                         { return nil }
