package account

import (
	"testing"
	"time"
)

func TestThrottlePerAccount(t *testing.T) {
	th := NewThrottle(3, 100, 10*time.Minute)
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for i := range 3 {
		if ok, _ := th.Allow("ann@acme.example", "192.0.2.1", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		th.Fail("ann@acme.example", "192.0.2.1", now.Add(time.Duration(i)*time.Minute))
	}
	ok, retry := th.Allow("ann@acme.example", "192.0.2.99", now.Add(3*time.Minute))
	if ok || !retry.Equal(now.Add(10*time.Minute)) {
		t.Errorf("4th attempt from another address: ok %v, retry at %v; want refused until the first failure leaves the window", ok, retry)
	}
	if ok, _ := th.Allow("bob@acme.example", "192.0.2.99", now.Add(3*time.Minute)); !ok {
		t.Error("another account is throttled")
	}
	if ok, _ := th.Allow("ann@acme.example", "192.0.2.1", now.Add(10*time.Minute)); !ok {
		t.Error("still refused once the first failure left the window")
	}
	th.Succeed("ann@acme.example")
	if ok, _ := th.Allow("ann@acme.example", "192.0.2.1", now.Add(3*time.Minute)); !ok {
		t.Error("a success does not clear the account's failures")
	}
}

func TestThrottlePerAddress(t *testing.T) {
	th := NewThrottle(100, 4, 10*time.Minute)
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for i, email := range []string{"a@x.example", "b@x.example", "c@x.example", "d@x.example"} {
		if ok, _ := th.Allow(email, "198.51.100.7", now); !ok {
			t.Fatalf("attempt %d refused", i+1)
		}
		th.Fail(email, "198.51.100.7", now)
	}
	if ok, _ := th.Allow("e@x.example", "198.51.100.7", now); ok {
		t.Error("an address trying many accounts is not throttled")
	}
	if ok, _ := th.Allow("e@x.example", "198.51.100.8", now); !ok {
		t.Error("another address is throttled")
	}
}
