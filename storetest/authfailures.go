package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// testAuthFailures checks the counting of failed authentications: one
// more per record, from one again after the memory window, read back by
// subject, listed, deleted by subject and by age.
func testAuthFailures(t *testing.T, f *fixture) {
	record := func(subject string, at time.Time) auth.AuthFailure {
		t.Helper()
		r, err := f.s.RecordAuthFailure(f.ctx, subject, at, at.Add(-time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for i := 1; i <= 3; i++ {
		at := start.Add(time.Duration(i) * time.Minute)
		if r := record("client:acme-app", at); r.Subject != "client:acme-app" || r.Failures != i || !r.LastFailureAt.Equal(at) {
			t.Errorf("failure %d: %+v", i, r)
		}
	}
	record("address:192.0.2.1", start)
	// Two hours later the old failures are forgotten.
	if r := record("address:192.0.2.1", start.Add(2*time.Hour)); r.Failures != 1 {
		t.Errorf("a failure after the memory window counts %d, want 1", r.Failures)
	}

	got, err := f.s.AuthFailures(f.ctx, []string{"client:acme-app", "client:nobody"})
	if err != nil || len(got) != 1 || got[0].Failures != 3 || !got[0].LastFailureAt.Equal(start.Add(3*time.Minute)) {
		t.Errorf("failures of two subjects, one known: %+v, %v", got, err)
	}
	all, err := f.s.ListAuthFailures(f.ctx)
	subjects := []string{}
	for _, r := range all {
		subjects = append(subjects, r.Subject)
	}
	if err != nil || !slices.Equal(subjects, []string{"address:192.0.2.1", "client:acme-app"}) {
		t.Errorf("list: %v, %v", subjects, err)
	}

	if n, err := f.s.DeleteAuthFailuresBefore(f.ctx, start.Add(time.Hour)); err != nil || n != 1 {
		t.Errorf("purge removed %d (%v), want the client's record", n, err)
	}
	if n, err := f.s.DeleteAuthFailures(f.ctx, []string{"address:192.0.2.1", "client:acme-app"}); err != nil || n != 1 {
		t.Errorf("delete removed %d (%v), want the address's record", n, err)
	}
	if all, err := f.s.ListAuthFailures(f.ctx); err != nil || len(all) != 0 {
		t.Errorf("left after deletions: %+v, %v", all, err)
	}
}

// testRotationRevokesTokens checks that a new secret revokes the client's
// tokens when asked to, and only that client's.
func testRotationRevokesTokens(t *testing.T, f *fixture) {
	for _, id := range []string{"acme-app", "acme-other"} {
		if err := f.s.CreateClient(f.ctx, auth.Client{ID: id, CustomerID: acme, Scopes: []string{"b2b:incident"}, SecretHash: "h-" + id}); err != nil {
			t.Fatal(err)
		}
		for _, n := range []string{"1", "2"} {
			tok := auth.Token{Hash: id + n, ClientID: id, Scopes: []string{"b2b:incident"}, IssuedAt: start, ExpiresAt: start.Add(time.Hour)}
			if err := f.s.CreateToken(f.ctx, tok, "h-"+id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if n, err := f.s.SetClientSecret(f.ctx, "acme-app", "h2", false); err != nil || n != 0 {
		t.Errorf("rotation keeping tokens: %d revoked, %v", n, err)
	}
	if n, err := f.s.SetClientSecret(f.ctx, "acme-app", "h3", true); err != nil || n != 2 {
		t.Errorf("rotation revoking tokens: %d revoked, %v; want 2", n, err)
	}
	for hash, want := range map[string]bool{"acme-app1": false, "acme-app2": false, "acme-other1": true, "acme-other2": true} {
		if _, err := f.s.FindToken(f.ctx, hash); (err == nil) != want {
			t.Errorf("token %s present: %t, want %t", hash, err == nil, want)
		}
	}
	if c, err := f.s.GetClient(f.ctx, "acme-app"); err != nil || c.SecretHash != "h3" {
		t.Errorf("client after rotations: %+v, %v", c, err)
	}
}
