package auth

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/incidentd/incidentd/incident"
)

// RateLimiter limits the requests of each client with a token bucket
// (spec §1.4: 429, code 53, with Retry-After). Memory stays bounded: a
// limiter idle long enough to have refilled its bucket is in the same state
// as a new one, so such limiters are dropped on periodic sweeps.
type RateLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time
	// refill is the time an empty bucket takes to fill up again.
	refill time.Duration

	mu        sync.Mutex
	clients   map[string]*clientLimiter
	lastSweep time.Time
}

type clientLimiter struct {
	limiter  *rate.Limiter
	lastSeen time.Time
}

// sweepEvery is how often idle limiters are looked for.
const sweepEvery = time.Minute

// NewRateLimiter allows each client perSecond requests per second on
// average and bursts of burst requests (at least 1). A perSecond of zero or
// less disables the limit. now is the clock, time.Now when nil.
func NewRateLimiter(perSecond float64, burst int, now func() time.Time) *RateLimiter {
	if now == nil {
		now = time.Now
	}
	if burst < 1 {
		burst = 1
	}
	l := &RateLimiter{limit: rate.Inf, burst: burst, now: now, clients: map[string]*clientLimiter{}}
	if perSecond > 0 && !math.IsInf(perSecond, 1) {
		l.limit = rate.Limit(perSecond)
		l.refill = time.Duration(float64(burst) / perSecond * float64(time.Second))
	}
	return l
}

// Allow takes one request of clientID from its bucket. When the bucket is
// empty it answers false and how long to wait before the next request
// would be allowed.
func (l *RateLimiter) Allow(clientID string) (ok bool, retryAfter time.Duration) {
	if l.limit == rate.Inf {
		return true, 0
	}
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	c, found := l.clients[clientID]
	if !found {
		c = &clientLimiter{limiter: rate.NewLimiter(l.limit, l.burst)}
		l.clients[clientID] = c
	}
	c.lastSeen = now
	r := c.limiter.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// sweep drops the limiters idle for longer than their refill time, at most
// once per sweepEvery.
func (l *RateLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < sweepEvery {
		return
	}
	l.lastSweep = now
	for id, c := range l.clients {
		if now.Sub(c.lastSeen) > l.refill {
			delete(l.clients, id)
		}
	}
}

// tracked is the number of clients with a limiter in memory.
func (l *RateLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.clients)
}

// RateLimited is the error of a refused request (code 53); the transport
// also sends retryAfter, rounded up to whole seconds, as Retry-After.
func RateLimited(retryAfter time.Duration) *incident.Error {
	return incident.Errorf(incident.CodeTooManyRequests, incident.MsgRateLimited, RetryAfterSeconds(retryAfter))
}

// RetryAfterSeconds rounds a wait up to whole seconds, at least 1, for the
// Retry-After header.
func RetryAfterSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}
