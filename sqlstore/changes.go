package sqlstore

import (
	"context"

	"github.com/incidentd/incidentd/incident"
)

// Every write of an incident adds to its customer's count of changes
// (customers.changes) in its own transaction: the marker of a scope, what a
// conditional read of a listing compares, and what keeps a cached page
// (pagecache.go) good. A count, unlike the greatest number of an event or a
// history entry, changes whatever the order in which concurrent writers
// commit.

// markChanged adds n changes to a customer's count.
func (tx *txn) markChanged(ctx context.Context, customerID string, n int64) error {
	_, err := tx.exec(ctx, "UPDATE customers SET changes = changes + ? WHERE id = ?", n, customerID)
	return err
}

// ChangeMarker is a number that changes whenever an incident of the scope
// is created or changed: the customer's count of changes, or the sum of
// every customer's for an operator.
func (db *DB) ChangeMarker(ctx context.Context, scope incident.Scope) (int64, error) {
	var marker int64
	err := db.readOne(ctx, "change marker", func(tx *txn) error {
		if scope.Operator {
			return tx.queryRow(ctx, "SELECT COALESCE(SUM(changes), 0) FROM customers").Scan(&marker)
		}
		return tx.queryRow(ctx, "SELECT changes FROM customers WHERE id = ?", scope.CustomerID).Scan(&marker)
	})
	return marker, err
}
