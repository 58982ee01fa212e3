package sqlstore

import (
	"context"
	"database/sql"
	"strings"
)

// indexDeferrer is a dialect that loads an empty table faster without its
// secondary indexes.
type indexDeferrer interface {
	// deferIndexes drops, inside tx, the secondary indexes of table when
	// it is empty, and returns what creates them again in tx; nil when it
	// dropped nothing.
	deferIndexes(ctx context.Context, tx *sql.Tx, table string) (rebuild func(context.Context) error, err error)
}

// deferIndexes: inserting a row into each of the incidents table's six
// secondary indexes searches each index for the key's place; CREATE INDEX
// after the load sorts all keys once and writes the index pages in order,
// which costs less (see docs/performance.md). Only an empty table gains
// for certain, so only it is treated. DDL is transactional in SQLite: a
// rolled-back import gets its indexes back. The indexes of the table's
// constraints (the unique id) have no CREATE statement and stay.
func (sqliteDialect) deferIndexes(ctx context.Context, tx *sql.Tx, table string) (func(context.Context) error, error) {
	var empty bool
	if err := tx.QueryRowContext(ctx, "SELECT NOT EXISTS (SELECT 1 FROM "+table+")").Scan(&empty); err != nil || !empty {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx,
		"SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name", table)
	if err != nil {
		return nil, err
	}
	var names, creates []string
	for rows.Next() {
		var name, create string
		if err := rows.Scan(&name, &create); err != nil {
			rows.Close()
			return nil, err
		}
		names, creates = append(names, name), append(creates, create)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(names) == 0 {
		return nil, err
	}
	for _, name := range names {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+quoteIdent(name)); err != nil {
			return nil, err
		}
	}
	return func(ctx context.Context) error {
		for _, create := range creates {
			if _, err := tx.ExecContext(ctx, create); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

// quoteIdent quotes an SQL identifier.
func quoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}
