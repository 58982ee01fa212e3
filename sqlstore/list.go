package sqlstore

import (
	"context"
	"database/sql"

	"github.com/incidentd/incidentd/incident"
)

// ListIncidents returns one page of the query and the exact number of
// incidents matching its filters, both read in one snapshot.
func (db *DB) ListIncidents(ctx context.Context, scope incident.Scope, q incident.Query) ([]*incident.Incident, int, error) {
	now := q.Now
	if now.IsZero() {
		now = db.Now()
	}
	where := sqlBuilder{d: db.d}
	if err := where.where(scope, q.Filters, now); err != nil {
		return nil, 0, domainError("list incidents", err)
	}
	page := sqlBuilder{d: db.d, args: append([]any(nil), where.args...)}
	page.WriteString("SELECT " + incidentSelect + " FROM incidents i" + where.String())
	offset := max(q.Offset, 0)
	if q.After != nil {
		page.WriteString(andOrWhere(where.String()))
		if err := page.seek(q.Sort, q.After, now); err != nil {
			return nil, 0, domainError("list incidents", err)
		}
		offset = 0
	}
	if err := page.orderBy(q.Sort, now); err != nil {
		return nil, 0, domainError("list incidents", err)
	}
	limit := q.Limit
	if limit <= 0 {
		limit = incident.DefaultLimit
	}
	page.WriteString(" LIMIT ")
	page.arg(limit)
	page.WriteString(" OFFSET ")
	page.arg(offset)

	var (
		incs  []*incident.Incident
		total int
	)
	err := db.read(ctx, "list incidents", func(tx *txn) error {
		err := tx.queryRow(ctx, "SELECT count(*) FROM incidents i"+where.String(), where.args...).Scan(&total)
		if err != nil || offset >= total {
			return err
		}
		incs = make([]*incident.Incident, 0, min(limit, total-offset))
		err = tx.each(ctx, page.String(), page.args, func(rows *sql.Rows) error {
			var s incidentScan
			if err := rows.Scan(s.dest()...); err != nil {
				return err
			}
			incs = append(incs, s.incident())
			return nil
		})
		if err != nil {
			return err
		}
		return tx.complete(ctx, incs)
	})
	if err != nil {
		return nil, 0, err
	}
	if incs == nil {
		incs = []*incident.Incident{}
	}
	return incs, total, nil
}
