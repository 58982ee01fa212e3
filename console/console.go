// Package console is the web console: server-rendered pages under
// /console/ where customers' people track their incidents and the
// provider's service desk works them. It calls the domain with typed
// commands and reads through the stores with the user's scope, exactly as
// the API's handlers do; it never calls the HTTP API nor builds JSON.
package console

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/incident"
)

// Prefix is where the console is mounted.
const Prefix = "/console/"

// CustomerLister lists the customers, for the provider's forms.
type CustomerLister interface {
	ListCustomers(ctx context.Context) ([]incident.Customer, error)
}

// Config is what the console needs from the program that serves it.
type Config struct {
	Manager    *incident.Manager
	Aggregator incident.Aggregator
	Customers  CustomerLister
	Accounts   *account.Service
	// Blobs keeps the files' bytes; MaxAttachmentBytes (0: 20 MiB) and
	// AttachmentTypes (nil: the API's defaults) are the API's limits.
	Blobs              blob.Store
	MaxAttachmentBytes int64
	AttachmentTypes    []string
	Logger             *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// SecureCookies marks the cookies Secure even on plain HTTP requests:
	// for a server behind a reverse proxy that terminates TLS. Over TLS
	// they are always Secure.
	SecureCookies bool
	// PollInterval is how often an open page asks whether what it shows
	// changed; 0 means DefaultPollInterval.
	PollInterval time.Duration
}

// DefaultPollInterval is how often open pages check for changes.
const DefaultPollInterval = 5 * time.Second

const defaultMaxAttachmentBytes = 20 << 20

type server struct {
	Config
	pages *pageSet
}

// New builds the console's handler, to be mounted at Prefix.
func New(cfg Config) http.Handler {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.PollInterval <= 0 {
		cfg.PollInterval = DefaultPollInterval
	}
	if cfg.MaxAttachmentBytes <= 0 {
		cfg.MaxAttachmentBytes = defaultMaxAttachmentBytes
	}
	s := &server{Config: cfg, pages: loadPages()}
	mux := http.NewServeMux()
	for _, rt := range s.routes() {
		mux.Handle(rt.pattern, rt.handler)
	}
	protection := http.NewCrossOriginProtection()
	protection.SetDenyHandler(http.HandlerFunc(s.refuseCrossOrigin))
	return s.withRequestLog(withSecurityHeaders(protection.Handler(mux)))
}

// now is the clock at the precision of the domain.
func (s *server) now() time.Time { return s.Now().UTC().Truncate(time.Millisecond) }

type route struct {
	pattern string
	handler http.Handler
}

func (s *server) routes() []route {
	p := Prefix
	return []route{
		{"GET " + p + "{$}", http.RedirectHandler(p+"incidents", http.StatusSeeOther)},
		{"GET " + p + "static/{file}", http.HandlerFunc(serveStatic)},
		{"GET " + p + "login", s.public(s.loginPage)},
		{"POST " + p + "login", s.public(s.login)},
		{"GET " + p + "language", s.public(s.setLanguage)},
		{"POST " + p + "logout", s.signedIn(s.logout)},
		{"GET " + p + "account", s.signedIn(s.accountPage)},
		{"POST " + p + "account/sessions/{hash}/end", s.signedIn(s.endSession)},

		{"GET " + p + "incidents", s.signedIn(s.listPage)},
		{"GET " + p + "incidents/new", s.writer(s.reportPage)},
		{"POST " + p + "incidents", s.writer(s.report)},
		{"GET " + p + "incidents/{id}", s.signedIn(s.detailPage)},
		{"POST " + p + "incidents/{id}/status", s.writer(s.changeStatus)},
		{"POST " + p + "incidents/{id}/escalate", s.writer(s.escalate)},
		{"POST " + p + "incidents/{id}/notes", s.writer(s.addNote)},
		{"POST " + p + "incidents/{id}/attachments", s.writer(s.upload)},
		{"GET " + p + "incidents/{id}/attachments/{attachmentID}", s.signedIn(s.download)},
		{"POST " + p + "incidents/{id}/freeze", s.agent(s.addFreeze)},
		{"POST " + p + "incidents/{id}/freeze/{periodID}/end", s.agent(s.endFreeze)},

		{"GET " + p + "queue", s.agent(s.queuePage)},
		{"GET " + p + "dashboard", s.signedIn(s.dashboardPage)},
		{p, s.public(s.notFound)},
	}
}

// withSecurityHeaders keeps the pages from being framed, sniffed, cached
// or made to run scripts other than the console's own.
func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}
