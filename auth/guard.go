package auth

import (
	"context"
	"net/netip"
	"slices"
	"sync"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// The token endpoint's guard against secret guessing and spraying, after
// the brute-force protection of Ory Hydra and Keycloak:
//
//   - failed authentications are counted per client id and per client
//     address (the subjects), in the store, so that every server sees them
//     and `incidentd admin lockout clear` can forget them;
//   - after FreeFailures failures a subject waits before its next attempt,
//     1 s after the 4th failure, then 2 s, 4 s… up to MaxFailureDelay; at
//     LockoutFailures it is locked out for LockoutDuration. Failures are
//     forgotten FailureMemory after the last one. A success forgets the
//     client id's failures, not the address's: one valid client must not
//     clear an address that guesses the secrets of others;
//   - an attempt of a waiting or locked-out subject is refused (429, code
//     53, Retry-After) without its secret being checked, after a pause of
//     up to RefusalPause, so that a client ignoring Retry-After costs a
//     sleeping request rather than CPU;
//   - secrets are checked Options.MaxConcurrentVerifications at a time at
//     most (verify.go): PBKDF2 is slow by design, and spraying must not
//     take the CPU that authenticated calls need.
//
// This is separate from the rate limit of API calls: failed token requests
// never spend a client's API rate.
const (
	FreeFailures    = 3
	LockoutFailures = 20
	LockoutDuration = 15 * time.Minute
	MaxFailureDelay = time.Minute
	FailureMemory   = time.Hour
	RefusalPause    = time.Second
)

// FailureDelay is how long after its last failure a subject with n
// failures waits before it may try again.
func FailureDelay(n int) time.Duration {
	switch {
	case n >= LockoutFailures:
		return LockoutDuration
	case n <= FreeFailures:
		return 0
	}
	if doublings := n - FreeFailures - 1; doublings < 6 {
		return min(time.Second<<doublings, MaxFailureDelay)
	}
	return MaxFailureDelay
}

// BlockedUntil is the time from which the subject may try again.
func (f AuthFailure) BlockedUntil() time.Time {
	return f.LastFailureAt.Add(FailureDelay(f.Failures))
}

// ClientSubject is the subject of a client id's failures.
func ClientSubject(clientID string) string { return "client:" + clientID }

// AddressSubject is the subject of an address's failures: an IPv4 address,
// or the /64 network of an IPv6 one, the block a single host usually holds.
func AddressSubject(addr netip.Addr) string {
	addr = addr.Unmap()
	if addr.Is6() {
		prefix, _ := addr.Prefix(64)
		return "address:" + prefix.String()
	}
	return "address:" + addr.String()
}

// IssueTokenFrom is IssueToken behind the guard, for a request that came
// from the address from. A refusal of the guard, or of the bound on
// verifications, is an OAuthError whose Cause is a *TryLater.
func (s *Service) IssueTokenFrom(ctx context.Context, from netip.Addr, req TokenRequest) (TokenResponse, *OAuthError) {
	subjects := []string{AddressSubject(from)}
	// Only ids that can exist are counted: an id's subject stays short.
	client := ""
	if clientIDPattern.MatchString(req.ClientID) {
		client = ClientSubject(req.ClientID)
		subjects = append(subjects, client)
	}
	now := s.opts.now()
	if until, ok := s.blocks.blocked(subjects, now); ok {
		return TokenResponse{}, s.holdBack(ctx, until, now)
	}
	records, err := s.store.AuthFailures(ctx, subjects)
	if err != nil {
		return TokenResponse{}, serverError(err)
	}
	held := false
	for _, r := range records {
		if until := r.BlockedUntil(); now.Before(until) {
			s.blocks.put(r.Subject, until, now)
			held = true
		}
	}
	if held {
		until, _ := s.blocks.blocked(subjects, now)
		return TokenResponse{}, s.holdBack(ctx, until, now)
	}

	token, oerr := s.IssueToken(ctx, req.ClientID, req.ClientSecret, req.Scope)
	switch {
	case oerr == nil:
		known := slices.ContainsFunc(records, func(r AuthFailure) bool { return r.Subject == client })
		if known {
			if _, err := s.store.DeleteAuthFailures(ctx, []string{client}); err != nil {
				return TokenResponse{}, serverError(err)
			}
		}
	case oerr.Code == ErrInvalidClient:
		for _, subject := range subjects {
			r, err := s.store.RecordAuthFailure(ctx, subject, now, now.Add(-FailureMemory))
			if err != nil {
				return TokenResponse{}, serverError(err)
			}
			if until := r.BlockedUntil(); now.Before(until) {
				s.blocks.put(subject, until, now)
			}
		}
	}
	return token, oerr
}

// PurgeAuthFailures deletes the failure records old enough to be
// forgotten, and returns how many went. Run it now and then.
func (s *Service) PurgeAuthFailures(ctx context.Context) (int64, error) {
	return s.store.DeleteAuthFailuresBefore(ctx, s.opts.now().Add(-FailureMemory))
}

// holdBack refuses an attempt of a subject held back until the given time,
// after a pause of up to RefusalPause.
func (s *Service) holdBack(ctx context.Context, until, now time.Time) *OAuthError {
	wait := until.Sub(now)
	pause := time.NewTimer(min(wait, RefusalPause))
	defer pause.Stop()
	select {
	case <-pause.C:
	case <-ctx.Done():
	}
	return tryLaterAnswer(&TryLater{Err: incident.Errorf(incident.CodeTooManyRequests, MsgTooManyFailures, RetryAfterSeconds(wait)), After: wait})
}

// maxCachedBlocks bounds the held-back subjects a server remembers.
const maxCachedBlocks = 100_000

// blockCache remembers, for CacheTTL at most, the subjects held back, so
// that a flood of attempts from one of them costs no store lookup. A
// cleared lockout (`incidentd admin lockout clear`) applies on every
// server once their entries have aged out.
type blockCache struct {
	mu      sync.Mutex
	entries map[string]blockEntry
}

type blockEntry struct {
	until, checkedAt time.Time
}

func newBlockCache() *blockCache { return &blockCache{entries: map[string]blockEntry{}} }

// blocked returns the latest time until which one of the subjects is held
// back, as remembered.
func (c *blockCache) blocked(subjects []string, now time.Time) (until time.Time, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, subject := range subjects {
		e, found := c.entries[subject]
		if !found {
			continue
		}
		if !now.Before(e.until) || now.Sub(e.checkedAt) >= CacheTTL {
			delete(c.entries, subject)
			continue
		}
		if e.until.After(until) {
			until, ok = e.until, true
		}
	}
	return until, ok
}

func (c *blockCache) put(subject string, until, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= maxCachedBlocks {
		for s, e := range c.entries {
			if !now.Before(e.until) || now.Sub(e.checkedAt) >= CacheTTL {
				delete(c.entries, s)
			}
		}
		if len(c.entries) >= maxCachedBlocks {
			clear(c.entries) // the store still knows them all
		}
	}
	c.entries[subject] = blockEntry{until: until, checkedAt: now}
}
