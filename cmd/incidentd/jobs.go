package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// runJobs runs the background jobs until ctx ends. Each job is safe to run
// on every server at once: an auto-close rechecks the incident inside its
// own locked transaction, and token purging is an idempotent delete.
func runJobs(ctx context.Context, logger *slog.Logger, m *incident.Manager, a *auth.Service, autoCloseAfter, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := m.AutoClose(ctx, autoCloseAfter); err != nil {
			logger.Error("auto-close", "err", err)
		} else if n > 0 {
			logger.Info("auto-closed resolved incidents", "count", n)
		}
		if n, err := a.PurgeExpiredTokens(ctx); err != nil {
			logger.Error("token purge", "err", err)
		} else if n > 0 {
			logger.Info("purged expired tokens", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
