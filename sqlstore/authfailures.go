package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/incidentd/incidentd/auth"
)

// This file keeps the failed authentications the token endpoint's guard
// counts, one row per subject.

const authFailureSelect = "SELECT subject, failures, last_failure_at FROM auth_failures"

// AuthFailures returns the records of the subjects that have one.
func (db *DB) AuthFailures(ctx context.Context, subjects []string) ([]auth.AuthFailure, error) {
	b := sqlBuilder{d: db.d}
	b.WriteString(authFailureSelect + " WHERE subject IN ")
	b.argList(anySlice(subjects))
	return db.listAuthFailures(ctx, b.String(), b.args)
}

// ListAuthFailures lists every record, by subject.
func (db *DB) ListAuthFailures(ctx context.Context) ([]auth.AuthFailure, error) {
	return db.listAuthFailures(ctx, authFailureSelect+" ORDER BY subject", nil)
}

func (db *DB) listAuthFailures(ctx context.Context, query string, args []any) ([]auth.AuthFailure, error) {
	out := []auth.AuthFailure{}
	err := db.readOne(ctx, "read auth failures", func(tx *txn) error {
		return tx.each(ctx, query, args, func(r *sql.Rows) error {
			f, err := scanAuthFailure(r)
			out = append(out, f)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RecordAuthFailure counts one failure of subject at the given time, from
// one again when the last is older than forgetBefore.
func (db *DB) RecordAuthFailure(ctx context.Context, subject string, at, forgetBefore time.Time) (auth.AuthFailure, error) {
	var f auth.AuthFailure
	err := db.write(ctx, "record auth failure", func(tx *txn) error {
		var err error
		f, err = scanAuthFailure(tx.queryRow(ctx, "INSERT INTO auth_failures (subject, failures, last_failure_at) VALUES (?, 1, ?)"+
			" ON CONFLICT (subject) DO UPDATE SET"+
			" failures = CASE WHEN auth_failures.last_failure_at < ? THEN 1 ELSE auth_failures.failures + 1 END,"+
			" last_failure_at = excluded.last_failure_at"+
			" RETURNING subject, failures, last_failure_at",
			subject, micros(at), micros(forgetBefore)))
		return err
	})
	return f, err
}

// DeleteAuthFailures deletes the records of the subjects.
func (db *DB) DeleteAuthFailures(ctx context.Context, subjects []string) (int64, error) {
	if len(subjects) == 0 {
		return 0, nil
	}
	b := sqlBuilder{d: db.d}
	b.WriteString("DELETE FROM auth_failures WHERE subject IN ")
	b.argList(anySlice(subjects))
	return db.deleteAuthFailures(ctx, b.String(), b.args)
}

// DeleteAuthFailuresBefore deletes the records whose last failure is older
// than before.
func (db *DB) DeleteAuthFailuresBefore(ctx context.Context, before time.Time) (int64, error) {
	return db.deleteAuthFailures(ctx, "DELETE FROM auth_failures WHERE last_failure_at < ?", []any{micros(before)})
}

func (db *DB) deleteAuthFailures(ctx context.Context, query string, args []any) (int64, error) {
	var n int64
	err := db.write(ctx, "delete auth failures", func(tx *txn) error {
		res, err := tx.exec(ctx, query, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}

func scanAuthFailure(row interface{ Scan(...any) error }) (auth.AuthFailure, error) {
	var (
		f    auth.AuthFailure
		last int64
	)
	err := row.Scan(&f.Subject, &f.Failures, &last)
	f.LastFailureAt = fromMicros(last)
	return f, err
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
