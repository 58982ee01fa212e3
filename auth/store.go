package auth

import (
	"context"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Client is an OAuth 2.0 client. A customer's client has CustomerID set; an
// operator client (the provider's staff and systems) has Operator set.
type Client struct {
	ID         string
	Name       string
	CustomerID string
	Operator   bool
	Scopes     []string
	SecretHash string
	CreatedAt  time.Time
	RevokedAt  *time.Time
}

// APIKey is a key issued to a customer (or to the operator side). Only the
// hash of the key is kept; Prefix is a short public part shown in listings.
type APIKey struct {
	ID         string
	Prefix     string
	CustomerID string
	Operator   bool
	Hash       string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RevokedAt  *time.Time
}

// Token is an issued access token, kept as its hash.
type Token struct {
	Hash      string
	ClientID  string
	Scopes    []string
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// Store keeps customers, clients, API keys and tokens. Lookups of missing
// rows return an *incident.Error with CodeNotFound.
type Store interface {
	incident.CustomerStore
	CreateCustomer(ctx context.Context, c incident.Customer) error
	ListCustomers(ctx context.Context) ([]incident.Customer, error)

	CreateClient(ctx context.Context, c Client) error
	GetClient(ctx context.Context, id string) (Client, error)
	// ListClients lists a customer's clients, or every client when
	// customerID is empty.
	ListClients(ctx context.Context, customerID string) ([]Client, error)
	// SetClientSecret replaces a client's secret hash and, when
	// revokeTokens is set, deletes the client's tokens in the same
	// transaction; it returns how many it deleted.
	SetClientSecret(ctx context.Context, id, secretHash string, revokeTokens bool) (revoked int64, err error)
	RevokeClient(ctx context.Context, id string, at time.Time) error

	CreateAPIKey(ctx context.Context, k APIKey) error
	FindAPIKey(ctx context.Context, hash string) (APIKey, error)
	ListAPIKeys(ctx context.Context, customerID string) ([]APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) error

	// CreateToken stores a token issued to a client whose secret hash was
	// secretHash when it was checked; if the secret has changed since (a
	// rotation), nothing is stored and the error has CodeNotFound.
	CreateToken(ctx context.Context, t Token, secretHash string) error
	FindToken(ctx context.Context, hash string) (Token, error)
	DeleteExpiredTokens(ctx context.Context, before time.Time) (int64, error)

	// AuthFailures returns the failure records of the subjects that have
	// one.
	AuthFailures(ctx context.Context, subjects []string) ([]AuthFailure, error)
	// RecordAuthFailure counts one more failure of subject at the given
	// time, starting again from one when its last failure is older than
	// forgetBefore, and returns the record as it now is.
	RecordAuthFailure(ctx context.Context, subject string, at, forgetBefore time.Time) (AuthFailure, error)
	// ListAuthFailures lists every record, by subject.
	ListAuthFailures(ctx context.Context) ([]AuthFailure, error)
	// DeleteAuthFailures deletes the records of the subjects and returns
	// how many there were.
	DeleteAuthFailures(ctx context.Context, subjects []string) (int64, error)
	// DeleteAuthFailuresBefore deletes the records whose last failure is
	// older than before.
	DeleteAuthFailuresBefore(ctx context.Context, before time.Time) (int64, error)
}

// AuthFailure is the count of failed authentications of one subject (a
// client id, an address) and the time of the last one.
type AuthFailure struct {
	Subject       string
	Failures      int
	LastFailureAt time.Time
}
