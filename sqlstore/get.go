package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/incidentd/incidentd/incident"
)

// fullIncidentSelect reads an incident with its texts and its customer's
// name, for one incident at a time.
const fullIncidentFrom = " FROM incidents i" +
	" JOIN incident_texts t ON t.incident_seq = i.seq" +
	" JOIN customers c ON c.id = i.customer_id"

var fullIncidentSelect = "SELECT " + incidentSelect + ", t.description, t.resolution_text, c.name" + fullIncidentFrom

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
	var (
		s              incidentScan
		description    string
		resolutionText sql.NullString
		customerName   string
	)
	err := row.Scan(append(s.dest(), &description, &resolutionText, &customerName)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFoundIncident()
	}
	if err != nil {
		return nil, err
	}
	inc := s.incident()
	setTexts(inc, description, resolutionText)
	inc.Customer.Name = customerName
	return inc, nil
}

// complete reads the texts and customer names of a page of incidents: the
// page query itself reads narrow rows only.
func (tx *txn) complete(ctx context.Context, page []*incident.Incident) error {
	if len(page) == 0 {
		return nil
	}
	bySeq := make(map[int64]*incident.Incident, len(page))
	seqs := make([]any, len(page))
	byCustomer := map[string][]*incident.Incident{}
	var customerIDs []any
	for i, inc := range page {
		bySeq[inc.Seq] = inc
		seqs[i] = inc.Seq
		if _, seen := byCustomer[inc.Customer.ID]; !seen {
			customerIDs = append(customerIDs, inc.Customer.ID)
		}
		byCustomer[inc.Customer.ID] = append(byCustomer[inc.Customer.ID], inc)
	}

	b := sqlBuilder{d: tx.d}
	b.WriteString("SELECT incident_seq, description, resolution_text FROM incident_texts WHERE incident_seq IN ")
	b.argList(seqs)
	err := tx.each(ctx, b.String(), b.args, func(rows *sql.Rows) error {
		var (
			seq            int64
			description    string
			resolutionText sql.NullString
		)
		if err := rows.Scan(&seq, &description, &resolutionText); err != nil {
			return err
		}
		setTexts(bySeq[seq], description, resolutionText)
		return nil
	})
	if err != nil {
		return err
	}

	b = sqlBuilder{d: tx.d}
	b.WriteString("SELECT id, name FROM customers WHERE id IN ")
	b.argList(customerIDs)
	return tx.each(ctx, b.String(), b.args, func(rows *sql.Rows) error {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		for _, inc := range byCustomer[id] {
			inc.Customer.Name = name
		}
		return nil
	})
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
