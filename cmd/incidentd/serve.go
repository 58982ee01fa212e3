package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/buildinfo"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/metrics"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/tlscert"
	"github.com/incidentd/incidentd/webhook"
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
	manager := &incident.Manager{Incidents: db, Customers: db, Notes: db, Attachments: db, Breaches: db, Matrix: matrix, Now: sqlstore.DefaultNow}
	authService := auth.NewService(db, authOpts)
	ingester := &alerts.Ingester{Store: db, Manager: manager, ReopenWindow: cfg.AlertReopenWindow, Now: manager.Now}
	dispatcher := &webhook.Dispatcher{
		Store: db, Events: db, Filter: contract.ParseSubscriptionQuery, Render: contract.AppendEventJSON, Logger: logger,
		AllowPrivate: cfg.AllowPrivateCallbacks, RetryInitial: cfg.CallbackRetryInitial, RetryMaxAge: cfg.CallbackRetryMaxAge,
		LeaseTTL: cfg.CallbackLeaseTTL,
	}
	hub := &webhook.Hub{Store: db, Events: db, AllowPrivate: cfg.AllowPrivateCallbacks, Now: manager.Now, Changed: dispatcher.Wake}
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

		Blobs:              blobs,
		MaxAttachmentBytes: cfg.MaxAttachmentBytes,
		AttachmentTypes:    types,

		Alerts: ingester,
		Hub:    hub,

		Events:   db,
		Stopping: ctx.Done(),

		Metrics:        m,
		ServeMetrics:   cfg.MetricsAddr == "",
		TrustedProxies: proxies,

		WriteTimeout:          cfg.WriteTimeout,
		MaxExports:            cfg.MaxExports,
		MaxExportsPerCustomer: cfg.MaxExportsPerCustomer,
		CSVKeepFormulas:       cfg.CSVKeepFormulas,
	})

	accounts := &account.Service{Store: db, Throttle: account.NewThrottle(account.DefaultAccountFailures,
		account.DefaultAddressFailures, account.DefaultThrottleWindow), Lifetime: cfg.SessionTTL}
	handler = withConsole(handler, db, manager, accounts, blobs, &cfg, types, logger)

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
		if err == nil && demo.Created {
			err = seed.DemoIntegration(ctx, &alerts.Admin{Store: db})
		}
		if err != nil {
			closeAll(endpoints)
			return fmt.Errorf("demo data: %w", err)
		}
		fmt.Fprintln(out, demo.Guide(endpoints[0].url()))
		if demo.Available {
			if err := seed.CreateDemoUsers(ctx, &account.Admin{Store: db}); err != nil {
				closeAll(endpoints)
				return fmt.Errorf("demo users: %w", err)
			}
			fmt.Fprintln(out, seed.DemoUsersGuide(endpoints[0].url()))
		}
	}
	for _, e := range endpoints[1:] {
		logger.Info("listening", "endpoint", e.name, "addr", e.ln.Addr().String(), "url", e.url())
	}
	// Caught before the server says it serves: from then on a SIGHUP
	// reloads rather than ends the process.
	hangup := make(chan os.Signal, 1)
	signal.Notify(hangup, syscall.SIGHUP)
	defer signal.Stop(hangup)
	go reloadOnHangup(ctx, logger, hangup, certs)
	logger.Info("serving", "addr", endpoints[0].ln.Addr().String(), "url", endpoints[0].url(),
		"database", db.Dialect(), "version", build.Version, "revision", build.Revision)
	go runJobs(ctx, logger, m, manager, authService, cfg.AutoCloseAfter, cfg.JobInterval)
	go runEventJobs(ctx, logger, m, manager, db, cfg.EventRetention, cfg.JobInterval)
	go purgeSessions(ctx, logger, accounts, cfg.JobInterval)
	go sweepAttachments(ctx, logger, m, blobs, db.BlobReferenced, cfg.AttachmentSweepInterval)
	// Deliveries stop with the server: those under way are cancelled and
	// their subscriptions' leases handed back, so that another server, or
	// this one restarted, sends those events again at once.
	deliveryCtx, stopDeliveries := context.WithCancel(ctx)
	deliveries := make(chan struct{})
	go func() {
		defer close(deliveries)
		dispatcher.Run(deliveryCtx)
	}()
	defer func() {
		stopDeliveries()
		<-deliveries
	}()
	return serveUntilDone(ctx, logger, endpoints, cfg.ShutdownTimeout)
}
