package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
)

// This file keeps alert integrations and their keys.

var _ alerts.Store = (*DB)(nil)

const integrationSelect = "SELECT id, name, customer_id, service_id, location_id, severities, created_at, revoked_at FROM integrations"

// CreateIntegration stores an integration and its first key in one
// transaction; an unknown customer is code 24.
func (db *DB) CreateIntegration(ctx context.Context, in alerts.Integration, k alerts.Key) error {
	return db.write(ctx, "create integration", func(tx *txn) error {
		_, err := tx.exec(ctx, "INSERT INTO integrations (id, name, customer_id, service_id, location_id, severities, created_at)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?)",
			in.ID, in.Name, in.CustomerID, nullString(in.ServiceID), nullString(in.LocationID), in.Severities.String(),
			micros(orNow(in.CreatedAt, tx.now)))
		if err := unknownCustomer(duplicate(err, "integration", in.ID), in.CustomerID); err != nil {
			return err
		}
		return tx.insertIntegrationKey(ctx, k)
	})
}

// AddIntegrationKey stores another key of an integration.
func (db *DB) AddIntegrationKey(ctx context.Context, k alerts.Key) error {
	return db.write(ctx, "add integration key", func(tx *txn) error { return tx.insertIntegrationKey(ctx, k) })
}

func (tx *txn) insertIntegrationKey(ctx context.Context, k alerts.Key) error {
	_, err := tx.exec(ctx, "INSERT INTO integration_keys (id, integration_id, prefix, hash, created_at) VALUES (?, ?, ?, ?, ?)",
		k.ID, k.IntegrationID, k.Prefix, k.Hash, micros(orNow(k.CreatedAt, tx.now)))
	return duplicate(err, "integration key", k.ID)
}

// GetIntegration reads an integration with its keys.
func (db *DB) GetIntegration(ctx context.Context, id string) (alerts.Integration, error) {
	list, err := db.integrations(ctx, "get integration", " WHERE id = ?", id)
	if err != nil {
		return alerts.Integration{}, err
	}
	if len(list) == 0 {
		return alerts.Integration{}, incident.NotFound("integration")
	}
	return list[0], nil
}

// ListIntegrations lists a customer's integrations, or every one when
// customerID is empty, by id, with their keys.
func (db *DB) ListIntegrations(ctx context.Context, customerID string) ([]alerts.Integration, error) {
	if customerID == "" {
		return db.integrations(ctx, "list integrations", "")
	}
	return db.integrations(ctx, "list integrations", " WHERE customer_id = ?", customerID)
}

// integrations reads the integrations a condition selects, by id, and
// their keys, in one snapshot.
func (db *DB) integrations(ctx context.Context, op, where string, args ...any) ([]alerts.Integration, error) {
	list := []alerts.Integration{}
	err := db.read(ctx, op, func(tx *txn) error {
		err := tx.each(ctx, integrationSelect+where+" ORDER BY id", args, func(rows *sql.Rows) error {
			in, err := scanIntegration(rows)
			list = append(list, in)
			return err
		})
		if err != nil {
			return err
		}
		for i := range list {
			err := tx.each(ctx, "SELECT id, integration_id, prefix, hash, created_at, revoked_at FROM integration_keys"+
				" WHERE integration_id = ? ORDER BY created_at, id", []any{list[i].ID}, func(rows *sql.Rows) error {
				k, err := scanIntegrationKey(rows)
				list[i].Keys = append(list[i].Keys, k)
				return err
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// FindIntegrationKey finds a key by its hash, with its integration, in
// one statement.
func (db *DB) FindIntegrationKey(ctx context.Context, hash string) (alerts.Integration, alerts.Key, error) {
	var (
		in  alerts.Integration
		k   alerts.Key
		err error
	)
	err = db.readOne(ctx, "find integration key", func(tx *txn) error {
		row := tx.queryRow(ctx, "SELECT i.id, i.name, i.customer_id, i.service_id, i.location_id, i.severities, i.created_at, i.revoked_at,"+
			" k.id, k.prefix, k.created_at, k.revoked_at"+
			" FROM integration_keys k JOIN integrations i ON i.id = k.integration_id WHERE k.hash = ?", hash)
		in, k, err = scanIntegrationAndKey(row)
		return notFound(err, "integration key")
	})
	if err != nil {
		return alerts.Integration{}, alerts.Key{}, err
	}
	k.IntegrationID, k.Hash = in.ID, hash
	return in, k, nil
}

// RevokeIntegration marks an integration revoked; revoking it again keeps
// the first time.
func (db *DB) RevokeIntegration(ctx context.Context, id string, at time.Time) error {
	return db.write(ctx, "revoke integration", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE integrations SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), id)
		return affected(res, err, "integration")
	})
}

// RevokeIntegrationKey marks a key revoked; revoking it again keeps the
// first time.
func (db *DB) RevokeIntegrationKey(ctx context.Context, keyID string, at time.Time) error {
	return db.write(ctx, "revoke integration key", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE integration_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", micros(at), keyID)
		return affected(res, err, "integration key")
	})
}

// integrationColumns are the columns scanIntegration reads, in order.
type integrationColumns struct {
	service, location sql.NullString
	severities        string
	created           int64
	revoked           sql.NullInt64
}

func (c *integrationColumns) dest(in *alerts.Integration) []any {
	return []any{&in.ID, &in.Name, &in.CustomerID, &c.service, &c.location, &c.severities, &c.created, &c.revoked}
}

func (c *integrationColumns) fill(in *alerts.Integration) error {
	m, err := alerts.ParseSeverityMap(c.severities)
	in.ServiceID, in.LocationID, in.Severities = c.service.String, c.location.String, m
	in.CreatedAt, in.RevokedAt = fromMicros(c.created), fromNullMicros(c.revoked)
	return err
}

func scanIntegration(row interface{ Scan(...any) error }) (alerts.Integration, error) {
	var (
		in alerts.Integration
		c  integrationColumns
	)
	if err := row.Scan(c.dest(&in)...); err != nil {
		return alerts.Integration{}, err
	}
	return in, c.fill(&in)
}

// scanIntegrationAndKey reads an integration's columns followed by a key's
// id, prefix and times.
func scanIntegrationAndKey(row *sql.Row) (alerts.Integration, alerts.Key, error) {
	var (
		in      alerts.Integration
		c       integrationColumns
		k       alerts.Key
		created int64
		revoked sql.NullInt64
	)
	if err := row.Scan(append(c.dest(&in), &k.ID, &k.Prefix, &created, &revoked)...); err != nil {
		return alerts.Integration{}, alerts.Key{}, err
	}
	k.CreatedAt, k.RevokedAt = fromMicros(created), fromNullMicros(revoked)
	return in, k, c.fill(&in)
}

func scanIntegrationKey(row interface{ Scan(...any) error }) (alerts.Key, error) {
	var (
		k       alerts.Key
		created int64
		revoked sql.NullInt64
	)
	if err := row.Scan(&k.ID, &k.IntegrationID, &k.Prefix, &k.Hash, &created, &revoked); err != nil {
		return alerts.Key{}, err
	}
	k.CreatedAt, k.RevokedAt = fromMicros(created), fromNullMicros(revoked)
	return k, nil
}
