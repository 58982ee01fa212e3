package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestSQLiteFilesArePrivate: a new database file and the journal files
// SQLite makes beside it are readable by their owner only, whatever the
// umask; an existing file keeps its mode.
func TestSQLiteFilesArePrivate(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "private.db")
	db, err := Open(ctx, "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal", path + "-shm"} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if mode := info.Mode().Perm(); mode != 0o600 {
			t.Errorf("%s: mode %o, want 600", filepath.Base(name), mode)
		}
	}

	shared := filepath.Join(dir, "shared.db")
	if err := os.WriteFile(shared, nil, 0o640); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o640); err != nil {
		t.Fatal(err)
	}
	other, err := Open(ctx, "sqlite:"+shared, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if info, err := os.Stat(shared); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("an existing file's mode changed: %v, %v", info.Mode(), err)
	}
}
