package sqlstore

import (
	"context"
	"iter"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/pgtest"
	"github.com/incidentd/incidentd/seed"
)

// The bulk import on both backends: ImportIncidentBatches stores every
// batch in one transaction, with the periods it is given; on SQLite the
// indexes it sets aside on an empty table come back, and a failed import
// leaves the database as it was.

func eachBulkBackend(t *testing.T, test func(t *testing.T, db *DB)) {
	eachBackendWith(t, Options{}, test)
}

// eachBackendWith runs test on a fresh, migrated store of each backend
// opened with the options.
func eachBackendWith(t *testing.T, opt Options, test func(t *testing.T, db *DB)) {
	open := func(t *testing.T, url string) *DB {
		ctx := context.Background()
		db, err := Open(ctx, url, opt)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return db
	}
	t.Run("sqlite", func(t *testing.T) { test(t, open(t, "sqlite:"+filepath.Join(t.TempDir(), "store.db"))) })
	t.Run("postgres", func(t *testing.T) { test(t, open(t, pgtest.Database(t))) })
}

// generated is a data set of the seed generator: its incidents in creation
// order and the open freeze periods of the PENDING ones.
type generated struct {
	incidents []*incident.Incident
	periods   map[*incident.Incident][]incident.FreezePeriod
}

func generate(t *testing.T, db *DB, customers, incidents int) generated {
	t.Helper()
	now := time.Now().UTC().Truncate(time.Millisecond)
	gen, err := seed.NewGenerator(seed.Config{Seed: 3, Customers: seed.Plans(customers, incidents, 3), From: now.AddDate(0, 0, -30), To: now})
	if err != nil {
		t.Fatal(err)
	}
	g := generated{periods: map[*incident.Incident][]incident.FreezePeriod{}}
	for inc, periods := gen.Next(); inc != nil; inc, periods = gen.Next() {
		g.incidents = append(g.incidents, inc)
		if len(periods) > 0 {
			g.periods[inc] = periods
		}
	}
	for _, c := range customerIDs(g.incidents) {
		if err := db.CreateCustomer(context.Background(), incident.Customer{ID: c, Name: "Customer " + c}); err != nil {
			t.Fatal(err)
		}
	}
	return g
}

func customerIDs(incs []*incident.Incident) []string {
	var ids []string
	for _, inc := range incs {
		if !slices.Contains(ids, inc.Customer.ID) {
			ids = append(ids, inc.Customer.ID)
		}
	}
	return ids
}

// batchesOf cuts incs into batches of the given sizes, the last taking
// the rest.
func batchesOf(incs []*incident.Incident, sizes ...int) iter.Seq[[]*incident.Incident] {
	return func(yield func([]*incident.Incident) bool) {
		for _, n := range sizes {
			n = min(n, len(incs))
			if !yield(incs[:n]) {
				return
			}
			incs = incs[n:]
		}
		if len(incs) > 0 {
			yield(incs)
		}
	}
}

// incidentIndexes lists the incidents table's indexes with their SQL
// (SQLite), or their definitions (PostgreSQL).
func incidentIndexes(t *testing.T, db *DB) []string {
	t.Helper()
	query := "SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'incidents' ORDER BY name"
	if db.Dialect() == "postgres" {
		query = "SELECT indexname || ': ' || indexdef FROM pg_indexes WHERE tablename = 'incidents' ORDER BY indexname"
	}
	rows, err := db.r.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var indexes []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		indexes = append(indexes, s)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return indexes
}

func countRows(t *testing.T, db *DB, table string) int {
	t.Helper()
	var n int
	if err := db.r.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

var operator = incident.Scope{Operator: true}

func TestImportIncidentBatches(t *testing.T) {
	eachBulkBackend(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		indexes := incidentIndexes(t, db)
		g := generate(t, db, 4, 2500)
		if len(g.periods) == 0 {
			t.Fatal("the data set has no PENDING incident")
		}
		var seenDuring []int
		batches := batchesOf(g.incidents, 1000, 0, 700)
		err := db.ImportIncidentBatches(ctx, func(yield func([]*incident.Incident) bool) {
			for b := range batches {
				if !yield(b) {
					return
				}
				// Readers see nothing of an import before it commits.
				_, total, err := db.ListIncidents(ctx, operator, incident.Query{Limit: 1})
				if err != nil {
					t.Fatal(err)
				}
				seenDuring = append(seenDuring, total)
			}
		}, func(inc *incident.Incident) []incident.FreezePeriod { return g.periods[inc] })
		if err != nil {
			t.Fatal(err)
		}
		if slices.ContainsFunc(seenDuring, func(n int) bool { return n != 0 }) {
			t.Errorf("readers saw %v incidents during the import, want none", seenDuring)
		}

		for i, inc := range g.incidents {
			if inc.Seq != int64(i+1) || inc.ID != incident.FormatID(inc.Seq, inc.CreatedAt) || inc.Version < 1 {
				t.Fatalf("incident %d: seq %d id %s version %d", i, inc.Seq, inc.ID, inc.Version)
			}
		}
		_, total, err := db.ListIncidents(ctx, operator, incident.Query{Limit: 1})
		if err != nil || total != len(g.incidents) {
			t.Fatalf("%d incidents after the import (%v), want %d", total, err, len(g.incidents))
		}
		for _, i := range []int{0, 999, 1000, 1699, len(g.incidents) - 1} {
			want := g.incidents[i]
			got, err := db.GetIncident(ctx, operator, want.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Customer.ID != want.Customer.ID || got.Status != want.Status || got.Description != want.Description ||
				!got.CreatedAt.Equal(want.CreatedAt) || got.Clock != want.Clock {
				t.Errorf("incident %s read back as %+v, imported %+v", want.ID, got, want)
			}
		}
		for inc, want := range g.periods {
			got, err := db.ListFreezePeriods(ctx, operator, inc.ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) || !got[0].StartAt.Equal(want[0].StartAt) || got[0].EndAt != nil ||
				got[0].Reason != want[0].Reason || got[0].CreatedBy != want[0].CreatedBy {
				t.Errorf("%s: periods %+v, want %+v", inc.ID, got, want)
			}
		}
		if after := incidentIndexes(t, db); !slices.Equal(after, indexes) {
			t.Errorf("indexes after the import:\n%v\nbefore:\n%v", after, indexes)
		}
		if db.Dialect() == "sqlite" {
			// Every index has statistics again, for the planner.
			var unanalyzed int
			err := db.r.QueryRow("SELECT count(*) FROM sqlite_schema s WHERE type = 'index' AND tbl_name = 'incidents'" +
				" AND NOT EXISTS (SELECT 1 FROM sqlite_stat1 WHERE idx = s.name)").Scan(&unanalyzed)
			if err != nil || unanalyzed != 0 {
				t.Errorf("%d indexes of incidents without statistics (%v)", unanalyzed, err)
			}
		}
		fresh := *g.incidents[0]
		fresh.Seq, fresh.ID, fresh.Version, fresh.DetectedAt = 0, "", 0, nil
		next, _, err := db.CreateIncident(ctx, &fresh, incident.Actor{Type: incident.ActorSystem, Name: "test"}, nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if next.Seq != int64(len(g.incidents)+1) {
			t.Errorf("creation after the import: seq %d, want %d", next.Seq, len(g.incidents)+1)
		}
	})
}

func TestImportIncidentBatchesAllOrNone(t *testing.T) {
	eachBulkBackend(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		indexes := incidentIndexes(t, db)
		g := generate(t, db, 3, 1500)
		stranger := g.incidents[1200]
		stranger.Customer.ID = "nobody"
		err := db.ImportIncidentBatches(ctx, batchesOf(g.incidents, 1000), func(inc *incident.Incident) []incident.FreezePeriod { return g.periods[inc] })
		if err == nil {
			t.Fatal("an import with an unknown customer in its second batch succeeded")
		}
		checkNothingImported(t, db, indexes)

		// An import ended by its context between two batches.
		stranger.Customer.ID = g.incidents[0].Customer.ID
		cancelled, cancel := context.WithCancel(ctx)
		err = db.ImportIncidentBatches(cancelled, func(yield func([]*incident.Incident) bool) {
			for b := range batchesOf(g.incidents, 1000) {
				if !yield(b) {
					return
				}
				cancel()
			}
		}, nil)
		if err == nil {
			t.Fatal("a cancelled import succeeded")
		}
		checkNothingImported(t, db, indexes)

		// The database is usable afterwards: the same import succeeds.
		if err := db.ImportIncidentBatches(ctx, batchesOf(g.incidents, 1000), nil); err != nil {
			t.Fatal(err)
		}
		if n := countRows(t, db, "incidents"); n != len(g.incidents) {
			t.Errorf("%d incidents, want %d", n, len(g.incidents))
		}
		if g.incidents[0].Seq != 1 {
			t.Errorf("first incident imported with seq %d: a failed import consumed sequence numbers", g.incidents[0].Seq)
		}
	})
}

func checkNothingImported(t *testing.T, db *DB, indexes []string) {
	t.Helper()
	for _, table := range []string{"incidents", "incident_texts", "freeze_periods"} {
		if n := countRows(t, db, table); n != 0 {
			t.Errorf("%d rows in %s after a failed import", n, table)
		}
	}
	var counter int64
	if err := db.r.QueryRow("SELECT value FROM id_counter").Scan(&counter); err != nil || counter != 0 {
		t.Errorf("id counter at %d (%v) after a failed import, want 0", counter, err)
	}
	if after := incidentIndexes(t, db); !slices.Equal(after, indexes) {
		t.Errorf("indexes after a failed import:\n%v\nbefore:\n%v", after, indexes)
	}
}
