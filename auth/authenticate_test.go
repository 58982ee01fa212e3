package auth_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// authWorld is two customers and the operator side, each with a client, a
// key and a token.
type authWorld struct {
	*fixture
	acmeClient, acmeKey, acmeToken string
	globexKey                      string
	opClient, opKey, opToken       string
}

func newAuthWorld(t *testing.T, b backend) *authWorld {
	f := newFixture(t, b)
	f.customer("acme")
	f.customer("globex")
	w := &authWorld{fixture: f}
	w.acmeClient = f.client(auth.CustomerOwner("acme"), auth.ScopeIncident, auth.ScopeReadOnly)
	_, w.acmeKey = f.key(auth.CustomerOwner("acme"), 0)
	w.acmeToken = f.token(w.acmeClient, "")
	_, w.globexKey = f.key(auth.CustomerOwner("globex"), 0)
	w.opClient = f.client(auth.OperatorOwner(), auth.ScopeOperator)
	_, w.opKey = f.key(auth.OperatorOwner(), 0)
	w.opToken = f.token(w.opClient, "")
	return w
}

func TestAuthenticateCustomer(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		for _, header := range []string{"Bearer " + w.acmeToken, w.acmeToken, "bearer " + w.acmeToken} {
			p, err := w.svc.Authenticate(w.ctx, header, w.acmeKey)
			if err != nil {
				t.Fatalf("Authorization %q: %v", header, err)
			}
			want := auth.Principal{ClientID: w.acmeClient, ClientName: "client of customer acme", CustomerID: "acme",
				Scopes: []string{auth.ScopeIncident, auth.ScopeReadOnly}}
			if p.ClientID != want.ClientID || p.ClientName != want.ClientName || p.CustomerID != want.CustomerID ||
				p.Operator || !slices.Equal(p.Scopes, want.Scopes) {
				t.Fatalf("principal %+v, want %+v", p, want)
			}
			if !p.CanRead() || !p.CanWrite() || p.IsOperator() {
				t.Fatalf("permissions of %+v", p)
			}
			if c := p.Caller(); c.Scope != (incident.Scope{CustomerID: "acme"}) || c.Role != incident.RoleCustomer {
				t.Fatalf("caller %+v", c)
			}
		}
	})
}

func TestAuthenticateOperator(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		p, err := w.svc.Authenticate(w.ctx, "Bearer "+w.opToken, w.opKey)
		if err != nil {
			t.Fatal(err)
		}
		if !p.IsOperator() || !p.CanWrite() || p.CustomerID != "" {
			t.Fatalf("operator principal %+v", p)
		}
		if c := p.Caller(); c.Scope != (incident.Scope{Operator: true}) || c.Actor.Type != incident.ActorProvider {
			t.Fatalf("operator caller %+v", c)
		}
	})
}

func TestAuthenticateReadOnlyToken(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		tok := w.token(w.acmeClient, auth.ScopeReadOnly)
		p, err := w.svc.Authenticate(w.ctx, "Bearer "+tok, w.acmeKey)
		if err != nil {
			t.Fatal(err)
		}
		if !p.CanRead() || p.CanWrite() {
			t.Fatalf("a read-only token may read %v and write %v", p.CanRead(), p.CanWrite())
		}
	})
}

// Every row of spec §1.4 that authentication decides.
func TestAuthenticateFailures(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		revokedKey, revoked := w.key(auth.CustomerOwner("acme"), 0)
		if err := w.admin.RevokeAPIKey(w.ctx, revokedKey.ID); err != nil {
			t.Fatal(err)
		}
		_, shortKey := w.key(auth.CustomerOwner("acme"), time.Minute)
		expiredToken := w.token(w.acmeClient, "")
		w.clock.Advance(time.Hour)
		revokedClient := w.client(auth.CustomerOwner("acme"), auth.ScopeIncident)
		revokedClientToken := w.token(revokedClient, "")
		if err := w.admin.RevokeClient(w.ctx, revokedClient); err != nil {
			t.Fatal(err)
		}
		freshToken := w.token(w.acmeClient, "")
		freshOpToken := w.token(w.opClient, "")

		for _, tc := range []struct {
			name                  string
			authorization, apiKey string
			code                  int
			reason                auth.Reason
			client                string // the client the refusal names, when known
		}{
			{"no Authorization header", "", w.acmeKey, incident.CodeMissingCredentials, auth.ReasonNoAccessToken, ""},
			{"Bearer with nothing after it", "Bearer", w.acmeKey, incident.CodeMissingCredentials, auth.ReasonNoAccessToken, ""},
			{"Bearer and spaces", "Bearer   ", w.acmeKey, incident.CodeMissingCredentials, auth.ReasonNoAccessToken, ""},
			{"no X-Api-Key", "Bearer " + freshToken, "", incident.CodeMissingCredentials, auth.ReasonNoAPIKey, ""},
			{"blank X-Api-Key", "Bearer " + freshToken, "  ", incident.CodeMissingCredentials, auth.ReasonNoAPIKey, ""},
			{"unknown token", "Bearer " + auth.NewRandomString(), w.acmeKey, incident.CodeInvalidCredentials, auth.ReasonUnknownAccessToken, ""},
			{"malformed token", "Bearer not-a-token", w.acmeKey, incident.CodeInvalidCredentials, auth.ReasonMalformedAccessToken, ""},
			{"Basic credentials instead of a token", "Basic ZGVtbzpkZW1v", w.acmeKey, incident.CodeInvalidCredentials, auth.ReasonMalformedAccessToken, ""},
			{"unknown API key", "Bearer " + freshToken, "ik_aaaaaaaa_" + auth.NewRandomString(), incident.CodeInvalidCredentials, auth.ReasonUnknownAPIKey, w.acmeClient},
			{"revoked API key", "Bearer " + freshToken, revoked, incident.CodeInvalidCredentials, auth.ReasonRevokedAPIKey, w.acmeClient},
			{"API key of another customer", "Bearer " + freshToken, w.globexKey, incident.CodeInvalidCredentials, auth.ReasonKeyOfAnotherCustomer, w.acmeClient},
			{"operator token with a customer key", "Bearer " + freshOpToken, w.acmeKey, incident.CodeInvalidCredentials, auth.ReasonOperatorCustomerMix, w.opClient},
			{"customer token with the operator key", "Bearer " + freshToken, w.opKey, incident.CodeInvalidCredentials, auth.ReasonOperatorCustomerMix, w.acmeClient},
			{"token of a revoked client", "Bearer " + revokedClientToken, w.acmeKey, incident.CodeInvalidCredentials, auth.ReasonRevokedClient, revokedClient},
			{"expired token", "Bearer " + expiredToken, w.acmeKey, incident.CodeExpiredCredentials, auth.ReasonExpiredAccessToken, w.acmeClient},
			{"expired API key", "Bearer " + freshToken, shortKey, incident.CodeExpiredCredentials, auth.ReasonExpiredAPIKey, w.acmeClient},
		} {
			t.Run(tc.name, func(t *testing.T) {
				_, err := w.svc.Authenticate(w.ctx, tc.authorization, tc.apiKey)
				wantCode(t, err, tc.code)
				r, ok := auth.RefusalOf(err)
				if !ok || r.Reason != tc.reason || r.ClientID != tc.client || !slices.Contains(auth.CallRefusalReasons, r.Reason) {
					t.Errorf("refusal %+v, want reason %s naming client %q", r, tc.reason, tc.client)
				}
				var e *incident.Error
				if !errors.As(err, &e) || e.Describe(text.English) == string(e.Detail) || e.Describe(text.French) == e.Describe(text.English) {
					t.Fatalf("error %v has no English and French message", err)
				}
			})
		}
		// The valid pair still works: the failures above were about their
		// credentials only.
		if _, err := w.svc.Authenticate(w.ctx, "Bearer "+freshToken, w.acmeKey); err != nil {
			t.Fatal(err)
		}
	})
}

func TestAuthenticateDoesNotQueryTheStoreOnEveryCall(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		before := w.store.findToken.Load()
		for range 50 {
			w.clock.Advance(50 * time.Millisecond) // 2.5 s in all
			if _, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey); err != nil {
				t.Fatal(err)
			}
		}
		if n := w.store.findToken.Load() - before; n != 1 {
			t.Fatalf("%d token lookups for 50 calls within the cache lifetime, want 1", n)
		}
		w.clock.Advance(auth.CacheTTL)
		if _, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey); err != nil {
			t.Fatal(err)
		}
		if n := w.store.findToken.Load() - before; n != 2 {
			t.Fatalf("%d token lookups after the cache lifetime, want 2", n)
		}
	})
}

// Revoking applies within 5 s on every node: two services over one store
// stand for two nodes.
func TestRevocationAppliesWithinFiveSeconds(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		for _, tc := range []struct {
			name   string
			revoke func(w *authWorld, keyID string) error
		}{
			{"client", func(w *authWorld, _ string) error { return w.admin.RevokeClient(w.ctx, w.acmeClient) }},
			{"API key", func(w *authWorld, keyID string) error { return w.admin.RevokeAPIKey(w.ctx, keyID) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				w := newAuthWorld(t, b)
				k, key := w.key(auth.CustomerOwner("acme"), 0)
				nodes := []*auth.Service{w.svc, auth.NewService(w.db, auth.Options{Now: w.clock.Now})}
				for _, n := range nodes {
					if _, err := n.Authenticate(w.ctx, "Bearer "+w.acmeToken, key); err != nil {
						t.Fatal(err)
					}
				}
				if err := tc.revoke(w, k.ID); err != nil {
					t.Fatal(err)
				}
				revokedAt := w.clock.Now()
				for _, step := range []time.Duration{time.Second, time.Second, time.Second, time.Second, time.Second} {
					w.clock.Advance(step)
					for i, n := range nodes {
						_, err := n.Authenticate(w.ctx, "Bearer "+w.acmeToken, key)
						elapsed := w.clock.Now().Sub(revokedAt)
						if elapsed >= auth.CacheTTL && incident.ErrorCode(err) != incident.CodeInvalidCredentials {
							t.Fatalf("node %d still accepts %v after the revocation: %v", i, elapsed, err)
						}
					}
				}
			})
		}
	})
}

func TestExpiryIsCheckedOnCachedCredentials(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		// Just before the token expires, the pair is verified and cached...
		w.clock.Advance(auth.DefaultTokenLifetime - time.Second)
		if _, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey); err != nil {
			t.Fatal(err)
		}
		calls := w.store.findToken.Load()
		// ...and 1.5 s later, still within the cache lifetime, it has expired.
		w.clock.Advance(1500 * time.Millisecond)
		_, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey)
		wantCode(t, err, incident.CodeExpiredCredentials)
		if w.store.findToken.Load() != calls {
			t.Fatal("the expiry was found by asking the store, not from the cache")
		}

		_, key := w.key(auth.CustomerOwner("acme"), 2*time.Second)
		tok := w.token(w.acmeClient, "")
		if _, err := w.svc.Authenticate(w.ctx, "Bearer "+tok, key); err != nil {
			t.Fatal(err)
		}
		w.clock.Advance(2 * time.Second)
		_, err = w.svc.Authenticate(w.ctx, "Bearer "+tok, key)
		wantCode(t, err, incident.CodeExpiredCredentials)
	})
}

func TestPurgeExpiredTokensKeepsRecentlyExpiredOnes(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		w := newAuthWorld(t, b)
		w.clock.Advance(auth.DefaultTokenLifetime + time.Hour)
		if n, err := w.svc.PurgeExpiredTokens(w.ctx); err != nil || n != 0 {
			t.Fatalf("purged %d, %v: tokens expired an hour ago must stay", n, err)
		}
		_, err := w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey)
		wantCode(t, err, incident.CodeExpiredCredentials)

		w.clock.Advance(auth.ExpiredTokenRetention)
		if n, err := w.svc.PurgeExpiredTokens(w.ctx); err != nil || n != 2 {
			t.Fatalf("purged %d, %v; want the 2 tokens", n, err)
		}
		_, err = w.svc.Authenticate(w.ctx, "Bearer "+w.acmeToken, w.acmeKey)
		wantCode(t, err, incident.CodeInvalidCredentials)
	})
}
