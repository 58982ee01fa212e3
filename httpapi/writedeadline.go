package httpapi

import (
	"net/http"
	"time"
)

// DefaultWriteTimeout is how long one chunk of a response may take to be
// accepted by the client's connection when the configuration does not say.
const DefaultWriteTimeout = 30 * time.Second

// writeChunk is the most a single write gives the connection under one
// deadline: a large body goes out as chunks, each with its own deadline.
const writeChunk = 64 << 10

// withWriteDeadline gives every chunk of every response timeout to reach
// the client's connection: a client that stops reading is cut after that
// long, whatever the length of the response, rather than holding its
// request, and whatever it holds, as long as it likes. There is no deadline
// for the whole response: a long export read at a steady pace goes on.
//
// The deadline is set before each write, on WriteHeader and flushes, and
// when the handler returns (net/http then sends what is buffered), so that
// a deadline left over from an earlier response on a kept-alive
// connection never applies to the next one.
func withWriteDeadline(timeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dw := &deadlineWriter{ResponseWriter: w, rc: http.NewResponseController(w), timeout: timeout}
		dw.renew()
		next.ServeHTTP(dw, r)
		dw.renew()
	})
}

// deadlineWriter renews the connection's write deadline before each chunk.
type deadlineWriter struct {
	http.ResponseWriter
	rc      *http.ResponseController
	timeout time.Duration
}

// renew moves the deadline to timeout from now. A writer without
// deadlines (a test recorder) is left as it is.
func (d *deadlineWriter) renew() {
	d.rc.SetWriteDeadline(time.Now().Add(d.timeout))
}

func (d *deadlineWriter) WriteHeader(status int) {
	d.renew()
	d.ResponseWriter.WriteHeader(status)
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	written := 0
	for len(p) > 0 {
		chunk := p[:min(len(p), writeChunk)]
		d.renew()
		n, err := d.ResponseWriter.Write(chunk)
		written += n
		if err != nil {
			return written, err
		}
		p = p[len(chunk):]
	}
	return written, nil
}

// FlushError sends what is buffered under a fresh deadline.
func (d *deadlineWriter) FlushError() error {
	d.renew()
	return d.rc.Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (d *deadlineWriter) Unwrap() http.ResponseWriter { return d.ResponseWriter }
