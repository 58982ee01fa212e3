package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.Aggregator = (*DB)(nil)

// The mean time to restore is computed from the stored clock: for a
// resolved incident the time to restore no longer moves, and is the whole
// seconds from the clock start to the resolution less the frozen seconds,
// never negative (incident.SLA).
const (
	resolvedForMTTR = "(i.status IN ('RESOLVED', 'CLOSED') AND i.resolved_at IS NOT NULL)"
	restoreSeconds  = "((i.resolved_at - COALESCE(i.detected_at, i.created_at)) / 1000000 - i.sla_frozen_seconds)"
)

// AggregateIncidents counts the incidents of the scope matching the filters
// by groups, in one statement: from the counters when the groups, filters
// and metrics allow (countsAggregateSQL), else GROUP BY over the same WHERE
// clause as the listing, so that counts and list totals always agree.
func (db *DB) AggregateIncidents(ctx context.Context, scope incident.Scope, a incident.Aggregation) ([]incident.Group, error) {
	if a.Now.IsZero() {
		a.Now = db.Now()
	}
	b, err := countsAggregateSQL(db.d, scope, a)
	if err == nil && b == nil {
		b, err = aggregateSQL(db.d, scope, a)
	}
	if err != nil {
		return nil, domainError("aggregate incidents", err)
	}
	var groups []incident.Group
	err = db.readOne(ctx, "aggregate incidents", func(tx *txn) error {
		return tx.each(ctx, b.String(), b.args, func(rows *sql.Rows) error {
			g, err := scanGroup(rows, a)
			groups = append(groups, g)
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	if len(groups) > a.GroupLimit() {
		return nil, incident.TooManyGroups(a.GroupLimit())
	}
	incident.SortGroups(groups, a.GroupBy)
	return groups, nil
}

// aggregateSQL is the statement of an aggregation: the keys, the count and
// the metrics, in the order scanGroup reads them.
func aggregateSQL(d dialect, scope incident.Scope, a incident.Aggregation) (*sqlBuilder, error) {
	b := &sqlBuilder{d: d}
	b.WriteString("SELECT ")
	for _, k := range a.GroupBy {
		col, ok := columnOf(k.Attr)
		if !ok {
			return nil, fmt.Errorf("group by %q: not an attribute", k.Attr.Name)
		}
		if k.Bucket != "" {
			b.WriteString(d.dateBucket(col.expr, string(k.Bucket)))
		} else {
			b.expr(col, col.expr, a.Now)
		}
		b.WriteString(", ")
	}
	b.WriteString("count(*)")
	if a.Wants(incident.MetricBreached) {
		b.sum(func() {
			b.WriteString("CASE WHEN ")
			b.expr(columns["sla.isBreached"], breachedExpr, a.Now)
			b.WriteString(" THEN 1 ELSE 0 END")
		})
	}
	if a.Wants(incident.MetricMTTR) {
		b.sum(func() {
			b.WriteString("CASE WHEN " + resolvedForMTTR + " AND " + restoreSeconds + " > 0 THEN " + restoreSeconds + " ELSE 0 END")
		})
		b.sum(func() { b.WriteString("CASE WHEN " + resolvedForMTTR + " THEN 1 ELSE 0 END") })
	}
	b.WriteString(" FROM incidents i")
	if err := b.where(scope, a.Filters, a.Now); err != nil {
		return nil, err
	}
	if len(a.GroupBy) > 0 {
		b.groupBy(a, "")
	}
	return b, nil
}

// groupBy writes the GROUP BY of the aggregation's keys, by position (an
// expression holding a parameter, sla.isBreached, would not be the same
// expression twice for PostgreSQL), then having, and a LIMIT of one group
// more than allowed, which is enough to refuse.
func (b *sqlBuilder) groupBy(a incident.Aggregation, having string) {
	b.WriteString(" GROUP BY ")
	for i := range a.GroupBy {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprint(b, i+1)
	}
	b.WriteString(having + " LIMIT ")
	b.arg(a.GroupLimit() + 1)
}

// countsAggregateSQL is the statement of an aggregation on the counters
// (counts.go), with the columns of aggregateSQL; nil when a group, a
// filter or the breached metric needs the incidents themselves. The
// counters hold the count and the mean time to restore's figures.
func countsAggregateSQL(d dialect, scope incident.Scope, a incident.Aggregation) (*sqlBuilder, error) {
	if a.Wants(incident.MetricBreached) {
		return nil, nil
	}
	for _, k := range a.GroupBy {
		if _, ok := countColumns[k.Attr.Name]; !ok || k.Bucket != "" {
			return nil, nil
		}
	}
	where := sqlBuilder{d: d}
	if ok, err := where.countsWhere(scope, a.Filters, a.Now); !ok || err != nil {
		return nil, err
	}
	b := &sqlBuilder{d: d}
	b.WriteString("SELECT ")
	for _, k := range a.GroupBy {
		b.WriteString(countColumns[k.Attr.Name].expr + ", ")
	}
	b.WriteString("CAST(COALESCE(SUM(c.incidents), 0) AS BIGINT)")
	if a.Wants(incident.MetricMTTR) {
		b.sum(func() { b.WriteString("c.restore_seconds") })
		b.sum(func() { b.WriteString("c.resolved") })
	}
	b.WriteString(" FROM incident_counts c" + where.String())
	b.args = append(b.args, where.args...)
	if len(a.GroupBy) > 0 {
		// Rows that count nothing any more make no group, as in GROUP BY
		// over the incidents.
		b.groupBy(a, " HAVING SUM(c.incidents) > 0")
	}
	return b, nil
}

// sum writes ", SUM(expr)" for the expression expr writes, as an integer on
// both databases (PostgreSQL's SUM of a bigint is a numeric) and 0 over no
// row.
func (b *sqlBuilder) sum(expr func()) {
	b.WriteString(", CAST(COALESCE(SUM(")
	expr()
	b.WriteString("), 0) AS BIGINT)")
}

// scanGroup reads one row: the key values, then the count and the metrics
// in the order AggregateIncidents selects them.
func scanGroup(rows *sql.Rows, a incident.Aggregation) (incident.Group, error) {
	g := incident.Group{Keys: make([]*incident.Value, len(a.GroupBy))}
	keys := make([]any, len(a.GroupBy))
	for i, k := range a.GroupBy {
		if k.Attr.Kind == incident.KindBool {
			keys[i] = new(sql.NullBool)
		} else {
			keys[i] = new(sql.NullString)
		}
	}
	dest := append(keys, &g.Count)
	if a.Wants(incident.MetricBreached) {
		dest = append(dest, &g.Breached)
	}
	if a.Wants(incident.MetricMTTR) {
		dest = append(dest, &g.RestoreSeconds, &g.Resolved)
	}
	if err := rows.Scan(dest...); err != nil {
		return g, err
	}
	for i, k := range a.GroupBy {
		switch v := keys[i].(type) {
		case *sql.NullBool:
			if v.Valid {
				g.Keys[i] = &incident.Value{Bool: v.Bool}
			}
		case *sql.NullString:
			if !v.Valid {
				continue
			}
			if k.Bucket == "" {
				g.Keys[i] = &incident.Value{Str: v.String}
				continue
			}
			bucket, err := incident.ParseBucket(k.Bucket, v.String)
			if err != nil {
				return g, err
			}
			g.Keys[i] = &bucket
		}
	}
	return g, nil
}
