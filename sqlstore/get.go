package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/incidentd/incidentd/incident"
)

// fullIncidentSelect reads incidents with their texts and their customer's
// name, by primary key: one at a time, or those of a page.
const fullIncidentFrom = " FROM incidents i" +
	" JOIN incident_texts t ON t.incident_seq = i.seq" +
	" JOIN customers c ON c.id = i.customer_id"

var (
	fullIncidentColumns = incidentSelect + ", t.description, t.resolution_text, c.name"
	fullIncidentSelect  = "SELECT " + fullIncidentColumns + fullIncidentFrom
)

// GetIncident reads one incident within the scope.
func (db *DB) GetIncident(ctx context.Context, scope incident.Scope, id string) (*incident.Incident, error) {
	var inc *incident.Incident
	err := db.readOne(ctx, "get incident", func(tx *txn) (err error) {
		inc, err = tx.incident(ctx, scope, id, false)
		return err
	})
	return inc, err
}

// incident reads one incident by id within the scope, locked against
// concurrent updates when lock is set.
func (tx *txn) incident(ctx context.Context, scope incident.Scope, id string, lock bool) (*incident.Incident, error) {
	if !incident.ValidID(id) {
		return nil, notFoundIncident()
	}
	b := sqlBuilder{d: tx.d}
	b.WriteString(fullIncidentSelect + " WHERE i.id = ")
	b.arg(id)
	b.scopeCond(scope)
	if lock {
		b.WriteString(tx.d.forUpdate())
	}
	return scanFullIncident(tx.queryRow(ctx, b.String(), b.args...))
}

// incidentBySeq reads an incident by its sequence number, in no scope: for
// replaying an idempotent creation to the client that made it.
func (tx *txn) incidentBySeq(ctx context.Context, seq int64) (*incident.Incident, error) {
	return scanFullIncident(tx.queryRow(ctx, fullIncidentSelect+" WHERE i.seq = ?", seq))
}

func scanFullIncident(row *sql.Row) (*incident.Incident, error) {
	inc, err := scanFull(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundIncident()
	}
	return inc, err
}

// scanFull reads a row of fullIncidentSelect, from a *sql.Row or *sql.Rows,
// and the columns that follow into extra.
func scanFull(row interface{ Scan(...any) error }, extra ...any) (*incident.Incident, error) {
	var (
		s              incidentScan
		description    string
		resolutionText sql.NullString
		customerName   string
	)
	if err := row.Scan(append(append(s.dest(), &description, &resolutionText, &customerName), extra...)...); err != nil {
		return nil, err
	}
	inc := s.incident()
	setTexts(inc, description, resolutionText)
	inc.Customer.Name = customerName
	return inc, nil
}

// each runs a query and calls fn for every row.
func (tx *txn) each(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
