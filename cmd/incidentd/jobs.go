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
	jobEventPurge       = "event_purge"
	jobSLABreaches      = "sla_breaches"
)

var jobNames = []string{jobAutoClose, jobTokenPurge, jobAttachmentSweep, jobAuthFailurePurge, jobEventPurge, jobSLABreaches}

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

// runEventJobs runs the jobs of the outbox until ctx ends: the SLA breach
// search every incident.BreachInterval (or every interval when shorter),
// and the purge of events older than the retention every interval. Both
// are safe on every server at once: a breach is written once per incident
// (the store claims it), and the purge deletes in seq order.
func runEventJobs(ctx context.Context, logger *slog.Logger, m *metrics.Metrics, manager *incident.Manager, events incident.EventStore, retention, interval time.Duration) {
	breaches := time.NewTicker(min(interval, incident.BreachInterval))
	defer breaches.Stop()
	purge := time.NewTicker(interval)
	defer purge.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-breaches.C:
			n, err := manager.ReportBreaches(ctx)
			m.JobRun(jobSLABreaches, err, time.Now())
			if err != nil {
				logger.Error("SLA breaches", "err", err)
			} else if n > 0 {
				logger.Info("reported SLA breaches", "count", n)
			}
		case <-purge.C:
			n, err := events.PurgeEvents(ctx, time.Now().Add(-retention))
			m.JobRun(jobEventPurge, err, time.Now())
			if err != nil {
				logger.Error("event purge", "err", err)
			} else if n > 0 {
				logger.Info("purged expired events", "count", n)
			}
		}
	}
}
