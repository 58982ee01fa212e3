package account

import (
	"sync"
	"time"
)

// Throttle limits failed sign-ins, per account and per client address:
// after MaxFailures failures within Window, further attempts are refused
// until the oldest failure leaves the window. A success clears the
// account's failures. It lives in memory, per server.
type Throttle struct {
	maxPerAccount int
	maxPerAddress int
	window        time.Duration

	mu       sync.Mutex
	failures map[string][]time.Time // by "a:"+email or "i:"+address
}

// Default limits: 5 failures per account and 20 per address in 15 minutes.
const (
	DefaultAccountFailures = 5
	DefaultAddressFailures = 20
	DefaultThrottleWindow  = 15 * time.Minute
	// maxThrottleKeys bounds the memory an attacker trying many accounts
	// or addresses can take: beyond it, the expired entries are swept, and
	// while it stays full no new account or address is recorded.
	maxThrottleKeys = 100_000
)

// NewThrottle makes a throttle with the given limits.
func NewThrottle(perAccount, perAddress int, window time.Duration) *Throttle {
	return &Throttle{maxPerAccount: perAccount, maxPerAddress: perAddress, window: window, failures: map[string][]time.Time{}}
}

// Allow reports whether a sign-in to the account from the address may be
// tried at now, and else when it may be tried again.
func (t *Throttle) Allow(email, address string, now time.Time) (ok bool, retryAt time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []struct {
		key string
		max int
	}{{"a:" + email, t.maxPerAccount}, {"i:" + address, t.maxPerAddress}} {
		recent := t.recent(k.key, now)
		if len(recent) >= k.max {
			if at := recent[len(recent)-k.max].Add(t.window); at.After(retryAt) {
				retryAt = at
			}
		}
	}
	return retryAt.IsZero(), retryAt
}

// Fail records a failed sign-in.
func (t *Throttle) Fail(email, address string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.failures) >= maxThrottleKeys {
		for k := range t.failures {
			if len(t.recent(k, now)) == 0 {
				delete(t.failures, k)
			}
		}
	}
	for _, key := range []string{"a:" + email, "i:" + address} {
		if _, known := t.failures[key]; !known && len(t.failures) >= maxThrottleKeys {
			continue // full of live entries: only those already watched count
		}
		t.failures[key] = append(t.recent(key, now), now)
	}
}

// Succeed clears the failures of the account.
func (t *Throttle) Succeed(email string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.failures, "a:"+email)
}

// recent drops the failures of key older than the window and returns the
// others, oldest first.
func (t *Throttle) recent(key string, now time.Time) []time.Time {
	list := t.failures[key]
	i := 0
	for i < len(list) && !list[i].After(now.Add(-t.window)) {
		i++
	}
	if i == len(list) {
		delete(t.failures, key)
		return nil
	}
	list = list[i:]
	t.failures[key] = list
	return list
}
