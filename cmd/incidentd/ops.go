package main

import (
	"net/http"
	"net/http/pprof"

	"github.com/incidentd/incidentd/metrics"
)

// metricsOnly serves the metrics at /metrics, for a listener of their own
// (--metrics-addr).
func metricsOnly(m *metrics.Metrics) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	return mux
}

// profiler serves the Go profiler's pages under /debug/pprof/ (--debug-addr).
// Importing net/http/pprof also registers them on http.DefaultServeMux,
// which incidentd never serves.
func profiler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index) // and the named profiles: heap, goroutine, allocs…
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}
