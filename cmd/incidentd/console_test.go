package main

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serve --demo creates the console's demo users, prints them, and serves
// the console beside the API, / leading to it.
func TestDemoConsoleUsers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	srv := startServer(t, "--demo", "--database", "sqlite:"+filepath.Join(t.TempDir(), "demo.db"))
	for i := 0; i < 50 && !strings.Contains(srv.stdout.String(), "admin@provider.example"); i++ {
		time.Sleep(20 * time.Millisecond)
	}
	for _, email := range []string{"viewer@demo.example", "reporter@demo.example", "reporter@acme.example", "agent@provider.example", "admin@provider.example"} {
		if !strings.Contains(srv.stdout.String(), email) {
			t.Errorf("serve --demo does not name the console user %s:\n%s", email, srv.stdout)
		}
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/console/" {
		t.Errorf("GET /: %d to %q, want 303 to /console/", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, email := range []string{"agent@provider.example", "reporter@acme.example", "viewer@demo.example"} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/console/login",
			strings.NewReader(url.Values{"email": {email}, "password": {"demo-password"}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", srv.URL)
		resp, err := noRedirect.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Set-Cookie"), "incidentd_session=") {
			t.Errorf("sign-in of %s: status %d, Set-Cookie %q", email, resp.StatusCode, resp.Header.Get("Set-Cookie"))
		}
	}
}

func TestAdminUserCommands(t *testing.T) {
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(t.TempDir(), "users.db")
	admin := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(ctx, append(append([]string{"admin"}, args...), "--database", db), &out)
		return out.String(), err
	}
	if _, err := admin("customer", "create", "--id", "initech", "--name", "Initech"); err != nil {
		t.Fatal(err)
	}
	out, err := admin("user", "create", "--email", "Peter@Initech.example", "--name", "Peter", "--role", "reporter", "--customer", "initech")
	if err != nil || !strings.Contains(out, "user:     peter@initech.example (reporter, initech)") || !strings.Contains(out, "password: ") {
		t.Fatalf("user create: %v\n%s", err, out)
	}
	if _, err := admin("user", "create", "--email", "bill@provider.example", "--name", "Bill", "--role", "agent"); err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{
		{"--email", "x@initech.example", "--name", "X", "--role", "agent", "--customer", "initech"},
		{"--email", "y@initech.example", "--name", "Y", "--role", "viewer"},
		{"--email", "z@initech.example", "--name", "Z", "--role", "owner", "--customer", "initech"},
		{"--email", "not an email", "--name", "W", "--role", "viewer", "--customer", "initech"},
		{"--email", "peter@initech.example", "--name", "Again", "--role", "viewer", "--customer", "initech"},
	} {
		if out, err := admin(append([]string{"user", "create"}, bad...)...); err == nil {
			t.Errorf("user create %v accepted:\n%s", bad, out)
		}
	}
	out, err = admin("user", "list", "--customer", "initech")
	if err != nil || strings.Count(out, "\n") != 2 || !strings.Contains(out, "peter@initech.example") || strings.Contains(out, "bill@") {
		t.Errorf("user list --customer initech: %v\n%s", err, out)
	}
	out, err = admin("user", "reset-password", "--email", "peter@initech.example")
	if err != nil || !strings.Contains(out, "password: ") {
		t.Errorf("user reset-password: %v\n%s", err, out)
	}
	if out, err = admin("user", "disable", "--email", "peter@initech.example"); err != nil {
		t.Fatalf("user disable: %v\n%s", err, out)
	}
	out, _ = admin("user", "list")
	line := out[strings.Index(out, "peter@"):]
	if line = line[:strings.IndexByte(line, '\n')]; strings.HasSuffix(strings.TrimSpace(line), "-") {
		t.Errorf("the disabled user is listed without its time: %q", line)
	}
	if _, err := admin("user", "disable", "--email", "nobody@initech.example"); err == nil {
		t.Error("disabling an unknown user succeeded")
	}
}
