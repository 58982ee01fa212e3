package httpapi_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/seed"
)

// seedCustomers loads generated incidents of new customers straight into
// the store, with their lifecycles, freeze periods and resolutions, and
// returns a caller of each customer by id. They are created between five
// months and thirty days before now: every one still open is past its
// deadline or frozen, so no clock figure (sla.isBreached) changes while a
// test runs.
func (e *env) seedCustomers(plans ...seed.CustomerPlan) map[string]caller {
	e.t.Helper()
	now := e.clock.Now()
	_, err := seed.Run(context.Background(), e.db, seed.Options{
		Plans: plans, Seed: 11, From: now.AddDate(0, -5, 0), To: now.AddDate(0, 0, -30)})
	if err != nil {
		e.t.Fatalf("seed: %v", err)
	}
	callers := map[string]caller{}
	for _, p := range plans {
		c := party{customerID: p.ID}
		c.key = e.newKey(c)
		callers[p.ID] = e.login(c, auth.ScopeIncident)
	}
	return callers
}

// exportCSV exports the incident list as CSV and returns its header row,
// its rows, each by column name, and the answer.
func (e *env) exportCSV(c caller, query string, headers ...string) ([]string, []map[string]string, reply) {
	e.t.Helper()
	r := e.call(c, http.MethodGet, base+"/incidents?"+query, nil, append([]string{"Accept", "text/csv"}, headers...)...)
	if r.status != http.StatusOK {
		e.t.Fatalf("CSV export %s: %d %s", query, r.status, r.body)
	}
	records, err := csv.NewReader(strings.NewReader(string(r.body))).ReadAll()
	if err != nil {
		e.t.Fatalf("CSV export %s does not parse: %v", query, err)
	}
	if len(records) == 0 {
		e.t.Fatalf("CSV export %s: no header row", query)
	}
	var rows []map[string]string
	for _, rec := range records[1:] {
		row := map[string]string{}
		for i, name := range records[0] {
			row[name] = rec[i]
		}
		rows = append(rows, row)
	}
	return records[0], rows, r
}
