package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/webhook"
)

// This file keeps webhook subscriptions, their delivery state and their
// delivery log (webhook.Store).

var _ webhook.Store = (*DB)(nil)

// keptDeliveries is how many entries of each subscription's delivery log
// are kept; older ones are pruned now and then, as deliveries are logged:
// when an entry's number is a multiple of pruneEvery.
const (
	keptDeliveries = 1000
	pruneEvery     = 100
)

const subscriptionSelect = "SELECT id, customer_id, callback, query, status, disabled_reason, secret, created_at, updated_at," +
	" version, after_cursor, attempt, failing_since, next_attempt_at, replay_since FROM subscriptions"

// ownerCond restricts a query to the subscriptions of an owner: a
// customer's, or the operator side's (no customer).
func ownerCond(owner incident.Scope) (string, []any) {
	if owner.Operator {
		return " AND customer_id IS NULL", nil
	}
	return " AND customer_id = ?", []any{owner.CustomerID}
}

// ownerKey names an owner in subscription_counts.
func ownerKey(owner incident.Scope) string {
	if owner.Operator {
		return ""
	}
	return owner.CustomerID
}

// CreateSubscription stores a new subscription, counted against its
// owner's maximum in the same transaction.
func (db *DB) CreateSubscription(ctx context.Context, s *webhook.Subscription, max int) error {
	return db.write(ctx, "create subscription", func(tx *txn) error {
		// One statement counts and bounds: concurrent creations wait on
		// the owner's row.
		res, err := tx.exec(ctx, "INSERT INTO subscription_counts (owner, n) VALUES (?, 1)"+
			" ON CONFLICT (owner) DO UPDATE SET n = subscription_counts.n + 1 WHERE subscription_counts.n < ?", ownerKey(s.Owner), max)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			if err != nil {
				return err
			}
			return incident.Errorf(incident.CodeInvalidBodyField, webhook.MsgTooMany, max)
		}
		var customer any
		if !s.Owner.Operator {
			customer = s.Owner.CustomerID
		}
		_, err = tx.exec(ctx, "INSERT INTO subscriptions (id, customer_id, callback, query, status, secret, created_at, updated_at, version, after_cursor)"+
			" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			s.ID, customer, s.Callback, s.Query, string(s.Status), s.Secret, micros(s.CreatedAt), micros(s.UpdatedAt), s.Version, s.After)
		return unknownCustomer(duplicate(err, "subscription", s.ID), s.Owner.CustomerID)
	})
}

// GetSubscription reads one subscription of the owner.
func (db *DB) GetSubscription(ctx context.Context, owner incident.Scope, id string) (*webhook.Subscription, error) {
	var s *webhook.Subscription
	err := db.readOne(ctx, "get subscription", func(tx *txn) error {
		var err error
		s, err = tx.subscription(ctx, owner, id)
		return err
	})
	return s, err
}

func (tx *txn) subscription(ctx context.Context, owner incident.Scope, id string) (*webhook.Subscription, error) {
	cond, args := ownerCond(owner)
	s, err := scanSubscription(tx.queryRow(ctx, subscriptionSelect+" WHERE id = ?"+cond, append([]any{id}, args...)...))
	return s, notFound(err, "subscription")
}

// ListSubscriptions lists the owner's subscriptions, oldest first.
func (db *DB) ListSubscriptions(ctx context.Context, owner incident.Scope) ([]*webhook.Subscription, error) {
	list := []*webhook.Subscription{}
	cond, args := ownerCond(owner)
	err := db.readOne(ctx, "list subscriptions", func(tx *txn) error {
		return tx.each(ctx, subscriptionSelect+" WHERE 1 = 1"+cond+" ORDER BY created_at, id", args, func(rows *sql.Rows) error {
			s, err := scanSubscription(rows)
			if err == nil {
				list = append(list, s)
			}
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// UpdateSubscription applies edit and stores the result with the next
// version; a concurrent change in between makes it read and edit again.
func (db *DB) UpdateSubscription(ctx context.Context, owner incident.Scope, id string, edit func(*webhook.Subscription) error) (*webhook.Subscription, error) {
	var s *webhook.Subscription
	err := db.write(ctx, "update subscription", func(tx *txn) error {
		for {
			var err error
			if s, err = tx.subscription(ctx, owner, id); err != nil {
				return err
			}
			version := s.Version
			if err := edit(s); err != nil {
				return err
			}
			s.Version = version + 1
			res, err := tx.exec(ctx, "UPDATE subscriptions SET callback = ?, query = ?, status = ?, disabled_reason = ?, updated_at = ?, version = ?,"+
				" after_cursor = ?, attempt = ?, failing_since = ?, next_attempt_at = ?, replay_since = ? WHERE id = ? AND version = ?",
				s.Callback, s.Query, string(s.Status), nullString(s.DisabledReason), micros(s.UpdatedAt), s.Version,
				s.After, s.Attempt, nullMicros(s.FailingSince), nullMicros(s.NextAttemptAt), nullMicros(s.ReplaySince), id, version)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 1 {
				return err
			}
		}
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// DeleteSubscription removes a subscription, its delivery log, and it
// from its owner's count.
func (db *DB) DeleteSubscription(ctx context.Context, owner incident.Scope, id string) error {
	return db.write(ctx, "delete subscription", func(tx *txn) error {
		cond, args := ownerCond(owner)
		res, err := tx.exec(ctx, "DELETE FROM subscriptions WHERE id = ?"+cond, append([]any{id}, args...)...)
		if err := affected(res, err, "subscription"); err != nil {
			return err
		}
		if _, err := tx.exec(ctx, "UPDATE subscription_counts SET n = n - 1 WHERE owner = ?", ownerKey(owner)); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM deliveries WHERE subscription_id = ?", id)
		return err
	})
}

// ListDeliveries returns a page of a subscription's delivery log, newest
// first, and the size of the log, in one snapshot.
func (db *DB) ListDeliveries(ctx context.Context, owner incident.Scope, id string, offset, limit int) ([]webhook.Delivery, int, error) {
	list := []webhook.Delivery{}
	total := 0
	err := db.read(ctx, "list deliveries", func(tx *txn) error {
		if _, err := tx.subscription(ctx, owner, id); err != nil {
			return err
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM deliveries WHERE subscription_id = ?", id).Scan(&total); err != nil {
			return err
		}
		return tx.each(ctx, "SELECT event_id, attempt, at, status_code, error, duration_micros FROM deliveries"+
			" WHERE subscription_id = ? ORDER BY id DESC LIMIT ? OFFSET ?", []any{id, limit, offset}, func(rows *sql.Rows) error {
			d := webhook.Delivery{SubscriptionID: id}
			var at, duration int64
			var code sql.NullInt64
			var msg sql.NullString
			if err := rows.Scan(&d.EventID, &d.Attempt, &at, &code, &msg, &duration); err != nil {
				return err
			}
			d.At, d.StatusCode, d.Error, d.Duration = fromMicros(at), int(code.Int64), msg.String, time.Duration(duration)*time.Microsecond
			list = append(list, d)
			return nil
		})
	})
	if err != nil {
		return nil, 0, err
	}
	return list, total, nil
}

// ClaimSubscriptions leases free active subscriptions to worker. Each
// claim is a conditional update: of servers racing for one subscription,
// one wins.
func (db *DB) ClaimSubscriptions(ctx context.Context, worker string, until time.Time, limit int) ([]string, error) {
	var free []string
	err := db.readOne(ctx, "find free subscriptions", func(tx *txn) error {
		return tx.each(ctx, "SELECT id FROM subscriptions WHERE status = ? AND lease_until < ? ORDER BY lease_until LIMIT ?",
			[]any{string(webhook.StatusActive), micros(tx.now), limit}, func(rows *sql.Rows) error {
				var id string
				free = append(free, id)
				return rows.Scan(&free[len(free)-1])
			})
	})
	if err != nil || len(free) == 0 {
		return nil, err
	}
	var claimed []string
	for _, id := range free {
		err := db.write(ctx, "claim subscription", func(tx *txn) error {
			res, err := tx.exec(ctx, "UPDATE subscriptions SET lease_owner = ?, lease_until = ? WHERE id = ? AND status = ? AND lease_until < ?",
				worker, micros(until), id, string(webhook.StatusActive), micros(tx.now))
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil || n == 0 {
				return err
			}
			claimed = append(claimed, id)
			return nil
		})
		if err != nil {
			return claimed, err
		}
	}
	return claimed, nil
}

// RenewLease extends worker's lease on an active subscription and reads
// it.
func (db *DB) RenewLease(ctx context.Context, id, worker string, until time.Time) (*webhook.Subscription, bool, error) {
	var s *webhook.Subscription
	err := db.write(ctx, "renew subscription lease", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE subscriptions SET lease_until = ? WHERE id = ? AND lease_owner = ? AND status = ?",
			micros(until), id, worker, string(webhook.StatusActive))
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return err
		}
		s, err = scanSubscription(tx.queryRow(ctx, subscriptionSelect+" WHERE id = ?", id))
		return err
	})
	return s, s != nil && err == nil, err
}

// RenewLeases extends every lease worker holds on an active subscription,
// in one statement, and reads which those are.
func (db *DB) RenewLeases(ctx context.Context, worker string, until time.Time) (map[string]int64, error) {
	held := map[string]int64{}
	err := db.write(ctx, "renew subscription leases", func(tx *txn) error {
		active := string(webhook.StatusActive)
		if _, err := tx.exec(ctx, "UPDATE subscriptions SET lease_until = ? WHERE lease_owner = ? AND status = ?", micros(until), worker, active); err != nil {
			return err
		}
		return tx.each(ctx, "SELECT id, version FROM subscriptions WHERE lease_owner = ? AND status = ?", []any{worker, active}, func(rows *sql.Rows) error {
			var id string
			var version int64
			err := rows.Scan(&id, &version)
			held[id] = version
			return err
		})
	})
	if err != nil {
		return nil, err
	}
	return held, nil
}

// ReleaseLease frees worker's lease at once.
func (db *DB) ReleaseLease(ctx context.Context, id, worker string) error {
	return db.write(ctx, "release subscription lease", func(tx *txn) error {
		_, err := tx.exec(ctx, "UPDATE subscriptions SET lease_owner = NULL, lease_until = 0 WHERE id = ? AND lease_owner = ?", id, worker)
		return err
	})
}

// RecordDelivery logs an attempt and stores the progress, in one
// transaction; the progress only while worker holds the lease on the
// version it worked on.
func (db *DB) RecordDelivery(ctx context.Context, id, worker string, version int64, d *webhook.Delivery, p webhook.Progress, disable string) (bool, error) {
	stored := false
	err := db.write(ctx, "record delivery", func(tx *txn) error {
		if d != nil {
			var code any
			if d.StatusCode != 0 {
				code = d.StatusCode
			}
			var logged int64
			err := tx.queryRow(ctx, "INSERT INTO deliveries (subscription_id, event_id, attempt, at, status_code, error, duration_micros)"+
				" SELECT ?, ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM subscriptions WHERE id = ?) RETURNING id",
				id, d.EventID, d.Attempt, micros(d.At), code, nullString(d.Error), d.Duration.Microseconds(), id).Scan(&logged)
			switch {
			case errors.Is(err, sql.ErrNoRows): // deleted meanwhile
			case err != nil:
				return err
			case logged%pruneEvery == 0:
				if err := tx.pruneDeliveries(ctx, id); err != nil {
					return err
				}
			}
		}
		status, reason := string(webhook.StatusActive), any(nil)
		if disable != "" {
			status, reason = string(webhook.StatusDisabled), disable
		}
		res, err := tx.exec(ctx, "UPDATE subscriptions SET after_cursor = ?, attempt = ?, failing_since = ?, next_attempt_at = ?, replay_since = ?,"+
			" status = ?, disabled_reason = ? WHERE id = ? AND lease_owner = ? AND version = ? AND status = ?",
			p.After, p.Attempt, nullMicros(p.FailingSince), nullMicros(p.NextAttemptAt), nullMicros(p.ReplaySince),
			status, reason, id, worker, version, string(webhook.StatusActive))
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		stored = n == 1
		return err
	})
	return stored && err == nil, err
}

// pruneDeliveries keeps the newest keptDeliveries entries of a
// subscription's log.
func (tx *txn) pruneDeliveries(ctx context.Context, id string) error {
	var oldest int64
	err := tx.queryRow(ctx, "SELECT id FROM deliveries WHERE subscription_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?", id, keptDeliveries-1).Scan(&oldest)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, "DELETE FROM deliveries WHERE subscription_id = ? AND id < ?", id, oldest)
	return err
}

// scanSubscription reads a row of subscriptionSelect.
func scanSubscription(row interface{ Scan(...any) error }) (*webhook.Subscription, error) {
	var (
		s                                 webhook.Subscription
		customer, reason                  sql.NullString
		status                            string
		created, updated                  int64
		failingSince, nextAt, replaySince sql.NullInt64
	)
	err := row.Scan(&s.ID, &customer, &s.Callback, &s.Query, &status, &reason, &s.Secret, &created, &updated,
		&s.Version, &s.After, &s.Attempt, &failingSince, &nextAt, &replaySince)
	if err != nil {
		return nil, err
	}
	s.Owner = incident.Scope{CustomerID: customer.String, Operator: !customer.Valid}
	s.Status, s.DisabledReason = webhook.Status(status), reason.String
	s.CreatedAt, s.UpdatedAt = fromMicros(created), fromMicros(updated)
	s.FailingSince, s.NextAttemptAt, s.ReplaySince = zeroMicros(failingSince), zeroMicros(nextAt), zeroMicros(replaySince)
	return &s, nil
}

// nullMicros stores a zero time as NULL.
func nullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micros(t)
}

// zeroMicros reads NULL as the zero time.
func zeroMicros(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMicros(v.Int64)
}

// NewestEventCursor is the cursor of the newest event committed, "" when
// none ever was.
func (db *DB) NewestEventCursor(ctx context.Context) (string, error) {
	var seq int64
	err := db.readOne(ctx, "newest event", func(tx *txn) error {
		return tx.queryRow(ctx, tx.d.lastEvent()).Scan(&seq)
	})
	if err != nil || seq == 0 {
		return "", err
	}
	return eventCursor(seq), nil
}
