package auth

import (
	"fmt"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

func entry(client string) verified {
	return verified{principal: Principal{ClientID: client}}
}

func TestCacheEntriesLiveLessThanTTL(t *testing.T) {
	c := newPrincipalCache(3*time.Second, 10)
	c.put("k", entry("a"), t0)
	for _, d := range []time.Duration{0, time.Second, 2999 * time.Millisecond} {
		if v, ok := c.get("k", t0.Add(d)); !ok || v.principal.ClientID != "a" {
			t.Fatalf("entry missing %v after caching", d)
		}
	}
	if _, ok := c.get("k", t0.Add(3*time.Second)); ok {
		t.Fatal("entry still served at its ttl")
	}
	if c.len() != 0 {
		t.Fatalf("expired entry kept: %d entries", c.len())
	}
}

func TestCacheRefusesEntriesFromTheFuture(t *testing.T) {
	c := newPrincipalCache(3*time.Second, 10)
	c.put("k", entry("a"), t0)
	if _, ok := c.get("k", t0.Add(-time.Millisecond)); ok {
		t.Fatal("an entry was served to a clock that went back")
	}
}

func TestCacheIsBounded(t *testing.T) {
	c := newPrincipalCache(3*time.Second, 3)
	for i := range 5 {
		c.put(fmt.Sprint(i), entry(fmt.Sprint(i)), t0.Add(time.Duration(i)*time.Millisecond))
	}
	if c.len() != 3 {
		t.Fatalf("%d entries, want the bound 3", c.len())
	}
	now := t0.Add(10 * time.Millisecond)
	for i, want := range []bool{false, false, true, true, true} {
		if _, ok := c.get(fmt.Sprint(i), now); ok != want {
			t.Errorf("entry %d present %v, want %v (the oldest go first)", i, ok, want)
		}
	}
}

func TestCachePutReplacesAndPurgesExpired(t *testing.T) {
	c := newPrincipalCache(3*time.Second, 10)
	c.put("old", entry("old"), t0)
	c.put("k", entry("a"), t0.Add(time.Second))
	c.put("k", entry("b"), t0.Add(2*time.Second))
	if c.len() != 2 {
		t.Fatalf("%d entries after replacing one, want 2", c.len())
	}
	// At t0+3.5s "old" has expired: the next put drops it; "k" stays until
	// 3 s after its replacement.
	c.put("new", entry("new"), t0.Add(3500*time.Millisecond))
	if c.len() != 2 {
		t.Fatalf("%d entries, want 2 (expired one purged)", c.len())
	}
	if v, ok := c.get("k", t0.Add(4900*time.Millisecond)); !ok || v.principal.ClientID != "b" {
		t.Fatalf("replaced entry: %+v %v", v, ok)
	}
}

func TestCacheOfSizeZeroKeepsNothing(t *testing.T) {
	c := newPrincipalCache(3*time.Second, -1)
	c.put("k", entry("a"), t0)
	if _, ok := c.get("k", t0); ok || c.len() != 0 {
		t.Fatal("a disabled cache kept an entry")
	}
}
