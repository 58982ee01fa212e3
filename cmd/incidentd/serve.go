package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/buildinfo"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/metrics"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/tlscert"
)

func serve(ctx context.Context, args []string, out io.Writer) error {
	var cfg Config
	fs := newFlagSet("serve")
	bindConfig(fs, &cfg)
	if err := parseConfig(fs, args, cfg.validate); err != nil {
		return err
	}
	logger := newLogger(cfg.LogFormat, cfg.LogLevel)
	build := buildinfo.Read(version, commit)

	var certs *tlscert.Reloader
	if cfg.TLSCert != "" {
		var err error
		if certs, err = tlscert.Load(cfg.TLSCert, cfg.TLSKey); err != nil {
			return err
		}
	}

	db, err := openStore(ctx, &cfg)
	if err != nil {
		return err
	}
	defer db.Close()

	blobs, err := blob.OpenDisk(attachmentsDir(&cfg))
	if err != nil {
		return err
	}
	types, _ := attachmentTypes(cfg.AttachmentTypes)              // validated
	proxies, _ := httpapi.ParseTrustedProxies(cfg.TrustedProxies) // validated

	m := metrics.New(build, metrics.Known{
		TokenRefusals: auth.ReasonNames(auth.TokenRefusalReasons),
		CallRefusals:  auth.ReasonNames(auth.CallRefusalReasons),
		Jobs:          jobNames,
	})
	m.RegisterPools(db.Pools())

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
		Ready:        db.Ready,
		Logger:       logger,
		Version:      build.Version,
		Commit:       build.Revision,
		MaxBodyBytes: cfg.MaxBodyBytes,

		Notes:              &incident.NoteManager{Notes: db, Attachments: db},
		Blobs:              blobs,
		MaxAttachmentBytes: cfg.MaxAttachmentBytes,
		AttachmentTypes:    types,

		Metrics:        m,
		ServeMetrics:   cfg.MetricsAddr == "",
		TrustedProxies: proxies,
	})

	api := endpoint{name: "api", addr: cfg.Addr, handler: handler}
	if certs != nil {
		api.tls = certs.ServerConfig()
	}
	endpoints := []endpoint{api}
	if cfg.MetricsAddr != "" {
		endpoints = append(endpoints, endpoint{name: "metrics", addr: cfg.MetricsAddr, handler: metricsOnly(m)})
	}
	if cfg.DebugAddr != "" {
		endpoints = append(endpoints, endpoint{name: "debug", addr: cfg.DebugAddr, handler: profiler()})
	}
	if err := listen(endpoints); err != nil {
		return err
	}
	if cfg.Demo {
		demo, err := seed.Demo(ctx, db, auth.NewAdmin(db, authOpts), manager)
		if err != nil {
			closeAll(endpoints)
			return fmt.Errorf("demo data: %w", err)
		}
		fmt.Fprintln(out, demo.Guide(endpoints[0].url()))
	}
	for _, e := range endpoints[1:] {
		logger.Info("listening", "endpoint", e.name, "addr", e.ln.Addr().String(), "url", e.url())
	}
	logger.Info("serving", "addr", endpoints[0].ln.Addr().String(), "url", endpoints[0].url(),
		"database", db.Dialect(), "version", build.Version, "revision", build.Revision)
	go reloadOnHangup(ctx, logger, certs)
	go runJobs(ctx, logger, m, manager, authService, cfg.AutoCloseAfter, cfg.JobInterval)
	go sweepAttachments(ctx, logger, m, blobs, db.BlobReferenced, cfg.AttachmentSweepInterval)
	return serveUntilDone(ctx, logger, endpoints, cfg.ShutdownTimeout)
}

// reloadOnHangup reads the TLS certificate and key again on each SIGHUP
// until ctx ends. New handshakes get the new certificate; connections
// already established keep theirs. Without TLS, SIGHUP changes nothing
// (and, caught, no longer ends the process).
func reloadOnHangup(ctx context.Context, logger *slog.Logger, certs *tlscert.Reloader) {
	hangup := make(chan os.Signal, 1)
	signal.Notify(hangup, syscall.SIGHUP)
	defer signal.Stop(hangup)
	for {
		select {
		case <-ctx.Done():
			return
		case <-hangup:
		}
		if certs == nil {
			logger.Info("SIGHUP: nothing to reload (no TLS certificate)")
			continue
		}
		if err := certs.Reload(); err != nil {
			logger.Error("SIGHUP: the TLS certificate was not reloaded; the previous one stays in force", "err", err)
			continue
		}
		subject, notAfter := certs.Leaf()
		logger.Info("SIGHUP: TLS certificate reloaded", "subject", subject, "notAfter", notAfter)
	}
}

// endpoint is one listener of the server and what it serves.
type endpoint struct {
	name    string
	addr    string
	handler http.Handler
	tls     *tls.Config // nil: plain HTTP
	ln      net.Listener
}

func (e endpoint) url() string {
	if e.tls != nil {
		return "https://" + e.ln.Addr().String()
	}
	return "http://" + e.ln.Addr().String()
}

// listen opens every endpoint's listener, or none.
func listen(endpoints []endpoint) error {
	for i := range endpoints {
		ln, err := net.Listen("tcp", endpoints[i].addr)
		if err != nil {
			closeAll(endpoints[:i])
			return fmt.Errorf("%s listener: %w", endpoints[i].name, err)
		}
		endpoints[i].ln = ln
	}
	return nil
}

func closeAll(endpoints []endpoint) {
	for _, e := range endpoints {
		e.ln.Close()
	}
}

// serveUntilDone serves every endpoint until ctx ends (SIGINT, SIGTERM)
// or one of them fails, then stops accepting connections and lets
// in-flight requests finish within grace.
func serveUntilDone(ctx context.Context, logger *slog.Logger, endpoints []endpoint, grace time.Duration) error {
	servers := make([]*http.Server, len(endpoints))
	failed := make(chan error, len(endpoints))
	for i, e := range endpoints {
		srv := &http.Server{
			Handler:           e.handler,
			TLSConfig:         e.tls,
			ReadHeaderTimeout: 10 * time.Second,
			ReadTimeout:       5 * time.Minute,
			IdleTimeout:       2 * time.Minute,
			ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
		}
		servers[i] = srv
		go func() {
			var err error
			if e.tls != nil {
				err = srv.ServeTLS(e.ln, "", "")
			} else {
				err = srv.Serve(e.ln)
			}
			failed <- fmt.Errorf("%s listener: %w", e.name, err)
		}()
	}
	var served error
	select {
	case served = <-failed:
	case <-ctx.Done():
	}
	logger.Info("shutting down", "grace", grace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	var shutdownErr error
	for _, srv := range servers {
		if err := srv.Shutdown(shutdownCtx); err != nil && shutdownErr == nil {
			shutdownErr = fmt.Errorf("shutdown: %w", err)
		}
	}
	if served != nil {
		return served
	}
	if shutdownErr != nil {
		return shutdownErr
	}
	logger.Info("stopped")
	return nil
}
