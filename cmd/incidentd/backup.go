package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/incidentd/incidentd/sqlstore"
)

// backup writes a consistent copy of a SQLite database, while servers keep
// using it (docs/deployment.md: backups and restores).
func backup(ctx context.Context, args []string, out io.Writer) error {
	var cfg Config
	var to string
	fs := newFlagSet("backup")
	bindStorage(fs, &cfg)
	fs.StringVar(&to, "to", "", "file to write the copy to, replaced at once when it exists")
	err := parseConfig(fs, args, func() error {
		if to == "" {
			return errors.New("backup needs --to FILE")
		}
		return nil
	})
	if err != nil {
		return err
	}
	path, ok := strings.CutPrefix(cfg.DatabaseURL, "sqlite:")
	if !ok {
		return errors.New("backup copies SQLite databases; back PostgreSQL up with pg_dump (docs/deployment.md)")
	}
	// Opening a missing file would create an empty database, and back it up.
	if _, err := os.Stat(strings.TrimPrefix(path, "//")); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	db, err := sqlstore.Open(ctx, cfg.DatabaseURL, sqlstore.Options{})
	if err != nil {
		return err
	}
	defer db.Close()
	start := time.Now()
	if err := db.Backup(ctx, to); err != nil {
		return err
	}
	info, err := os.Stat(to)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backed up %s to %s (%d bytes) in %s\n", path, to, info.Size(), time.Since(start).Round(time.Millisecond))
	return nil
}
