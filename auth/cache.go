package auth

import (
	"container/list"
	"sync"
	"time"
)

// verified is what a successful credential check established, kept in the
// cache: the principal and the expiry times to check on every call.
type verified struct {
	principal      Principal
	tokenExpiresAt time.Time
	keyExpiresAt   time.Time
}

// principalCache remembers verified credentials for a short time, so that
// the hot path does not query the store on every request. Entries live ttl
// at most: a revocation made in the store is seen by every node once their
// entries have aged out. The number of entries is bounded; when full, the
// oldest entry goes first. Every entry has the same lifetime, so insertion
// order is also expiry order.
type principalCache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	order   *list.List // of *cacheEntry, oldest first
	entries map[string]*list.Element
}

type cacheEntry struct {
	key      string
	cachedAt time.Time
	value    verified
}

func newPrincipalCache(ttl time.Duration, max int) *principalCache {
	return &principalCache{ttl: ttl, max: max, order: list.New(), entries: map[string]*list.Element{}}
}

// get returns the entry of key when it is younger than the ttl at now.
func (c *principalCache) get(key string, now time.Time) (verified, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.entries[key]
	if !ok {
		return verified{}, false
	}
	e := el.Value.(*cacheEntry)
	if !c.fresh(e, now) {
		c.remove(el)
		return verified{}, false
	}
	return e.value, true
}

// put stores value under key, dropping expired entries and, when the cache
// is still full, the oldest one.
func (c *principalCache) put(key string, value verified, now time.Time) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for el := c.order.Front(); el != nil && !c.fresh(el.Value.(*cacheEntry), now); el = c.order.Front() {
		c.remove(el)
	}
	if el, ok := c.entries[key]; ok {
		c.remove(el)
	}
	if c.order.Len() >= c.max {
		c.remove(c.order.Front())
	}
	c.entries[key] = c.order.PushBack(&cacheEntry{key: key, cachedAt: now, value: value})
}

// len is the number of entries held, fresh or not.
func (c *principalCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

// fresh reports whether e may still be used at now. A clock that went back
// before the entry was cached makes it stale too, so that no entry ever
// outlives the ttl.
func (c *principalCache) fresh(e *cacheEntry, now time.Time) bool {
	age := now.Sub(e.cachedAt)
	return age >= 0 && age < c.ttl
}

func (c *principalCache) remove(el *list.Element) {
	delete(c.entries, el.Value.(*cacheEntry).key)
	c.order.Remove(el)
}
