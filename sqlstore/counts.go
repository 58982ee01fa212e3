package sqlstore

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// The table incident_counts (migration 0005) counts the incidents by
// customer, status, priority and country. Every write keeps it exact in
// its own transaction: a creation adds its incident, an update moves it
// from its old row to its new one when one of those attributes (or a
// figure of the mean time to restore) changed, an import adds its
// incidents at its end. So a count whose filters and groups use only those
// attributes reads a few rows per customer instead of an index entry per
// incident: the exact total of a listing (unfiltered, by status, by
// priority, the guide's country and priority) and the aggregations by
// those attributes with their counts and mean time to restore.
// sla.isBreached moves with the clock and is never counted ahead: a query
// that names it, or any other attribute, counts the incidents themselves.
//
// On PostgreSQL the rows a transaction changes stay locked until it ends:
// a transaction changes them in the order of their keys, so two writers
// never wait for each other in a cycle. Writers of incidents counted on the
// same row (one customer's, same status, priority and country) wait for
// each other's commit there; creations already did, on the id counter.

// countKey is a row of incident_counts.
type countKey struct {
	customer, status, priority string
	country                    string // "" for none
}

// countDelta is what a row of incident_counts gains: incidents, and of
// them the resolved ones with the sum of their times to restore.
type countDelta struct {
	incidents, resolved int64
	restoreSeconds      int64
}

// countsOf is the key an incident is counted under and what it adds there,
// by the same rules as the GROUP BY of aggregate.go (resolvedForMTTR,
// restoreSeconds), from the values stored for it.
func countsOf(inc *incident.Incident) (countKey, countDelta) {
	key := countKey{customer: inc.Customer.ID, status: string(inc.Status), priority: string(inc.Priority)}
	if inc.Location != nil && inc.Location.Address != nil {
		key.country = inc.Location.Address.Country
	}
	d := countDelta{incidents: 1}
	if incident.IsResolvedForMTTR(inc) {
		d.resolved = 1
		start := inc.CreatedAt
		if inc.DetectedAt != nil {
			start = *inc.DetectedAt
		}
		// Integer division truncates toward zero in Go as in both
		// databases' integer arithmetic.
		if s := (micros(*inc.ResolvedAt)-micros(start))/1_000_000 - inc.Clock.FrozenSeconds; s > 0 {
			d.restoreSeconds = s
		}
	}
	return key, d
}

// countChanges accumulates the changes of a transaction to incident_counts.
type countChanges map[countKey]countDelta

// add counts inc, or uncounts it with sign -1.
func (c countChanges) add(inc *incident.Incident, sign int64) {
	key, d := countsOf(inc)
	sum := c[key]
	sum.incidents += sign * d.incidents
	sum.resolved += sign * d.resolved
	sum.restoreSeconds += sign * d.restoreSeconds
	c[key] = sum
}

// byCustomer totals the incidents counted in, by customer.
func (c countChanges) byCustomer() map[string]int64 {
	out := map[string]int64{}
	for k, d := range c {
		out[k.customer] += d.incidents
	}
	return out
}

// countsBatch is the most rows written by one statement.
const countsBatch = 500

var countColumnNames = []string{"customer_id", "status", "priority", "address_country", "incidents", "resolved", "restore_seconds"}

// saveCounts adds the changes to incident_counts, in the order of their
// keys, leaving out those that cancel out.
func (tx *txn) saveCounts(ctx context.Context, changes countChanges) error {
	keys := make([]countKey, 0, len(changes))
	for k, d := range changes {
		if d != (countDelta{}) {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b countKey) int {
		return cmp.Or(cmp.Compare(a.customer, b.customer), cmp.Compare(a.status, b.status),
			cmp.Compare(a.priority, b.priority), cmp.Compare(a.country, b.country))
	})
	for len(keys) > 0 {
		n := min(len(keys), countsBatch)
		args := make([]any, 0, n*len(countColumnNames))
		for _, k := range keys[:n] {
			d := changes[k]
			args = append(args, k.customer, k.status, k.priority, k.country, d.incidents, d.resolved, d.restoreSeconds)
		}
		query := multiRowInsert("incident_counts", countColumnNames, n) +
			" ON CONFLICT (customer_id, status, priority, address_country) DO UPDATE SET" +
			" incidents = incident_counts.incidents + excluded.incidents," +
			" resolved = incident_counts.resolved + excluded.resolved," +
			" restore_seconds = incident_counts.restore_seconds + excluded.restore_seconds"
		if _, err := tx.exec(ctx, query, args...); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// countColumns are the attributes incident_counts has, as its columns (the
// alias c). A country left unset is stored as the empty text and read back
// as NULL, so that every comparison behaves as on the incidents table.
var countColumns = map[string]column{
	"customer.id":              {expr: "c.customer_id"},
	"status":                   {expr: "c.status"},
	"priority":                 {expr: "c.priority"},
	"location.address.country": {expr: "NULLIF(c.address_country, '')", nullable: true},
}

// countColumnOf finds the column of an attribute in incident_counts.
func countColumnOf(a incident.Attribute) (column, bool) {
	c, ok := countColumns[a.Name]
	return c, ok
}

// countsWhere writes the WHERE clause of the scope and filters on
// incident_counts; ok is false when a filter is on another attribute.
func (b *sqlBuilder) countsWhere(scope incident.Scope, filters []incident.Filter, now time.Time) (ok bool, err error) {
	for _, f := range filters {
		if _, ok := countColumnOf(f.Attr); !ok {
			return false, nil
		}
	}
	return true, b.whereOn("c.customer_id", countColumnOf, scope, filters, now)
}

// countSQL is the statement of the exact number of the scope's incidents
// matching the filters: from incident_counts when they allow, else counted
// in the incidents table with where, their WHERE clause there.
func countSQL(scope incident.Scope, filters []incident.Filter, now time.Time, where *sqlBuilder) (*sqlBuilder, error) {
	b := &sqlBuilder{d: where.d}
	b.WriteString("SELECT CAST(COALESCE(SUM(c.incidents), 0) AS BIGINT) FROM incident_counts c")
	ok, err := b.countsWhere(scope, filters, now)
	if err != nil || ok {
		return b, err
	}
	b = &sqlBuilder{d: where.d, args: where.args}
	b.WriteString("SELECT count(*) FROM incidents i" + where.String())
	return b, nil
}
