package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/sqlstore"
	"github.com/incidentd/incidentd/webhook"
)

// Config is everything the server can be told, built from flags and then
// INCIDENTD_* environment variables (a flag given on the command line wins
// over its variable), validated once at start.
type Config struct {
	Addr            string
	DatabaseURL     string
	DBMaxOpenConns  int
	DBMaxIdleConns  int
	DBConnLifetime  time.Duration
	SQLiteCacheMiB  int
	TokenTTL        time.Duration
	SessionTTL      time.Duration
	SecureCookies   bool
	APIKeyTTL       time.Duration
	RateLimit       float64
	RateBurst       int
	MaxBodyBytes    int64
	AutoCloseAfter  time.Duration
	JobInterval     time.Duration
	EventRetention  time.Duration
	ShutdownTimeout time.Duration
	LogFormat       string
	LogLevel        string
	Demo            bool

	AttachmentsDir          string
	MaxAttachmentBytes      int64
	AttachmentTypes         string
	AttachmentSweepInterval time.Duration

	TLSCert        string
	TLSKey         string
	TrustedProxies string
	MetricsAddr    string
	DebugAddr      string

	AlertReopenWindow time.Duration

	WriteTimeout          time.Duration
	MaxExports            int
	MaxExportsPerCustomer int
	CSVKeepFormulas       bool

	AllowPrivateCallbacks bool
	CallbackRetryInitial  time.Duration
	CallbackRetryMaxAge   time.Duration
	CallbackLeaseTTL      time.Duration
}

// bindConfig declares the flags of cfg on fs; each flag's variable is
// INCIDENTD_ followed by its name in upper case with '-' as '_'.
func bindConfig(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.Addr, "addr", "127.0.0.1:8080", "listen address")
	bindStorage(fs, cfg)
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", time.Hour, "access token lifetime")
	fs.DurationVar(&cfg.SessionTTL, "session-ttl", account.DefaultSessionLifetime, "web console session lifetime")
	fs.BoolVar(&cfg.SecureCookies, "secure-cookies", false, "mark the web console's cookies Secure on plain HTTP too (behind a proxy that terminates TLS)")
	fs.DurationVar(&cfg.APIKeyTTL, "api-key-ttl", 2*365*24*time.Hour, "default API key lifetime")
	fs.Float64Var(&cfg.RateLimit, "rate-limit", 50, "requests per second allowed per client")
	fs.IntVar(&cfg.RateBurst, "rate-burst", 100, "burst of requests allowed per client")
	fs.Int64Var(&cfg.MaxBodyBytes, "max-body-bytes", 1<<20, "largest JSON request body")
	fs.DurationVar(&cfg.AutoCloseAfter, "auto-close-after", 7*24*time.Hour, "delay after which a resolved incident closes")
	fs.DurationVar(&cfg.JobInterval, "job-interval", time.Minute, "how often background jobs (auto-close, token, console session and event purge) run; SLA breaches are looked for every 15s, or this often when shorter")
	fs.DurationVar(&cfg.EventRetention, "event-retention", 30*24*time.Hour, "how long events stay in the change feed; older cursors are answered 410")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", 30*time.Second, "time given to in-flight requests on shutdown")
	fs.StringVar(&cfg.LogFormat, "log-format", "json", "log format: json or text")
	fs.StringVar(&cfg.LogLevel, "log-level", "info", "log level: debug, info, warn or error")
	fs.BoolVar(&cfg.Demo, "demo", false, "on an empty database, create demo customers, credentials and incidents")
	fs.StringVar(&cfg.AttachmentsDir, "attachments-dir", "", "directory of attachment files (default: beside the SQLite file, NAME-attachments, else ./attachments)")
	fs.Int64Var(&cfg.MaxAttachmentBytes, "max-attachment-bytes", httpapi.DefaultMaxAttachmentBytes, "largest uploaded file")
	fs.StringVar(&cfg.AttachmentTypes, "attachment-types", strings.Join(httpapi.DefaultAttachmentTypes, ","), "comma-separated media types of the files accepted, as sniffed from their content (type/* for a whole type)")
	fs.DurationVar(&cfg.AttachmentSweepInterval, "attachment-sweep-interval", time.Hour, "how often attachment files that no metadata names are removed")
	fs.StringVar(&cfg.TLSCert, "tls-cert", "", "PEM file of the TLS certificate chain: serve HTTPS (with --tls-key; both read again on SIGHUP)")
	fs.StringVar(&cfg.TLSKey, "tls-key", "", "PEM file of the TLS private key")
	fs.StringVar(&cfg.TrustedProxies, "trusted-proxies", "", "comma-separated addresses or CIDR networks of the reverse proxies whose X-Forwarded-For names the client")
	fs.StringVar(&cfg.MetricsAddr, "metrics-addr", "", "serve /metrics on a listener of its own at this address instead of the API's")
	fs.StringVar(&cfg.DebugAddr, "debug-addr", "", "serve the Go profiler (net/http/pprof, /debug/pprof/) at this address; off when empty")
	fs.DurationVar(&cfg.AlertReopenWindow, "alert-reopen-window", alerts.DefaultReopenWindow, "an alert that fires again within this time after it resolved reopens its incident; later, it opens a new one")
	fs.DurationVar(&cfg.WriteTimeout, "write-timeout", httpapi.DefaultWriteTimeout, "longest wait for a client to take each chunk of a response; a client that stops reading is cut after it")
	fs.IntVar(&cfg.MaxExports, "max-exports", httpapi.DefaultMaxExports, "exports (CSV, NDJSON) running at once")
	fs.IntVar(&cfg.MaxExportsPerCustomer, "max-exports-per-customer", httpapi.DefaultMaxExportsPerCustomer, "exports running at once per customer (per client on the operator side)")
	fs.BoolVar(&cfg.AllowPrivateCallbacks, "allow-private-callbacks", false, "let webhook callbacks be plain http and reach loopback, private and link-local addresses (on-premises receivers, tests)")
	fs.DurationVar(&cfg.CallbackRetryInitial, "callback-retry-initial", webhook.DefaultRetryInitial, "wait before the first retry of a failed webhook delivery, doubled at each retry up to 1h")
	fs.DurationVar(&cfg.CallbackRetryMaxAge, "callback-retry-max-age", webhook.DefaultRetryMaxAge, "how long a failing webhook delivery is retried before its subscription is disabled")
	fs.DurationVar(&cfg.CallbackLeaseTTL, "callback-lease-ttl", webhook.DefaultLeaseTTL, "how long a server holds a subscription's deliveries without renewing; another server takes over after it (servers sharing PostgreSQL)")
	fs.BoolVar(&cfg.CSVKeepFormulas, "csv-keep-formulas", false, "export CSV cells as stored, even those a spreadsheet would run as formulas (by default they are prefixed with ')")
}

// bindStorage declares the storage flags, shared by every subcommand.
func bindStorage(fs *flag.FlagSet, cfg *Config) {
	fs.StringVar(&cfg.DatabaseURL, "database", "sqlite:incidentd.db", "storage URL: sqlite:PATH or postgres://…")
	fs.IntVar(&cfg.DBMaxOpenConns, "db-max-open-conns", 0, "largest number of open database connections (0: the driver's default)")
	fs.IntVar(&cfg.DBMaxIdleConns, "db-max-idle-conns", 0, "largest number of idle database connections (0: the driver's default)")
	fs.DurationVar(&cfg.DBConnLifetime, "db-conn-lifetime", 0, "longest life of a database connection (0: unlimited)")
	fs.IntVar(&cfg.SQLiteCacheMiB, "sqlite-cache-mib", sqlstore.DefaultSQLiteCacheMiB, "SQLite page cache of each database connection, in MiB (a writer and up to db-max-open-conns readers, 4 by default)")
}

// parseConfig parses args into fs, then applies the INCIDENTD_* variables
// of the flags not given on the command line, then validates.
func parseConfig(fs *flag.FlagSet, args []string, validate func() error) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		v, ok := os.LookupEnv(name)
		if !ok || given[f.Name] {
			return
		}
		if err := f.Value.Set(v); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if validate != nil {
		return validate()
	}
	return nil
}

func envName(flagName string) string {
	return "INCIDENTD_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

func (c *Config) validate() error {
	var errs []error
	check := func(ok bool, format string, args ...any) {
		if !ok {
			errs = append(errs, fmt.Errorf(format, args...))
		}
	}
	check(c.Addr != "", "addr must not be empty")
	check(strings.HasPrefix(c.DatabaseURL, "sqlite:") || strings.HasPrefix(c.DatabaseURL, "postgres://") || strings.HasPrefix(c.DatabaseURL, "postgresql://"),
		"database must be sqlite:PATH or postgres://…, got %q", c.DatabaseURL)
	check(c.TokenTTL >= time.Minute, "token-ttl must be at least 1m")
	check(c.SessionTTL >= time.Minute, "session-ttl must be at least 1m")
	check(c.APIKeyTTL >= time.Hour, "api-key-ttl must be at least 1h")
	check(c.RateLimit > 0, "rate-limit must be positive")
	check(c.RateBurst >= 1, "rate-burst must be at least 1")
	check(c.MaxBodyBytes >= 1024, "max-body-bytes must be at least 1024")
	check(c.AutoCloseAfter >= time.Second, "auto-close-after must be at least 1s")
	check(c.JobInterval >= 100*time.Millisecond, "job-interval must be at least 100ms")
	check(c.EventRetention >= time.Minute, "event-retention must be at least 1m")
	check(c.ShutdownTimeout > 0, "shutdown-timeout must be positive")
	check(c.LogFormat == "json" || c.LogFormat == "text", "log-format must be json or text")
	_, err := parseLevel(c.LogLevel)
	check(err == nil, "log-level must be debug, info, warn or error")
	check(c.DBMaxOpenConns >= 0 && c.DBMaxIdleConns >= 0, "database pool sizes must not be negative")
	check(c.SQLiteCacheMiB >= 1, "sqlite-cache-mib must be at least 1")
	check(c.MaxAttachmentBytes >= 1, "max-attachment-bytes must be at least 1")
	_, err = attachmentTypes(c.AttachmentTypes)
	check(err == nil, "%v", err)
	check(c.AttachmentSweepInterval >= time.Second, "attachment-sweep-interval must be at least 1s")
	check((c.TLSCert == "") == (c.TLSKey == ""), "tls-cert and tls-key go together")
	check(c.AlertReopenWindow >= 0, "alert-reopen-window must not be negative")
	_, err = httpapi.ParseTrustedProxies(c.TrustedProxies)
	check(err == nil, "trusted-proxies: %v", err)
	check(c.WriteTimeout >= time.Second, "write-timeout must be at least 1s")
	check(c.CallbackRetryInitial >= 10*time.Millisecond, "callback-retry-initial must be at least 10ms")
	check(c.CallbackRetryMaxAge >= c.CallbackRetryInitial, "callback-retry-max-age must be at least callback-retry-initial")
	check(c.CallbackLeaseTTL >= 300*time.Millisecond, "callback-lease-ttl must be at least 300ms")
	check(c.MaxExports >= 1 && c.MaxExportsPerCustomer >= 1, "max-exports and max-exports-per-customer must be at least 1")
	return errors.Join(errs...)
}
