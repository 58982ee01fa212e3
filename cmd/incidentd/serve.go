package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

func serve(ctx context.Context, args []string, out io.Writer) error {
	var cfg Config
	fs := newFlagSet("serve")
	bindConfig(fs, &cfg)
	if err := parseConfig(fs, args, cfg.validate); err != nil {
		return err
	}
	logger := newLogger(cfg.LogFormat, cfg.LogLevel)

	db, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	blobs, err := blob.OpenDisk(attachmentsDir(&cfg))
	if err != nil {
		return err
	}
	types, _ := attachmentTypes(cfg.AttachmentTypes) // validated

	matrix := incident.DefaultMatrix()
	authOpts := auth.Options{TokenLifetime: cfg.TokenTTL, APIKeyLifetime: cfg.APIKeyTTL}
	manager := &incident.Manager{Incidents: db, Auth: db, Matrix: matrix, Now: sqlstore.DefaultNow}
	authService := auth.NewService(db, authOpts)
	handler := httpapi.New(httpapi.Config{
		Manager:      manager,
		Incidents:    db,
		Auth:         authService,
		Limiter:      auth.NewRateLimiter(cfg.RateLimit, cfg.RateBurst, nil),
		Matrix:       matrix,
		Health:       db.Ping,
		Logger:       logger,
		Version:      version,
		Commit:       commit,
		MaxBodyBytes: cfg.MaxBodyBytes,

		Notes:              &incident.NoteManager{Notes: db, Attachments: db},
		Blobs:              blobs,
		MaxAttachmentBytes: cfg.MaxAttachmentBytes,
		AttachmentTypes:    types,
	})
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.Demo {
		demo, err := seed.Demo(ctx, db, auth.NewAdmin(db, authOpts), manager)
		if err != nil {
			ln.Close()
			return fmt.Errorf("demo data: %w", err)
		}
		fmt.Fprintln(out, demo.Guide("http://"+ln.Addr().String()))
	}
	if cfg.DebugAddr != "" {
		if err := serveDebug(ctx, logger, cfg.DebugAddr); err != nil {
			ln.Close()
			return err
		}
	}
	logger.Info("serving", "addr", ln.Addr().String(), "database", db.Dialect(), "version", version)
	go runJobs(ctx, logger, manager, authService, cfg.AutoCloseAfter, cfg.JobInterval)
	go sweepAttachments(ctx, logger, blobs, db.BlobReferenced, cfg.AttachmentSweepInterval)
	return serveUntilDone(ctx, logger, ln, handler, cfg.ShutdownTimeout)
}

// serveUntilDone serves until ctx ends (SIGINT, SIGTERM), then stops
// accepting connections and lets in-flight requests finish.
func serveUntilDone(ctx context.Context, logger *slog.Logger, ln net.Listener, h http.Handler, grace time.Duration) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	failed := make(chan error, 1)
	go func() { failed <- srv.Serve(ln) }()
	select {
	case err := <-failed:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", grace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-failed; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	logger.Info("stopped")
	return nil
}
