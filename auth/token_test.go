package auth_test

import (
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

func TestTokenIssuance(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		id := f.client(auth.CustomerOwner("acme"), auth.ScopeIncident, auth.ScopeReadOnly)
		form := url.Values{"grant_type": {"client_credentials"}}

		resp, oerr := f.svc.Token(f.ctx, form, auth.Basic(id, f.secret[id]))
		if oerr != nil {
			t.Fatal(oerr)
		}
		if resp.TokenType != "Bearer" || resp.ExpiresIn != 3600 || resp.Scope != "b2b:incident b2b:incident:readonly" || !auth.IsRandomString(resp.AccessToken) {
			t.Fatalf("response %+v", resp)
		}
		stored, err := f.db.FindToken(f.ctx, auth.HashCredential(resp.AccessToken))
		if err != nil {
			t.Fatalf("the token's hash is not stored: %v", err)
		}
		if stored.ClientID != id || !slices.Equal(stored.Scopes, []string{auth.ScopeIncident, auth.ScopeReadOnly}) ||
			!stored.IssuedAt.Equal(auth.T0) || !stored.ExpiresAt.Equal(auth.T0.Add(time.Hour)) {
			t.Fatalf("stored token %+v", stored)
		}

		form.Set("scope", auth.ScopeReadOnly)
		resp, oerr = f.svc.Token(f.ctx, form, auth.Basic(id, f.secret[id]))
		if oerr != nil || resp.Scope != auth.ScopeReadOnly {
			t.Fatalf("subset scope: %+v, %v", resp, oerr)
		}

		// client_id and client_secret as form fields.
		resp, oerr = f.svc.Token(f.ctx, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {f.secret[id]}}, "")
		if oerr != nil || resp.AccessToken == "" {
			t.Fatalf("form credentials: %+v, %v", resp, oerr)
		}
	})
}

func TestTokenLifetimeIsConfigurable(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		id := f.client(auth.CustomerOwner("acme"), auth.ScopeIncident)
		svc := auth.NewService(f.db, auth.Options{Now: f.clock.Now, TokenLifetime: 10 * time.Minute})
		resp, oerr := svc.IssueToken(f.ctx, id, f.secret[id], "")
		if oerr != nil || resp.ExpiresIn != 600 {
			t.Fatalf("%+v, %v; want expires_in 600", resp, oerr)
		}
	})
}

func TestTokenIssuanceErrors(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		id := f.client(auth.CustomerOwner("acme"), auth.ScopeIncident)
		readOnly := f.client(auth.CustomerOwner("acme"), auth.ScopeReadOnly)
		revoked := f.client(auth.CustomerOwner("acme"), auth.ScopeIncident)
		if err := f.admin.RevokeClient(f.ctx, revoked); err != nil {
			t.Fatal(err)
		}
		op := f.client(auth.OperatorOwner(), auth.ScopeOperator)

		for _, tc := range []struct {
			name                    string
			clientID, secret, scope string
			status                  int
			code                    string
			reason                  auth.Reason
		}{
			{"unknown client", "nobody", "whatever-secret", "", 401, auth.ErrInvalidClient, auth.ReasonUnknownClient},
			{"wrong secret", id, f.secret[id] + "x", "", 401, auth.ErrInvalidClient, auth.ReasonBadSecret},
			{"another client's secret", id, f.secret[readOnly], "", 401, auth.ErrInvalidClient, auth.ReasonBadSecret},
			{"revoked client", revoked, f.secret[revoked], "", 401, auth.ErrInvalidClient, auth.ReasonRevokedClient},
			{"empty secret", id, "", "", 401, auth.ErrInvalidClient, auth.ReasonMalformedClientAuth},
			{"scope the client does not hold", readOnly, f.secret[readOnly], auth.ScopeIncident, 400, auth.ErrInvalidScope, auth.ErrInvalidScope},
			{"operator scope for a customer", id, f.secret[id], auth.ScopeOperator, 400, auth.ErrInvalidScope, auth.ErrInvalidScope},
			{"customer scope for the operator", op, f.secret[op], auth.ScopeIncident, 400, auth.ErrInvalidScope, auth.ErrInvalidScope},
			{"unknown scope", id, f.secret[id], "b2b:incident admin", 400, auth.ErrInvalidScope, auth.ErrInvalidScope},
		} {
			t.Run(tc.name, func(t *testing.T) {
				resp, oerr := f.svc.IssueToken(f.ctx, tc.clientID, tc.secret, tc.scope)
				if oerr == nil {
					t.Fatalf("issued %+v", resp)
				}
				if oerr.Status != tc.status || oerr.Code != tc.code || oerr.Description == "" {
					t.Fatalf("got %d %s %q, want %d %s", oerr.Status, oerr.Code, oerr.Description, tc.status, tc.code)
				}
				if oerr.LogReason() != tc.reason || !slices.Contains(auth.TokenRefusalReasons, tc.reason) {
					t.Errorf("reason %q, want %q, one of auth.TokenRefusalReasons", oerr.LogReason(), tc.reason)
				}
				// The reason is for the log: the answer's body does not tell
				// an unknown client from a wrong secret.
				if body, _ := json.Marshal(oerr); strings.Contains(string(body), string(tc.reason)) && string(tc.reason) != tc.code {
					t.Errorf("the body %s tells the reason %s", body, tc.reason)
				}
			})
		}
		// The same refusals through the form entry point, with a bad header.
		_, oerr := f.svc.Token(f.ctx, url.Values{"grant_type": {"client_credentials"}}, "Basic %%%")
		if oerr == nil || oerr.Code != auth.ErrInvalidClient || oerr.Challenge() == "" {
			t.Fatalf("undecodable Basic header: %v", oerr)
		}
	})
}

func TestRotatedSecretReplacesTheOldOne(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		_, key := f.key(auth.CustomerOwner("acme"), 0)
		id := f.client(auth.CustomerOwner("acme"), auth.ScopeIncident)
		old := f.secret[id]
		issued := f.token(id, "")

		// A planned rotation lets the tokens live; a revoking one does not.
		kept, revoked, err := f.admin.RotateClientSecret(f.ctx, id, false)
		if err != nil || revoked != 0 {
			t.Fatalf("rotation keeping tokens: %d revoked, %v", revoked, err)
		}
		if _, err := f.svc.Authenticate(f.ctx, issued, key); err != nil {
			t.Fatalf("a token after a rotation keeping tokens: %v", err)
		}
		if _, oerr := f.svc.IssueToken(f.ctx, id, old, ""); oerr == nil || oerr.Code != auth.ErrInvalidClient {
			t.Fatalf("the first secret works after a rotation: %v", oerr)
		}
		f.secret[id] = kept
		issuedUnderKept := f.token(id, "")
		f.clock.Advance(auth.CacheTTL) // the cache of verified tokens ages out
		secret, revoked, err := f.admin.RotateClientSecret(f.ctx, id, true)
		if err != nil || revoked != 2 {
			t.Fatalf("rotation revoking tokens: %d revoked, %v; want both tokens", revoked, err)
		}
		for _, tok := range []string{issued, issuedUnderKept} {
			_, err := f.svc.Authenticate(f.ctx, tok, key)
			wantCode(t, err, incident.CodeInvalidCredentials)
		}
		old = kept
		if secret == old || !auth.IsRandomString(secret) {
			t.Fatalf("rotated secret %q", secret)
		}
		if _, oerr := f.svc.IssueToken(f.ctx, id, old, ""); oerr == nil || oerr.Code != auth.ErrInvalidClient {
			t.Fatalf("the old secret still works: %v", oerr)
		}
		if _, oerr := f.svc.IssueToken(f.ctx, id, secret, ""); oerr != nil {
			t.Fatalf("the new secret is refused: %v", oerr)
		}
	})
}
