package main

import (
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/sqlstore"
)

// admin integration create, list, rotate and revoke, and the keys they
// print, as alerts authenticate them.
func TestAdminIntegrations(t *testing.T) {
	ctx := context.Background()
	dbURL := "sqlite:" + filepath.Join(t.TempDir(), "incidentd.db")
	admin := func(args ...string) (string, error) {
		out := &strings.Builder{}
		err := run(ctx, append(append([]string{"admin"}, args...), "--database", dbURL), out)
		return out.String(), err
	}
	mustAdmin := func(args ...string) string {
		t.Helper()
		out, err := admin(args...)
		if err != nil {
			t.Fatalf("admin %v: %v\n%s", args, err, out)
		}
		return out
	}
	mustAdmin("customer", "create", "--id", "initech", "--name", "Initech")
	created := mustAdmin("integration", "create", "--customer", "initech", "--name", "Initech supervision",
		"--service", "SVC-1", "--severities", "page=S1/U1")
	field := func(out, name string) string {
		m := regexp.MustCompile(name + `:\s+(\S+)`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no %s in %q", name, out)
		}
		return m[1]
	}
	id, firstKeyID, firstKey := field(created, "integration_id"), field(created, "key_id"), field(created, "integration_key")
	if strings.Count(created, firstKey) != 1 || !strings.HasPrefix(firstKey, "ig_"+firstKeyID+"_") {
		t.Errorf("create printed %q", created)
	}
	list := mustAdmin("integration", "list", "--customer", "initech")
	if !strings.Contains(list, id) || !strings.Contains(list, "Initech supervision") || !strings.Contains(list, "page=S1/U1") ||
		!strings.Contains(list, "SVC-1") || strings.Contains(list, firstKey) {
		t.Errorf("list:\n%s", list)
	}
	rotated := mustAdmin("integration", "rotate", "--id", id)
	secondKey := field(rotated, "integration_key")

	db, err := sqlstore.Open(ctx, dbURL, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	g := &alerts.Ingester{Store: db}
	authenticates := func(key string) bool {
		t.Helper()
		in, err := g.Authenticate(ctx, key)
		if err != nil && incident.ErrorCode(err) != incident.CodeInvalidCredentials {
			t.Fatalf("authenticate: %v", err)
		}
		return err == nil && in.ID == id && in.CustomerID == "initech" && in.ServiceID == "SVC-1"
	}
	if !authenticates(firstKey) || !authenticates(secondKey) {
		t.Fatalf("after the rotation, both keys must work")
	}
	mustAdmin("integration", "revoke", "--key", firstKeyID)
	if authenticates(firstKey) || !authenticates(secondKey) {
		t.Errorf("after revoking the first key, only the second must work")
	}
	if list := mustAdmin("integration", "list"); !strings.Contains(list, firstKeyID+":") || !strings.Contains(list, "(revoked)") {
		t.Errorf("list after revoking a key:\n%s", list)
	}
	mustAdmin("integration", "revoke", "--id", id)
	if authenticates(secondKey) {
		t.Errorf("a key of a revoked integration still works")
	}
	for _, args := range [][]string{
		{"integration", "create", "--name", "no customer"},
		{"integration", "create", "--customer", "nobody", "--name", "x"},
		{"integration", "create", "--customer", "initech", "--name", "x", "--severities", "page=P1"},
		{"integration", "create", "--customer", "initech", "--name", " "},
		{"integration", "rotate", "--id", id},
		{"integration", "revoke", "--id", id, "--key", firstKeyID},
		{"integration", "revoke"},
		{"integration", "revoke", "--id", "in_none"},
		{"integration", "frobnicate"},
	} {
		if out, err := admin(args...); err == nil {
			t.Errorf("admin %v succeeded: %s", args, out)
		}
	}
}
