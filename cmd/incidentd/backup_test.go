package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/sqlstore"
)

// A backup taken while 8 writers create incidents is a sound database
// holding every incident acknowledged before the backup started.
func TestBackupWhileWriting(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	database := "sqlite:" + filepath.Join(dir, "incidentd.db")
	// Enough incidents that the copy takes a while.
	if out, err := exec.Command(binary(t), "seed", "--database", database, "--incidents", "20000").CombinedOutput(); err != nil {
		t.Fatalf("seed: %v\n%s", err, out)
	}
	clientID, secret, apiKey := provisionCustomer(t, database)
	srv := startServer(t, "--database", database, "--rate-limit", "100000", "--rate-burst", "100000")
	tok := token(t, srv.URL, clientID, secret)

	type ack struct {
		id string
		at time.Time // when the 201 was received
	}
	var (
		mu    sync.Mutex
		acks  []ack
		stop  = make(chan struct{})
		wg    sync.WaitGroup
		fails = make(chan string, 8)
	)
	for w := 0; w < 8; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				body := fmt.Sprintf(`{"description":"writer %d, incident %d","impact":"S3","urgency":"U3"}`, w, n)
				req, _ := http.NewRequest(http.MethodPost, srv.URL+"/incident/b2b/v1/incidents", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+tok)
				req.Header.Set("X-Api-Key", apiKey)
				req.Header.Set("Content-Type", "application/json")
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					fails <- err.Error()
					return
				}
				var created struct {
					ID string `json:"id"`
				}
				err = json.NewDecoder(resp.Body).Decode(&created)
				resp.Body.Close()
				if resp.StatusCode != http.StatusCreated || err != nil {
					fails <- fmt.Sprintf("status %d, %v", resp.StatusCode, err)
					return
				}
				mu.Lock()
				acks = append(acks, ack{created.ID, time.Now()})
				mu.Unlock()
			}
		}()
	}
	time.Sleep(500 * time.Millisecond)

	backupFile := filepath.Join(dir, "backup.db")
	started := time.Now()
	out, err := exec.Command(binary(t), "backup", "--database", database, "--to", backupFile).CombinedOutput()
	finished := time.Now()
	time.Sleep(100 * time.Millisecond)
	close(stop)
	wg.Wait()
	close(fails)
	for f := range fails {
		t.Errorf("a writer failed: %s", f)
	}
	if err != nil {
		t.Fatalf("backup: %v\n%s", err, out)
	}
	var before, during []string
	for _, a := range acks {
		switch {
		case a.at.Before(started):
			before = append(before, a.id)
		case a.at.Before(finished):
			during = append(during, a.id)
		}
	}
	if len(before) == 0 || len(during) == 0 {
		t.Fatalf("%d incidents acknowledged before the backup and %d while it ran: the writers did not overlap it", len(before), len(during))
	}
	t.Logf("%s: %d incidents acknowledged before, %d while it ran", strings.TrimSpace(string(out)), len(before), len(during))

	backupDB, err := sql.Open("sqlite", backupFile)
	if err != nil {
		t.Fatal(err)
	}
	defer backupDB.Close()
	var integrity string
	if err := backupDB.QueryRow("PRAGMA integrity_check").Scan(&integrity); err != nil || integrity != "ok" {
		t.Fatalf("integrity check of the backup: %q %v", integrity, err)
	}
	held := map[string]bool{}
	rows, err := backupDB.Query("SELECT id FROM incidents")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		held[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	missing := 0
	for _, id := range before {
		if !held[id] {
			missing++
		}
	}
	if missing > 0 {
		t.Errorf("the backup misses %d of the %d incidents acknowledged before it started", missing, len(before))
	}
}

// provisionCustomer creates a customer with a client and an API key in the
// database at url, as incidentd admin does.
func provisionCustomer(t *testing.T, url string) (clientID, secret, apiKey string) {
	t.Helper()
	ctx := t.Context()
	db, err := sqlstore.Open(ctx, url, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	admin := auth.NewAdmin(db, auth.Options{})
	if _, err := admin.CreateCustomer(ctx, "backup-test", "Backup test"); err != nil {
		t.Fatal(err)
	}
	client, secret, err := admin.CreateClient(ctx, auth.CustomerOwner("backup-test"), "writer", []string{auth.ScopeIncident})
	if err != nil {
		t.Fatal(err)
	}
	_, apiKey, err = admin.CreateAPIKey(ctx, auth.CustomerOwner("backup-test"), 0)
	if err != nil {
		t.Fatal(err)
	}
	return client.ID, secret, apiKey
}

// backup refuses PostgreSQL, pointing to pg_dump, and a database file that
// does not exist rather than creating it.
func TestBackupRefusals(t *testing.T) {
	for _, args := range [][]string{
		{"--database", "postgres://incidentd@127.0.0.1:1/incidentd", "--to", "x.db"},
		{"--database", "sqlite:" + filepath.Join(t.TempDir(), "missing.db"), "--to", "x.db"},
		{"--database", "sqlite:incidentd.db"},
	} {
		err := run(t.Context(), append([]string{"backup"}, args...), &strings.Builder{})
		if err == nil {
			t.Errorf("backup %v: no error", args)
		}
	}
	err := run(t.Context(), []string{"backup", "--database", "postgres://incidentd@127.0.0.1:1/incidentd", "--to", "x.db"}, &strings.Builder{})
	if err == nil || !strings.Contains(err.Error(), "pg_dump") {
		t.Errorf("backup of PostgreSQL: %v, want a pointer to pg_dump", err)
	}
}
