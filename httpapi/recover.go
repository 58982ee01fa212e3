package httpapi

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// withRecover turns a panic into a 500 (code 1) whose body names only the
// request id; the panic and its stack go to the log.
func withRecover(logger *slog.Logger, errs errorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own signal to drop the connection
			}
			err := fmt.Errorf("panic: %v\n%s", v, debug.Stack())
			if tw, ok := w.(*trackingWriter); ok && tw.headerWritten() {
				// Too late for an error body: log only.
				logger.ErrorContext(r.Context(), "internal error",
					"requestId", stateOf(r.Context()).requestID,
					"method", logText(r.Method), "path", logText(r.URL.Path), "error", err.Error())
				return
			}
			errs.write(w, r, err)
		}()
		next.ServeHTTP(w, r)
	})
}
