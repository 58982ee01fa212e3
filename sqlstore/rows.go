package sqlstore

import (
	"database/sql"
	"strings"
	"time"
)

// micros is how a time is stored: microseconds since the epoch, UTC.
func micros(t time.Time) int64 { return t.UnixMicro() }

// microsPtr stores an optional time; nil is NULL.
func microsPtr(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(v int64) time.Time { return time.UnixMicro(v).UTC() }

func fromNullMicros(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := fromMicros(v.Int64)
	return &t
}

// nullString stores "" as NULL.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func ptrString(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func fromNullString(v sql.NullString) *string {
	if !v.Valid {
		return nil
	}
	return &v.String
}

// joinScopes and splitScopes store a scope list as one space-separated text,
// the form OAuth 2.0 uses on the wire.
func joinScopes(s []string) string { return strings.Join(s, " ") }

func splitScopes(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Fields(s)
}
