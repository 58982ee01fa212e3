// Package metrics exposes incidentd's figures in the Prometheus text format:
// HTTP requests by route, token requests, refused credentials, rate
// limiting, database pools, background jobs and the build.
//
// Every method is safe on a nil *Metrics, which records nothing: code that
// records needs no check of its own.
package metrics

import (
	"database/sql"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/incidentd/incidentd/buildinfo"
)

// namespace prefixes the names of incidentd's own metrics.
const namespace = "incidentd"

// Known lists the label values known in advance. Their series are created
// at start, at zero, so that rates and alerts see them before the first
// event.
type Known struct {
	TokenRefusals []string // reasons a token request is refused
	CallRefusals  []string // reasons an API call's credentials are refused
	Jobs          []string // background jobs
}

// Metrics holds the collectors of one server.
type Metrics struct {
	registry *prometheus.Registry

	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	// unmatched observes the requests no route matched.
	unmatched *Route

	tokensIssued   prometheus.Counter
	tokensRefused  *prometheus.CounterVec
	callsRefused   *prometheus.CounterVec
	rateLimited    *prometheus.CounterVec
	jobRuns        *prometheus.CounterVec
	jobLastSuccess *prometheus.GaugeVec
}

// New registers incidentd's collectors, with the Go runtime's and the
// process's, in a registry of their own.
func New(build buildinfo.Info, known Known) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "http_requests_total",
			Help: "HTTP requests answered, by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Namespace: namespace, Name: "http_request_duration_seconds",
			Help: "Time from the request's headers to the end of its response, by route pattern, method and status.",
			// From the half millisecond of a cached read to the minutes of
			// a large export.
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 120},
		}, []string{"route", "method", "status"}),
		tokensIssued: prometheus.NewCounter(prometheus.CounterOpts{
			Namespace: namespace, Name: "tokens_issued_total",
			Help: "Access tokens issued by the token endpoint.",
		}),
		tokensRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "tokens_refused_total",
			Help: "Token requests refused, by reason.",
		}, []string{"reason"}),
		callsRefused: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "credentials_refused_total",
			Help: "API calls refused for their credentials or scope (401, 403), by reason.",
		}, []string{"reason"}),
		rateLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "rate_limited_total",
			Help: "Requests answered 429, by endpoint: token (attempts held back by the guard against guessing) or api (the per-client rate limit).",
		}, []string{"endpoint"}),
		jobRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Namespace: namespace, Name: "job_runs_total",
			Help: "Runs of the background jobs, by job and result: ok or error.",
		}, []string{"job", "result"}),
		jobLastSuccess: prometheus.NewGaugeVec(prometheus.GaugeOpts{
			Namespace: namespace, Name: "job_last_success_timestamp_seconds",
			Help: "Unix time of the last successful run of each background job.",
		}, []string{"job"}),
	}
	buildInfo := prometheus.NewGauge(prometheus.GaugeOpts{
		Namespace: namespace, Name: "build_info",
		Help:        "The running build: always 1, described by its labels.",
		ConstLabels: prometheus.Labels{"version": build.Version, "revision": build.Revision, "goversion": build.GoVersion},
	})
	buildInfo.Set(1)
	m.registry.MustRegister(
		m.requests, m.duration, m.tokensIssued, m.tokensRefused, m.callsRefused,
		m.rateLimited, m.jobRuns, m.jobLastSuccess, buildInfo,
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.unmatched = m.Route("", unmatchedRoute)
	for _, reason := range known.TokenRefusals {
		m.tokensRefused.WithLabelValues(reason)
	}
	for _, reason := range known.CallRefusals {
		m.callsRefused.WithLabelValues(reason)
	}
	for _, endpoint := range []string{EndpointToken, EndpointAPI} {
		m.rateLimited.WithLabelValues(endpoint)
	}
	for _, job := range known.Jobs {
		m.jobRuns.WithLabelValues(job, resultOK)
		m.jobRuns.WithLabelValues(job, resultError)
	}
	return m
}

// Handler serves the metrics in the Prometheus text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{Registry: m.registry})
}

// RegisterPools adds the figures of database connection pools (open, in
// use, idle, waits…) as the go_sql_* series, labelled db_name by the name
// each pool is given.
func (m *Metrics) RegisterPools(pools map[string]*sql.DB) {
	if m == nil {
		return
	}
	for name, pool := range pools {
		m.registry.MustRegister(collectors.NewDBStatsCollector(pool, name))
	}
}
