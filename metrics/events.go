package metrics

import "time"

// Endpoints of the rate limit.
const (
	EndpointToken = "token"
	EndpointAPI   = "api"
)

const (
	resultOK    = "ok"
	resultError = "error"
)

// TokenIssued counts an access token issued.
func (m *Metrics) TokenIssued() {
	if m != nil {
		m.tokensIssued.Inc()
	}
}

// TokenRefused counts a token request refused for reason.
func (m *Metrics) TokenRefused(reason string) {
	if m != nil {
		m.tokensRefused.WithLabelValues(reason).Inc()
	}
}

// CallRefused counts an API call refused for its credentials or scope.
func (m *Metrics) CallRefused(reason string) {
	if m != nil {
		m.callsRefused.WithLabelValues(reason).Inc()
	}
}

// RateLimited counts a request refused by the rate limit of endpoint
// (EndpointToken or EndpointAPI).
func (m *Metrics) RateLimited(endpoint string) {
	if m != nil {
		m.rateLimited.WithLabelValues(endpoint).Inc()
	}
}

// JobRun counts a run of a background job that ended at finished, failed
// when err is not nil.
func (m *Metrics) JobRun(job string, err error, finished time.Time) {
	if m == nil {
		return
	}
	if err != nil {
		m.jobRuns.WithLabelValues(job, resultError).Inc()
		return
	}
	m.jobRuns.WithLabelValues(job, resultOK).Inc()
	m.jobLastSuccess.WithLabelValues(job).Set(float64(finished.UnixNano()) / 1e9)
}
