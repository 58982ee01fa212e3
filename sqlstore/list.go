package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// ListIncidents returns one page of the query and the exact number of
// incidents matching its filters, both read in one snapshot: two
// statements, the count (from the counters when the filters allow,
// counts.go) and the page.
func (db *DB) ListIncidents(ctx context.Context, scope incident.Scope, q incident.Query) ([]*incident.Incident, int, error) {
	now := q.Now
	if now.IsZero() {
		now = db.Now()
	}
	where := sqlBuilder{d: db.d}
	if err := where.where(scope, q.Filters, now); err != nil {
		return nil, 0, domainError("list incidents", err)
	}
	limit, offset := q.Limit, max(q.Offset, 0)
	if limit <= 0 {
		limit = incident.DefaultLimit
	}
	page, err := pageSQL(&where, q.Sort, limit, offset, now)
	if err != nil {
		return nil, 0, domainError("list incidents", err)
	}

	var (
		incs  []*incident.Incident
		total int
	)
	err = db.read(ctx, "list incidents", func(tx *txn) error {
		total, err = tx.count(ctx, scope, q.Filters, now, &where)
		if err != nil || offset >= total {
			return err
		}
		incs = make([]*incident.Incident, 0, min(limit, total-offset))
		return tx.each(ctx, page.String(), page.args, func(rows *sql.Rows) error {
			inc, err := scanFull(rows)
			incs = append(incs, inc)
			return err
		})
	})
	if err != nil {
		return nil, 0, err
	}
	if incs == nil {
		incs = []*incident.Incident{}
	}
	return incs, total, nil
}

// pageSQL is the statement of a page: the sequence numbers of the page,
// chosen and ordered from an index alone when one serves the filters and
// the order, then their whole rows, texts and customer's name by primary
// key, ordered again (a few rows). The rows skipped by the offset are
// never read, and the page costs one statement.
func pageSQL(where *sqlBuilder, sort []incident.SortKey, limit, offset int, now time.Time) (*sqlBuilder, error) {
	page := &sqlBuilder{d: where.d, args: append([]any(nil), where.args...)}
	page.WriteString(fullIncidentSelect + " WHERE i.seq IN (SELECT i.seq FROM incidents i" + where.String())
	if err := page.orderBy(sort, now); err != nil {
		return nil, err
	}
	page.WriteString(" LIMIT ")
	page.arg(limit)
	page.WriteString(" OFFSET ")
	page.arg(offset)
	page.WriteString(")")
	if err := page.orderBy(sort, now); err != nil {
		return nil, err
	}
	return page, nil
}
