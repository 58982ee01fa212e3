package httpapi_test

import (
	"context"
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// Spec §1.4: every authentication and authorization failure.
func TestAuthFailures(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.newCustomer("acme", "Acme")
		globex := e.newCustomer("globex", "Globex")
		writer := e.login(acme, auth.ScopeIncident)
		reader := e.login(acme, auth.ScopeReadOnly)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		inc := e.report(writer, incidentBody(1, "S2", "U2", "FR"))
		list := base + "/incidents"

		get := func(authorization, key *string) reply {
			req := e.request(http.MethodGet, list, nil)
			if authorization != nil {
				req.Header.Set("Authorization", *authorization)
			}
			if key != nil {
				req.Header.Set("X-Api-Key", *key)
			}
			return e.send(req)
		}
		str := func(s string) *string { return &s }
		bearer := "Bearer " + writer.token

		t.Run("missing credentials", func(t *testing.T) {
			unauthorized(t, get(nil, str(acme.key)), 40)
			unauthorized(t, get(str(""), str(acme.key)), 40)
			unauthorized(t, get(str("Bearer"), str(acme.key)), 40)
			unauthorized(t, get(str("Bearer   "), str(acme.key)), 40)
			unauthorized(t, get(str(bearer), nil), 40)
			unauthorized(t, get(str(bearer), str("")), 40)
		})
		t.Run("invalid credentials", func(t *testing.T) {
			unauthorized(t, get(str("Bearer not-a-token"), str(acme.key)), 41)
			unauthorized(t, get(str("Bearer "+strings.Repeat("A", 43)), str(acme.key)), 41)
			unauthorized(t, get(str("Basic "+base64.StdEncoding.EncodeToString([]byte("a:b"))), str(acme.key)), 41)
			unauthorized(t, get(str(bearer), str("ik_unknown_key_0000000000")), 41)
			unauthorized(t, get(str(bearer), str(globex.key)), 41)
			unauthorized(t, get(str(bearer), str(operator.key)), 41)
			unauthorized(t, get(str("Bearer "+operator.token), str(acme.key)), 41)
		})
		t.Run("bare token accepted", func(t *testing.T) {
			if r := get(str(writer.token), str(acme.key)); r.status != http.StatusOK {
				t.Fatalf("bare token: status %d: %s", r.status, r.body)
			}
		})
		t.Run("access denied", func(t *testing.T) {
			checkError(t, e.call(reader, http.MethodPost, list, incidentBody(2, "S1", "U1", "")), 403, 50)
			checkError(t, e.call(reader, http.MethodPatch, base+"/incidents/"+inc["id"].(string),
				map[string]any{"description": "x"}), 403, 50)
			checkError(t, e.call(writer, http.MethodPost, base+"/incidents/"+inc["id"].(string)+"/freezePeriods",
				map[string]any{"startAt": time.Now().UTC().Format(time.RFC3339), "reason": "OTHER"}), 403, 50)
			// A token asked for the read-only scope of a client holding both.
			both := e.login(acme, auth.ScopeIncident, auth.ScopeReadOnly)
			narrowed := both
			narrowed.token = e.token(both, auth.ScopeReadOnly)
			checkError(t, e.call(narrowed, http.MethodPost, list, incidentBody(3, "S1", "U1", "")), 403, 50)
			if r := e.call(narrowed, http.MethodGet, list, nil); r.status != http.StatusOK {
				t.Errorf("read-only token cannot read: %d", r.status)
			}
		})
		t.Run("revoked key and client", func(t *testing.T) {
			ctx := context.Background()
			p := e.newCustomer("initech", "Initech")
			c := e.login(p, auth.ScopeIncident)
			if r := e.call(c, http.MethodGet, list, nil); r.status != http.StatusOK {
				t.Fatalf("before revocation: %d", r.status)
			}
			keys, err := e.admin.ListAPIKeys(ctx, "initech")
			if err != nil || len(keys) != 1 {
				t.Fatalf("list keys: %v %v", keys, err)
			}
			if err := e.admin.RevokeAPIKey(ctx, keys[0].ID); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(auth.CacheTTL + time.Second)
			unauthorized(t, e.call(c, http.MethodGet, list, nil), 41)

			c.key = e.newKey(p)
			if r := e.call(c, http.MethodGet, list, nil); r.status != http.StatusOK {
				t.Fatalf("with a new key: %d", r.status)
			}
			if err := e.admin.RevokeClient(ctx, c.clientID); err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(auth.CacheTTL + time.Second)
			unauthorized(t, e.call(c, http.MethodGet, list, nil), 41)
		})
		t.Run("expired token and key", func(t *testing.T) {
			p := e.newCustomer("umbrella", "Umbrella")
			c := e.login(p, auth.ScopeIncident)
			_, shortKey, err := e.admin.CreateAPIKey(context.Background(), p.owner(), 90*time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			e.clock.Advance(time.Hour + time.Minute)
			unauthorized(t, e.call(c, http.MethodGet, list, nil), 42)
			c.token = e.token(c, "")
			if r := e.call(c, http.MethodGet, list, nil); r.status != http.StatusOK {
				t.Fatalf("fresh token: %d", r.status)
			}
			c.key = shortKey
			e.clock.Advance(time.Hour)
			c.token = e.token(c, "")
			unauthorized(t, e.call(c, http.MethodGet, list, nil), 42)
		})
	})
}

func TestRateLimit(t *testing.T) {
	eachBackendWith(t, options{rateLimit: 0.01, rateBurst: 3}, func(t *testing.T, e *env) {
		p := e.newCustomer("acme", "Acme")
		c := e.login(p, auth.ScopeIncident) // the token request is not an API call
		var last reply
		for i := 0; i < 4; i++ {
			last = e.call(c, http.MethodGet, base+"/incidents", nil)
		}
		checkError(t, last, 429, 53)
		seconds, err := strconv.Atoi(last.header.Get("Retry-After"))
		if err != nil || seconds < 1 {
			t.Errorf("Retry-After %q", last.header.Get("Retry-After"))
		}
		// Another client is not affected.
		other := e.login(p, auth.ScopeIncident)
		if r := e.call(other, http.MethodGet, base+"/incidents", nil); r.status != http.StatusOK {
			t.Errorf("other client: %d", r.status)
		}
		// The token endpoint is not the API: a client over its API rate
		// still gets a token.
		if r := tokenRequest(e, c.clientID, c.secret); r.status != http.StatusOK {
			t.Errorf("token of a client over its API rate: %d %s", r.status, r.body)
		}
		e.clock.Advance(10 * time.Minute)
		if r := e.call(c, http.MethodGet, base+"/incidents", nil); r.status != http.StatusOK {
			t.Errorf("after waiting: %d", r.status)
		}
	})
}

// tokenRequest asks for a token with HTTP Basic credentials.
func tokenRequest(e *env, clientID, secret string) reply {
	e.t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}}
	req := e.request(http.MethodPost, "/oauth/v3/token", form.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(clientID, secret)
	return e.send(req)
}

// TestTokenGuard: wrong secrets sent in a client's name never spend its
// API rate; after auth.FreeFailures failures the client waits, 1 s then
// longer, and an attempt while it waits, right secret or not, is refused
// (429, code 53, Retry-After) without its secret being checked.
func TestTokenGuard(t *testing.T) {
	eachBackendWith(t, options{rateLimit: 0.01, rateBurst: 3}, func(t *testing.T, e *env) {
		p := e.newCustomer("acme", "Acme")
		victim := e.login(p, auth.ScopeIncident)
		for i := 1; i <= auth.FreeFailures+1; i++ {
			if r := tokenRequest(e, victim.clientID, "wrong-secret"); r.status != http.StatusUnauthorized {
				t.Fatalf("wrong secret %d: %d %s", i, r.status, r.body)
			}
		}
		for i := 0; i < 3; i++ {
			if r := e.call(victim, http.MethodGet, base+"/incidents", nil); r.status != http.StatusOK {
				t.Fatalf("API call %d of the client after failures in its name: %d %s", i, r.status, r.body)
			}
		}
		held := tokenRequest(e, victim.clientID, victim.secret)
		checkError(t, held, 429, 53)
		if held.header.Get("Retry-After") != "1" || held.header.Get("Cache-Control") != "no-store" {
			t.Errorf("held-back token request: %v", held.header)
		}
		e.clock.Advance(time.Second)
		if r := tokenRequest(e, victim.clientID, victim.secret); r.status != http.StatusOK {
			t.Fatalf("right secret once the wait is over: %d %s", r.status, r.body)
		}
		// The success forgot the client's failures, not the address's:
		// another client from the same address fails freely only until
		// the address's count reaches the limit too.
		other := e.login(p, auth.ScopeIncident)
		if r := tokenRequest(e, other.clientID, "wrong-secret"); r.status != http.StatusUnauthorized {
			t.Fatalf("a wrong secret of another client: %d %s", r.status, r.body)
		}
		checkError(t, tokenRequest(e, other.clientID, other.secret), 429, 53)
	})
}

// Spec §1.1: the token endpoint.
func TestTokenEndpoint(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		p := e.newCustomer("acme", "Acme")
		c := e.login(p, auth.ScopeIncident, auth.ScopeReadOnly)

		post := func(form url.Values, user, pass string, contentType string) reply {
			req := e.request(http.MethodPost, "/oauth/v3/token", form.Encode())
			req.Header.Set("Content-Type", contentType)
			if user != "" {
				req.SetBasicAuth(url.QueryEscape(user), url.QueryEscape(pass))
			}
			r := e.send(req)
			if r.header.Get("Cache-Control") != "no-store" || r.header.Get("Pragma") != "no-cache" {
				t.Errorf("token answer %d without no-store/no-cache: %v", r.status, r.header)
			}
			return r
		}
		const formType = "application/x-www-form-urlencoded"
		grant := url.Values{"grant_type": {"client_credentials"}}
		oauthError := func(r reply, status int, code string) {
			t.Helper()
			if r.status != status {
				t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
			}
			body := r.object(t)
			if body["error"] != code || body["error_description"] == "" {
				t.Errorf("body %s, want error %s", r.body, code)
			}
			if status == http.StatusUnauthorized && !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic") {
				t.Errorf("401 without WWW-Authenticate: Basic: %v", r.header)
			}
		}

		ok := post(grant, c.clientID, c.secret, formType)
		if ok.status != http.StatusOK {
			t.Fatalf("token: %d %s", ok.status, ok.body)
		}
		tok := ok.object(t)
		if tok["token_type"] != "Bearer" || tok["expires_in"] != float64(3600) || tok["access_token"] == "" ||
			tok["scope"] != auth.ScopeIncident+" "+auth.ScopeReadOnly {
			t.Errorf("token body %s", ok.body)
		}
		// Credentials as form fields, with a charset parameter.
		inForm := url.Values{"grant_type": {"client_credentials"}, "client_id": {c.clientID}, "client_secret": {c.secret},
			"scope": {auth.ScopeReadOnly}}
		r := post(inForm, "", "", formType+"; charset=utf-8")
		if r.status != http.StatusOK || r.object(t)["scope"] != auth.ScopeReadOnly {
			t.Errorf("form credentials: %d %s", r.status, r.body)
		}

		oauthError(post(url.Values{}, c.clientID, c.secret, formType), 400, "invalid_request")
		oauthError(post(url.Values{"grant_type": {"client_credentials", "client_credentials"}}, c.clientID, c.secret, formType), 400, "invalid_request")
		oauthError(post(grant, c.clientID, c.secret, "application/json"), 400, "invalid_request")
		oauthError(post(url.Values{"grant_type": {"password"}}, c.clientID, c.secret, formType), 400, "unsupported_grant_type")
		oauthError(post(grant, "nobody", c.secret, formType), 401, "invalid_client")
		oauthError(post(grant, c.clientID, "wrong-secret", formType), 401, "invalid_client")
		oauthError(post(grant, "", "", formType), 401, "invalid_client")
		oauthError(post(url.Values{"grant_type": {"client_credentials"}, "scope": {auth.ScopeOperator}}, c.clientID, c.secret, formType), 400, "invalid_scope")

		bad := e.request(http.MethodPost, "/oauth/v3/token", grant.Encode())
		bad.Header.Set("Content-Type", formType)
		bad.Header.Set("Authorization", "Basic %%%not-base64")
		r = e.send(bad)
		oauthError(r, 401, "invalid_client")

		if err := e.admin.RevokeClient(context.Background(), c.clientID); err != nil {
			t.Fatal(err)
		}
		oauthError(post(grant, c.clientID, c.secret, formType), 401, "invalid_client")

		// Another method on the token path.
		get := e.send(e.request(http.MethodGet, "/oauth/v3/token", nil))
		checkError(t, get, 405, 61)
		if get.header.Get("Allow") != "POST" {
			t.Errorf("Allow %q", get.header.Get("Allow"))
		}
	})
}

// unauthorized checks a 401 of the API: its code and the Bearer challenge
// of RFC 6750.
func unauthorized(t *testing.T, r reply, code int) {
	t.Helper()
	checkError(t, r, http.StatusUnauthorized, code)
	if got := r.header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
		t.Errorf("WWW-Authenticate %q, want a Bearer challenge", got)
	}
}
