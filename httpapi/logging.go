package httpapi

import (
	"log/slog"
	"net/http"
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

// withRequestLog writes one structured line per request once it is answered.
func withRequestLog(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		tw := &trackingWriter{ResponseWriter: w}
		next.ServeHTTP(tw, r)
		status := tw.status
		if status == 0 {
			status = http.StatusOK
		}
		state := stateOf(r.Context())
		logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("requestId", state.requestID),
			slog.String("clientId", state.clientID),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int64("bytes", tw.bytes),
			// Milliseconds as a number: readable in JSON logs, where a
			// duration would be integer nanoseconds.
			slog.Float64("durationMs", float64(time.Since(start).Microseconds())/1000),
		)
	})
}
