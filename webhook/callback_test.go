package webhook

import (
	"context"
	"errors"
	"net/netip"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// fakeResolver answers fixed addresses, as a DNS server under the
// subscriber's control could.
type fakeResolver map[string][]string

func (r fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	addrs, ok := r[host]
	if !ok {
		return nil, errors.New("no such host")
	}
	var out []netip.Addr
	for _, a := range addrs {
		out = append(out, netip.MustParseAddr(a))
	}
	return out, nil
}

func TestCheckCallback(t *testing.T) {
	r := fakeResolver{
		"hooks.example.com":   {"93.184.216.34"},
		"internal.example":    {"10.1.2.3"},
		"mixed.example":       {"93.184.216.34", "127.0.0.1"},
		"v6.example":          {"2606:2800:220:1:248:1893:25c8:1946"},
		"mapped.example":      {"::ffff:192.168.1.1"},
		"metadata.example":    {"169.254.169.254"},
		"cgnat.example":       {"100.64.0.1"},
		"ula.example":         {"fd00::1"},
		"unspecified.example": {"0.0.0.0"},
	}
	cases := []struct {
		url     string
		private bool
		ok      bool
	}{
		{"https://hooks.example.com/incidents", false, true},
		{"https://v6.example/x", false, true},
		{"https://93.184.216.34:8443/x", false, true},
		{"http://hooks.example.com/incidents", false, false},
		{"ftp://hooks.example.com/", false, false},
		{"https://internal.example/", false, false},
		{"https://mixed.example/", false, false},
		{"https://mapped.example/", false, false},
		{"https://metadata.example/", false, false},
		{"https://cgnat.example/", false, false},
		{"https://ula.example/", false, false},
		{"https://unspecified.example/", false, false},
		{"https://127.0.0.1/", false, false},
		{"https://[::1]/", false, false},
		{"https://224.0.0.1/", false, false},
		{"https://nowhere.example/", false, false},
		{"https:///nohost", false, false},
		{"/relative", false, false},
		{"https://hooks.example.com/#fragment", false, false},
		{"not a url", false, false},
		// --allow-private-callbacks: http and private addresses pass.
		{"http://127.0.0.1:9999/hook", true, true},
		{"https://internal.example/", true, true},
		{"ftp://127.0.0.1/", true, false},
	}
	for _, c := range cases {
		err := CheckCallback(context.Background(), c.url, c.private, r)
		if (err == nil) != c.ok {
			t.Errorf("%s (private %v): %v, want ok %v", c.url, c.private, err, c.ok)
		}
		if err != nil && incident.ErrorCode(err) != incident.CodeInvalidBodyField {
			t.Errorf("%s: code %d, want 24", c.url, incident.ErrorCode(err))
		}
	}
}

// The dialer checks the address it is about to connect to, whatever a
// name resolved to when the subscription was made.
func TestDialControlRefusesForbiddenAddresses(t *testing.T) {
	for addr, ok := range map[string]bool{
		"93.184.216.34:443": true, "127.0.0.1:443": false, "[::1]:443": false, "10.0.0.1:443": false,
		"[::ffff:10.0.0.1]:443": false, "169.254.169.254:80": false, "[fe80::1]:443": false,
	} {
		err := dialControl("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("%s: %v, want allowed %v", addr, err, ok)
		}
	}
}
