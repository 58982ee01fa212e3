package hardening

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// TestRequestLimits sends requests over each limit of what a request may
// make the server do: each is refused in the API's format naming the limit
// (or, past what net/http reads at all, by net/http's own 431), and none,
// unauthenticated as they are, adds more than 2 KiB to the log. The audit
// saw a 900 KB path answered 401 write 900 KB to the log.
func TestRequestLimits(t *testing.T) {
	t.Parallel()
	s := serveSQLite(t, nil, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 20})
	srv, c := s.srv, s.c
	who := s.writer["acme"]
	c.login(&who)
	host := strings.TrimPrefix(srv.url, "http://")
	get := func(target string, headers ...string) []byte {
		return []byte(fmt.Sprintf("GET %s HTTP/1.1\r\nHost: %s\r\n%s\r\n", target, host, strings.Join(headers, "")))
	}
	authed := []string{"Authorization: Bearer " + who.token + "\r\n", "X-Api-Key: " + who.key + "\r\n"}
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {strings.Repeat("c", 500_000)}, "client_secret": {"x"}}.Encode()

	cases := []struct {
		name   string
		raw    []byte
		status int
		code   int    // 0: net/http's own plain-text answer
		names  string // what the description must name
	}{
		{"a 900 KB path", get("/" + strings.Repeat("a", 900_000)), http.StatusRequestHeaderFieldsTooLarge, 0, ""},
		{"a 60 KB path", get(base + "/incidents/" + strings.Repeat("a", 60_000)), http.StatusBadRequest, 20, "16384 bytes"},
		{"a 15 KB path, unauthenticated", get(base + "/incidents/" + strings.Repeat("a", 15_000)), http.StatusUnauthorized, 40, ""},
		{"a 15 KB unknown path", get("/" + strings.Repeat("a", 15_000)), http.StatusNotFound, 60, ""},
		{"a 15 KB method", []byte(strings.Repeat("M", 15_000) + " / HTTP/1.1\r\nHost: " + host + "\r\n\r\n"), http.StatusNotFound, 60, ""},
		{"40 KB of headers", get(base+"/incidents", "X-Padding: "+strings.Repeat("p", 40_000)+"\r\n"), http.StatusRequestHeaderFieldsTooLarge, 26, "16384 bytes"},
		{"a 500 KB client id", []byte(fmt.Sprintf("POST /oauth/v3/token HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n%s", host, len(form), form)),
			http.StatusUnauthorized, 0, ""},
		{"a 201-character search", get(base+"/incidents?description.contains="+strings.Repeat("x", 201), authed...), http.StatusBadRequest, 28, "200 characters"},
		{"5,000 LIKE wildcards", get(base+"/aggregation?description.contains="+strings.Repeat("%25", 5_000), authed...), http.StatusBadRequest, 28, "200 characters"},
		{"a 4,001-character value", get(base+"/incidents?description="+strings.Repeat("d", 4_001), authed...), http.StatusBadRequest, 28, "4000 characters"},
		{"21 filters", get(base+"/incidents?"+manyFilters(21), authed...), http.StatusBadRequest, 28, "20 filters"},
	}
	for _, tc := range cases {
		requests := srv.log.count(`"msg":"request"`)
		before := srv.log.size()
		r := c.mustRaw(t, tc.raw)
		if tc.code != 0 || tc.status != http.StatusRequestHeaderFieldsTooLarge {
			// Answered by incidentd: its request line is written once answered.
			if !srv.log.waitFor(10*time.Second, requests+1, `"msg":"request"`) {
				t.Errorf("%s: no request log line", tc.name)
			}
		} else {
			time.Sleep(200 * time.Millisecond)
		}
		grown := srv.log.size() - before
		t.Logf("%s: %d, log +%d bytes", tc.name, r.status, grown)
		if grown > 2048 {
			t.Errorf("%s: the log grew by %d bytes, want at most 2 KiB", tc.name, grown)
		}
		switch {
		case tc.code == 0 && tc.status == http.StatusRequestHeaderFieldsTooLarge:
			if r.status != tc.status || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
				t.Errorf("%s: %d %q, want net/http's own plain-text %d", tc.name, r.status, r.header.Get("Content-Type"), tc.status)
			}
		case tc.code == 0: // an OAuth refusal
			if r.status != tc.status || !strings.Contains(string(r.body), `"invalid_client"`) {
				t.Errorf("%s: %d %s, want %d invalid_client", tc.name, r.status, excerpt(r.body), tc.status)
			}
			c.record(r)
		default:
			e := wantError(t, tc.name, r, tc.status, tc.code)
			if !strings.Contains(e.Description, tc.names) || len(r.body) > 2048 {
				t.Errorf("%s: description %q (%d bytes of body), want it to name %q", tc.name, excerpt([]byte(e.Description)), len(r.body), tc.names)
			}
			c.record(r)
		}
	}
}

// manyFilters is a query string of n distinct filters.
func manyFilters(n int) string {
	attrs := []string{"description", "customerReference", "service.id", "service.name", "location.id", "location.name",
		"location.address.street", "location.address.postalCode", "location.address.city", "contact.name", "contact.email"}
	var params []string
	for _, a := range attrs {
		for _, op := range []string{"", ".ne", ".contains"} {
			if len(params) < n {
				params = append(params, a+op+"=x")
			}
		}
	}
	return strings.Join(params, "&")
}
