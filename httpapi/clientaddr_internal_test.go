package httpapi

import (
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestClientAddr(t *testing.T) {
	s := &server{trustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.0.2.7/32")}}
	cases := []struct {
		name, peer string
		forwarded  []string
		want       string
	}{
		{"no proxy", "198.51.100.4:5000", nil, "198.51.100.4"},
		{"an untrusted peer's claim is ignored", "198.51.100.4:5000", []string{"203.0.113.9"}, "198.51.100.4"},
		{"a trusted proxy names the client", "10.1.2.3:5000", []string{"203.0.113.9"}, "203.0.113.9"},
		{"the client's own claims come first and are skipped", "10.1.2.3:5000", []string{"1.2.3.4, 203.0.113.9"}, "203.0.113.9"},
		{"a chain of trusted proxies", "10.1.2.3:5000", []string{"203.0.113.9, 192.0.2.7", "10.9.9.9"}, "203.0.113.9"},
		{"a trusted proxy without the header", "10.1.2.3:5000", nil, "10.1.2.3"},
		{"garbage in the chain", "10.1.2.3:5000", []string{"203.0.113.9, not-an-address"}, "10.1.2.3"},
		{"IPv4 in IPv6", "[::ffff:198.51.100.4]:5000", nil, "198.51.100.4"},
	}
	for _, c := range cases {
		r := httptest.NewRequest("POST", "/oauth/v3/token", nil)
		r.RemoteAddr = c.peer
		for _, v := range c.forwarded {
			r.Header.Add("X-Forwarded-For", v)
		}
		if got := s.clientAddr(r); got.String() != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
