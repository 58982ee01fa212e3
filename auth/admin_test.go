package auth_test

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

func TestAdminCreatesAndLists(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		f.customer("globex")
		c, secret, err := f.admin.CreateClient(f.ctx, auth.CustomerOwner("acme"), "Acme portal", []string{auth.ScopeIncident, auth.ScopeIncident, auth.ScopeReadOnly})
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^ic_[a-z2-7]{16}$`).MatchString(c.ID) || !auth.IsRandomString(secret) {
			t.Fatalf("generated client id %q, secret %q", c.ID, secret)
		}
		if !slices.Equal(c.Scopes, []string{auth.ScopeIncident, auth.ScopeReadOnly}) {
			t.Fatalf("scopes %v: duplicates must go", c.Scopes)
		}
		k, key, err := f.admin.CreateAPIKey(f.ctx, auth.CustomerOwner("acme"), 0)
		if err != nil {
			t.Fatal(err)
		}
		if !regexp.MustCompile(`^ik_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$`).MatchString(key) || k.Prefix != key[:11] || k.Prefix != "ik_"+k.ID {
			t.Fatalf("key %q, prefix %q, id %q", key, k.Prefix, k.ID)
		}
		if !k.ExpiresAt.Equal(auth.T0.Add(auth.DefaultAPIKeyLifetime)) {
			t.Fatalf("key expires at %v, want the default two years", k.ExpiresAt)
		}
		if _, _, err := f.admin.CreateAPIKey(f.ctx, auth.OperatorOwner(), 24*time.Hour); err != nil {
			t.Fatal(err)
		}

		customers, err := f.admin.ListCustomers(f.ctx)
		if err != nil || len(customers) != 2 {
			t.Fatalf("customers %+v, %v", customers, err)
		}
		clients, err := f.admin.ListClients(f.ctx, "acme")
		if err != nil || len(clients) != 1 || clients[0].ID != c.ID || clients[0].Name != "Acme portal" {
			t.Fatalf("acme's clients %+v, %v", clients, err)
		}
		if clients, err := f.admin.ListClients(f.ctx, "globex"); err != nil || len(clients) != 0 {
			t.Fatalf("globex's clients %+v, %v", clients, err)
		}
		keys, err := f.admin.ListAPIKeys(f.ctx, "acme")
		if err != nil || len(keys) != 1 || keys[0].ID != k.ID || keys[0].Prefix != k.Prefix {
			t.Fatalf("acme's keys %+v, %v", keys, err)
		}

		if err := f.admin.RevokeAPIKey(f.ctx, k.ID); err != nil {
			t.Fatal(err)
		}
		keys, _ = f.admin.ListAPIKeys(f.ctx, "acme")
		if len(keys) != 1 || keys[0].RevokedAt == nil {
			t.Fatalf("revoked key listed as %+v", keys)
		}
		if err := f.admin.RevokeClient(f.ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.admin.RotateClientSecret(f.ctx, c.ID, true); !errors.Is(err, auth.ErrInvalidInput) {
			t.Fatalf("rotating a revoked client's secret: %v", err)
		}
	})
}

// The fixed demonstration credentials of spec §10 work end to end.
func TestAdminFixedDemoCredentials(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("demo")
		c, secret, err := f.admin.CreateClient(f.ctx, auth.CustomerOwner("demo"), "Demo client",
			[]string{auth.ScopeIncident, auth.ScopeReadOnly}, auth.WithClientID("demo-client"), auth.WithSecret("demo-secret"))
		if err != nil {
			t.Fatal(err)
		}
		if c.ID != "demo-client" || secret != "demo-secret" {
			t.Fatalf("client %q secret %q", c.ID, secret)
		}
		k, key, err := f.admin.CreateAPIKey(f.ctx, auth.CustomerOwner("demo"), 0, auth.WithKey("demo-api-key"))
		if err != nil {
			t.Fatal(err)
		}
		if key != "demo-api-key" || k.Prefix != "demo" || k.Hash != auth.HashCredential("demo-api-key") {
			t.Fatalf("key %q %+v", key, k)
		}
		resp, oerr := f.svc.IssueToken(f.ctx, "demo-client", "demo-secret", "")
		if oerr != nil {
			t.Fatal(oerr)
		}
		p, err := f.svc.Authenticate(f.ctx, resp.AccessToken, "demo-api-key")
		if err != nil || p.CustomerID != "demo" || p.ClientID != "demo-client" {
			t.Fatalf("demo credentials: %+v, %v", p, err)
		}
		// A client id is unique.
		if _, _, err := f.admin.CreateClient(f.ctx, auth.CustomerOwner("demo"), "Again", []string{auth.ScopeIncident}, auth.WithClientID("demo-client")); err == nil {
			t.Fatal("a second client demo-client was created")
		}
	})
}

func TestAdminRefusesBadInput(t *testing.T) {
	eachBackend(t, func(t *testing.T, b backend) {
		f := newFixture(t, b)
		f.customer("acme")
		acme := auth.CustomerOwner("acme")
		for _, tc := range []struct {
			name string
			do   func() error
			says string
		}{
			{"customer id with a space", func() error { _, err := f.admin.CreateCustomer(f.ctx, "a b", "A"); return err }, "customer id"},
			{"empty customer id", func() error { _, err := f.admin.CreateCustomer(f.ctx, "", "A"); return err }, "customer id"},
			{"empty customer name", func() error { _, err := f.admin.CreateCustomer(f.ctx, "x", ""); return err }, "name"},
			{"customer name with a newline", func() error { _, err := f.admin.CreateCustomer(f.ctx, "x", "A\nB"); return err }, "name"},
			{"customer name too long", func() error { _, err := f.admin.CreateCustomer(f.ctx, "x", strings.Repeat("é", 201)); return err }, "name"},
			{"unknown scope", func() error { return createClient(f, acme, "admin") }, `unknown scope "admin"`},
			{"no scope", func() error { return createClient(f, acme) }, "at least one scope"},
			{"operator scope for a customer", func() error { return createClient(f, acme, auth.ScopeOperator) }, "not allowed for the customer acme"},
			{"customer scope for the operator", func() error { return createClient(f, auth.OperatorOwner(), auth.ScopeOperator, auth.ScopeReadOnly) }, "not allowed for the operator"},
			{"unknown customer", func() error { return createClient(f, auth.CustomerOwner("nobody"), auth.ScopeIncident) }, `customer "nobody" does not exist`},
			{"no owner", func() error { return createClient(f, auth.Owner{}, auth.ScopeIncident) }, "customer id is required"},
			{"two owners", func() error {
				return createClient(f, auth.Owner{CustomerID: "acme", Operator: true}, auth.ScopeOperator)
			}, "not both"},
			{"client id with a colon", func() error {
				_, _, err := f.admin.CreateClient(f.ctx, acme, "C", []string{auth.ScopeIncident}, auth.WithClientID("a:b"))
				return err
			}, "client id"},
			{"short secret", func() error {
				_, _, err := f.admin.CreateClient(f.ctx, acme, "C", []string{auth.ScopeIncident}, auth.WithSecret("short"))
				return err
			}, "secret"},
			{"key for an unknown customer", func() error { _, _, err := f.admin.CreateAPIKey(f.ctx, auth.CustomerOwner("nobody"), 0); return err }, "does not exist"},
			{"negative key lifetime", func() error { _, _, err := f.admin.CreateAPIKey(f.ctx, acme, -time.Hour); return err }, "negative"},
			{"short key", func() error { _, _, err := f.admin.CreateAPIKey(f.ctx, acme, 0, auth.WithKey("abc")); return err }, "API key"},
			{"key with a space", func() error {
				_, _, err := f.admin.CreateAPIKey(f.ctx, acme, 0, auth.WithKey("demo api key"))
				return err
			}, "API key"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.do()
				if !errors.Is(err, auth.ErrInvalidInput) || !strings.Contains(err.Error(), tc.says) {
					t.Fatalf("error %v, want auth.ErrInvalidInput saying %q", err, tc.says)
				}
			})
		}
		if clients, _ := f.admin.ListClients(f.ctx, ""); len(clients) != 0 {
			t.Fatalf("refused input created clients: %+v", clients)
		}
	})
}

func createClient(f *fixture, owner auth.Owner, scopes ...string) error {
	_, _, err := f.admin.CreateClient(f.ctx, owner, "C", scopes)
	return err
}
