package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/incidentd/incidentd/tlscert"
)

// reloadOnHangup reads the TLS certificate and key again on each SIGHUP
// until ctx ends. New handshakes get the new certificate; connections
// already established keep theirs. Without TLS, SIGHUP changes nothing
// (and, caught, no longer ends the process).
func reloadOnHangup(ctx context.Context, logger *slog.Logger, hangup <-chan os.Signal, certs *tlscert.Reloader) {
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

// maxHeaderBytes bounds what net/http reads of a request's line and
// headers: four times the API's own limits, which answer in the API's
// format; beyond it net/http answers a plain-text 431 itself.
const maxHeaderBytes = 64 << 10

// serveUntilDone serves every endpoint until ctx ends (SIGINT, SIGTERM)
// or one of them fails, then stops accepting connections and lets
// in-flight requests finish within grace.
func serveUntilDone(ctx context.Context, logger *slog.Logger, endpoints []endpoint, grace time.Duration) error {
	servers := make([]*http.Server, len(endpoints))
	failed := make(chan error, len(endpoints))
	for i, e := range endpoints {
		srv := &http.Server{
			Handler:   e.handler,
			TLSConfig: e.tls,
			// The request line and headers the server reads at most; the
			// API's own, lower limits answer in its format below that.
			MaxHeaderBytes:    maxHeaderBytes,
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
