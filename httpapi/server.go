// Package httpapi is the HTTP face of incidentd: the Incident API 1.3
// routes, their middleware, the representation of incidents and the one
// writer of errors.
package httpapi

import (
	"cmp"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/metrics"
	"github.com/incidentd/incidentd/webhook"
)

// DefaultMaxBodyBytes is the largest request body taken when the
// configuration does not say.
const DefaultMaxBodyBytes = 1 << 20

// Config is what the HTTP layer needs from the program that serves it.
type Config struct {
	Manager   *incident.Manager
	Incidents incident.IncidentStore
	Auth      *auth.Service
	// Limiter limits the request rate per client; nil means no limit.
	Limiter *auth.RateLimiter
	Matrix  incident.Matrix
	// Health checks the database for /status; nil means always up.
	Health func(context.Context) error
	// Ready checks that the server can serve its requests for /readyz
	// (the database answers and is migrated); nil means always ready.
	Ready   func(context.Context) error
	Logger  *slog.Logger
	Version string
	Commit  string
	// MaxBodyBytes caps JSON request bodies; 0 means DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// Blobs keeps the files' bytes; without it, or without the manager's
	// note and attachment stores, those routes answer 503.
	Blobs blob.Store
	// MaxAttachmentBytes caps one uploaded file; 0 means
	// DefaultMaxAttachmentBytes.
	MaxAttachmentBytes int64
	// AttachmentTypes lists the media types of the files accepted, as
	// sniffed from their content ("type/*" takes a whole type); nil means
	// DefaultAttachmentTypes.
	AttachmentTypes []string
	// Now is the clock; nil means time.Now. Read times are truncated to the
	// millisecond, the precision of the representation.
	Now func() time.Time

	// Alerts carries out the alerts of integrations (the Alertmanager and
	// PagerDuty endpoints); without it those endpoints answer 503.
	Alerts *alerts.Ingester
	// Hub keeps the webhook subscriptions (/hub); without it those routes
	// answer 503.
	Hub *webhook.Hub

	// Events is the outbox the change feed reads; without it the feed
	// answers 503.
	Events incident.EventStore
	// Stopping is closed when the server begins to shut down: long polls
	// of the feed answer at once rather than hold the shutdown.
	Stopping <-chan struct{}

	// Metrics records the server's figures; nil records none.
	Metrics *metrics.Metrics
	// ServeMetrics serves Metrics at /metrics on this handler.
	ServeMetrics bool
	// WriteTimeout is how long each chunk of a response may take to reach
	// the client; 0 means DefaultWriteTimeout.
	WriteTimeout time.Duration
	// MaxExports and MaxExportsPerCustomer bound the exports running at
	// once, in total and per customer (per client on the operator side);
	// 0 means DefaultMaxExports, DefaultMaxExportsPerCustomer.
	MaxExports            int
	MaxExportsPerCustomer int
	// CSVKeepFormulas exports CSV cells as stored; by default a cell a
	// spreadsheet would run as a formula is prefixed with a quote
	// (contract.NeutralizeFormula).
	CSVKeepFormulas bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client: in the request log, and for the token endpoint's
	// count of failures per address (ParseTrustedProxies).
	TrustedProxies []netip.Prefix
}

// server holds the configured dependencies the handlers share.
type server struct {
	manager      *incident.Manager
	incidents    incident.IncidentStore
	auth         *auth.Service
	limiter      *auth.RateLimiter
	matrix       incident.Matrix
	health       func(context.Context) error
	ready        func(context.Context) error
	logger       *slog.Logger
	version      string
	commit       string
	maxBodyBytes int64
	clock        func() time.Time
	errors       errorWriter
	// pages keeps recent pages of the incident list (pagecache.go).
	pages        *pageCache
	writeTimeout time.Duration
	exports      *exportSlots

	csvKeepFormulas bool

	blobs              blob.Store
	maxAttachmentBytes int64
	attachmentTypes    typeList

	alerts *alerts.Ingester
	hub    *webhook.Hub

	events   incident.EventStore
	stopping <-chan struct{}

	metrics        *metrics.Metrics
	serveMetrics   bool
	metricsHandler http.Handler
	trustedProxies []netip.Prefix
}

// New builds the handler of the whole API.
func New(cfg Config) http.Handler {
	s := &server{
		manager:      cfg.Manager,
		incidents:    cfg.Incidents,
		auth:         cfg.Auth,
		limiter:      cfg.Limiter,
		matrix:       cfg.Matrix,
		health:       cfg.Health,
		ready:        cfg.Ready,
		logger:       cfg.Logger,
		version:      cfg.Version,
		commit:       cfg.Commit,
		maxBodyBytes: cfg.MaxBodyBytes,
		clock:        cfg.Now,

		blobs:              cfg.Blobs,
		maxAttachmentBytes: cfg.MaxAttachmentBytes,
		attachmentTypes:    cfg.AttachmentTypes,

		alerts: cfg.Alerts,
		hub:    cfg.Hub,

		events:   cfg.Events,
		stopping: cfg.Stopping,

		metrics:        cfg.Metrics,
		serveMetrics:   cfg.ServeMetrics && cfg.Metrics != nil,
		trustedProxies: cfg.TrustedProxies,

		csvKeepFormulas: cfg.CSVKeepFormulas,
	}
	if s.logger == nil {
		s.logger = slog.Default()
	}
	if s.maxBodyBytes <= 0 {
		s.maxBodyBytes = DefaultMaxBodyBytes
	}
	if s.clock == nil {
		s.clock = time.Now
	}
	if s.maxAttachmentBytes <= 0 {
		s.maxAttachmentBytes = DefaultMaxAttachmentBytes
	}
	if s.attachmentTypes == nil {
		s.attachmentTypes = DefaultAttachmentTypes
	}
	s.pages = newPageCache()
	s.writeTimeout = cmp.Or(cfg.WriteTimeout, DefaultWriteTimeout)
	s.exports = newExportSlots(cmp.Or(cfg.MaxExports, DefaultMaxExports), cmp.Or(cfg.MaxExportsPerCustomer, DefaultMaxExportsPerCustomer))
	s.errors = errorWriter{logger: s.logger}
	if s.serveMetrics {
		s.metricsHandler = s.metrics.Handler()
	}
	return s.handler()
}

// handler composes the middleware common to every request around the
// router; the layers of each route are added by routeHandler.
func (s *server) handler() http.Handler {
	var h http.Handler = newRouter(s, s.allRoutes())
	h = withRequestLimits(s.errors, h)
	h = withRecover(s.logger, s.errors, h)
	h = s.withRequestLog(h)
	h = withLanguage(h)
	h = withRequestID(h)
	return withWriteDeadline(s.writeTimeout, h)
}

// routeHandler wraps a route's handler in the layers the route needs, in
// the order they answer: credentials, rate and scope; Accept; body size;
// Content-Type.
func (s *server) routeHandler(rt route) http.Handler {
	errs := s.errors
	if rt.pattern == pagerDutyRoute {
		errs.render = pagerDutyErrorJSON
	}
	var h http.Handler = adapt(errs, rt.handle)
	if len(rt.consumes) > 0 {
		h = withContentType(errs, rt.consumes, h)
	}
	h = withBodyLimit(errs, s.bodyLimit(rt), h)
	switch rt.pattern {
	case attachmentDownload, livenessRoute, readinessRoute, metricsRoute: // answer their own types
	case pagerDutyRoute: // JSON whatever PagerDuty's clients accept, as PagerDuty answers
	case incidentList:
		h = withAcceptOneOf(errs, listMediaTypes, h)
	default:
		h = withAcceptJSON(errs, h)
	}
	if rt.access != accessNone {
		h = withAuthentication(s, rt.access, h)
	}
	return s.withRoute(rt.pattern, h)
}

// handlerFunc is a handler that returns its error for the one error writer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// adapt serves a handler, its error written by the route's error writer.
func adapt(errs errorWriter, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			errs.write(w, r, err)
		}
	})
}

// now is the clock at the precision of the representation.
func (s *server) now() time.Time {
	return s.clock().UTC().Truncate(time.Millisecond)
}
