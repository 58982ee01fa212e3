package sqlstore

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
)

// TestAggregationPlans checks that a customer's dashboard groupings read
// one index only, the rows never: counts by status and priority, with or
// without the SLA metrics, and the breached grouping. Like TestQueryPlans it
// runs on an empty database, or on the benchmark data set named by
// INCIDENTD_BENCH_DB. SQLite plans with the key samples of its
// statistics, so the plan may depend on the customer: the benchmark's large
// and medium customers are both checked.
func TestAggregationPlans(t *testing.T) {
	db := openPlanDB(t)
	for _, customer := range []string{seed.BenchLargeCustomer, seed.BenchMediumCustomer} {
		checkAggregationPlans(t, db, incident.Scope{CustomerID: customer})
	}
}

func checkAggregationPlans(t *testing.T, db *DB, scope incident.Scope) {
	t.Helper()
	for _, query := range []string{
		"groupBy=status,priority",
		"groupBy=status,priority&metrics=mttr,breached",
		"groupBy=sla.isBreached",
	} {
		params, _ := url.ParseQuery(query)
		a, err := contract.ParseIncidentAggregation(params, incident.RoleCustomer)
		if err != nil {
			t.Fatal(err)
		}
		a.Now = time.Now()
		b, err := aggregateSQL(db.d, scope, a)
		if err != nil {
			t.Fatal(err)
		}
		plan := explain(t, db, b.String(), b.args)
		t.Logf("%s, %s\n  %s", scope.CustomerID, query, plan)
		if !strings.HasPrefix(plan, "SEARCH i USING COVERING INDEX incidents_customer_status_priority") {
			t.Errorf("%s, %s: does not search the covering index: %s", scope.CustomerID, query, plan)
		}
		if strings.Contains(query, "groupBy=status,priority") && strings.Contains(plan, "TEMP B-TREE") {
			t.Errorf("%s, %s: sorts the rows to group them: %s", scope.CustomerID, query, plan)
		}
	}
}
