package httpapi_test

import (
	"bufio"
	"encoding/json"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/teststore"
)

// requestLine is the request log's line of the request whose X-Request-Id
// was id.
func (e *env) requestLine(id string) map[string]any {
	e.t.Helper()
	sc := bufio.NewScanner(strings.NewReader(e.logs.String()))
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	for sc.Scan() {
		var line map[string]any
		if json.Unmarshal(sc.Bytes(), &line) == nil && line["msg"] == "request" && line["requestId"] == id {
			return line
		}
	}
	e.t.Fatalf("no request line with requestId %s in the log:\n%s", id, e.logs)
	return nil
}

// tenants are two customers, a writing and a read-only client of the
// first, and an incident of it: the cast of the log and metrics tests.
type tenants struct {
	acme, globex   party
	writer, reader caller
	incidentID     string
}

func (e *env) tenants() tenants {
	e.t.Helper()
	tn := tenants{acme: e.newCustomer("acme", "Acme"), globex: e.newCustomer("globex", "Globex")}
	tn.writer = e.login(tn.acme, auth.ScopeIncident)
	tn.reader = e.login(tn.acme, auth.ScopeReadOnly)
	tn.incidentID = e.report(tn.writer, incidentBody(1, "S2", "U2", "FR"))["id"].(string)
	return tn
}

// The request log says who called from where with what, how it was
// answered, and why credentials were refused; the answers do not.
func TestAccessLog(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		tn := e.tenants()
		globex, writer, reader := tn.globex, tn.writer, tn.reader

		t.Run("an answered call", func(t *testing.T) {
			r := e.call(writer, http.MethodGet, base+"/incidents?priority=P2", nil,
				"X-Request-Id", "log-ok", "User-Agent", "acme-erp/4.2")
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			line := e.requestLine("log-ok")
			want := map[string]any{
				"clientAddr": "127.0.0.1", "clientId": writer.clientID, "customerId": "acme", "method": "GET",
				"route": base + "/incidents", "path": base + "/incidents", "status": float64(200),
				"bytes": float64(len(r.body)), "userAgent": "acme-erp/4.2",
				"query": "priority=P2",
			}
			for k, v := range want {
				if line[k] != v {
					t.Errorf("%s: %v, want %v", k, line[k], v)
				}
			}
			if _, ok := line["authFailure"]; ok {
				t.Errorf("an accepted call logged a refusal: %v", line)
			}
		})
		t.Run("credentials in the query string", func(t *testing.T) {
			r := e.call(writer, http.MethodGet, base+"/incidents?priority=P2&access_token=leaked-token&X-API-Key=leaked-key", nil,
				"X-Request-Id", "log-query")
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if q := e.requestLine("log-query")["query"]; q != "priority=P2&access_token=REDACTED&X-API-Key=REDACTED" {
				t.Errorf("query logged as %v", q)
			}
			if strings.Contains(e.logs.String(), "leaked-") {
				t.Errorf("a secret of the query string reached the log")
			}
		})

		// Each refusal is logged with its reason, and answered with the
		// same words whatever the reason of its code.
		refusals := []struct {
			name   string
			send   func(id string) reply
			status int
			reason auth.Reason
			client string
		}{
			{"key of another customer", func(id string) reply {
				return e.call(writer, http.MethodGet, base+"/incidents", nil, "X-Api-Key", globex.key, "X-Request-Id", id)
			}, 401, auth.ReasonKeyOfAnotherCustomer, writer.clientID},
			{"unknown key", func(id string) reply {
				return e.call(writer, http.MethodGet, base+"/incidents", nil, "X-Api-Key", "ik_unknown_key_0000000000", "X-Request-Id", id)
			}, 401, auth.ReasonUnknownAPIKey, writer.clientID},
			{"read-only token writing", func(id string) reply {
				return e.call(reader, http.MethodPost, base+"/incidents", incidentBody(2, "S3", "U3", ""), "X-Request-Id", id)
			}, 403, auth.ReasonInsufficientScope, reader.clientID},
			{"unknown client", func(id string) reply { return e.tokenRequest("nobody", "whatever", id) }, 401, auth.ReasonUnknownClient, "nobody"},
			{"wrong secret", func(id string) reply { return e.tokenRequest(writer.clientID, "not-the-secret", id) }, 401, auth.ReasonBadSecret, writer.clientID},
		}
		answers := map[int]string{}
		for _, tc := range refusals {
			t.Run(tc.name, func(t *testing.T) {
				id := "log-" + strings.ReplaceAll(tc.name, " ", "-")
				r := tc.send(id)
				if r.status != tc.status {
					t.Fatalf("status %d, want %d: %s", r.status, tc.status, r.body)
				}
				line := e.requestLine(id)
				if line["authFailure"] != string(tc.reason) || line["clientId"] != tc.client || line["status"] != float64(tc.status) {
					t.Errorf("log line %v: want authFailure %s, clientId %s", line, tc.reason, tc.client)
				}
				if strings.Contains(string(r.body), string(tc.reason)) {
					t.Errorf("the answer tells the reason: %s", r.body)
				}
			})
		}
		// An unknown client and a wrong secret get the very same answer.
		for _, tc := range refusals[3:] {
			id := "same-" + string(tc.reason)
			body := string(tc.send(id).body)
			if prev, ok := answers[tc.status]; ok && prev != body {
				t.Errorf("the answers of two token refusals differ: %s and %s", prev, body)
			}
			answers[tc.status] = body
		}

		t.Run("expired token", func(t *testing.T) {
			e.clock.Advance(2 * time.Hour)
			e.call(writer, http.MethodGet, base+"/incidents", nil, "X-Request-Id", "log-expired")
			line := e.requestLine("log-expired")
			if line["authFailure"] != string(auth.ReasonExpiredAccessToken) || line["customerId"] != "acme" {
				t.Errorf("log line %v", line)
			}
		})
	})
}

// tokenRequest asks for a token with HTTP Basic credentials.
func (e *env) tokenRequest(clientID, secret, requestID string) reply {
	e.t.Helper()
	req := e.request(http.MethodPost, "/oauth/v3/token", url.Values{"grant_type": {"client_credentials"}}.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Request-Id", requestID)
	req.SetBasicAuth(clientID, secret)
	return e.send(req)
}

// Behind a trusted reverse proxy, the client is the nearest address of
// X-Forwarded-For that is not a trusted proxy; anyone else's
// X-Forwarded-For is ignored.
func TestAccessLogClientAddress(t *testing.T) {
	loopback := netip.MustParsePrefix("127.0.0.0/8")
	proxyNet := netip.MustParsePrefix("10.1.0.0/16")
	for _, tc := range []struct {
		name    string
		trusted []netip.Prefix
		xff     []string
		want    string
	}{
		{"no trusted proxy", nil, []string{"203.0.113.9"}, "127.0.0.1"},
		{"trusted peer", []netip.Prefix{loopback}, []string{"203.0.113.9"}, "203.0.113.9"},
		{"a forged entry left of the client", []netip.Prefix{loopback}, []string{"198.51.100.66, 203.0.113.9"}, "203.0.113.9"},
		{"through two trusted proxies", []netip.Prefix{loopback, proxyNet}, []string{"198.51.100.66, 203.0.113.9", "10.1.2.3"}, "203.0.113.9"},
		{"garbage passed on", []netip.Prefix{loopback, proxyNet}, []string{"203.0.113.9, not-an-address, 10.1.2.3"}, "10.1.2.3"},
		{"no header", []netip.Prefix{loopback}, nil, "127.0.0.1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, teststore.Open(t, teststore.SQLiteURL(t)), options{trustedProxies: tc.trusted})
			req := e.request(http.MethodGet, base+"/status", nil)
			req.Header.Set("X-Request-Id", "addr")
			for _, v := range tc.xff {
				req.Header.Add("X-Forwarded-For", v)
			}
			e.send(req)
			if got := e.requestLine("addr")["clientAddr"]; got != tc.want {
				t.Errorf("clientAddr %v, want %s", got, tc.want)
			}
		})
	}
}

// Whatever the calls do, right or wrong, the server's log holds none of
// the secrets they carried: client secrets, tokens, API keys.
func TestLogHoldsNoSecret(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		tn := e.tenants()
		acme, globex, writer, reader := tn.acme, tn.globex, tn.writer, tn.reader
		secrets := []string{writer.secret, reader.secret, writer.token, reader.token, acme.key, globex.key}

		e.call(writer, http.MethodGet, base+"/incidents/"+tn.incidentID, nil)
		e.call(writer, http.MethodGet, base+"/incidents", nil, "X-Api-Key", globex.key)
		e.call(reader, http.MethodPatch, base+"/incidents/"+tn.incidentID, `{"urgency":"U1"}`, "Content-Type", "application/merge-patch+json")
		e.call(writer, http.MethodGet, base+"/incidents?api_key="+acme.key+"&token="+writer.token, nil)
		e.send(e.request(http.MethodGet, base+"/incidents?access_token="+writer.token, nil))
		e.tokenRequest(writer.clientID, writer.secret+"x", "wrong-secret")
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {reader.clientID}, "client_secret": {reader.secret}}
		req := e.request(http.MethodPost, "/oauth/v3/token?client_secret="+url.QueryEscape(reader.secret), form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		e.send(req)
		req = e.request(http.MethodPost, "/oauth/v3/token", form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		e.send(req)

		log := e.logs.String()
		if !strings.Contains(log, `"msg":"request"`) {
			t.Fatalf("no request was logged: %s", log)
		}
		for _, s := range secrets {
			if strings.Contains(log, s) || strings.Contains(log, url.QueryEscape(s)) {
				t.Errorf("the log holds the secret %q", s)
			}
		}
	})
}
