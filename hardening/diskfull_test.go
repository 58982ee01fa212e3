package hardening

import (
	"context"
	"database/sql"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // checks the database once the server stopped

	"github.com/incidentd/incidentd/seed"
)

// TestFullDisk runs the server on a file system of 16 MiB (a tmpfs the
// test mounts, so root only; CI runs as root) and fills it: reports,
// notes, uploads and token requests answer 503 with code 5 saying the
// storage is full, never 500, and the log names the cause; once space
// comes back, writes go through again, and the database passes SQLite's
// integrity check.
func TestFullDisk(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("the full-disk test mounts a small tmpfs, which needs root: run it as root (CI does)")
	}
	t.Parallel()
	mount := filepath.Join(t.TempDir(), "small")
	if err := os.Mkdir(mount, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", mount).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs (%v: %s): the full-disk test needs it", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mount).Run() }) // after the server stopped
	dbPath := filepath.Join(mount, "incidentd.db")
	database := "sqlite:" + dbPath
	ts := prepare(t, database, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 50})
	srv := startServer(t, database, "--rate-limit", "100000", "--rate-burst", "100000")
	c := newClient(t, srv)
	who := ts.writer["acme"]
	c.login(&who)
	id := newIncident(t, c, who)

	filler := fill(t, mount)
	full := 0
	writes := map[string]func() reply{
		"report": func() reply {
			return c.must(as(c.request(http.MethodPost, base+"/incidents", map[string]any{"description": strings.Repeat("A long account of the outage. ", 100), "impact": "S2", "urgency": "U2"}), who))
		},
		"note": func() reply {
			return c.must(as(c.request(http.MethodPost, base+"/incidents/"+id+"/notes", map[string]any{"text": strings.Repeat("Still down. ", 300)}), who))
		},
		"token": func() reply { return c.must(c.tokenRequest(who.clientID, who.secret)) },
	}
	for name, write := range writes {
		// SQLite first fills the free pages its files hold: write until refused.
		for range 500 {
			r := write()
			if r.status == http.StatusServiceUnavailable {
				wantError(t, name+" on a full disk", r, http.StatusServiceUnavailable, 5)
				full++
				break
			}
			if r.status >= 300 {
				t.Fatalf("%s on a full disk: %d %s, want success or 503", name, r.status, excerpt(r.body))
			}
		}
	}
	r := uploadReply(t, c, who, id, "dump.txt", []byte(strings.Repeat("0123456789abcdef", 1<<16)))
	wantError(t, "an upload on a full disk", r, http.StatusServiceUnavailable, 5)
	if full < len(writes) {
		t.Errorf("%d of %d kinds of writes were refused on a full disk", full, len(writes))
	}
	// The server's log reaches the test through a pipe, after the answer.
	for _, cause := range []string{"database or disk is full", "no space left on device"} {
		if !srv.log.waitFor(5*time.Second, 1, `"msg":"service unavailable"`, cause) {
			t.Errorf("the log does not name the cause %q", cause)
		}
	}

	os.Remove(filler)
	if id := newIncident(t, c, who); id == "" {
		t.Error("no report once space came back")
	}
	if r := uploadReply(t, c, who, id, "dump.txt", []byte("back to normal\n")); r.status != http.StatusCreated {
		t.Errorf("an upload once space came back: %d %s", r.status, excerpt(r.body))
	}

	c.checkAll()
	srv.stop(t)
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity check after the full disk: %q, %v", check, err)
	}
}

// fill writes a file in dir until the file system is full and returns its
// path.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	chunk := make([]byte, 64<<10)
	for _, n := range []int{len(chunk), 4096, 512, 1} { // down to the last byte
		for {
			_, err := f.Write(chunk[:n])
			if errors.Is(err, syscall.ENOSPC) {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	return path
}
