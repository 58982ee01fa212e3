package hardening

import (
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/proctest"
	"github.com/incidentd/incidentd/seed"
)

// admin runs an `incidentd admin` command on the database and returns its
// output.
func admin(t *testing.T, database string, args ...string) string {
	t.Helper()
	out, err := exec.Command(proctest.Binary(t), append(append([]string{"admin"}, args...), "--database", database)...).CombinedOutput()
	if err != nil {
		t.Fatalf("incidentd admin %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// within retries check every 100 ms for up to d and reports whether it
// came true.
func within(d time.Duration, check func() bool) bool {
	for deadline := time.Now().Add(d); ; time.Sleep(100 * time.Millisecond) {
		if check() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
	}
}

// TestRotationRevokesTokens: `incidentd admin client rotate` revokes the
// tokens issued under the old secret, on the running server within 5 s;
// with --keep-tokens they live on. The audit saw them valid for an hour.
func TestRotationRevokesTokens(t *testing.T) {
	t.Parallel()
	s := serveSQLite(t, nil, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 5})
	database, c := s.database, s.c
	who := s.writer["acme"]
	c.login(&who)
	works := func(token string) bool {
		r := c.must(as(c.request(http.MethodGet, base+"/incidents?limit=1", nil), caller{token: token, key: who.key}))
		return r.status == http.StatusOK
	}
	if !works(who.token) {
		t.Fatal("the token does not work before the rotation")
	}
	secret := regexp.MustCompile(`client_secret: (\S+)`)

	out := admin(t, database, "client", "rotate", "--id", who.clientID, "--keep-tokens")
	if !strings.Contains(out, "stay valid") || !works(who.token) {
		t.Fatalf("rotation keeping tokens: %s; token works: %t", out, works(who.token))
	}
	who.secret = secret.FindStringSubmatch(out)[1]
	kept := who.token
	c.login(&who)

	out = admin(t, database, "client", "rotate", "--id", who.clientID)
	if !strings.Contains(out, "2 tokens issued under the previous secret revoked") {
		t.Errorf("rotation output: %s", out)
	}
	for _, token := range []string{kept, who.token} {
		if !within(5*time.Second, func() bool { return !works(token) }) {
			t.Errorf("a token of the old secret still works 5 s after the rotation")
		}
	}
	wantError(t, "a revoked token", c.must(as(c.request(http.MethodGet, base+"/incidents", nil), who)), http.StatusUnauthorized, 41)
	who.secret = secret.FindStringSubmatch(out)[1]
	c.login(&who)
	if !works(who.token) {
		t.Error("the new secret's token does not work")
	}
}

// TestLockoutAndItsClearing: wrong secrets hold a client back (429 with
// Retry-After, even for the right secret), `incidentd admin lockout list`
// shows it and `lockout clear` lifts it on the running server within 5 s.
func TestLockoutAndItsClearing(t *testing.T) {
	t.Parallel()
	s := serveSQLite(t, nil, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 5})
	database, c := s.database, s.c
	who := s.writer["acme"]
	for range auth.FreeFailures + 1 {
		wantOAuth := c.must(c.tokenRequest(who.clientID, "wrong-secret"))
		if wantOAuth.status != http.StatusUnauthorized {
			t.Fatalf("a wrong secret: %d %s", wantOAuth.status, wantOAuth.body)
		}
	}
	held := c.must(c.tokenRequest(who.clientID, who.secret))
	wantError(t, "the right secret while held back", held, http.StatusTooManyRequests, 53)
	if held.header.Get("Retry-After") == "" {
		t.Error("no Retry-After")
	}
	if out := admin(t, database, "lockout", "list"); !strings.Contains(out, auth.ClientSubject(who.clientID)) || !strings.Contains(out, "address:127.0.0.1") {
		t.Errorf("lockout list:\n%s", out)
	}
	if out := admin(t, database, "lockout", "clear", "--client", who.clientID); !strings.Contains(out, "1 failure records cleared") {
		t.Errorf("lockout clear --client: %s", out)
	}
	admin(t, database, "lockout", "clear", "--address", "127.0.0.1")
	if !within(5*time.Second, func() bool { return c.must(c.tokenRequest(who.clientID, who.secret)).status == http.StatusOK }) {
		t.Error("the client is still held back 5 s after the lockout was cleared")
	}
}

// TestFilesArePrivate: the database file the server creates, its journal
// files, and the attachment files and directories are its owner's only.
func TestFilesArePrivate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	database := "sqlite:" + filepath.Join(dir, "incidentd.db")
	srv := startServer(t, database, "--demo")
	c := newClient(t, srv)
	who := caller{clientID: "demo-client", secret: "demo-secret", key: "demo-api-key"}
	c.login(&who)
	upload(t, c, who, newIncident(t, c, who), "trace.txt", []byte("a trace\n"))
	checked := 0
	filepath.WalkDir(dir, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := e.Info()
		if err != nil || path == dir {
			return err
		}
		want := fs.FileMode(0o600)
		if e.IsDir() {
			want = 0o700
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s: mode %o, want %o", strings.TrimPrefix(path, dir), info.Mode().Perm(), want)
		}
		checked++
		return nil
	})
	if _, err := os.Stat(filepath.Join(dir, "incidentd.db-wal")); err != nil || checked < 6 {
		t.Errorf("checked %d files and directories (%v)", checked, err)
	}
}
