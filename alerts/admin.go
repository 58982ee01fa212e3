package alerts

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// Admin provisions integrations and their keys (the admin command and the
// demo data). A key is returned once, at creation; only its hash is kept.
type Admin struct {
	Store Store
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// NewIntegration is what an integration is created from.
type NewIntegration struct {
	CustomerID string
	Name       string
	ServiceID  string
	LocationID string
	Severities SeverityMap
	// Key is a fixed integration key, for demonstration data only; empty:
	// one is generated.
	Key string
}

// keyStart begins every generated integration key.
const keyStart = "ig_"

// Create creates an integration with its first key, returned once. The
// customer must exist.
func (a *Admin) Create(ctx context.Context, n NewIntegration) (Integration, string, error) {
	if err := checkName(n.Name); err != nil {
		return Integration{}, "", err
	}
	for _, ref := range []struct{ what, value string }{{"service", n.ServiceID}, {"location", n.LocationID}} {
		if err := checkRef(ref.what, ref.value); err != nil {
			return Integration{}, "", err
		}
	}
	in := Integration{
		ID:         "in_" + auth.NewID(),
		Name:       n.Name,
		CustomerID: n.CustomerID,
		ServiceID:  n.ServiceID,
		LocationID: n.LocationID,
		Severities: n.Severities,
		CreatedAt:  a.now(),
	}
	k, key, err := a.newKey(in.ID, n.Key)
	if err != nil {
		return Integration{}, "", err
	}
	if err := a.Store.CreateIntegration(ctx, in, k); err != nil {
		if incident.ErrorCode(err) == incident.CodeInvalidBodyField {
			return Integration{}, "", fmt.Errorf("%w: customer %q does not exist", auth.ErrInvalidInput, n.CustomerID)
		}
		return Integration{}, "", err
	}
	in.Keys = []Key{k}
	return in, key, nil
}

// Rotate gives an integration a new key, returned once; its other keys
// work on until revoked, so that senders can move to the new one.
func (a *Admin) Rotate(ctx context.Context, integrationID string) (Key, string, error) {
	in, err := a.Store.GetIntegration(ctx, integrationID)
	if err != nil {
		return Key{}, "", err
	}
	if in.RevokedAt != nil {
		return Key{}, "", fmt.Errorf("%w: integration %q is revoked", auth.ErrInvalidInput, integrationID)
	}
	k, key, err := a.newKey(in.ID, "")
	if err != nil {
		return Key{}, "", err
	}
	if err := a.Store.AddIntegrationKey(ctx, k); err != nil {
		return Key{}, "", err
	}
	return k, key, nil
}

// Revoke revokes an integration: none of its keys works any more.
func (a *Admin) Revoke(ctx context.Context, integrationID string) error {
	return a.Store.RevokeIntegration(ctx, integrationID, a.now())
}

// RevokeKey revokes one key of an integration.
func (a *Admin) RevokeKey(ctx context.Context, keyID string) error {
	return a.Store.RevokeIntegrationKey(ctx, keyID, a.now())
}

// List lists a customer's integrations, or every one when customerID is
// empty, with their keys.
func (a *Admin) List(ctx context.Context, customerID string) ([]Integration, error) {
	return a.Store.ListIntegrations(ctx, customerID)
}

func (a *Admin) newKey(integrationID, fixed string) (Key, string, error) {
	id, prefix, key, err := auth.NewKey("integration key", keyStart, fixed)
	if err != nil {
		return Key{}, "", err
	}
	k := Key{ID: id, IntegrationID: integrationID, Prefix: prefix, Hash: auth.HashCredential(key), CreatedAt: a.now()}
	return k, key, nil
}

func (a *Admin) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC().Truncate(time.Millisecond)
	}
	return time.Now().UTC().Truncate(time.Millisecond)
}

// checkName checks an integration's name, which names it in the history
// of the incidents it opens: 1 to 200 characters, no control character,
// no surrounding space.
func checkName(name string) error {
	n := utf8.RuneCountInString(name)
	if n == 0 || n > incident.MaxName || strings.IndexFunc(name, unicode.IsControl) >= 0 || name != strings.TrimSpace(name) {
		return fmt.Errorf("%w: an integration name must have 1 to %d characters, without control characters or surrounding spaces", auth.ErrInvalidInput, incident.MaxName)
	}
	return nil
}

// checkRef checks a default service or location id: as the incident's
// own rule takes it.
func checkRef(what, id string) error {
	if utf8.RuneCountInString(id) > incident.MaxRefID || strings.IndexFunc(id, unicode.IsControl) >= 0 || id != strings.TrimSpace(id) {
		return fmt.Errorf("%w: a %s id must have at most %d characters, without control characters or surrounding spaces", auth.ErrInvalidInput, what, incident.MaxRefID)
	}
	return nil
}
