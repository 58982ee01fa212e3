package sqlstore

import (
	"container/list"
	"context"
	"database/sql/driver"
	"strings"
	"sync"
)

// SQLite parses and plans a statement in sqlite3_prepare_v2, which the
// driver calls for every query run without a prepared statement: for a read
// by id that was 40 % of the server's CPU time. Each SQLite connection of
// the store keeps instead the statements it prepared, by SQL text, in a
// cache of its own bounded to a number of statements, least recently used
// out first (and finalized). database/sql hands a connection to one
// goroutine at a time, so a connection's cache needs no more than a mutex
// that is never contended; the store's SQL carries its values as
// parameters, so a statement's text repeats across requests.
//
// PostgreSQL needs none of this: pgx prepares each statement once per
// connection and keeps it in a cache of the same kind (openPostgres sets
// its bound).

// defaultStatementCache is the bound of each connection's cache: more than
// the distinct statements of the requests of a busy server (a listing's
// statements differ by the filters present, not by their values), a few
// hundred KiB per connection.
const defaultStatementCache = 64

// cachingConnector opens connections of base that keep their statements.
type cachingConnector struct {
	base     driver.Connector
	capacity int
}

func (c *cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.base.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return newCachingConn(conn, c.capacity), nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.base.Driver() }

// driverConn is what the SQLite driver's connections implement and
// database/sql uses.
type driverConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

// cachingConn is a connection with its statement cache.
type cachingConn struct {
	driverConn
	capacity int

	mu      sync.Mutex
	lru     *list.List // of *cachedStmt, most recently used first
	byQuery map[string]*list.Element
	// prepared counts the statements the cache prepared: tests read it.
	prepared int
}

// cachedStmt is a prepared statement of the cache. busy is set while a
// query on it has open rows: the statement is then not used again before
// they close (a second query would reset it under the first one's rows).
type cachedStmt struct {
	query string
	stmt  driver.Stmt
	busy  bool
}

var (
	_ driverConn       = (*cachingConn)(nil)
	_ driver.Connector = (*cachingConnector)(nil)
)

func newCachingConn(conn driver.Conn, capacity int) driver.Conn {
	dc, ok := conn.(driverConn)
	if !ok || capacity <= 0 {
		return conn
	}
	return &cachingConn{driverConn: dc, capacity: capacity, lru: list.New(), byQuery: map[string]*list.Element{}}
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.driverConn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.release(s)
		return nil, err
	}
	return &cachedRows{Rows: rows, conn: c, stmt: s}, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.acquire(ctx, query)
	if err != nil {
		return nil, err
	}
	if s == nil {
		return c.driverConn.ExecContext(ctx, query, args)
	}
	defer c.release(s)
	return s.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

// acquire returns the cached statement of query, prepared now if it was
// not, marked busy; nil when the query is not to be cached or its
// statement is busy (the caller runs it uncached).
func (c *cachingConn) acquire(ctx context.Context, query string) (*cachedStmt, error) {
	if !cacheable(query) {
		return nil, nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byQuery[query]; ok {
		s := el.Value.(*cachedStmt)
		if s.busy {
			return nil, nil
		}
		c.lru.MoveToFront(el)
		s.busy = true
		return s, nil
	}
	stmt, err := c.driverConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.prepared++
	s := &cachedStmt{query: query, stmt: stmt, busy: true}
	c.byQuery[query] = c.lru.PushFront(s)
	c.evict()
	return s, nil
}

// evict finalizes the least recently used statements beyond the capacity,
// skipping the busy ones (they go once released and still the oldest).
func (c *cachingConn) evict() {
	for el := c.lru.Back(); el != nil && c.lru.Len() > c.capacity; {
		prev := el.Prev()
		if s := el.Value.(*cachedStmt); !s.busy {
			c.lru.Remove(el)
			delete(c.byQuery, s.query)
			s.stmt.Close()
		}
		el = prev
	}
}

func (c *cachingConn) release(s *cachedStmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.busy = false
	c.evict()
}

// Close finalizes the cached statements first: SQLite would otherwise keep
// the connection open as long as one of them lives.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	for el := c.lru.Front(); el != nil; el = el.Next() {
		el.Value.(*cachedStmt).stmt.Close()
	}
	c.lru.Init()
	clear(c.byQuery)
	c.mu.Unlock()
	return c.driverConn.Close()
}

// cached tells how many statements the cache holds, and how many it
// prepared since the connection opened (tests).
func (c *cachingConn) cached() (held, prepared int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.prepared
}

// cacheable tells the statements worth keeping: those of the store's
// reads and writes. Schema changes, PRAGMAs and transaction control run
// once or are the driver's.
func cacheable(query string) bool {
	q := strings.TrimLeft(query, " \t\n")
	for _, verb := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} {
		if len(q) >= len(verb) && strings.EqualFold(q[:len(verb)], verb) {
			return true
		}
	}
	return false
}

// cachedRows releases its statement when closed.
type cachedRows struct {
	driver.Rows
	conn   *cachingConn
	stmt   *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error {
	err := r.Rows.Close()
	if !r.closed {
		r.closed = true
		r.conn.release(r.stmt)
	}
	return err
}
