package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// This file keeps customers and OAuth clients.

// CreateCustomer stores a new customer; an existing id wraps ErrDuplicate.
func (db *DB) CreateCustomer(ctx context.Context, c incident.Customer) error {
	return db.write(ctx, "create customer", func(tx *txn) error {
		_, err := tx.exec(ctx, "INSERT INTO customers (id, name, created_at) VALUES (?, ?, ?)",
			c.ID, c.Name, micros(orNow(c.CreatedAt, tx.now)))
		return duplicate(err, "customer", c.ID)
	})
}

func (db *DB) GetCustomer(ctx context.Context, id string) (incident.Customer, error) {
	var c incident.Customer
	err := db.readOne(ctx, "get customer", func(tx *txn) error {
		var created int64
		err := tx.queryRow(ctx, "SELECT id, name, created_at FROM customers WHERE id = ?", id).Scan(&c.ID, &c.Name, &created)
		c.CreatedAt = fromMicros(created)
		return notFound(err, "customer")
	})
	if err != nil {
		return incident.Customer{}, err
	}
	return c, nil
}

// ListCustomers lists every customer by id.
func (db *DB) ListCustomers(ctx context.Context) ([]incident.Customer, error) {
	customers := []incident.Customer{}
	err := db.readOne(ctx, "list customers", func(tx *txn) error {
		return tx.each(ctx, "SELECT id, name, created_at FROM customers ORDER BY id", nil, func(rows *sql.Rows) error {
			var (
				c       incident.Customer
				created int64
			)
			if err := rows.Scan(&c.ID, &c.Name, &created); err != nil {
				return err
			}
			c.CreatedAt = fromMicros(created)
			customers = append(customers, c)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return customers, nil
}

const clientSelect = "SELECT id, name, customer_id, operator, scopes, secret_hash, created_at, revoked_at FROM clients"

// CreateClient stores a new client; an existing id wraps ErrDuplicate, an
// unknown customer is code 24.
func (db *DB) CreateClient(ctx context.Context, c auth.Client) error {
	return db.write(ctx, "create client", func(tx *txn) error {
		_, err := tx.exec(ctx, "INSERT INTO clients (id, name, customer_id, operator, scopes, secret_hash, created_at, revoked_at)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			c.ID, c.Name, nullString(c.CustomerID), c.Operator, joinScopes(c.Scopes), c.SecretHash,
			micros(orNow(c.CreatedAt, tx.now)), microsPtr(c.RevokedAt))
		return unknownCustomer(duplicate(err, "client", c.ID), c.CustomerID)
	})
}

func (db *DB) GetClient(ctx context.Context, id string) (auth.Client, error) {
	var c auth.Client
	err := db.readOne(ctx, "get client", func(tx *txn) error {
		return notFound(scanClient(tx.queryRow(ctx, clientSelect+" WHERE id = ?", id), &c), "client")
	})
	if err != nil {
		return auth.Client{}, err
	}
	return c, nil
}

// ListClients lists a customer's clients, or every client when customerID
// is empty, by id.
func (db *DB) ListClients(ctx context.Context, customerID string) ([]auth.Client, error) {
	clients := []auth.Client{}
	query, args := clientSelect+" ORDER BY id", []any(nil)
	if customerID != "" {
		query, args = clientSelect+" WHERE customer_id = ? ORDER BY id", []any{customerID}
	}
	err := db.readOne(ctx, "list clients", func(tx *txn) error {
		return tx.each(ctx, query, args, func(rows *sql.Rows) error {
			var c auth.Client
			if err := scanClient(rows, &c); err != nil {
				return err
			}
			clients = append(clients, c)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return clients, nil
}

// SetClientSecret replaces a client's secret hash and, with revokeTokens,
// deletes its tokens in the same transaction. CreateToken refuses a token
// checked against the old hash from then on, so no token issued under the
// old secret survives a revoking rotation.
func (db *DB) SetClientSecret(ctx context.Context, id, secretHash string, revokeTokens bool) (int64, error) {
	var revoked int64
	err := db.write(ctx, "set client secret", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE clients SET secret_hash = ? WHERE id = ?", secretHash, id)
		if err := affected(res, err, "client"); err != nil || !revokeTokens {
			return err
		}
		res, err = tx.exec(ctx, "DELETE FROM tokens WHERE client_id = ?", id)
		if err != nil {
			return err
		}
		revoked, err = res.RowsAffected()
		return err
	})
	return revoked, err
}

// RevokeClient marks a client revoked at the given time; revoking it again
// keeps the first time.
func (db *DB) RevokeClient(ctx context.Context, id string, at time.Time) error {
	return db.write(ctx, "revoke client", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE clients SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), id)
		return affected(res, err, "client")
	})
}

func scanClient(row interface{ Scan(...any) error }, c *auth.Client) error {
	var (
		customerID sql.NullString
		scopes     string
		created    int64
		revoked    sql.NullInt64
	)
	if err := row.Scan(&c.ID, &c.Name, &customerID, &c.Operator, &scopes, &c.SecretHash, &created, &revoked); err != nil {
		return err
	}
	c.CustomerID, c.Scopes = customerID.String, splitScopes(scopes)
	c.CreatedAt, c.RevokedAt = fromMicros(created), fromNullMicros(revoked)
	return nil
}

// orNow is t, or now when t is unset.
func orNow(t, now time.Time) time.Time {
	if t.IsZero() {
		return now
	}
	return t
}

// notFound turns a missing row into code 60.
func notFound(err error, kind string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return incident.NotFound(kind)
	}
	return err
}

// affected turns an update that matched no row into code 60.
func affected(res sql.Result, err error, kind string) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err == nil && n == 0 {
		return incident.NotFound(kind)
	}
	return err
}

// duplicate wraps ErrDuplicate around a unique violation.
func duplicate(err error, kind, id string) error {
	if err != nil && classify(err) == classUnique {
		return fmt.Errorf("%s %q: %w", kind, id, ErrDuplicate)
	}
	return err
}

// unknownCustomer turns a foreign-key violation on the customer into the
// domain's unknown-customer error.
func unknownCustomer(err error, customerID string) error {
	if err != nil && classify(err) == classForeignKey {
		return incident.Errorf(incident.CodeInvalidBodyField, incident.MsgUnknownCustomer, customerID)
	}
	return err
}
