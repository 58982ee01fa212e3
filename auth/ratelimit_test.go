package auth

import (
	"fmt"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

func TestRateLimiterBurstThenRate(t *testing.T) {
	clock := &fakeClock{now: t0}
	l := NewRateLimiter(2, 3, clock.Now) // 2 req/s, bursts of 3
	for i := range 3 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, retry := l.Allow("a")
	if ok {
		t.Fatal("request beyond the burst allowed")
	}
	if retry != 500*time.Millisecond {
		t.Fatalf("retry after %v, want 500ms at 2 req/s", retry)
	}
	// A refused request does not consume: after the wait, one passes.
	clock.Advance(retry)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("request after Retry-After refused")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("second request after one refill allowed")
	}
}

func TestRateLimiterIsPerClient(t *testing.T) {
	clock := &fakeClock{now: t0}
	l := NewRateLimiter(1, 1, clock.Now)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("first request of a refused")
	}
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("second request of a allowed")
	}
	if ok, _ := l.Allow("b"); !ok {
		t.Fatal("client b limited by client a")
	}
}

func TestRateLimiterEvictsIdleClients(t *testing.T) {
	clock := &fakeClock{now: t0}
	l := NewRateLimiter(10, 20, clock.Now) // refills in 2 s
	for i := range 100 {
		l.Allow(fmt.Sprint("client-", i))
	}
	if n := l.tracked(); n != 100 {
		t.Fatalf("%d limiters, want 100", n)
	}
	clock.Advance(2*time.Second + time.Millisecond)
	l.Allow("active")
	if n := l.tracked(); n != 1 {
		t.Fatalf("%d limiters after the idle ones refilled, want 1", n)
	}
}

func TestRateLimiterKeepsLimitersThatHaveNotRefilled(t *testing.T) {
	clock := &fakeClock{now: t0}
	l := NewRateLimiter(0.01, 1, clock.Now) // refills in 100 s
	l.Allow("a")
	clock.Advance(61 * time.Second)
	l.Allow("b")
	if ok, _ := l.Allow("a"); ok {
		t.Fatal("eviction reset a limiter whose bucket was still empty")
	}
}

func TestRateLimiterIsBounded(t *testing.T) {
	clock := &fakeClock{now: t0}
	l := NewRateLimiter(1, 1, clock.Now) // nobody refills within the test
	l.Allow("first")
	for i := range MaxRateLimitedClients {
		l.Allow(fmt.Sprint("claimed-", i))
	}
	if n := l.tracked(); n != MaxRateLimitedClients {
		t.Fatalf("%d limiters, want the bound %d", n, MaxRateLimitedClients)
	}
	// The least recently seen limiter went: "first" starts afresh.
	if ok, _ := l.Allow("first"); !ok {
		t.Fatal("the least recently used limiter was kept beyond the bound")
	}
	// The most recent ones are still there.
	if ok, _ := l.Allow(fmt.Sprint("claimed-", MaxRateLimitedClients-1)); ok {
		t.Fatal("a recent limiter was dropped")
	}
}

func TestRateLimiterDisabled(t *testing.T) {
	l := NewRateLimiter(0, 0, nil)
	for range 1000 {
		if ok, _ := l.Allow("a"); !ok {
			t.Fatal("a disabled limiter refused a request")
		}
	}
	if l.tracked() != 0 {
		t.Fatal("a disabled limiter keeps state")
	}
}

func TestRateLimitedError(t *testing.T) {
	refusal := RateLimited(1500 * time.Millisecond)
	err := refusal.Err
	if err.Code != incident.CodeTooManyRequests || refusal.RetryAfter() != 1500*time.Millisecond {
		t.Fatalf("code %d, retry after %v", err.Code, refusal.RetryAfter())
	}
	if got := err.Describe(text.English); got != "too many requests: retry in 2 s" {
		t.Fatalf("English: %q", got)
	}
	if got := err.Describe(text.French); got != "trop de requêtes : réessayez dans 2 s" {
		t.Fatalf("French: %q", got)
	}
	for d, want := range map[time.Duration]int{0: 1, time.Millisecond: 1, time.Second: 1, 1001 * time.Millisecond: 2, 10 * time.Second: 10} {
		if got := RetryAfterSeconds(d); got != want {
			t.Errorf("RetryAfterSeconds(%v) = %d, want %d", d, got, want)
		}
	}
}
