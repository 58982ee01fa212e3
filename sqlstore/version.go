package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// IncidentVersion reads an incident's version and update time within the
// scope, from the incidents table alone.
func (db *DB) IncidentVersion(ctx context.Context, scope incident.Scope, id string) (int64, time.Time, error) {
	if !incident.ValidID(id) {
		return 0, time.Time{}, notFoundIncident()
	}
	var version, updated int64
	err := db.readOne(ctx, "incident version", func(tx *txn) error {
		b := sqlBuilder{d: tx.d}
		b.WriteString("SELECT i.version, i.updated_at FROM incidents i WHERE i.id = ")
		b.arg(id)
		b.scopeCond(scope)
		err := tx.queryRow(ctx, b.String(), b.args...).Scan(&version, &updated)
		if errors.Is(err, sql.ErrNoRows) {
			return notFoundIncident()
		}
		return err
	})
	return version, fromMicros(updated), err
}
