package httpapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/incidentd/incidentd/metrics"
)

// routeInfo is what the request log and the metrics know of a route, made
// once when the route table is built.
type routeInfo struct {
	// pattern is the route's pattern without its method: the route label
	// of the metrics and the route of the log, never the raw path.
	pattern string
	metrics *metrics.Route
}

// withRoute tells the outer layers which route serves the request.
func (s *server) withRoute(pattern string, next http.Handler) http.Handler {
	method, path, _ := strings.Cut(pattern, " ")
	info := &routeInfo{pattern: path, metrics: s.metrics.Route(method, path)}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		stateOf(r.Context()).route = info
		next.ServeHTTP(w, r)
	})
}

// observe records an answered request in the metrics.
func (s *server) observe(r *http.Request, state *requestState, status int, elapsed time.Duration) {
	if s.metrics == nil {
		return
	}
	if state.route != nil {
		state.route.metrics.Observe(r.Method, status, elapsed)
		return
	}
	s.metrics.Unmatched().Observe(r.Method, status, elapsed)
}
