package sqlstore

import (
	"context"
	"database/sql"
	"math"

	"github.com/incidentd/incidentd/incident"
)

var _ incident.IncidentStreamer = (*DB)(nil)

// streamSelect reads an incident row with its texts and its customer's
// name. The subqueries are lookups by primary key for each row, so the
// plan stays driven by the incidents' indexes whatever the result's size
// (a join could turn into a scan of every text).
var streamSelect = "SELECT " + incidentSelect +
	", (SELECT t.description FROM incident_texts t WHERE t.incident_seq = i.seq)" +
	", (SELECT t.resolution_text FROM incident_texts t WHERE t.incident_seq = i.seq)" +
	", (SELECT c.name FROM customers c WHERE c.id = i.customer_id)" +
	" FROM incidents i"

// StreamIncidents counts the query's incidents and then reads them one row
// at a time, in one read-only transaction: the count and the rows are of
// the same snapshot, and nothing holds more than one row in memory.
func (db *DB) StreamIncidents(ctx context.Context, scope incident.Scope, q incident.Query, start func(total int) error, each func(*incident.Incident) error) error {
	now := q.Now
	if now.IsZero() {
		now = db.Now()
	}
	where := sqlBuilder{d: db.d}
	if err := where.where(scope, q.Filters, now); err != nil {
		return domainError("stream incidents", err)
	}
	rows := sqlBuilder{d: db.d, args: append([]any(nil), where.args...)}
	rows.WriteString(streamSelect + where.String())
	if err := rows.orderBy(q.Sort, now); err != nil {
		return domainError("stream incidents", err)
	}
	limit, offset := int64(q.Limit), int64(max(q.Offset, 0))
	if limit <= 0 {
		limit = math.MaxInt64 // both databases take a limit beyond any count
	}
	rows.WriteString(" LIMIT ")
	rows.arg(limit)
	rows.WriteString(" OFFSET ")
	rows.arg(offset)

	// Errors of start and each belong to the caller: they cross the
	// transaction untouched, and only the database's own are translated.
	var callerErr error
	err := db.read(ctx, "stream incidents", func(tx *txn) error {
		var total int
		if err := tx.queryRow(ctx, "SELECT count(*) FROM incidents i"+where.String(), where.args...).Scan(&total); err != nil {
			return err
		}
		if callerErr = start(total); callerErr != nil || int64(total) <= offset {
			return callerErr
		}
		return tx.each(ctx, rows.String(), rows.args, func(r *sql.Rows) error {
			inc, err := scanStreamed(r)
			if err != nil {
				return err
			}
			callerErr = each(inc)
			return callerErr
		})
	})
	if callerErr != nil {
		return callerErr
	}
	return err
}

func scanStreamed(r *sql.Rows) (*incident.Incident, error) {
	var (
		s              incidentScan
		description    string
		resolutionText sql.NullString
		customerName   string
	)
	if err := r.Scan(append(s.dest(), &description, &resolutionText, &customerName)...); err != nil {
		return nil, err
	}
	inc := s.incident()
	setTexts(inc, description, resolutionText)
	inc.Customer.Name = customerName
	return inc, nil
}
