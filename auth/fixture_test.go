package auth_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

// countingStore is the real store, with a count of the lookups made on the
// hot path of Authenticate.
type countingStore struct {
	auth.Store
	findToken atomic.Int64
}

func (s *countingStore) FindToken(ctx context.Context, hash string) (auth.Token, error) {
	s.findToken.Add(1)
	return s.Store.FindToken(ctx, hash)
}

// backend is a kind of database the store tests run on.
type backend struct {
	name   string
	driver string // of database/sql, for reading the tables directly
	// database returns the URL of a fresh database for one test, and the
	// path of its file when it has one.
	database func(t *testing.T) (url, file string)
}

var backends = []backend{
	{name: "sqlite", driver: "sqlite", database: func(t *testing.T) (string, string) {
		file := filepath.Join(t.TempDir(), "auth.db")
		return "sqlite:" + file, file
	}},
	{name: "postgres", driver: "pgx", database: func(t *testing.T) (string, string) {
		return pgtest.Database(t), "" // skips when no server is given
	}},
}

// eachBackend runs test on SQLite, and on PostgreSQL when
// INCIDENTD_TEST_POSTGRES names a server.
func eachBackend(t *testing.T, test func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { test(t, b) })
	}
}

// fixture is a migrated database with the auth services over it and a
// clock the test moves.
type fixture struct {
	t      *testing.T
	ctx    context.Context
	b      backend
	url    string
	file   string // the SQLite file, empty for PostgreSQL
	db     *sqlstore.DB
	store  *countingStore
	clock  *auth.FakeClock
	svc    *auth.Service
	admin  *auth.Admin
	secret map[string]string // client id → secret
}

func newFixture(t *testing.T, b backend) *fixture {
	t.Helper()
	ctx := context.Background()
	url, file := b.database(t)
	db := teststore.Open(t, url)
	clock := auth.NewFakeClock(auth.T0)
	db.Now = clock.Now
	store := &countingStore{Store: db}
	opts := auth.Options{Now: clock.Now}
	return &fixture{
		t: t, ctx: ctx, b: b, url: url, file: file, db: db, store: store, clock: clock,
		svc:    auth.NewService(store, opts),
		admin:  auth.NewAdmin(db, opts),
		secret: map[string]string{},
	}
}

func (f *fixture) customer(id string) {
	f.t.Helper()
	if _, err := f.admin.CreateCustomer(f.ctx, id, "Customer "+id); err != nil {
		f.t.Fatal(err)
	}
}

// client creates a client and returns its id; its secret is in f.secret.
func (f *fixture) client(owner auth.Owner, scopes ...string) string {
	f.t.Helper()
	c, secret, err := f.admin.CreateClient(f.ctx, owner, "client of "+owner.String(), scopes)
	if err != nil {
		f.t.Fatal(err)
	}
	f.secret[c.ID] = secret
	return c.ID
}

func (f *fixture) key(owner auth.Owner, ttl time.Duration) (auth.APIKey, string) {
	f.t.Helper()
	k, key, err := f.admin.CreateAPIKey(f.ctx, owner, ttl)
	if err != nil {
		f.t.Fatal(err)
	}
	return k, key
}

func (f *fixture) token(clientID, scope string) string {
	f.t.Helper()
	resp, oerr := f.svc.IssueToken(f.ctx, clientID, f.secret[clientID], scope)
	if oerr != nil {
		f.t.Fatalf("token for %s: %v", clientID, oerr)
	}
	return resp.AccessToken
}

// wantCode asserts that err is an *incident.Error of code.
func wantCode(t *testing.T, err error, code int) {
	t.Helper()
	if err == nil {
		t.Fatalf("accepted, want code %d", code)
	}
	if got := incident.ErrorCode(err); got != code {
		t.Fatalf("code %d (%v), want %d", got, err, code)
	}
}
