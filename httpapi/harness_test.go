package httpapi_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/buildinfo"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/apitest"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/metrics"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/webhook"
)

// The end-to-end harness: for each storage backend, a real store, the real
// handler served on 127.0.0.1 by a real server, credentials provisioned by
// auth.Admin and tokens obtained with the OAuth 2.0 client credentials
// grant. Every response goes through one transport that checks it against
// the OpenAPI document the server serves and counts server errors.

// serverErrors counts, across the whole run, the responses with a 5xx
// status other than 503 (which /status answers on purpose when the database
// is down): TestMain fails the run if there is any.
var serverErrors atomic.Int64

func TestMain(m *testing.M) {
	auth.PBKDF2Iterations = 1000 // provisioning speed; verification reads the count from the hash
	code := m.Run()
	if n := serverErrors.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "FAIL: %d responses had a server error status\n", n)
		code = 1
	}
	os.Exit(code)
}

// options vary the server of one environment.
type options struct {
	rateLimit    float64 // requests per second per client; 0: unlimited
	rateBurst    int
	maxBodyBytes int64
	health       func(context.Context) error
	// maxAttachmentBytes and attachmentTypes configure uploads; zero
	// values keep the defaults.
	maxAttachmentBytes int64
	attachmentTypes    []string
	csvKeepFormulas    bool
	// trustedProxies configures the client address of the request log.
	trustedProxies []netip.Prefix
	// alertReopenWindow is the alerts' reopen window; zero: the default.
	alertReopenWindow time.Duration
	// strictCallbacks applies the callback URL rules (https, public
	// addresses): off by default, since test receivers listen on
	// 127.0.0.1. callbackRetry is the first retry's wait and
	// callbackMaxAge how long an event is retried; zero: 50ms and 1m, so
	// that tests of retries stay short.
	strictCallbacks bool
	// resolver resolves callback hosts under strictCallbacks; nil: DNS.
	resolver       webhook.Resolver
	callbackRetry  time.Duration
	callbackMaxAge time.Duration
}

// eachBackend runs test on SQLite, and on PostgreSQL when
// INCIDENTD_TEST_POSTGRES names a server (a database of its own per test).
func eachBackend(t *testing.T, test func(t *testing.T, e *env)) {
	eachBackendWith(t, options{}, test)
}

func eachBackendWith(t *testing.T, opts options, test func(t *testing.T, e *env)) {
	teststore.Each(t, func(t *testing.T, db *sqlstore.DB) { test(t, newEnv(t, db, opts)) })
}

// env is one running server over one fresh store.
type env struct {
	t      *testing.T
	base   string // scheme and host of the server
	client *http.Client
	clock  *testClock
	admin  *auth.Admin
	blobs  *blob.Disk
	db     *sqlstore.DB
	// logs is the server's log, JSON lines, also sent to the test's log.
	logs *syncBuffer
}

func newEnv(t *testing.T, db *sqlstore.DB, opts options) *env {
	t.Helper()
	clock := &testClock{}
	db.SetNow(clock.Now)
	authOpts := auth.Options{Now: clock.Now}
	matrix := incident.DefaultMatrix()
	var limiter *auth.RateLimiter
	if opts.rateLimit > 0 {
		limiter = auth.NewRateLimiter(opts.rateLimit, opts.rateBurst, clock.Now)
	}
	health := opts.health
	if health == nil {
		health = db.Ping
	}
	blobs, err := blob.OpenDisk(t.TempDir())
	if err != nil {
		t.Fatalf("blob store: %v", err)
	}
	logs := &syncBuffer{}
	logger := slog.New(slog.NewJSONHandler(io.MultiWriter(testLogWriter{t}, logs), nil))
	dispatcher := &webhook.Dispatcher{
		Store: db, Events: db, Filter: contract.ParseSubscriptionQuery, Render: contract.AppendEventJSON, Logger: logger,
		AllowPrivate: !opts.strictCallbacks, RetryInitial: cmp.Or(opts.callbackRetry, 50*time.Millisecond),
		RetryMaxAge: cmp.Or(opts.callbackMaxAge, time.Minute), PollInterval: 500 * time.Millisecond, Now: clock.Now,
	}
	manager := &incident.Manager{Incidents: db, Customers: db, Notes: db, Attachments: db, Matrix: matrix, Now: clock.Now}
	handler := httpapi.New(httpapi.Config{
		Manager:      manager,
		Incidents:    db,
		Auth:         auth.NewService(db, authOpts),
		Limiter:      limiter,
		Matrix:       matrix,
		Health:       health,
		Ready:        db.Ready,
		Logger:       logger,
		Version:      "test",
		Commit:       "0000000",
		MaxBodyBytes: opts.maxBodyBytes,
		Now:          clock.Now,

		Blobs:              blobs,
		MaxAttachmentBytes: opts.maxAttachmentBytes,
		AttachmentTypes:    opts.attachmentTypes,
		CSVKeepFormulas:    opts.csvKeepFormulas,

		Alerts: &alerts.Ingester{Store: db, Manager: manager, ReopenWindow: opts.alertReopenWindow, Now: clock.Now},
		Events: db,
		Hub: &webhook.Hub{Store: db, Events: db, AllowPrivate: !opts.strictCallbacks, Now: clock.Now,
			Resolver: opts.resolver, Changed: dispatcher.Wake},

		Metrics: metrics.New(buildinfo.Read("test", "0000000"), metrics.Known{
			TokenRefusals: auth.ReasonNames(auth.TokenRefusalReasons),
			CallRefusals:  auth.ReasonNames(auth.CallRefusalReasons),
		}),
		ServeMetrics:   true,
		TrustedProxies: opts.trustedProxies,
	})
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	// The deliveries stop before the store closes (cleanups run last
	// registered first).
	ctx, stop := context.WithCancel(context.Background())
	delivering := make(chan struct{})
	go func() {
		defer close(delivering)
		dispatcher.Run(ctx)
	}()
	t.Cleanup(func() {
		stop()
		<-delivering
	})
	e := &env{t: t, base: srv.URL, clock: clock, admin: auth.NewAdmin(db, authOpts), blobs: blobs, db: db, logs: logs}
	e.client = &http.Client{Transport: &checkingTransport{t: t, base: srv.URL, next: srv.Client().Transport}}
	return e
}

// testLogWriter sends the server's log lines to the test's log.
type testLogWriter struct{ t *testing.T }

func (w testLogWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

// testClock is the real time shifted by what a test advanced it by.
type testClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.offset).Truncate(time.Millisecond)
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset += d
}

// checkingTransport is the one way tests reach the server: it checks every
// response against the served OpenAPI document and counts server errors.
type checkingTransport struct {
	t    *testing.T
	base string
	next http.RoundTripper

	once      sync.Once
	validator *apitest.Validator
}

// document loads, once, the OpenAPI document the server serves at /doc.
func (c *checkingTransport) document() *apitest.Validator {
	c.once.Do(func() {
		resp, err := c.next.RoundTrip(mustRequest(c.t, http.MethodGet, c.base+base+"/doc"))
		if err != nil {
			c.t.Fatalf("GET /doc: %v", err)
		}
		defer resp.Body.Close()
		doc, err := io.ReadAll(resp.Body)
		if err != nil || resp.StatusCode != http.StatusOK {
			c.t.Fatalf("GET /doc: %d %v", resp.StatusCode, err)
		}
		c.validator = apitest.New(c.t, doc)
	})
	return c.validator
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

func (c *checkingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := c.next.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if resp.StatusCode >= 500 && resp.StatusCode != http.StatusServiceUnavailable {
		serverErrors.Add(1)
		c.t.Errorf("%s %s: status %d: %s", req.Method, req.URL.RequestURI(), resp.StatusCode, body)
	}
	if resp.Header.Get("X-OAPI-Request-Id") == "" {
		c.t.Errorf("%s %s: no X-OAPI-Request-Id", req.Method, req.URL.RequestURI())
	}
	if resp.Header.Get("Content-Language") == "" {
		c.t.Errorf("%s %s: no Content-Language", req.Method, req.URL.RequestURI())
	}
	c.document().Check(c.t, req, resp.StatusCode, resp.Header, body)
	return resp, nil
}

// reply is a response, read.
type reply struct {
	status int
	header http.Header
	body   []byte
}

// decode decodes the body into v, failing the test when it cannot.
func (r reply) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// object decodes a JSON object body.
func (r reply) object(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	r.decode(t, &m)
	return m
}

// list decodes a JSON array of objects.
func (r reply) list(t *testing.T) []map[string]any {
	t.Helper()
	var l []map[string]any
	r.decode(t, &l)
	if l == nil {
		t.Fatalf("list body is not an array: %s", r.body)
	}
	return l
}

// send performs a request through the checking transport.
func (e *env) send(req *http.Request) reply {
	e.t.Helper()
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: read: %v", req.Method, req.URL, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: body}
}

// request builds a request to a path of the server (an absolute path,
// query included). A body that is a string or []byte goes as it is, with
// no Content-Type; anything else is encoded as application/json.
func (e *env) request(method, path string, body any) *http.Request {
	e.t.Helper()
	var reader io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	case []byte:
		reader = bytes.NewReader(b)
	default:
		encoded, err := json.Marshal(b)
		if err != nil {
			e.t.Fatalf("encode body: %v", err)
		}
		reader = bytes.NewReader(encoded)
		contentType = "application/json"
	}
	req, err := http.NewRequest(method, e.base+path, reader)
	if err != nil {
		e.t.Fatalf("request %s %s: %v", method, path, err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// call sends an authenticated API request; headers are name/value pairs
// set after the credentials (so they can override them).
func (e *env) call(c caller, method, path string, body any, headers ...string) reply {
	e.t.Helper()
	req := e.request(method, path, body)
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Api-Key", c.key)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return e.send(req)
}

// party is a customer, or the operator side, with an API key.
type party struct {
	customerID string
	operator   bool
	key        string
}

func (p party) owner() auth.Owner {
	if p.operator {
		return auth.OperatorOwner()
	}
	return auth.CustomerOwner(p.customerID)
}

// caller is a client of a party with an access token.
type caller struct {
	party
	clientID string
	secret   string
	token    string
}

func (e *env) newCustomer(id, name string) party {
	e.t.Helper()
	ctx := context.Background()
	if _, err := e.admin.CreateCustomer(ctx, id, name); err != nil {
		e.t.Fatalf("create customer %s: %v", id, err)
	}
	p := party{customerID: id}
	p.key = e.newKey(p)
	return p
}

func (e *env) newOperator() party {
	e.t.Helper()
	p := party{operator: true}
	p.key = e.newKey(p)
	return p
}

func (e *env) newKey(p party) string {
	e.t.Helper()
	_, key, err := e.admin.CreateAPIKey(context.Background(), p.owner(), 0)
	if err != nil {
		e.t.Fatalf("create API key for %s: %v", p.owner(), err)
	}
	return key
}

// login creates a client of the party with the scopes and obtains a token
// for it with the client credentials grant, credentials in the header.
func (e *env) login(p party, scopes ...string) caller {
	e.t.Helper()
	client, secret, err := e.admin.CreateClient(context.Background(), p.owner(), "client of "+p.owner().String(), scopes)
	if err != nil {
		e.t.Fatalf("create client: %v", err)
	}
	c := caller{party: p, clientID: client.ID, secret: secret}
	c.token = e.token(c, "")
	return c
}

// token obtains an access token for the caller's client, for the given
// space-separated scope (empty: every scope of the client).
func (e *env) token(c caller, scope string) string {
	e.t.Helper()
	cfg := clientcredentials.Config{
		ClientID:     c.clientID,
		ClientSecret: c.secret,
		TokenURL:     e.base + "/oauth/v3/token",
		AuthStyle:    oauth2.AuthStyleInHeader,
	}
	if scope != "" {
		cfg.Scopes = strings.Fields(scope)
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, e.client)
	tok, err := cfg.Token(ctx)
	if err != nil {
		e.t.Fatalf("token for %s: %v", c.clientID, err)
	}
	return tok.AccessToken
}
