package webhook

import (
	"context"
	"crypto/rand"
	"net"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Hub carries out what subscribers ask (spec §11.2): subscribe, read,
// change, unsubscribe, read the delivery log, replay. Each call takes the
// owner: the caller's scope, a customer's or the operator side's; another
// owner's subscription is not found.
type Hub struct {
	Store Store
	// Events checks the cursor a replay starts after.
	Events incident.EventStore
	// Resolver resolves callback hosts; nil means net.DefaultResolver.
	Resolver Resolver
	// AllowPrivate lifts the callback rules (https, public addresses).
	AllowPrivate bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Changed, when set, is told of every change a delivery worker should
	// act on at once (Dispatcher.Wake).
	Changed func()
}

// NewSubscription is a subscription request. Query is already checked
// against the listing grammar by the caller (contract).
type NewSubscription struct {
	Callback string
	Query    string
}

// SubscriptionPatch changes a subscription; a nil field is left alone.
type SubscriptionPatch struct {
	Callback *string
	Query    *string
	Status   *Status
}

// ReplayFrom is where a replay starts: after an event's cursor, or at the
// events since a time (Since set).
type ReplayFrom struct {
	After string
	Since *time.Time
}

// Create subscribes a callback; the subscription returned carries its
// secret, which no later read returns.
func (h *Hub) Create(ctx context.Context, owner incident.Scope, n NewSubscription) (*Subscription, error) {
	if err := h.checkCallback(ctx, n.Callback); err != nil {
		return nil, err
	}
	secret, err := NewSecret()
	if err != nil {
		return nil, err
	}
	now := h.now()
	s := &Subscription{
		ID:        "sub_" + strings.ToLower(rand.Text()),
		Owner:     owner,
		Callback:  n.Callback,
		Query:     n.Query,
		Status:    StatusActive,
		Secret:    secret,
		CreatedAt: now,
		UpdatedAt: now,
		Version:   1,
	}
	// A new subscription receives the events from now on: it starts after
	// the newest event there is.
	if s.After, err = h.Store.NewestEventCursor(ctx); err != nil {
		return nil, err
	}
	if err := h.Store.CreateSubscription(ctx, s, MaxPerOwner); err != nil {
		return nil, err
	}
	h.changed()
	return s, nil
}

// Get reads a subscription, without its secret.
func (h *Hub) Get(ctx context.Context, owner incident.Scope, id string) (*Subscription, error) {
	s, err := h.Store.GetSubscription(ctx, owner, id)
	if err != nil {
		return nil, err
	}
	s.Secret = ""
	return s, nil
}

// List lists the owner's subscriptions, oldest first, without secrets.
func (h *Hub) List(ctx context.Context, owner incident.Scope) ([]*Subscription, error) {
	list, err := h.Store.ListSubscriptions(ctx, owner)
	for _, s := range list {
		s.Secret = ""
	}
	return list, err
}

// Update changes a subscription's callback, query or status. A new
// callback, or a subscription made active again, starts with a fresh
// attempt at the event it stands at.
func (h *Hub) Update(ctx context.Context, owner incident.Scope, id string, p SubscriptionPatch) (*Subscription, error) {
	if p.Callback != nil {
		if err := h.checkCallback(ctx, *p.Callback); err != nil {
			return nil, err
		}
	}
	now := h.now()
	s, err := h.Store.UpdateSubscription(ctx, owner, id, func(s *Subscription) error {
		fresh := false
		if p.Callback != nil && *p.Callback != s.Callback {
			s.Callback, fresh = *p.Callback, true
		}
		if p.Query != nil {
			s.Query = *p.Query
		}
		if p.Status != nil && *p.Status != s.Status {
			s.Status, s.DisabledReason, fresh = *p.Status, "", *p.Status == StatusActive
		}
		if fresh {
			s.Attempt, s.FailingSince, s.NextAttemptAt = 0, time.Time{}, time.Time{}
		}
		s.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.changed()
	s.Secret = ""
	return s, nil
}

// Delete unsubscribes: no delivery starts after it returns.
func (h *Hub) Delete(ctx context.Context, owner incident.Scope, id string) error {
	if err := h.Store.DeleteSubscription(ctx, owner, id); err != nil {
		return err
	}
	h.changed()
	return nil
}

// Deliveries returns a page of a subscription's delivery log, newest
// first, and the size of the log.
func (h *Hub) Deliveries(ctx context.Context, owner incident.Scope, id string, offset, limit int) ([]Delivery, int, error) {
	return h.Store.ListDeliveries(ctx, owner, id, offset, limit)
}

// Replay delivers again, in order, the retained events after a cursor or
// since a time, then the events that follow; the subscription is made
// active, since a replay asks for deliveries.
func (h *Hub) Replay(ctx context.Context, owner incident.Scope, id string, from ReplayFrom) (*Subscription, error) {
	if from.After != "" {
		// A malformed or expired cursor is refused now, not by the worker.
		if _, _, err := h.Events.Events(ctx, owner, from.After, 1); err != nil {
			if incident.ErrorCode(err) == incident.CodeInvalidQueryParam {
				return nil, incident.Errorf(incident.CodeInvalidBodyField, MsgReplayCursor, from.After)
			}
			return nil, err
		}
	}
	now := h.now()
	s, err := h.Store.UpdateSubscription(ctx, owner, id, func(s *Subscription) error {
		s.Progress = Progress{After: from.After}
		if from.Since != nil {
			s.ReplaySince = from.Since.UTC()
		}
		s.Status, s.DisabledReason, s.UpdatedAt = StatusActive, "", now
		return nil
	})
	if err != nil {
		return nil, err
	}
	h.changed()
	s.Secret = ""
	return s, nil
}

func (h *Hub) checkCallback(ctx context.Context, callback string) error {
	r := h.Resolver
	if r == nil {
		r = net.DefaultResolver
	}
	return CheckCallback(ctx, callback, h.AllowPrivate, r)
}

func (h *Hub) changed() {
	if h.Changed != nil {
		h.Changed()
	}
}

func (h *Hub) now() time.Time {
	if h.Now == nil {
		return time.Now().UTC().Truncate(time.Millisecond)
	}
	return h.Now().UTC()
}
