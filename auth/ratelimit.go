package auth

import (
	"container/list"
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/incidentd/incidentd/incident"
)

// RateLimiter limits the requests of each client with a token bucket
// (spec §1.4: 429, code 53, with Retry-After).
//
// Memory stays bounded. A limiter idle long enough to have refilled its
// bucket is in the same state as a new one, so it is dropped; and at most
// MaxRateLimitedClients limiters are kept, the least recently used going
// first. The bound matters because the token endpoint limits by the
// client id a request claims, before any secret is checked.
type RateLimiter struct {
	limit rate.Limit
	burst int
	now   func() time.Time
	// refill is the time an empty bucket takes to fill up again.
	refill time.Duration

	mu      sync.Mutex
	clients map[string]*list.Element
	order   *list.List // of *clientLimiter, least recently seen first
}

type clientLimiter struct {
	id       string
	limiter  *rate.Limiter
	lastSeen time.Time
}

// MaxRateLimitedClients bounds the limiters kept in memory.
const MaxRateLimitedClients = 100_000

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
	l := &RateLimiter{limit: rate.Inf, burst: burst, now: now, clients: map[string]*list.Element{}, order: list.New()}
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
	l.dropIdle(now)
	c := l.limiterOf(clientID)
	c.lastSeen = now
	r := c.limiter.ReserveN(now, 1)
	if delay := r.DelayFrom(now); delay > 0 {
		r.CancelAt(now)
		return false, delay
	}
	return true, 0
}

// limiterOf returns the limiter of clientID, made or moved to the back of
// the order; making one may push the least recently used out.
func (l *RateLimiter) limiterOf(clientID string) *clientLimiter {
	if el, ok := l.clients[clientID]; ok {
		l.order.MoveToBack(el)
		return el.Value.(*clientLimiter)
	}
	if l.order.Len() >= MaxRateLimitedClients {
		l.remove(l.order.Front())
	}
	c := &clientLimiter{id: clientID, limiter: rate.NewLimiter(l.limit, l.burst)}
	l.clients[clientID] = l.order.PushBack(c)
	return c
}

// dropIdle drops the limiters idle for longer than the refill time; they
// are the front of the order.
func (l *RateLimiter) dropIdle(now time.Time) {
	for el := l.order.Front(); el != nil && now.Sub(el.Value.(*clientLimiter).lastSeen) > l.refill; el = l.order.Front() {
		l.remove(el)
	}
}

func (l *RateLimiter) remove(el *list.Element) {
	delete(l.clients, el.Value.(*clientLimiter).id)
	l.order.Remove(el)
}

// tracked is the number of clients with a limiter in memory.
func (l *RateLimiter) tracked() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.order.Len()
}

// RateLimited is the error of a refused request (code 53); the transport
// also sends retryAfter, rounded up to whole seconds, as Retry-After.
func RateLimited(retryAfter time.Duration) *TryLater {
	return &TryLater{Err: incident.Errorf(incident.CodeTooManyRequests, MsgRateLimited, RetryAfterSeconds(retryAfter)), After: retryAfter}
}

// TryLater is a request refused for now, to be tried again After a while:
// over a rate, too many failed attempts, too many of a kind at once. The
// transport answers Err (code 53: 429) with Retry-After.
type TryLater struct {
	Err   *incident.Error
	After time.Duration
}

func (r *TryLater) Error() string { return r.Err.Error() }
func (r *TryLater) Unwrap() error { return r.Err }

// RetryAfter is the wait to announce in Retry-After.
func (r *TryLater) RetryAfter() time.Duration { return r.After }

// RetryAfterSeconds rounds a wait up to whole seconds, at least 1, for the
// Retry-After header.
func RetryAfterSeconds(d time.Duration) int {
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}
