package main

import (
	"context"
	"database/sql"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite" // reads the killed server's database
)

// A server killed (SIGKILL) in the middle of an upload leaves no metadata
// row, and once it starts again no file of the upload remains.
func TestUploadKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("starts server processes")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "incidentd.db")
	files := filepath.Join(dir, "files")
	args := []string{"--demo", "--database", "sqlite:" + dbPath, "--attachments-dir", files}
	srv := startServer(t, args...)
	token, id := demoIncident(t, srv)

	// 3 MiB go out, then the client stalls: the upload is in progress.
	stall := make(chan struct{})
	release := sync.OnceFunc(func() { close(stall) })
	defer release()
	body := io.MultiReader(pdfStream(3<<20), blockingReader{stall})
	req := uploadRequest(t, srv, token, id, body)
	sent := make(chan error, 1)
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		sent <- err
	}()
	tmp := filepath.Join(files, "tmp")
	waitFor(t, 30*time.Second, "the upload to reach the server's disk", func() bool {
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			if info, err := e.Info(); err == nil && info.Size() >= 2<<20 {
				return true
			}
		}
		return false
	})

	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	srv.cmd.Wait()
	release() // the client gives up on its side too
	if err := <-sent; err == nil {
		t.Error("the upload to a killed server succeeded")
	}
	if left := regularFiles(t, files); len(left) != 1 {
		t.Errorf("files after the kill: %v, want the one unfinished upload", left)
	}
	if n := attachmentRows(t, dbPath); n != 0 {
		t.Errorf("%d attachment rows after the kill, want none", n)
	}

	startServer(t, args...)
	waitFor(t, 30*time.Second, "the restarted server to remove the unfinished upload", func() bool {
		return len(regularFiles(t, files)) == 0
	})
	if n := attachmentRows(t, dbPath); n != 0 {
		t.Errorf("%d attachment rows after the restart", n)
	}
}

// blockingReader blocks until its channel closes, then ends.
type blockingReader struct{ done <-chan struct{} }

func (b blockingReader) Read([]byte) (int, error) {
	<-b.done
	return 0, io.ErrUnexpectedEOF
}

// attachmentRows counts the attachment metadata in a SQLite database.
func attachmentRows(t *testing.T, dbPath string) int {
	t.Helper()
	db, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRowContext(context.Background(), "SELECT count(*) FROM attachments").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func waitFor(t *testing.T, limit time.Duration, what string, done func() bool) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for !done() {
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s", limit, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
