package console_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/console"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

// password is every test user's password.
const password = "correct horse battery"

// Test users, by email: two customers' and the provider's.
const (
	demoViewer   = "viewer@demo.example"
	demoReporter = "reporter@demo.example"
	acmeReporter = "reporter@acme.example"
	agent        = "agent@provider.example"
)

// env is a real server of the console over a real SQLite store, with a
// clock the test may move forward and a log it may read.
type env struct {
	t       testing.TB
	db      *sqlstore.DB
	manager *incident.Manager
	admin   *account.Admin
	base    string // http://127.0.0.1:port
	log     *syncBuffer

	mu     sync.Mutex
	offset time.Duration
}

func (e *env) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return time.Now().UTC().Add(e.offset).Truncate(time.Millisecond)
}

// advance moves the clock of the server forward.
func (e *env) advance(d time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.offset += d
}

// syncBuffer is a log destination safe for concurrent writers.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// sessionLifetime is short enough for a test to outlive it by moving the
// clock.
const sessionLifetime = 8 * time.Hour

// newEnv starts the server; options change its configuration.
func newEnv(t testing.TB, options ...func(*console.Config)) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{t: t, db: teststore.Open(t, teststore.SQLiteURL(t)), log: &syncBuffer{}}
	e.db.SetNow(e.now)
	for _, c := range []incident.Customer{{ID: "demo", Name: "Demo Industries"}, {ID: "acme", Name: "Acme Industries"}} {
		if err := e.db.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	e.manager = &incident.Manager{Incidents: e.db, Customers: e.db, Notes: e.db, Attachments: e.db, Matrix: incident.DefaultMatrix(), Now: e.now}
	e.admin = &account.Admin{Store: e.db, Now: e.now}
	for _, u := range []account.NewUser{
		{Email: demoViewer, Name: "Vera Viewer", CustomerID: "demo", Role: account.RoleViewer, Password: password},
		{Email: demoReporter, Name: "Remi Reporter", CustomerID: "demo", Role: account.RoleReporter, Password: password},
		{Email: acmeReporter, Name: "Ada Acme", CustomerID: "acme", Role: account.RoleReporter, Password: password},
		{Email: agent, Name: "Alex Agent", Role: account.RoleAgent, Password: password},
	} {
		if _, _, err := e.admin.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	blobs, err := blob.OpenDisk(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	cfg := console.Config{
		Manager:    e.manager,
		Aggregator: e.db,
		Customers:  e.db,
		Accounts: &account.Service{Store: e.db, Lifetime: sessionLifetime, Now: e.now,
			Throttle: account.NewThrottle(account.DefaultAccountFailures, account.DefaultAddressFailures, account.DefaultThrottleWindow)},
		Blobs:        blobs,
		Logger:       slog.New(slog.NewJSONHandler(e.log, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:          e.now,
		PollInterval: time.Second,
	}
	for _, o := range options {
		o(&cfg)
	}
	handler := console.New(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	e.base = "http://" + ln.Addr().String()
	return e
}

// caller is the domain's caller of a test user.
func (e *env) caller(email string) incident.Caller {
	u, err := e.db.GetUserByEmail(context.Background(), email)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.Caller()
}

// report opens an incident as the user.
func (e *env) report(email string, n incident.NewIncident) *incident.Incident {
	e.t.Helper()
	c := e.caller(email)
	if c.Role == incident.RoleOperator && n.CustomerID == "" {
		n.CustomerID = "demo"
	}
	inc, _, err := e.manager.Create(context.Background(), c, n, "")
	if err != nil {
		e.t.Fatal(err)
	}
	return inc
}

// client is a browser-like HTTP client of one user: it keeps cookies,
// sends the Origin of the console with its forms, and does not follow
// redirects.
type client struct {
	e    *env
	http *http.Client
}

func (e *env) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// signIn signs the user in and returns the client holding the session.
func (e *env) signIn(email string) *client {
	e.t.Helper()
	c := e.anonymous()
	resp := c.post("/console/login", url.Values{"email": {email}, "password": {password}})
	if resp.status != http.StatusSeeOther {
		e.t.Fatalf("sign-in of %s: status %d", email, resp.status)
	}
	return c
}

type response struct {
	status int
	header http.Header
	body   string
}

func (c *client) do(req *http.Request) response {
	c.e.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

func (c *client) get(path string) response {
	req, err := http.NewRequest(http.MethodGet, c.e.base+path, nil)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form as the console's own page would: from its origin.
func (c *client) post(path string, form url.Values) response {
	return c.postFrom(c.e.base, path, form)
}

func (c *client) postFrom(origin, path string, form url.Values) response {
	req, err := http.NewRequest(http.MethodPost, c.e.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	return c.do(req)
}

// sessionCookie is the session secret the client holds.
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.e.base + "/console/")
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "incidentd_session" {
			return ck.Value
		}
	}
	return ""
}

// signedIn reports whether the client's session opens the incident list.
func (c *client) signedIn() bool {
	r := c.get("/console/incidents")
	switch r.status {
	case http.StatusOK:
		return true
	case http.StatusSeeOther:
		return false
	}
	c.e.t.Fatalf("incident list: status %d", r.status)
	return false
}

func incidentPath(id string) string { return fmt.Sprintf("/console/incidents/%s", id) }

// sessionHash is how the store and the account page name a session.
func sessionHash(id string) string { return account.HashSessionID(id) }

func newIncident(description string) incident.NewIncident {
	return incident.NewIncident{Description: description, Impact: incident.ImpactS2, Urgency: incident.UrgencyU2}
}

func notesQuery() incident.Query { return incident.Query{Limit: 100} }
