package main

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/console"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/sqlstore"
)

// withConsole serves the web console under /console/ beside the API, and
// sends a browser at / to it. Paths are told apart by prefix rather than by
// a ServeMux, which would redirect unclean paths and answer unknown methods
// itself: every other request reaches the API's router as it came.
func withConsole(api http.Handler, db *sqlstore.DB, manager *incident.Manager, accounts *account.Service,
	blobs blob.Store, cfg *Config, types []string, logger *slog.Logger) http.Handler {
	ui := console.New(console.Config{
		Manager:            manager,
		Aggregator:         db,
		Customers:          db,
		Accounts:           accounts,
		Blobs:              blobs,
		MaxAttachmentBytes: cfg.MaxAttachmentBytes,
		AttachmentTypes:    types,
		SecureCookies:      cfg.SecureCookies,
		Logger:             logger,
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, console.Prefix):
			ui.ServeHTTP(w, r)
		case r.URL.Path == "/" && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			http.Redirect(w, r, console.Prefix, http.StatusSeeOther)
		default:
			api.ServeHTTP(w, r)
		}
	})
}

// purgeSessions removes the console's expired sessions until ctx ends.
func purgeSessions(ctx context.Context, logger *slog.Logger, accounts *account.Service, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		if n, err := accounts.PurgeExpired(ctx); err != nil {
			logger.Error("console session purge", "err", err)
		} else if n > 0 {
			logger.Info("purged expired console sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
