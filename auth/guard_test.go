package auth_test

import (
	"net/netip"
	"testing"
	"time"

	"github.com/incidentd/incidentd/auth"
)

func TestFailureDelay(t *testing.T) {
	want := map[int]time.Duration{
		0: 0, 1: 0, 3: 0,
		4: time.Second, 5: 2 * time.Second, 6: 4 * time.Second, 9: 32 * time.Second,
		10: time.Minute, 19: time.Minute,
		20: 15 * time.Minute, 1000: 15 * time.Minute,
	}
	for n, d := range want {
		if got := auth.FailureDelay(n); got != d {
			t.Errorf("FailureDelay(%d) = %v, want %v", n, got, d)
		}
	}
	f := auth.AuthFailure{Failures: 5, LastFailureAt: time.Date(2026, 11, 26, 9, 0, 0, 0, time.UTC)}
	if got := f.BlockedUntil(); !got.Equal(f.LastFailureAt.Add(2 * time.Second)) {
		t.Errorf("BlockedUntil %v", got)
	}
}

func TestAddressSubject(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.1":               "address:192.0.2.1",
		"::ffff:192.0.2.1":        "address:192.0.2.1",
		"2001:db8:1:2:3:4:5:6":    "address:2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::9999": "address:2001:db8:1:2::/64",
	} {
		if got := auth.AddressSubject(netip.MustParseAddr(addr)); got != want {
			t.Errorf("AddressSubject(%s) = %s, want %s", addr, got, want)
		}
	}
}
