package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// ListIncidents returns one page of the query and the exact number of
// incidents matching its filters, both read in one snapshot. The page and
// the count are one statement, each row carrying the count (from the
// counters when the filters allow, counts.go): one statement is one
// snapshot, with no transaction to open and close. A page past the end has
// no row to carry the count: it is then counted, and the page read again,
// in one read transaction.
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
	if q.After != nil {
		offset = 0 // the page starts after the position
	}
	if limit <= 0 {
		limit = incident.DefaultLimit
	}
	count, err := countSQL(scope, q.Filters, now, &where)
	if err != nil {
		return nil, 0, domainError("list incidents", err)
	}
	counted, err := pageSQL(&where, q, limit, offset, now, count)
	if err != nil {
		return nil, 0, domainError("list incidents", err)
	}

	var (
		incs  []*incident.Incident
		total int
	)
	readPage := func(tx *txn, page *sqlBuilder, extra ...any) error {
		incs = make([]*incident.Incident, 0, min(limit, 100))
		return tx.each(ctx, page.String(), page.args, func(rows *sql.Rows) error {
			inc, err := scanFull(rows, extra...)
			incs = append(incs, inc)
			return err
		})
	}
	err = db.readOne(ctx, "list incidents", func(tx *txn) error { return readPage(tx, counted, &total) })
	if err == nil && len(incs) == 0 && (offset > 0 || q.After != nil) {
		page, err := pageSQL(&where, q, limit, offset, now, nil)
		if err != nil {
			return nil, 0, domainError("list incidents", err)
		}
		err = db.read(ctx, "list incidents", func(tx *txn) error {
			if err := tx.queryRow(ctx, count.String(), count.args...).Scan(&total); err != nil || offset >= total || q.After != nil {
				return err
			}
			return readPage(tx, page)
		})
	}
	if err != nil {
		return nil, 0, err
	}
	return incs, total, nil
}

// pageSQL is the statement of a page: the sequence numbers of the page,
// chosen and ordered from an index alone when one serves the filters and
// the order, then their whole rows, texts and customer's name by primary
// key, ordered again (a few rows). The rows skipped by the offset are
// never read, and a page after a position (q.After) seeks it in the order.
// With count, each row carries its result as a last column (evaluated once:
// it depends on no row).
func pageSQL(where *sqlBuilder, q incident.Query, limit, offset int, now time.Time, count *sqlBuilder) (*sqlBuilder, error) {
	sort := q.Sort
	page := &sqlBuilder{d: where.d}
	page.WriteString("SELECT " + fullIncidentColumns)
	if count != nil {
		page.WriteString(", (" + count.String() + ")")
		page.args = append(page.args, count.args...)
	}
	page.args = append(page.args, where.args...)
	page.WriteString(fullIncidentFrom + " WHERE i.seq IN (SELECT i.seq FROM incidents i" + where.String())
	if q.After != nil {
		page.WriteString(andOrWhere(where.String()))
		if err := page.seek(sort, q.After, now); err != nil {
			return nil, err
		}
	}
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
