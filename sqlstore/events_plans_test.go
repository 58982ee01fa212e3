package sqlstore

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
)

// The feed's reads go by an index in seq order, on both databases, over an
// outbox of 50,000 events of 100 customers (docs/design.md shows the plans).

const planEvents = 50000

// eventPlanQueries are the feed's statements: an operator's page after a
// cursor, a customer's, and the poller's read of the last event.
func eventPlanQueries(d dialect) map[string]*sqlBuilder {
	last := &sqlBuilder{d: d}
	last.WriteString(d.lastEvent())
	return map[string]*sqlBuilder{
		"operator": eventsQuery(d, incident.Scope{Operator: true}, planEvents/2, 100),
		"customer": eventsQuery(d, incident.Scope{CustomerID: "c7"}, planEvents/2, 100),
		"last":     last,
	}
}

func TestEventPlansSQLite(t *testing.T) {
	db := openPlanDB(t)
	ctx := context.Background()
	_, err := db.w.ExecContext(ctx, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)"+
		" INSERT INTO events (seq, event_id, event_type, at, customer_id, incident_id, correlation_id, internal, body)"+
		" SELECT i, 'ev' || i, 'IncidentCreateEvent', i, 'c' || (i % 100), 'x', '', i % 50 = 0, '{}' FROM n", planEvents)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"operator": "SEARCH events USING INTEGER PRIMARY KEY (rowid>?)",
		"customer": "SEARCH events USING INDEX events_customer (customer_id=? AND seq>?)",
		"last":     "SEARCH events",
	}
	for name, q := range eventPlanQueries(db.d) {
		plan := explain(t, db, q.String(), q.args)
		t.Logf("%s: %s\n  %s", name, q.String(), plan)
		if !strings.Contains(plan, want[name]) || strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: plan %q, want %q and no sort", name, plan, want[name])
		}
	}
	breach := explain(t, db, breachCandidatesSQL, []any{0, 1, 1, 200})
	t.Logf("breach candidates: %s", breach)
	if !strings.Contains(breach, "incidents_sla_deadline") {
		t.Errorf("breach candidates: %s", breach)
	}
}

func TestEventPlansPostgres(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.Database(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = db.w.ExecContext(ctx, "INSERT INTO events (seq, event_id, event_type, at, customer_id, incident_id, correlation_id, internal, body)"+
		" SELECT i, 'ev' || i, 'IncidentCreateEvent', i, 'c' || (i % 100), 'x', '', i % 50 = 0, '{}' FROM generate_series(1, $1::bigint) AS i", planEvents)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.w.ExecContext(ctx, "ANALYZE"); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"operator": "Index Scan using events_pkey on events",
		"customer": "Index Scan using events_customer on events",
		"last":     "event_counter",
	}
	start := time.Now()
	for name, q := range eventPlanQueries(db.d) {
		plan := explainPostgres(t, db, db.d.rebind(q.String()), q.args)
		t.Logf("%s: %s\n%s", name, db.d.rebind(q.String()), plan)
		if !strings.Contains(plan, want[name]) || strings.Contains(plan, "Sort") {
			t.Errorf("%s: plan\n%s\nwant %q and no sort", name, plan, want[name])
		}
	}
	t.Logf("breach candidates (an empty incidents table):\n%s", explainPostgres(t, db, db.d.rebind(breachCandidatesSQL), []any{0, 1, 1, 200}))
	t.Logf("plans in %v", time.Since(start))
}

func explainPostgres(t *testing.T, db *DB, query string, args []any) string {
	t.Helper()
	rows, err := db.r.Query("EXPLAIN (COSTS OFF) "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, "  "+line)
	}
	return strings.Join(lines, "\n")
}
