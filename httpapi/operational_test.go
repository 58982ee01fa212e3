package httpapi_test

import (
	"database/sql"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/internal/teststore"
)

// probe answers the status of an operational endpoint.
func (e *env) probe(path string) int {
	e.t.Helper()
	return e.send(e.request(http.MethodGet, path, nil)).status
}

// probes checks liveness and readiness at once.
func (e *env) probes(t *testing.T, wantReady int, when string) {
	t.Helper()
	if got := e.probe("/readyz"); got != wantReady {
		t.Errorf("%s: /readyz %d, want %d", when, got, wantReady)
	}
	if got := e.probe("/livez"); got != http.StatusOK {
		t.Errorf("%s: /livez %d, want 200", when, got)
	}
}

// Readiness follows the SQLite database file: 503 while it is gone or
// unreadable, 200 once it is back; liveness stays 200.
func TestReadinessFollowsTheSQLiteFile(t *testing.T) {
	url := teststore.SQLiteURL(t)
	db := teststore.Open(t, url)
	e := newEnv(t, db, options{})
	e.probes(t, http.StatusOK, "at start")

	path := strings.TrimPrefix(url, "sqlite:")
	away, back := func() error { return os.Chmod(path, 0) }, func() error { return os.Chmod(path, 0o600) }
	if os.Geteuid() == 0 {
		// Permissions do not stop root: the file goes away instead.
		away, back = func() error { return os.Rename(path, path+".away") }, func() error { return os.Rename(path+".away", path) }
	}
	if err := away(); err != nil {
		t.Fatal(err)
	}
	e.probes(t, http.StatusServiceUnavailable, "database file gone")
	if err := back(); err != nil {
		t.Fatal(err)
	}
	e.probes(t, http.StatusOK, "database file back")
}

// Readiness is 503 while a migration of this program is missing, 200
// once it is applied.
func TestReadinessWaitsForMigrations(t *testing.T) {
	for _, backend := range []struct{ name, driver, restore string }{
		{"sqlite", "sqlite", "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"},
		{"postgres", "pgx", "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)"},
	} {
		t.Run(backend.name, func(t *testing.T) {
			dsn := teststore.SQLiteURL(t)
			if backend.name == "postgres" {
				dsn = pgtest.Database(t)
			}
			e := newEnv(t, teststore.Open(t, dsn), options{})
			e.probes(t, http.StatusOK, "migrated")

			raw, err := sql.Open(backend.driver, strings.TrimPrefix(dsn, "sqlite:"))
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			var version, appliedAt int64
			var name string
			if err := raw.QueryRow("SELECT version, name, applied_at FROM schema_migrations ORDER BY version DESC LIMIT 1").Scan(&version, &name, &appliedAt); err != nil {
				t.Fatal(err)
			}
			if _, err := raw.Exec("DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)"); err != nil {
				t.Fatal(err)
			}
			e.probes(t, http.StatusServiceUnavailable, "a migration missing")
			if _, err := raw.Exec(backend.restore, version, name, appliedAt); err != nil {
				t.Fatal(err)
			}
			e.probes(t, http.StatusOK, "migrated again")
		})
	}
}

// Readiness follows PostgreSQL: 503 while the server cannot be reached,
// 200 once it can; liveness stays 200.
func TestReadinessFollowsPostgreSQL(t *testing.T) {
	target := pgtest.Database(t)
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	proxy := newCuttableProxy(t, u.Host)
	u.Host = proxy.addr()
	e := newEnv(t, teststore.Open(t, u.String()), options{})
	e.probes(t, http.StatusOK, "at start")
	proxy.cut(true)
	e.probes(t, http.StatusServiceUnavailable, "PostgreSQL unreachable")
	proxy.cut(false)
	e.probes(t, http.StatusOK, "PostgreSQL back")
}

// cuttableProxy forwards TCP connections to a server until it is cut:
// then it drops the connections it carries and refuses new ones, as when
// the server goes away.
type cuttableProxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	down  bool
	conns map[net.Conn]bool
}

func newCuttableProxy(t *testing.T, target string) *cuttableProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &cuttableProxy{ln: ln, target: target, conns: map[net.Conn]bool{}}
	t.Cleanup(func() { ln.Close(); p.cut(true) })
	go p.serve()
	return p
}

func (p *cuttableProxy) addr() string { return p.ln.Addr().String() }

func (p *cuttableProxy) serve() {
	for {
		client, err := p.ln.Accept()
		if err != nil {
			return
		}
		go p.forward(client)
	}
}

func (p *cuttableProxy) forward(client net.Conn) {
	if !p.track(client) {
		client.Close()
		return
	}
	server, err := net.Dial("tcp", p.target)
	if err != nil || !p.track(server) {
		client.Close()
		return
	}
	go func() { io.Copy(server, client); server.Close() }()
	io.Copy(client, server)
	client.Close()
}

// track registers a connection to drop on the next cut; false when down.
func (p *cuttableProxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down {
		return false
	}
	p.conns[c] = true
	return true
}

func (p *cuttableProxy) cut(down bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down = down
	if down {
		for c := range p.conns {
			c.Close()
		}
		clear(p.conns)
	}
}
