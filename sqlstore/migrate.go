package sqlstore

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// migration is one numbered SQL file of a dialect: NNNN_name.sql.
type migration struct {
	version int64
	name    string
	sql     string
}

func migrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		version, err := strconv.ParseInt(num, 10, 64)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: want NNNN_name.sql", e.Name())
		}
		text, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: version, name: name, sql: string(text)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Migrate applies the migrations the database lacks, each in its own
// transaction together with its row in schema_migrations: every one not
// recorded there, in the order of their numbers, so that a migration
// numbered below one already applied (work merged in another order) is
// applied too. On PostgreSQL an
// advisory lock makes servers that start together migrate once; on SQLite
// the IMMEDIATE transactions do. A database migrated by a newer version of
// incidentd is refused.
func (db *DB) Migrate(ctx context.Context) error {
	return domainError("migrate", db.migrate(ctx))
}

func (db *DB) migrate(ctx context.Context) error {
	all, err := migrations(db.d.name())
	if err != nil {
		return err
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	unlock, err := db.d.lockMigrations(ctx, conn)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := conn.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS schema_migrations"+
		" (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)"); err != nil {
		return err
	}
	var newest int64
	if err := conn.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&newest); err != nil {
		return err
	}
	if len(all) > 0 && newest > all[len(all)-1].version {
		return fmt.Errorf("the database schema is at version %d, newer than this program's %d", newest, all[len(all)-1].version)
	}
	applied := false
	for _, m := range all {
		sqlTx, err := conn.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		tx := &txn{tx: sqlTx, d: db.d, now: db.Now().UTC()}
		ran, err := tx.apply(ctx, m)
		if err != nil {
			sqlTx.Rollback()
			return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		if err := sqlTx.Commit(); err != nil {
			return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
		}
		applied = applied || ran
	}
	if !applied {
		return nil
	}
	return db.d.analyze(ctx, conn)
}

// apply runs one migration unless it was applied already (by an earlier
// start, or by another process meanwhile), and reports whether it ran.
func (tx *txn) apply(ctx context.Context, m migration) (bool, error) {
	var applied int
	if err := tx.queryRow(ctx, "SELECT count(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&applied); err != nil || applied > 0 {
		return false, err
	}
	if _, err := tx.tx.ExecContext(ctx, m.sql); err != nil {
		return false, err
	}
	_, err := tx.exec(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
		m.version, m.name, micros(tx.now))
	return err == nil, err
}
