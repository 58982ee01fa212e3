package webhook

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// batchSize is how many events one read of the feed takes.
const batchSize = 100

// storePause is the wait after a store error before trying again.
const storePause = time.Second

// outcome is what a step of delivery leaves to do.
type outcome int

const (
	more       outcome = iota // events were read: read on at once
	caughtUp                  // no event left: wait for new ones
	retryLater                // an attempt failed: wait for the next
	reread                    // the subscription changed, or the store failed: read it again
	stopped                   // disabled, or the server stops
)

// deliver works on one subscription while this server holds its lease;
// ctx ends when the lease is lost or the server stops.
func (d *Dispatcher) deliver(ctx context.Context, id string, dl *delivery) {
	wake := dl.wake
	s, held := d.reload(ctx, id, dl)
	if !held {
		return
	}
	defer d.release(id)
	for {
		// Taken before the read, so that an event committed after it
		// wakes the wait below.
		changes := d.Events.EventsChanged()
		switch d.step(ctx, s) {
		case more:
			continue
		case caughtUp:
			select {
			case <-ctx.Done():
			case <-changes:
				continue
			case <-wake:
			}
		case retryLater:
			timer := time.NewTimer(s.NextAttemptAt.Sub(d.now()))
			select {
			case <-ctx.Done():
			case <-timer.C:
			case <-wake:
			}
			timer.Stop()
		case reread:
			if !sleepCtx(ctx, storePause/10) {
				return
			}
		case stopped:
			return
		}
		if ctx.Err() != nil {
			return
		}
		if s, held = d.reload(ctx, id, dl); !held || s.Status != StatusActive {
			return
		}
	}
}

// step delivers, from the subscription's cursor, the events its query
// selects until one fails or none is left, recording each attempt and the
// progress, which it also keeps in s.
func (d *Dispatcher) step(ctx context.Context, s *Subscription) outcome {
	if s.NextAttemptAt.After(d.now()) {
		return retryLater
	}
	filter, err := d.Filter(s.Query, s.Role())
	if err != nil {
		// A query valid when written that no longer parses (the grammar
		// changed): say so rather than deliver what was not asked for.
		d.record(ctx, s, nil, s.Progress, fmt.Sprintf("the query no longer parses: %v", err))
		return stopped
	}
	events, next, err := d.Events.Events(ctx, s.Owner, s.After, batchSize)
	if err != nil {
		if ctx.Err() != nil {
			return stopped
		}
		if cursorExpired(err) {
			// The events after the cursor are gone: go on with the oldest
			// retained ones.
			d.Logger.Warn("webhook: events expired before delivery", "subscription", s.ID, "cursor", s.After)
			p := s.Progress
			p.After = ""
			return d.advance(ctx, s, p)
		}
		d.Logger.Error("webhook: read events", "subscription", s.ID, "err", err)
		sleepCtx(ctx, storePause)
		return reread
	}
	if next == s.After {
		// Nothing new. A replay by time is over once caught up.
		if !s.ReplaySince.IsZero() {
			p := s.Progress
			p.ReplaySince = time.Time{}
			if !d.record(ctx, s, nil, p, "") {
				return reread
			}
		}
		return caughtUp
	}
	p := s.Progress
	for i := range events {
		e := &events[i]
		if !p.ReplaySince.IsZero() && e.Time.Before(p.ReplaySince) || !filter.Matches(e, s.Owner) {
			p.After = e.Cursor
			continue
		}
		del, after, disable := d.attempt(ctx, s, p, e)
		if ctx.Err() != nil {
			return stopped // shutting down: the attempt is made again later
		}
		if !d.record(ctx, s, &del, after, disable) {
			return reread
		}
		p = after
		switch {
		case disable != "":
			return stopped
		case after.Attempt > 0:
			return retryLater
		}
	}
	// Past the events the query or the scope left out, too.
	if p.After = next; p.After == s.After {
		return more
	}
	return d.advance(ctx, s, p)
}

// advance stores progress made without a delivery (events not selected,
// or hidden from the owner).
func (d *Dispatcher) advance(ctx context.Context, s *Subscription, p Progress) outcome {
	if !d.record(ctx, s, nil, p, "") {
		return reread
	}
	return more
}

// record stores an attempt and the progress, and keeps them in s; false
// when the store refused (the subscription changed, the lease was lost) or
// failed.
func (d *Dispatcher) record(ctx context.Context, s *Subscription, del *Delivery, p Progress, disable string) bool {
	stored, err := d.Store.RecordDelivery(ctx, s.ID, d.id, s.Version, del, p, disable)
	if err != nil {
		if ctx.Err() == nil {
			d.Logger.Error("webhook: record delivery", "subscription", s.ID, "err", err)
		}
		return false
	}
	if !stored {
		return false
	}
	s.Progress = p
	if disable != "" {
		s.Status, s.DisabledReason = StatusDisabled, disable
		d.Logger.Warn("webhook: subscription disabled", "subscription", s.ID, "reason", disable)
	}
	return true
}

// attempt sends one event and decides what follows: the progress after
// it, and the reason to disable the subscription, if any.
func (d *Dispatcher) attempt(ctx context.Context, s *Subscription, p Progress, e *incident.Event) (Delivery, Progress, string) {
	select {
	case d.slots <- struct{}{}:
	case <-ctx.Done():
		return Delivery{}, p, ""
	}
	start := d.now()
	code, err := d.send(ctx, s, e, start)
	<-d.slots
	del := Delivery{SubscriptionID: s.ID, EventID: e.ID, Attempt: p.Attempt + 1, At: start, StatusCode: code, Duration: d.now().Sub(start)}
	if err == nil && code >= 200 && code < 300 {
		return del, Progress{After: e.Cursor, ReplaySince: p.ReplaySince}, ""
	}
	del.Error = failure(code, err)
	if code == 410 {
		// The event stays first in line for when the subscription is made
		// active again.
		return del, Progress{After: p.After, ReplaySince: p.ReplaySince}, "the receiver answered 410 Gone"
	}
	failing := p.FailingSince
	if failing.IsZero() {
		failing = start
	}
	nextAt := d.now().Add(retryDelay(d.RetryInitial, p.Attempt+1))
	if nextAt.Sub(failing) > d.RetryMaxAge {
		// Given up: the subscription is disabled, past this event; the
		// events after it wait in the feed.
		return del, Progress{After: e.Cursor}, fmt.Sprintf("event %s failed for %s (%d attempts, last: %s)",
			e.ID, d.RetryMaxAge, p.Attempt+1, del.Error)
	}
	return del, Progress{After: p.After, Attempt: p.Attempt + 1, FailingSince: failing, NextAttemptAt: nextAt, ReplaySince: p.ReplaySince}, ""
}

// retryDelay is the wait after the n-th failed attempt: initial, doubled
// at each attempt, at most an hour.
func retryDelay(initial time.Duration, n int) time.Duration {
	delay := initial
	for i := 1; i < n && delay < maxRetryInterval; i++ {
		delay *= 2
	}
	return min(delay, maxRetryInterval)
}

// failure says why an attempt failed.
func failure(code int, err error) string {
	switch {
	case errors.Is(err, errForbiddenAddress):
		return err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer within %s", deliveryTimeout)
	case err != nil:
		return err.Error()
	}
	return fmt.Sprintf("status %d", code)
}

// reload extends the subscription's lease and reads it.
func (d *Dispatcher) reload(ctx context.Context, id string, dl *delivery) (*Subscription, bool) {
	s, held, err := d.Store.RenewLease(ctx, id, d.id, d.now().Add(d.LeaseTTL))
	if err != nil {
		if ctx.Err() == nil {
			d.Logger.Error("webhook: renew lease", "subscription", id, "err", err)
		}
		return nil, false
	}
	if held {
		dl.version.Store(s.Version)
	}
	return s, held
}

// release hands the subscription back at once, for any server.
func (d *Dispatcher) release(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := d.Store.ReleaseLease(ctx, id, d.id); err != nil {
		d.Logger.Error("webhook: release lease", "subscription", id, "err", err)
	}
}

// sleepCtx waits d or until ctx ends; false when it ended.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// cursorExpired reports whether the feed refused a cursor older than its
// retention.
func cursorExpired(err error) bool {
	var e *incident.Error
	return errors.As(err, &e) && e.Gone
}
