package main

import (
	"context"
	"fmt"
	"io"

	"github.com/incidentd/incidentd/sqlstore"
)

// openStore opens and migrates the database named by the configuration.
func openStore(ctx context.Context, cfg *Config) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, cfg.DatabaseURL, sqlstore.Options{
		MaxOpenConns:    cfg.DBMaxOpenConns,
		MaxIdleConns:    cfg.DBMaxIdleConns,
		ConnMaxLifetime: cfg.DBConnLifetime,
		SQLiteCacheMiB:  cfg.SQLiteCacheMiB,
	})
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate: %w", err)
	}
	return db, nil
}

// migrate applies the migrations and exits: for upgrades run before the
// servers start (serve also migrates on start; migrations take a lock, so
// several servers starting together apply them once).
func migrate(ctx context.Context, args []string, out io.Writer) error {
	var cfg Config
	fs := newFlagSet("migrate")
	bindStorage(fs, &cfg)
	if err := parseConfig(fs, args, nil); err != nil {
		return err
	}
	db, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(out, "database %s is up to date\n", db.Dialect())
	return nil
}
