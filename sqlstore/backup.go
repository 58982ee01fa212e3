package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupUnsupported is the error of Backup on a database it cannot
// copy: PostgreSQL, whose own tools (pg_dump, base backups) do it better,
// and an in-memory SQLite database.
var ErrBackupUnsupported = errors.New("backup copies SQLite database files only: use pg_dump for PostgreSQL")

// Backup writes a consistent copy of a SQLite database to the file to,
// while other connections and processes keep writing: VACUUM INTO reads
// one snapshot, which holds every transaction committed before it began,
// and writes it compacted. The copy goes to a temporary file beside to,
// synced, then renamed over to, so that to is never a partial copy.
func (db *DB) Backup(ctx context.Context, to string) error {
	if db.path == "" {
		return ErrBackupUnsupported
	}
	dir := filepath.Dir(to)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(to)+".partial-*")
	if err != nil {
		return err
	}
	tmpName := tmp.Name()
	tmp.Close() // VACUUM INTO writes into an empty file
	done := false
	defer func() {
		if !done {
			os.Remove(tmpName)
		}
	}()
	// A connection of its own: the pools' writer would hold this process's
	// writes meanwhile, and their readers are query-only, which VACUUM INTO
	// refuses.
	source, err := sql.Open("sqlite", db.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer source.Close()
	if _, err := source.ExecContext(ctx, "VACUUM INTO ?", tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	// SQLite does not sync the file VACUUM INTO writes.
	if err := syncPath(tmpName); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmpName, to); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	done = true
	return syncPath(dir)
}

// syncPath flushes a file or a directory (a rename in it) to stable storage.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
