package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
)

// planCase is one query shape and what its plan must (and must not) say.
type planCase struct {
	name    string
	scope   incident.Scope
	filters []incident.Filter
	sort    []incident.SortKey
	after   *incident.Position // a page after a cursor
	want    []string           // substrings of the page query's plan
	wantNot []string
}

func eqFilter(name string, values ...string) incident.Filter {
	a, _ := contract.IncidentAttributes.Lookup(name)
	f := incident.Filter{Attr: a, Op: incident.OpEq}
	for _, v := range values {
		f.Values = append(f.Values, incident.Value{Str: v})
	}
	return f
}

var planCases = []planCase{
	{name: "default order", scope: incident.Scope{CustomerID: seed.BenchMediumCustomer},
		want: []string{"incidents_customer_created"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "guide filter", scope: incident.Scope{CustomerID: seed.BenchMediumCustomer},
		filters: []incident.Filter{eqFilter("location.address.country", "FR"), eqFilter("priority", "P1")},
		want:    []string{"incidents_customer_country_priority"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "status filter", scope: incident.Scope{CustomerID: seed.BenchMediumCustomer},
		filters: []incident.Filter{eqFilter("status", "NEW")},
		want:    []string{"incidents_customer_status"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "priority filter", scope: incident.Scope{CustomerID: seed.BenchMediumCustomer},
		filters: []incident.Filter{eqFilter("priority", "P1")},
		want:    []string{"incidents_customer_priority"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "operator default order", scope: incident.Scope{Operator: true},
		want: []string{"incidents_created"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "default order after a cursor", scope: incident.Scope{CustomerID: seed.BenchMediumCustomer},
		after: createdPosition, want: []string{"incidents_customer_created (customer_id=? AND created_at<?)"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "operator default order after a cursor", scope: incident.Scope{Operator: true},
		after: createdPosition, want: []string{"incidents_created (created_at<?)"}, wantNot: []string{"TEMP B-TREE"}},
	{name: "operator customer filter", scope: incident.Scope{Operator: true},
		filters: []incident.Filter{eqFilter("customer.id", seed.BenchMediumCustomer)},
		want:    []string{"incidents_customer_created"}, wantNot: []string{"TEMP B-TREE"}},
}

// createdPosition is a position in the default order, newest first.
var createdPosition = &incident.Position{Keys: []*incident.Value{{From: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)}}, Seq: 500_000}

// openPlanDB opens the database plans are checked on: an empty one, or
// the benchmark data set named by INCIDENTD_BENCH_DB (see bench/).
func openPlanDB(t *testing.T) *DB {
	t.Helper()
	ctx := context.Background()
	path := os.Getenv("INCIDENTD_BENCH_DB")
	if path == "" {
		path = filepath.Join(t.TempDir(), "plans.db")
	}
	db, err := Open(ctx, "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestQueryPlans checks that each listing shape reads the index meant for
// it, in order (no sort of the matching rows). It runs on an empty
// database, or on the benchmark data set named by INCIDENTD_BENCH_DB.
func TestQueryPlans(t *testing.T) {
	db := openPlanDB(t)
	now := time.Now()
	for _, c := range planCases {
		where := sqlBuilder{d: db.d}
		if err := where.where(c.scope, c.filters, now); err != nil {
			t.Fatal(err)
		}
		page, err := pageSQL(&where, incident.Query{Sort: c.sort, After: c.after}, 20, 0, now, nil)
		if err != nil {
			t.Fatal(err)
		}
		steps := explainSteps(t, db, page.String(), page.args)
		pagePlan, rowsPlan := subquerySteps(steps)
		countPlan := explain(t, db, "SELECT count(*) FROM incidents i"+where.String(), where.args)
		t.Logf("%s\n  page:  %s\n  rows:  %s\n  count: %s", c.name, pagePlan, rowsPlan, countPlan)
		for _, w := range c.want {
			if !strings.Contains(pagePlan, w) {
				t.Errorf("%s: page plan does not use %s: %s", c.name, w, pagePlan)
			}
		}
		for _, w := range c.wantNot {
			if strings.Contains(pagePlan, w) {
				t.Errorf("%s: page plan has %s: %s", c.name, w, pagePlan)
			}
		}
		// The page's rows are read by primary key, never scanned.
		if strings.Contains(rowsPlan, "SCAN") {
			t.Errorf("%s: the page's rows are scanned: %s", c.name, rowsPlan)
		}
		// The count reads index entries only, and only the matching ones
		// when a customer is named.
		named := !c.scope.Operator || len(c.filters) > 0
		if !strings.Contains(countPlan, "COVERING INDEX") || (named && !strings.HasPrefix(countPlan, "SEARCH")) {
			t.Errorf("%s: count does not search a covering index: %s", c.name, countPlan)
		}
	}
	getPlan := explain(t, db, fullIncidentSelect+" WHERE i.id = ? AND i.customer_id = ?", []any{"x", seed.BenchMediumCustomer})
	t.Logf("get\n  %s", getPlan)
	if strings.Contains(getPlan, "SCAN") {
		t.Errorf("get by id scans: %s", getPlan)
	}
}

func explain(t *testing.T, db *DB, query string, args []any) string {
	t.Helper()
	var details []string
	for _, s := range explainSteps(t, db, query, args) {
		details = append(details, s.detail)
	}
	return strings.Join(details, " / ")
}

// planStep is a row of EXPLAIN QUERY PLAN: a node of the plan's tree.
type planStep struct {
	id, parent int
	detail     string
}

func explainSteps(t *testing.T, db *DB, query string, args []any) []planStep {
	t.Helper()
	rows, err := db.r.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var steps []planStep
	for rows.Next() {
		var s planStep
		var unused int
		if err := rows.Scan(&s.id, &s.parent, &unused, &s.detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, s)
	}
	return steps
}

// subquerySteps splits the plan of pageSQL's statement: the steps of the
// subquery choosing the page's sequence numbers, and the others (reading
// the rows of the page).
func subquerySteps(steps []planStep) (page, rows string) {
	inside := map[int]bool{}
	var p, r []string
	for _, s := range steps {
		switch {
		case strings.HasPrefix(s.detail, "LIST SUBQUERY"):
			inside[s.id] = true
		case inside[s.parent]:
			inside[s.id] = true
			p = append(p, s.detail)
		default:
			r = append(r, s.detail)
		}
	}
	return strings.Join(p, " / "), strings.Join(r, " / ")
}
