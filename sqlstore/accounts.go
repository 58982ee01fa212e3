package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/incident"
)

// This file keeps the console's users and sessions (account.Store).

const userSelect = "SELECT id, email, name, customer_id, role, password_hash, created_at, disabled_at FROM console_users"

// CreateUser stores a new user: an email taken already, or an unknown
// customer, is refused.
func (db *DB) CreateUser(ctx context.Context, u account.User) (account.User, error) {
	err := db.write(ctx, "create user", func(tx *txn) error {
		u.CreatedAt = orNow(u.CreatedAt, tx.now)
		err := tx.queryRow(ctx, "INSERT INTO console_users (email, name, customer_id, role, password_hash, created_at)"+
			" VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			u.Email, u.Name, nullString(u.CustomerID), string(u.Role), u.PasswordHash, micros(u.CreatedAt)).Scan(&u.ID)
		return unknownCustomer(duplicate(err, "user", u.Email), u.CustomerID)
	})
	if err != nil {
		return account.User{}, err
	}
	return u, nil
}

func (db *DB) GetUser(ctx context.Context, id int64) (account.User, error) {
	return db.getUser(ctx, userSelect+" WHERE id = ?", id)
}

func (db *DB) GetUserByEmail(ctx context.Context, email string) (account.User, error) {
	return db.getUser(ctx, userSelect+" WHERE email = ?", email)
}

func (db *DB) getUser(ctx context.Context, query string, arg any) (account.User, error) {
	var u account.User
	err := db.readOne(ctx, "get user", func(tx *txn) error {
		return notFound(scanUser(tx.queryRow(ctx, query, arg), &u), "user")
	})
	return u, err
}

func (db *DB) ListUsers(ctx context.Context, customerID string) ([]account.User, error) {
	users := []account.User{}
	query, args := userSelect+" ORDER BY email", []any(nil)
	if customerID != "" {
		query, args = userSelect+" WHERE customer_id = ? ORDER BY email", []any{customerID}
	}
	err := db.readOne(ctx, "list users", func(tx *txn) error {
		return tx.each(ctx, query, args, func(rows *sql.Rows) error {
			var u account.User
			if err := scanUser(rows, &u); err != nil {
				return err
			}
			users = append(users, u)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return users, nil
}

func (db *DB) SetUserPassword(ctx context.Context, id int64, hash string) error {
	return db.write(ctx, "set user password", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE console_users SET password_hash = ? WHERE id = ?", hash, id)
		return affected(res, err, "user")
	})
}

func (db *DB) DisableUser(ctx context.Context, id int64, at time.Time) error {
	return db.write(ctx, "disable user", func(tx *txn) error {
		res, err := tx.exec(ctx, "UPDATE console_users SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?", micros(at), id)
		if err := affected(res, err, "user"); err != nil {
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM console_sessions WHERE user_id = ?", id)
		return err
	})
}

func scanUser(row interface{ Scan(...any) error }, u *account.User) error {
	var (
		customerID sql.NullString
		role       string
		created    int64
		disabled   sql.NullInt64
	)
	if err := row.Scan(&u.ID, &u.Email, &u.Name, &customerID, &role, &u.PasswordHash, &created, &disabled); err != nil {
		return err
	}
	u.CustomerID, u.Role = customerID.String, account.Role(role)
	u.CreatedAt, u.DisabledAt = fromMicros(created), fromNullMicros(disabled)
	return nil
}

func (db *DB) CreateSession(ctx context.Context, s account.Session) error {
	return db.write(ctx, "create session", func(tx *txn) error {
		_, err := tx.exec(ctx, "INSERT INTO console_sessions (id_hash, user_id, created_at, expires_at, address, user_agent)"+
			" VALUES (?, ?, ?, ?, ?, ?)",
			s.IDHash, s.UserID, micros(s.CreatedAt), micros(s.ExpiresAt), s.Address, s.UserAgent)
		if err != nil && classify(err) == classForeignKey {
			return incident.NotFound("user")
		}
		return duplicate(err, "session", "")
	})
}

const sessionColumns = "s.id_hash, s.user_id, s.created_at, s.expires_at, s.address, s.user_agent"

func (db *DB) GetSession(ctx context.Context, idHash string, now time.Time) (account.Session, account.User, error) {
	var (
		s account.Session
		u account.User
	)
	err := db.readOne(ctx, "get session", func(tx *txn) error {
		row := tx.queryRow(ctx, "SELECT "+sessionColumns+", u.id, u.email, u.name, u.customer_id, u.role, u.password_hash, u.created_at, u.disabled_at"+
			" FROM console_sessions s JOIN console_users u ON u.id = s.user_id WHERE s.id_hash = ? AND s.expires_at > ?", idHash, micros(now))
		var (
			created, expires int64
			customerID       sql.NullString
			role             string
			userCreated      int64
			disabled         sql.NullInt64
		)
		err := row.Scan(&s.IDHash, &s.UserID, &created, &expires, &s.Address, &s.UserAgent,
			&u.ID, &u.Email, &u.Name, &customerID, &role, &u.PasswordHash, &userCreated, &disabled)
		if err != nil {
			return notFound(err, "session")
		}
		s.CreatedAt, s.ExpiresAt = fromMicros(created), fromMicros(expires)
		u.CustomerID, u.Role = customerID.String, account.Role(role)
		u.CreatedAt, u.DisabledAt = fromMicros(userCreated), fromNullMicros(disabled)
		return nil
	})
	return s, u, err
}

func (db *DB) ListSessions(ctx context.Context, userID int64, now time.Time) ([]account.Session, error) {
	sessions := []account.Session{}
	err := db.readOne(ctx, "list sessions", func(tx *txn) error {
		return tx.each(ctx, "SELECT "+sessionColumns+" FROM console_sessions s WHERE s.user_id = ? AND s.expires_at > ?"+
			" ORDER BY s.created_at DESC, s.id_hash", []any{userID, micros(now)}, func(rows *sql.Rows) error {
			var (
				s                account.Session
				created, expires int64
			)
			if err := rows.Scan(&s.IDHash, &s.UserID, &created, &expires, &s.Address, &s.UserAgent); err != nil {
				return err
			}
			s.CreatedAt, s.ExpiresAt = fromMicros(created), fromMicros(expires)
			sessions = append(sessions, s)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return sessions, nil
}

func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	return db.write(ctx, "delete session", func(tx *txn) error {
		_, err := tx.exec(ctx, "DELETE FROM console_sessions WHERE id_hash = ?", idHash)
		return err
	})
}

func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return db.write(ctx, "delete user sessions", func(tx *txn) error {
		_, err := tx.exec(ctx, "DELETE FROM console_sessions WHERE user_id = ?", userID)
		return err
	})
}

func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	var n int64
	err := db.write(ctx, "delete expired sessions", func(tx *txn) error {
		res, err := tx.exec(ctx, "DELETE FROM console_sessions WHERE expires_at <= ?", micros(now))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		if err != nil {
			return fmt.Errorf("expired sessions: %w", err)
		}
		return nil
	})
	return int(n), err
}
