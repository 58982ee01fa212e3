// Package account holds the people who use the web console: users, who
// belong to one customer or to the provider, their roles, their passwords
// (argon2id) and their server-side sessions, behind the Store interface.
package account

import (
	"context"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Role is what a user may do. Customer users are viewers or reporters;
// provider users are agents or admins.
type Role string

const (
	RoleViewer   Role = "viewer"   // a customer's: reads its incidents
	RoleReporter Role = "reporter" // a customer's: also reports and works them as the customer may
	RoleAgent    Role = "agent"    // the provider's: works every customer's incidents
	RoleAdmin    Role = "admin"    // the provider's: as an agent
)

// Roles lists every role, customer roles first.
var Roles = []Role{RoleViewer, RoleReporter, RoleAgent, RoleAdmin}

// Provider reports whether the role is on the provider's side.
func (r Role) Provider() bool { return r == RoleAgent || r == RoleAdmin }

// Valid reports whether r is one of Roles.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if r == x {
			return true
		}
	}
	return false
}

// CanWrite reports whether the role may change incidents: report them,
// add notes and files, move them through the lifecycle.
func (r Role) CanWrite() bool { return r != RoleViewer }

// User is a person who signs in to the console.
type User struct {
	ID    int64
	Email string // lower case, unique
	Name  string
	// CustomerID is the customer of a viewer or reporter; empty for the
	// provider's agents and admins.
	CustomerID   string
	Role         Role
	PasswordHash string
	CreatedAt    time.Time
	DisabledAt   *time.Time
}

// Caller is the user as the domain knows a caller: the customer's scope
// or the operator's, and the actor its changes are recorded under.
func (u User) Caller() incident.Caller {
	if u.Role.Provider() {
		return incident.Caller{
			Role:     incident.RoleOperator,
			Scope:    incident.Scope{Operator: true},
			Actor:    incident.Actor{Type: incident.ActorProvider, Name: u.Name},
			ClientID: "user:" + u.Email,
		}
	}
	return incident.Caller{
		Role:     incident.RoleCustomer,
		Scope:    incident.Scope{CustomerID: u.CustomerID},
		Actor:    incident.Actor{Type: incident.ActorCustomer, Name: u.Name},
		ClientID: "user:" + u.Email,
	}
}

// Session is a signed-in browser. Its id is a random secret the browser
// keeps in a cookie; the store keeps only its SHA-256 (IDHash).
type Session struct {
	IDHash    string
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
	// Address and UserAgent describe the browser that signed in, for the
	// user's list of sessions.
	Address   string
	UserAgent string
}

// Store keeps users and sessions. A missing user or session is an
// *incident.Error with CodeNotFound; creating a user whose email is taken
// fails, as does naming an unknown customer (CodeInvalidBodyField).
type Store interface {
	CreateUser(ctx context.Context, u User) (User, error)
	GetUser(ctx context.Context, id int64) (User, error)
	GetUserByEmail(ctx context.Context, email string) (User, error)
	// ListUsers lists a customer's users, or every user when customerID
	// is empty, by email.
	ListUsers(ctx context.Context, customerID string) ([]User, error)
	SetUserPassword(ctx context.Context, id int64, hash string) error
	// DisableUser marks the user disabled (keeping the first time) and
	// ends its sessions, in one transaction.
	DisableUser(ctx context.Context, id int64, at time.Time) error

	CreateSession(ctx context.Context, s Session) error
	// GetSession reads a session that has not expired at now, with its
	// user; an expired one is CodeNotFound.
	GetSession(ctx context.Context, idHash string, now time.Time) (Session, User, error)
	// ListSessions lists a user's sessions that have not expired at now,
	// newest first.
	ListSessions(ctx context.Context, userID int64, now time.Time) ([]Session, error)
	// DeleteSession ends one session; ending a missing one is no error.
	DeleteSession(ctx context.Context, idHash string) error
	// DeleteUserSessions ends every session of a user.
	DeleteUserSessions(ctx context.Context, userID int64) error
	// DeleteExpiredSessions removes the sessions expired at now and says
	// how many.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)
}
