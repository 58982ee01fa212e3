package httpapi

import (
	"context"
	"net/http"
)

// The operational endpoints, at the root like Kubernetes' own and outside
// the API and its OpenAPI document (docs/deployment.md): liveness,
// readiness and the Prometheus metrics.
const (
	livenessRoute  = "GET /livez"
	readinessRoute = "GET /readyz"
	metricsRoute   = "GET /metrics"
)

func (s *server) operationalRoutes() []route {
	routes := []route{
		{livenessRoute, accessNone, nil, s.getLiveness},
		{readinessRoute, accessNone, nil, s.getReadiness},
	}
	if s.serveMetrics {
		routes = append(routes, route{metricsRoute, accessNone, nil, s.getMetrics})
	}
	return routes
}

// getLiveness answers 200 as long as the process serves HTTP: whatever
// the database does, restarting the server would not mend it.
func (s *server) getLiveness(w http.ResponseWriter, r *http.Request) error {
	writeProbe(w, http.StatusOK, "ok\n")
	return nil
}

// getReadiness answers 200 when the server can serve requests, 503 while
// it cannot (database unreachable, migrations pending), so that a load
// balancer sends traffic elsewhere. Why goes to the log only.
func (s *server) getReadiness(w http.ResponseWriter, r *http.Request) error {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.logger.WarnContext(r.Context(), "not ready",
				"requestId", stateOf(r.Context()).requestID, "error", err.Error())
			writeProbe(w, http.StatusServiceUnavailable, "not ready\n")
			return nil
		}
	}
	writeProbe(w, http.StatusOK, "ok\n")
	return nil
}

func writeProbe(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(body))
}

// getMetrics serves the metrics in the Prometheus text format.
func (s *server) getMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metricsHandler.ServeHTTP(w, r)
	return nil
}
