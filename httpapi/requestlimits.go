package httpapi

import (
	"errors"
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// Limits of a request's size before anything else reads it; the server's
// own read limit (cmd/incidentd: 64 KiB for the request line and headers)
// sits above them, so that what passes it gets refused in the API's format.
const (
	// MaxURLBytes bounds the request target, path and query string
	// together: 400, code 20.
	MaxURLBytes = 16 << 10
	// MaxHeaderBytes bounds the header fields, names and values: 431,
	// code 26.
	MaxHeaderBytes = 16 << 10
)

// withRequestLimits refuses a request whose URL or headers are over the
// limits, before routing: no later layer reads, logs or echoes more of
// them.
func withRequestLimits(errs errorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case len(r.RequestURI) > MaxURLBytes:
			errs.write(w, r, fail(incident.CodeInvalidURLParameter, MsgURLTooLong, MaxURLBytes))
		case headerBytes(r) > MaxHeaderBytes:
			errs.write(w, r, statusError{fail(incident.CodeInvalidHeader, MsgHeadersTooLarge, MaxHeaderBytes), http.StatusRequestHeaderFieldsTooLarge})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// headerBytes is the size of the request's header fields as sent: "Name:
// value" and a line end each, Host included.
func headerBytes(r *http.Request) int {
	n := len("Host: \r\n") + len(r.Host)
	for name, values := range r.Header {
		for _, v := range values {
			n += len(name) + len(": \r\n") + len(v)
		}
	}
	return n
}

// statusError answers an error with another status than its code's: a
// header block too large is code 26 (invalid header value) with 431.
type statusError struct {
	err    *incident.Error
	status int
}

func (e statusError) Error() string { return e.err.Error() }
func (e statusError) Unwrap() error { return e.err }

// statusOf is the status of err's answer when it carries its own.
func statusOf(err error) (int, bool) {
	var se statusError
	if errors.As(err, &se) {
		return se.status, true
	}
	return 0, false
}
