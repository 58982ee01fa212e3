package metrics

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// unmatchedRoute is the route label of requests no route matched (404,
// 405): raw paths never become labels.
const unmatchedRoute = "unmatched"

// Route observes the requests of one route. It is made once, when the
// route table is built, so that observing a request costs no label lookup:
// the series of each status are looked up on the first request answered
// with it, then kept.
type Route struct {
	m             *Metrics
	route, method string
	// byStatus holds the series of the statuses 100 to 599 seen so far.
	byStatus [500]atomic.Pointer[series]
}

// series are the two series of one route, method and status.
type series struct {
	requests prometheus.Counter
	duration prometheus.Observer
}

// Route returns the observer of the requests of a route: its pattern
// without the method (/incident/b2b/v1/incidents/{id}) and its method.
func (m *Metrics) Route(method, route string) *Route {
	if m == nil {
		return nil
	}
	return &Route{m: m, route: route, method: method}
}

// Unmatched returns the observer of the requests no route matched; method
// is the request's own, among few: the server answers unknown methods
// before routing.
func (m *Metrics) Unmatched() *Route {
	if m == nil {
		return nil
	}
	return m.unmatched
}

// Observe records one request answered with status after d. method is
// the request's own; a route labels its requests with its pattern's method
// (a HEAD served by a GET route counts as GET).
func (r *Route) Observe(method string, status int, d time.Duration) {
	if r == nil {
		return
	}
	s := r.seriesOf(method, status)
	s.requests.Inc()
	s.duration.Observe(d.Seconds())
}

func (r *Route) seriesOf(method string, status int) *series {
	i := status - 100
	if r.method == "" || i < 0 || i >= len(r.byStatus) {
		// Unmatched requests, whose method varies, and statuses outside
		// 1xx to 5xx are rare: looked up each time.
		return r.newSeries(knownMethod(method), status)
	}
	s := r.byStatus[i].Load()
	if s == nil {
		s = r.newSeries(r.method, status)
		r.byStatus[i].Store(s)
	}
	return s
}

func (r *Route) newSeries(method string, status int) *series {
	labels := []string{r.route, method, strconv.Itoa(status)}
	return &series{requests: r.m.requests.WithLabelValues(labels...), duration: r.m.duration.WithLabelValues(labels...)}
}

// knownMethod keeps the label of unmatched requests to the methods of
// HTTP: any other word a client sends counts as OTHER.
func knownMethod(method string) string {
	switch method {
	case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE":
		return method
	}
	return "OTHER"
}
