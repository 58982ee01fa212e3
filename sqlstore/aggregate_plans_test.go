package sqlstore

import (
	"context"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// TestAggregationPlans checks that a customer's dashboard groupings read
// one index only, the rows never: counts by status and priority, with or
// without the SLA metrics, and the breached grouping. Like TestQueryPlans it
// runs on an empty database, or on the benchmark file named by
// INCIDENTD_BENCH_SQLITE.
func TestAggregationPlans(t *testing.T) {
	ctx := context.Background()
	path := os.Getenv("INCIDENTD_BENCH_SQLITE")
	if path == "" {
		path = filepath.Join(t.TempDir(), "plans.db")
	}
	db, err := Open(ctx, "sqlite:"+path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	scope := incident.Scope{CustomerID: "c001"}
	for _, query := range []string{
		"groupBy=status,priority",
		"groupBy=status,priority&metrics=mttr,breached",
		"groupBy=sla.isBreached",
	} {
		params, _ := url.ParseQuery(query)
		a, err := incident.IncidentAttributes.ParseAggregation(params, incident.RoleCustomer)
		if err != nil {
			t.Fatal(err)
		}
		a.Now = time.Now()
		b, err := aggregateSQL(db.d, scope, a)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, db, b.String(), b.args)
		t.Logf("%s\n  %s", query, plan)
		if !strings.HasPrefix(plan, "SEARCH i USING COVERING INDEX incidents_customer_status_priority") {
			t.Errorf("%s: does not search the covering index: %s", query, plan)
		}
		if strings.Contains(query, "groupBy=status,priority") && strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s: sorts the rows to group them: %s", query, plan)
		}
	}
}
