package httpapi

import (
	"context"
	"net/http"
	"time"
)

// healthTimeout bounds the database check of /status, so that a stuck
// database answers DOWN rather than hanging the probe.
const healthTimeout = 2 * time.Second

const (
	statusUp   = "UP"
	statusDown = "DOWN"
)

type healthJSON struct {
	Status     string          `json:"status"`
	Components []componentJSON `json:"components"`
}

type componentJSON struct {
	Name   string `json:"name"`
	Status string `json:"status"`
}

// getStatus reports the health of the API's components: 200 when all are
// up, 503 with the same body when one is down. The failure itself goes to
// the log only.
func (s *server) getStatus(w http.ResponseWriter, r *http.Request) error {
	database := statusUp
	if s.health != nil {
		ctx, cancel := context.WithTimeout(r.Context(), healthTimeout)
		defer cancel()
		if err := s.health(ctx); err != nil {
			s.logger.WarnContext(r.Context(), "health check failed",
				"requestId", stateOf(r.Context()).requestID, "component", "database", "error", err.Error())
			database = statusDown
		}
	}
	out := healthJSON{Status: database, Components: []componentJSON{{Name: "database", Status: database}}}
	code := http.StatusOK
	if out.Status == statusDown {
		code = http.StatusServiceUnavailable
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, code, out)
}
