package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/metrics"
)

// The background jobs, as the metrics name them.
const (
	jobAutoClose        = "auto_close"
	jobTokenPurge       = "token_purge"
	jobAttachmentSweep  = "attachment_sweep"
	jobAuthFailurePurge = "auth_failure_purge"
)

var jobNames = []string{jobAutoClose, jobTokenPurge, jobAttachmentSweep, jobAuthFailurePurge}

// runJobs runs the background jobs until ctx ends. Each job is safe to run
// on every server at once: an auto-close rechecks the incident inside its
// own locked transaction, and the purges are idempotent deletes.
func runJobs(ctx context.Context, logger *slog.Logger, m *metrics.Metrics, manager *incident.Manager, a *auth.Service, autoCloseAfter, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		n, err := manager.AutoClose(ctx, autoCloseAfter)
		m.JobRun(jobAutoClose, err, time.Now())
		if err != nil {
			logger.Error("auto-close", "err", err)
		} else if n > 0 {
			logger.Info("auto-closed resolved incidents", "count", n)
		}
		purged, err := a.PurgeExpiredTokens(ctx)
		m.JobRun(jobTokenPurge, err, time.Now())
		if err != nil {
			logger.Error("token purge", "err", err)
		} else if purged > 0 {
			logger.Info("purged expired tokens", "count", purged)
		}
		forgotten, err := a.PurgeAuthFailures(ctx)
		m.JobRun(jobAuthFailurePurge, err, time.Now())
		if err != nil {
			logger.Error("auth failure purge", "err", err)
		} else if forgotten > 0 {
			logger.Info("purged forgotten authentication failures", "count", forgotten)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
