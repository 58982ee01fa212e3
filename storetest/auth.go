package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

func testCustomers(t *testing.T, f *fixture) {
	c := incident.Customer{ID: "initech", Name: "Initech", CreatedAt: start.Add(time.Hour)}
	if err := f.s.CreateCustomer(f.ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := f.s.GetCustomer(f.ctx, "initech")
	if err != nil || got.ID != c.ID || got.Name != c.Name || !got.CreatedAt.Equal(c.CreatedAt) {
		t.Errorf("get customer: %+v, %v; want %+v", got, err, c)
	}
	if err := f.s.CreateCustomer(f.ctx, incident.Customer{ID: "initech", Name: "Again"}); err == nil {
		t.Errorf("second customer with the same id accepted")
	}
	_, err = f.s.GetCustomer(f.ctx, "nobody")
	wantCode(t, "unknown customer", err, incident.CodeNotFound)
	all, err := f.s.ListCustomers(f.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range all {
		names = append(names, c.ID)
	}
	if !slices.Equal(names, []string{acme, globex, "initech"}) {
		t.Errorf("customers %v", names)
	}
}

func testClients(t *testing.T, f *fixture) {
	cust := auth.Client{ID: "acme-app", Name: "Acme app", CustomerID: acme, Scopes: []string{"b2b:incident", "b2b:incident:readonly"}, SecretHash: "hash-1", CreatedAt: start}
	op := auth.Client{ID: "noc", Name: "NOC", Operator: true, Scopes: []string{"b2b:incident:operator"}, SecretHash: "hash-2", CreatedAt: start}
	for _, c := range []auth.Client{cust, op} {
		if err := f.s.CreateClient(f.ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.CreateClient(f.ctx, cust); err == nil {
		t.Errorf("second client with the same id accepted")
	}
	err := f.s.CreateClient(f.ctx, auth.Client{ID: "ghost", CustomerID: "nobody", SecretHash: "h"})
	wantCode(t, "client of an unknown customer", err, incident.CodeInvalidBodyField)

	got, err := f.s.GetClient(f.ctx, "acme-app")
	if err != nil || got.CustomerID != acme || got.Operator || !slices.Equal(got.Scopes, cust.Scopes) || got.SecretHash != "hash-1" || got.RevokedAt != nil || !got.CreatedAt.Equal(start) {
		t.Errorf("customer client: %+v, %v", got, err)
	}
	got, err = f.s.GetClient(f.ctx, "noc")
	if err != nil || got.CustomerID != "" || !got.Operator || !slices.Equal(got.Scopes, op.Scopes) {
		t.Errorf("operator client: %+v, %v", got, err)
	}
	_, err = f.s.GetClient(f.ctx, "nobody")
	wantCode(t, "unknown client", err, incident.CodeNotFound)

	mine, err := f.s.ListClients(f.ctx, acme)
	if err != nil || len(mine) != 1 || mine[0].ID != "acme-app" {
		t.Errorf("acme's clients: %+v, %v", mine, err)
	}
	all, err := f.s.ListClients(f.ctx, "")
	if err != nil || len(all) != 2 {
		t.Errorf("all clients: %+v, %v", all, err)
	}

	if _, err := f.s.SetClientSecret(f.ctx, "acme-app", "hash-3", false); err != nil {
		t.Fatal(err)
	}
	_, err = f.s.SetClientSecret(f.ctx, "nobody", "h", true)
	wantCode(t, "secret of an unknown client", err, incident.CodeNotFound)
	revoked := start.Add(time.Hour)
	if err := f.s.RevokeClient(f.ctx, "acme-app", revoked); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RevokeClient(f.ctx, "acme-app", revoked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "revoke an unknown client", f.s.RevokeClient(f.ctx, "nobody", revoked), incident.CodeNotFound)
	got, _ = f.s.GetClient(f.ctx, "acme-app")
	if got.SecretHash != "hash-3" || got.RevokedAt == nil || !got.RevokedAt.Equal(revoked) {
		t.Errorf("after new secret and revocations: %+v; want hash-3, revoked at the first time", got)
	}
}

func testAPIKeys(t *testing.T, f *fixture) {
	expires := start.AddDate(2, 0, 0)
	keys := []auth.APIKey{
		{ID: "k1", Prefix: "ak_1", CustomerID: acme, Hash: "sha-1", CreatedAt: start, ExpiresAt: expires},
		{ID: "k2", Prefix: "ak_2", CustomerID: acme, Hash: "sha-2", CreatedAt: start.Add(time.Minute), ExpiresAt: expires},
		{ID: "k3", Prefix: "ak_3", Operator: true, Hash: "sha-3", CreatedAt: start.Add(2 * time.Minute), ExpiresAt: expires},
	}
	for _, k := range keys {
		if err := f.s.CreateAPIKey(f.ctx, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.s.CreateAPIKey(f.ctx, auth.APIKey{ID: "k4", CustomerID: acme, Hash: "sha-1", ExpiresAt: expires}); err == nil {
		t.Errorf("second key with the same hash accepted")
	}
	got, err := f.s.FindAPIKey(f.ctx, "sha-2")
	if err != nil || got.ID != "k2" || got.Prefix != "ak_2" || got.CustomerID != acme || got.Operator || !got.ExpiresAt.Equal(expires) || got.RevokedAt != nil {
		t.Errorf("find by hash: %+v, %v", got, err)
	}
	got, err = f.s.FindAPIKey(f.ctx, "sha-3")
	if err != nil || !got.Operator || got.CustomerID != "" {
		t.Errorf("operator key: %+v, %v", got, err)
	}
	_, err = f.s.FindAPIKey(f.ctx, "sha-unknown")
	wantCode(t, "unknown hash", err, incident.CodeNotFound)

	mine, err := f.s.ListAPIKeys(f.ctx, acme)
	if err != nil || len(mine) != 2 || mine[0].ID != "k1" || mine[1].ID != "k2" {
		t.Errorf("acme's keys: %+v, %v", mine, err)
	}
	if all, err := f.s.ListAPIKeys(f.ctx, ""); err != nil || len(all) != 3 {
		t.Errorf("all keys: %+v, %v", all, err)
	}
	revoked := start.Add(time.Hour)
	if err := f.s.RevokeAPIKey(f.ctx, "k1", revoked); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "revoke an unknown key", f.s.RevokeAPIKey(f.ctx, "nobody", revoked), incident.CodeNotFound)
	got, _ = f.s.FindAPIKey(f.ctx, "sha-1")
	if got.RevokedAt == nil || !got.RevokedAt.Equal(revoked) {
		t.Errorf("revoked key: %+v", got)
	}
}

func testTokens(t *testing.T, f *fixture) {
	if err := f.s.CreateClient(f.ctx, auth.Client{ID: "acme-app", CustomerID: acme, Scopes: []string{"b2b:incident"}, SecretHash: "h"}); err != nil {
		t.Fatal(err)
	}
	for i, hash := range []string{"t1", "t2", "t3"} {
		tok := auth.Token{Hash: hash, ClientID: "acme-app", Scopes: []string{"b2b:incident"}, IssuedAt: start, ExpiresAt: start.Add(time.Duration(i+1) * time.Hour)}
		if err := f.s.CreateToken(f.ctx, tok, "h"); err != nil {
			t.Fatal(err)
		}
	}
	stale := auth.Token{Hash: "t4", ClientID: "acme-app", Scopes: []string{"b2b:incident"}, IssuedAt: start, ExpiresAt: start.Add(time.Hour)}
	wantCode(t, "token checked against a replaced secret", f.s.CreateToken(f.ctx, stale, "old-hash"), incident.CodeNotFound)
	if _, err := f.s.FindToken(f.ctx, "t4"); err == nil {
		t.Errorf("a token checked against a replaced secret was stored")
	}
	got, err := f.s.FindToken(f.ctx, "t2")
	if err != nil || got.ClientID != "acme-app" || !slices.Equal(got.Scopes, []string{"b2b:incident"}) || !got.IssuedAt.Equal(start) || !got.ExpiresAt.Equal(start.Add(2*time.Hour)) {
		t.Errorf("find token: %+v, %v", got, err)
	}
	_, err = f.s.FindToken(f.ctx, "unknown")
	wantCode(t, "unknown token", err, incident.CodeNotFound)

	n, err := f.s.DeleteExpiredTokens(f.ctx, start.Add(2*time.Hour+time.Second))
	if err != nil || n != 2 {
		t.Errorf("deleted %d tokens (%v), want 2", n, err)
	}
	for hash, want := range map[string]bool{"t1": false, "t2": false, "t3": true} {
		_, err := f.s.FindToken(f.ctx, hash)
		if (err == nil) != want {
			t.Errorf("token %s present: %t, want %t", hash, err == nil, want)
		}
	}
}
