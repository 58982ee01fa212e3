package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/incidentd/incidentd/incident"
)

// scopeCond restricts a query to the scope's customer: there is no read of
// an incident by id alone.
func (b *sqlBuilder) scopeCond(scope incident.Scope) {
	if !scope.Operator {
		b.WriteString(" AND i.customer_id = ")
		b.arg(scope.CustomerID)
	}
}

// incidentSeq finds the sequence number of an incident within the scope.
func (tx *txn) incidentSeq(ctx context.Context, scope incident.Scope, id string) (int64, error) {
	if !incident.ValidID(id) {
		return 0, notFoundIncident()
	}
	b := sqlBuilder{d: tx.d}
	b.WriteString("SELECT i.seq FROM incidents i WHERE i.id = ")
	b.arg(id)
	b.scopeCond(scope)
	var seq int64
	err := tx.queryRow(ctx, b.String(), b.args...).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, notFoundIncident()
	}
	return seq, err
}

func notFoundIncident() error { return incident.NotFound("incident") }
