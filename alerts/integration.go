package alerts

import (
	"context"
	"time"
)

// Integration maps an alerting tool to a customer: the incidents its alerts
// open belong to that customer, with the integration's defaults where the
// alert says nothing, and its history names the integration.
type Integration struct {
	ID         string
	Name       string
	CustomerID string
	// ServiceID and LocationID are the service and location of the
	// incidents opened, unless an alert's labels name others; empty: none.
	ServiceID  string
	LocationID string
	// Severities overrides the default severity mapping for this
	// integration's alerts.
	Severities SeverityMap
	CreatedAt  time.Time
	RevokedAt  *time.Time
	// Keys are the integration's keys, oldest first (listings only).
	Keys []Key
}

// Key is an integration key, kept as its hash. An integration may have
// several (rotation); each works until revoked, and none works once the
// integration is revoked.
type Key struct {
	ID            string
	IntegrationID string
	Prefix        string
	Hash          string
	CreatedAt     time.Time
	RevokedAt     *time.Time
}

// State is what is remembered of one alert of an integration: the incident
// it opened last, whether it fires, since when, and when it last stopped.
type State struct {
	// IncidentID is empty for an alert seen for the first time; an alert
	// left without incident is not remembered.
	IncidentID string
	Firing     bool
	// StartsAt is when the current (or last) firing began, as the alert
	// said; Alertmanager sends the same startsAt while an alert fires.
	StartsAt time.Time
	// ResolvedAt is when the alert was last reported resolved.
	ResolvedAt *time.Time
}

// Store keeps integrations, their keys and the state of their alerts.
// Missing rows are *incident.Error values with CodeNotFound.
type Store interface {
	// CreateIntegration stores an integration with its first key; an
	// unknown customer is CodeInvalidBodyField.
	CreateIntegration(ctx context.Context, in Integration, k Key) error
	// GetIntegration reads an integration with its keys.
	GetIntegration(ctx context.Context, id string) (Integration, error)
	// ListIntegrations lists a customer's integrations, or every one when
	// customerID is empty, by id, with their keys.
	ListIntegrations(ctx context.Context, customerID string) ([]Integration, error)
	// AddIntegrationKey stores another key of an integration.
	AddIntegrationKey(ctx context.Context, k Key) error
	// RevokeIntegration revokes an integration and so every key of it;
	// revoking it again keeps the first time.
	RevokeIntegration(ctx context.Context, id string, at time.Time) error
	// RevokeIntegrationKey revokes one key.
	RevokeIntegrationKey(ctx context.Context, keyID string, at time.Time) error
	// FindIntegrationKey finds a key by its hash, with its integration
	// (revoked or not: the caller decides).
	FindIntegrationKey(ctx context.Context, hash string) (Integration, Key, error)

	// AlertState reads the state of one alert of an integration, without
	// locking it; the zero State when none is stored.
	AlertState(ctx context.Context, integrationID, dedupKey string) (State, error)
	// WithAlert runs fn on the state of one alert of an integration,
	// within one transaction that holds the alert locked: concurrent calls
	// for the same alert, on any server sharing the database, run one
	// after the other. Store calls made with the context fn receives join
	// that transaction, so the incident fn opens or changes commits with
	// the state, or neither does. When fn returns nil the state is stored,
	// unless it names no incident; when fn fails nothing is.
	WithAlert(ctx context.Context, integrationID, dedupKey string, fn func(ctx context.Context, st *State) error) error
}
