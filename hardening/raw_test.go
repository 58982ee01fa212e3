package hardening

import (
	"bufio"
	"bytes"
	"net"
	"net/http"
	"net/url"
	"testing"
	"time"
)

// rawExchange writes a request as raw bytes on a new connection and reads
// the answer, for requests an HTTP client would refuse to send. The
// request is also parsed, when it parses, to check the answer against the
// document.
func (c *client) rawExchange(raw []byte) (reply, error) {
	u, _ := url.Parse(c.base)
	conn, err := net.DialTimeout("tcp", u.Host, 10*time.Second)
	if err != nil {
		return reply{}, err
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := conn.Write(raw); err != nil {
		return reply{}, err
	}
	req, _ := http.NewRequest(http.MethodGet, c.base, nil) // unparsable: a placeholder
	if parsed, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw))); err == nil {
		parsed.URL.Scheme, parsed.URL.Host = u.Scheme, u.Host
		req = parsed
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), req)
	if err != nil {
		return reply{}, err
	}
	return readReply(req, resp)
}

// mustRaw is rawExchange failing the test on a transport error.
func (c *client) mustRaw(t *testing.T, raw []byte) reply {
	t.Helper()
	r, err := c.rawExchange(raw)
	if err != nil {
		t.Fatalf("raw request %q: %v", excerpt(raw), err)
	}
	return r
}
