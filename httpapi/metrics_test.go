package httpapi_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/incidentd/incidentd/auth"
)

// scrape reads /metrics as Prometheus does and parses it with Prometheus'
// own text parser.
func (e *env) scrape() map[string]*dto.MetricFamily {
	e.t.Helper()
	r := e.send(e.request(http.MethodGet, "/metrics", nil))
	if r.status != http.StatusOK {
		e.t.Fatalf("GET /metrics: %d %s", r.status, r.body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(r.body))
	if err != nil {
		e.t.Fatalf("parsing /metrics: %v\n%s", err, r.body)
	}
	return families
}

// series finds the series of a family whose labels include want; nil when
// there is none.
func series(families map[string]*dto.MetricFamily, name string, want map[string]string) *dto.Metric {
	f := families[name]
	if f == nil {
		return nil
	}
next:
	for _, m := range f.GetMetric() {
		labels := map[string]string{}
		for _, l := range m.GetLabel() {
			labels[l.GetName()] = l.GetValue()
		}
		for k, v := range want {
			if labels[k] != v {
				continue next
			}
		}
		return m
	}
	return nil
}

func counterValue(t *testing.T, families map[string]*dto.MetricFamily, name string, labels map[string]string) float64 {
	t.Helper()
	m := series(families, name, labels)
	if m == nil {
		t.Fatalf("no series %s%v", name, labels)
	}
	return m.GetCounter().GetValue()
}

// The request histogram has the series of a request just made, labelled by
// its route pattern, never by its raw path; token requests and refused
// credentials are counted by reason.
func TestMetrics(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		tn := e.tenants()
		globex, writer, reader, id := tn.globex, tn.writer, tn.reader, tn.incidentID

		if r := e.call(writer, http.MethodGet, base+"/incidents/"+id, nil); r.status != http.StatusOK {
			t.Fatalf("get: %d", r.status)
		}
		e.call(writer, http.MethodGet, base+"/incidents/2611N99999", nil) // 404 on a route
		e.call(writer, http.MethodGet, base+"/no/such/"+id, nil)          // 404, no route
		e.call(writer, http.MethodGet, base+"/incidents", nil, "X-Api-Key", globex.key)
		e.call(reader, http.MethodPost, base+"/incidents", incidentBody(2, "S3", "U3", ""))
		form := url.Values{"grant_type": {"client_credentials"}}
		req := e.request(http.MethodPost, "/oauth/v3/token", form.Encode())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.SetBasicAuth(writer.clientID, "not-the-secret")
		if r := e.send(req); r.status != http.StatusUnauthorized {
			t.Fatalf("token with a wrong secret: %d", r.status)
		}

		families := e.scrape()
		route := base + "/incidents/{id}"
		for _, status := range []string{"200", "404"} {
			h := series(families, "incidentd_http_request_duration_seconds", map[string]string{"route": route, "method": "GET", "status": status})
			if h == nil || h.GetHistogram().GetSampleCount() != 1 || len(h.GetHistogram().GetBucket()) == 0 {
				t.Fatalf("no histogram of GET %s → %s with one request: %v", route, status, h)
			}
			if n := counterValue(t, families, "incidentd_http_requests_total", map[string]string{"route": route, "method": "GET", "status": status}); n != 1 {
				t.Errorf("GET %s → %s counted %v times", route, status, n)
			}
		}
		if n := counterValue(t, families, "incidentd_http_requests_total", map[string]string{"route": "unmatched", "method": "GET", "status": "404"}); n != 1 {
			t.Errorf("unmatched 404 counted %v times", n)
		}
		// Raw paths never become labels.
		for name, f := range families {
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if strings.Contains(l.GetValue(), id) || strings.Contains(l.GetValue(), "2611N99999") {
						t.Errorf("%s has the label %s=%q, a raw path", name, l.GetName(), l.GetValue())
					}
				}
			}
		}

		// Two clients logged in: two tokens issued.
		if n := counterValue(t, families, "incidentd_tokens_issued_total", nil); n != 2 {
			t.Errorf("tokens issued: %v, want 2", n)
		}
		if n := counterValue(t, families, "incidentd_tokens_refused_total", map[string]string{"reason": string(auth.ReasonBadSecret)}); n != 1 {
			t.Errorf("tokens refused for a wrong secret: %v", n)
		}
		for reason, want := range map[auth.Reason]float64{auth.ReasonKeyOfAnotherCustomer: 1, auth.ReasonInsufficientScope: 1, auth.ReasonExpiredAPIKey: 0} {
			if n := counterValue(t, families, "incidentd_credentials_refused_total", map[string]string{"reason": string(reason)}); n != want {
				t.Errorf("credentials refused for %s: %v, want %v", reason, n, want)
			}
		}
		if m := series(families, "incidentd_build_info", map[string]string{"version": "test", "revision": "0000000"}); m == nil || m.GetGauge().GetValue() != 1 {
			t.Errorf("build info: %v", m)
		}
	})
}

// Requests refused by the rate limit are counted by endpoint.
func TestMetricsCountRateLimiting(t *testing.T) {
	eachBackendWith(t, options{rateLimit: 0.01, rateBurst: 2}, func(t *testing.T, e *env) {
		// Token requests are not taken from the client's API rate.
		c := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
		for i := 0; i < 4; i++ {
			e.call(c, http.MethodGet, base+"/incidents", nil)
		}
		// After the free failures a token request is held back by the
		// guard (see TestTokenGuard): counted as rate limited on the token
		// endpoint.
		for i := 1; i <= auth.FreeFailures+1; i++ {
			tokenRequest(e, c.clientID, "wrong-secret")
		}
		if r := tokenRequest(e, c.clientID, "wrong-secret"); r.status != http.StatusTooManyRequests {
			t.Fatalf("token request after the free failures: %d, want 429", r.status)
		}
		families := e.scrape()
		if n := counterValue(t, families, "incidentd_rate_limited_total", map[string]string{"endpoint": "token"}); n != 1 {
			t.Errorf("token requests counted as rate limited: %v, want 1", n)
		}
		if n := counterValue(t, families, "incidentd_rate_limited_total", map[string]string{"endpoint": "api"}); n != 2 {
			t.Errorf("rate-limited API calls: %v, want 2", n)
		}
		if n := counterValue(t, families, "incidentd_http_requests_total", map[string]string{"route": base + "/incidents", "status": "429"}); n != 2 {
			t.Errorf("429 answers counted: %v, want 2", n)
		}
	})
}
