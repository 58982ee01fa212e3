package httpapi

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// trackingWriter remembers the status and the size of a response.
type trackingWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (t *trackingWriter) WriteHeader(status int) {
	if t.status == 0 {
		t.status = status
	}
	t.ResponseWriter.WriteHeader(status)
}

func (t *trackingWriter) Write(b []byte) (int, error) {
	if t.status == 0 {
		t.status = http.StatusOK
	}
	n, err := t.ResponseWriter.Write(b)
	t.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (t *trackingWriter) Unwrap() http.ResponseWriter { return t.ResponseWriter }

// headerWritten reports whether the status line has gone out already.
func (t *trackingWriter) headerWritten() bool { return t.status != 0 }

// withRequestLog writes one structured line per request once it is
// answered, and records the request in the metrics.
func (s *server) withRequestLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		tw := &trackingWriter{ResponseWriter: w}
		next.ServeHTTP(tw, r)
		elapsed := time.Since(start)
		status := tw.status
		if status == 0 {
			status = http.StatusOK
		}
		state := stateOf(r.Context())
		s.observe(r, state, status, elapsed)
		s.logRequest(r, state, status, tw.bytes, elapsed)
	})
}

// maxLoggedQuery is the longest query string logged: with the other texts
// a request chooses (maxLogText each), a request line stays under 2 KiB.
const maxLoggedQuery = 1024

// logRequest writes the request's line. Credentials travel in headers,
// which are not logged; a query parameter named like a secret is logged
// without its value. The refusal reason of a 401 or 403 is told here and
// only here.
func (s *server) logRequest(r *http.Request, state *requestState, status int, bytes int64, elapsed time.Duration) {
	route := ""
	if state.route != nil {
		route = state.route.pattern
	}
	attrs := []slog.Attr{
		slog.String("requestId", state.requestID),
		slog.String("clientAddr", s.clientAddr(r).String()),
		slog.String("clientId", logText(state.clientID)),
		slog.String("customerId", state.customerID),
		slog.String("method", logText(r.Method)),
		slog.String("route", route),
		slog.String("path", logText(r.URL.Path)),
		slog.String("query", loggableQuery(r.URL.RawQuery)),
		slog.Int("status", status),
		slog.Int64("bytes", bytes),
		// Milliseconds as a number: readable in JSON logs, where a
		// duration would be integer nanoseconds.
		slog.Float64("durationMs", float64(elapsed.Microseconds())/1000),
		slog.String("userAgent", logText(r.UserAgent())),
	}
	if state.refusal != "" {
		attrs = append(attrs, slog.String("authFailure", string(state.refusal)))
	}
	s.logger.LogAttrs(r.Context(), slog.LevelInfo, "request", attrs...)
}

// secretParameters are the query parameters whose values are never
// logged, compared in lower case: credentials a client may put in a URL
// by mistake.
var secretParameters = map[string]bool{
	"access_token": true, "token": true, "refresh_token": true, "id_token": true,
	"api_key": true, "apikey": true, "x-api-key": true, "x_api_key": true, "key": true,
	"client_secret": true, "secret": true, "password": true, "authorization": true,
}

// loggableQuery is the raw query, truncated to maxLoggedQuery bytes, with
// the values of secretParameters replaced by REDACTED. It truncates first:
// a value cut short is still redacted.
func loggableQuery(raw string) string {
	if raw == "" {
		return ""
	}
	pairs := strings.Split(clip(raw, maxLoggedQuery), "&")
	for i, pair := range pairs {
		if name, _, hasValue := strings.Cut(pair, "="); hasValue && isSecretParameter(name) {
			pairs[i] = name + "=REDACTED"
		}
	}
	return strings.Join(pairs, "&")
}

func isSecretParameter(name string) bool {
	if decoded, err := url.QueryUnescape(name); err == nil {
		name = decoded
	}
	return secretParameters[strings.ToLower(name)]
}
