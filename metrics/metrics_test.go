package metrics

import (
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/buildinfo"
)

func exposition(t *testing.T, m *Metrics) string {
	t.Helper()
	w := httptest.NewRecorder()
	m.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != 200 {
		t.Fatalf("status %d", w.Code)
	}
	return w.Body.String()
}

func TestRouteObserve(t *testing.T) {
	m := New(buildinfo.Info{Version: "v1.2.3", Revision: "abc", GoVersion: "go1.26.8"}, Known{Jobs: []string{"auto_close"}})
	r := m.Route("GET", "/incident/b2b/v1/incidents/{id}")
	r.Observe("GET", 200, 3*time.Millisecond)
	r.Observe("HEAD", 200, time.Millisecond) // a HEAD served by the GET route
	r.Observe("GET", 404, time.Millisecond)
	r.Observe("GET", 999, time.Millisecond) // outside 1xx to 5xx: still counted
	m.Unmatched().Observe("BREW", 404, time.Millisecond)
	m.JobRun("auto_close", nil, time.Unix(1700000000, 0))
	m.JobRun("auto_close", errors.New("database down"), time.Now())
	text := exposition(t, m)
	for _, want := range []string{
		`incidentd_http_requests_total{method="GET",route="/incident/b2b/v1/incidents/{id}",status="200"} 2`,
		`incidentd_http_requests_total{method="GET",route="/incident/b2b/v1/incidents/{id}",status="404"} 1`,
		`incidentd_http_requests_total{method="GET",route="/incident/b2b/v1/incidents/{id}",status="999"} 1`,
		`incidentd_http_requests_total{method="OTHER",route="unmatched",status="404"} 1`,
		`incidentd_http_request_duration_seconds_bucket{method="GET",route="/incident/b2b/v1/incidents/{id}",status="200",le="0.001"} 1`,
		`incidentd_http_request_duration_seconds_count{method="GET",route="/incident/b2b/v1/incidents/{id}",status="200"} 2`,
		`incidentd_job_runs_total{job="auto_close",result="ok"} 1`,
		`incidentd_job_runs_total{job="auto_close",result="error"} 1`,
		`incidentd_job_last_success_timestamp_seconds{job="auto_close"} 1.7e+09`,
		`incidentd_build_info{goversion="go1.26.8",revision="abc",version="v1.2.3"} 1`,
		`incidentd_rate_limited_total{endpoint="token"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the exposition lacks %s", want)
		}
	}
}

// A nil *Metrics records nothing and does not fail.
func TestNilMetrics(t *testing.T) {
	var m *Metrics
	m.Route("GET", "/x").Observe("GET", 200, time.Millisecond)
	m.Unmatched().Observe("GET", 404, time.Millisecond)
	m.TokenIssued()
	m.TokenRefused("bad_secret")
	m.CallRefused("unknown_api_key")
	m.RateLimited(EndpointAPI)
	m.JobRun("auto_close", nil, time.Now())
	m.RegisterPools(nil)
}

// BenchmarkRouteObserve is the cost the metrics add to a request once its
// route has answered its status before: no allocation.
func BenchmarkRouteObserve(b *testing.B) {
	m := New(buildinfo.Info{}, Known{})
	r := m.Route("GET", "/incident/b2b/v1/incidents/{id}")
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Observe("GET", 200, 1500*time.Microsecond)
		}
	})
}
