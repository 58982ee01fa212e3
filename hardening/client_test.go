package hardening

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/internal/apitest"
)

const base = "/incident/b2b/v1"

// client speaks HTTP to one server. Its responses are checked against the
// OpenAPI document the server serves when the test ends, up to
// checksPerKind of each request line and status: load tests send
// thousands of alike requests, and checking them all, or as they come,
// would load the machine they measure.
type client struct {
	t    *testing.T
	base string
	http *http.Client

	mu      sync.Mutex
	seen    map[string]int
	pending []reply
}

const checksPerKind = 5

func newClient(t *testing.T, s *server) *client {
	c := &client{t: t, base: s.url, seen: map[string]int{},
		http: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}}
	t.Cleanup(c.checkAll)
	return c
}

// reply is a response, read, with the request it answers.
type reply struct {
	req    *http.Request
	status int
	header http.Header
	body   []byte
}

// send performs a request and reads the whole answer.
func (c *client) send(req *http.Request) (reply, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	r, err := readReply(req, resp)
	if err == nil {
		c.record(r)
	}
	return r, err
}

// readReply reads the whole answer to req.
func readReply(req *http.Request, resp *http.Response) (reply, error) {
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, err
	}
	return reply{req: req, status: resp.StatusCode, header: resp.Header, body: body}, nil
}

// record keeps a response for checkAll, unless checksPerKind of its
// request line and status are kept already.
func (c *client) record(r reply) {
	key := r.req.Method + " " + r.req.URL.String() + " " + strconv.Itoa(r.status)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[key] < checksPerKind {
		c.seen[key]++
		c.pending = append(c.pending, r)
	}
}

// must is send failing the test on a transport error.
func (c *client) must(req *http.Request) reply {
	c.t.Helper()
	r, err := c.send(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	return r
}

// checkAll validates the distinct responses against the served document.
func (c *client) checkAll() {
	c.mu.Lock()
	pending := c.pending
	c.pending = nil
	c.mu.Unlock()
	if len(pending) == 0 {
		return
	}
	resp, err := c.http.Get(c.base + base + "/doc")
	if err != nil {
		c.t.Errorf("GET /doc: %v", err)
		return
	}
	doc, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	v := validator(c.t, doc)
	for _, r := range pending {
		if r.status >= 500 && r.status != http.StatusServiceUnavailable {
			c.t.Errorf("%s %s: status %d: %s", r.req.Method, r.req.URL.RequestURI(), r.status, r.body)
		}
		v.Check(c.t, r.req, r.status, r.header, r.body)
	}
}

var (
	validatorsMu sync.Mutex
	validators   = map[string]*apitest.Validator{}
)

// validator loads a served document once per test run: every server of
// the run serves the same.
func validator(t *testing.T, doc []byte) *apitest.Validator {
	validatorsMu.Lock()
	defer validatorsMu.Unlock()
	v, ok := validators[string(doc)]
	if !ok {
		v = apitest.New(t, doc)
		validators[string(doc)] = v
	}
	return v
}

// request builds a request to a path of the server; a non-nil body that
// is not a string is sent as JSON.
func (c *client) request(method, path string, body any) *http.Request {
	c.t.Helper()
	var reader io.Reader
	contentType := ""
	switch b := body.(type) {
	case nil:
	case string:
		reader = strings.NewReader(b)
	default:
		encoded, err := json.Marshal(b)
		if err != nil {
			c.t.Fatal(err)
		}
		reader, contentType = bytes.NewReader(encoded), "application/json"
	}
	req, err := http.NewRequest(method, c.base+path, reader)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return req
}

// as sets the credentials of a caller on a request.
func as(req *http.Request, who caller) *http.Request {
	req.Header.Set("Authorization", "Bearer "+who.token)
	req.Header.Set("X-Api-Key", who.key)
	return req
}

// tokenRequest is a client credentials request with HTTP Basic.
func (c *client) tokenRequest(clientID, secret string) *http.Request {
	req := c.request(http.MethodPost, "/oauth/v3/token", url.Values{"grant_type": {"client_credentials"}}.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(url.QueryEscape(clientID), url.QueryEscape(secret))
	return req
}

// login obtains an access token for the caller's client.
func (c *client) login(who *caller) {
	c.t.Helper()
	r := c.must(c.tokenRequest(who.clientID, who.secret))
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if r.status != http.StatusOK || json.Unmarshal(r.body, &tok) != nil {
		c.t.Fatalf("token for %s: %d %s", who.clientID, r.status, r.body)
	}
	who.token = tok.AccessToken
}

// apiError is the API's error body.
type apiError struct {
	Code        int    `json:"code"`
	Message     string `json:"message"`
	Description string `json:"description"`
}

// errorOf decodes an error answer; ok is false when the body is not one.
func (r reply) errorOf() (e apiError, ok bool) {
	err := json.Unmarshal(r.body, &e)
	return e, err == nil && e.Code != 0 && e.Message != "" && e.Description != ""
}

// wantError fails the test unless the answer is the given status and code
// in the API's error format.
func wantError(t *testing.T, what string, r reply, status, code int) apiError {
	t.Helper()
	e, ok := r.errorOf()
	if r.status != status || !ok || e.Code != code {
		t.Errorf("%s: %d %s, want %d with code %d", what, r.status, excerpt(r.body), status, code)
	}
	return e
}

// excerpt keeps messages readable with long bodies.
func excerpt(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
