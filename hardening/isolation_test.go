package hardening

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// TestForeignIDsAnswerLikeMissingOnes keeps the audit's isolation probes:
// every way a customer can name another customer's incident, note or file
// answers exactly as for one that does not exist (status, headers, body
// but for the id), in about the same time, and lists and counts never
// show it.
func TestForeignIDsAnswerLikeMissingOnes(t *testing.T) {
	t.Parallel()
	eachBackend(t, func(t *testing.T, database string) {
		ts := prepare(t, database,
			seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 20},
			seed.CustomerPlan{ID: "globex", Name: "Globex", Incidents: 20})
		srv := startServer(t, database, "--rate-limit", "100000", "--rate-burst", "100000")
		c := newClient(t, srv)
		owner, prober := ts.writer["acme"], ts.writer["globex"]
		c.login(&owner)
		c.login(&prober)
		foreign := newIncident(t, c, owner)
		foreignFile := upload(t, c, owner, foreign, "secret.txt", []byte("acme's own words\n"))
		own := newIncident(t, c, prober)
		missing := foreign[:len(foreign)-5] + "99999"
		const missingFile = "999999"

		probes := []struct {
			method, path string
			body         any
		}{
			{http.MethodGet, "/incidents/ID", nil},
			{http.MethodPatch, "/incidents/ID", `{"description":"taken over"}`},
			{http.MethodGet, "/incidents/ID/history", nil},
			{http.MethodGet, "/incidents/ID/freezePeriods", nil},
			{http.MethodGet, "/incidents/ID/notes", nil},
			{http.MethodPost, "/incidents/ID/notes", map[string]any{"text": "hello"}},
			{http.MethodGet, "/incidents/ID/attachments", nil},
			{http.MethodGet, "/incidents/ID/attachments/FILE", nil},
			{http.MethodGet, "/incidents/" + own + "/attachments/FILE", nil},
		}
		for _, p := range probes {
			answer := func(id, file string) (reply, time.Duration) {
				req := c.request(p.method, base+strings.NewReplacer("ID", id, "FILE", file).Replace(p.path), p.body)
				if p.method == http.MethodPatch {
					req.Header.Set("Content-Type", "application/merge-patch+json")
				}
				start := time.Now()
				r := c.must(as(req, prober))
				return r, time.Since(start)
			}
			var foreignTimes, missingTimes []time.Duration
			var f, m reply
			for range 15 {
				var d time.Duration
				f, d = answer(foreign, foreignFile)
				foreignTimes = append(foreignTimes, d)
				m, d = answer(missing, missingFile)
				missingTimes = append(missingTimes, d)
			}
			what := p.method + " " + p.path
			if f.status != http.StatusNotFound || f.status != m.status {
				t.Errorf("%s: foreign %d, missing %d; want both 404", what, f.status, m.status)
			}
			if fb, mb := strings.ReplaceAll(string(f.body), foreign, "ID"), strings.ReplaceAll(string(m.body), missing, "ID"); fb != mb {
				t.Errorf("%s: foreign answers %s, missing %s", what, fb, mb)
			}
			if fh, mh := headerNames(f.header), headerNames(m.header); !slices.Equal(fh, mh) {
				t.Errorf("%s: foreign headers %v, missing %v", what, fh, mh)
			}
			ratio := float64(quantile(foreignTimes, 0.5)) / float64(quantile(missingTimes, 0.5))
			if ratio > 3 || ratio < 1.0/3 {
				t.Errorf("%s: the foreign id takes ×%.2f the time of a missing one", what, ratio)
			}
		}
		for _, query := range []string{"/incidents?id=" + foreign, "/aggregation?id=" + foreign} {
			r := c.must(as(c.request(http.MethodGet, base+query, nil), prober))
			if r.status != http.StatusOK || r.header.Get("X-Total-Count") != map[bool]string{true: "0", false: "1"}[strings.HasPrefix(query, "/incidents")] ||
				strings.Contains(string(r.body), foreign) || strings.Contains(string(r.body), `"count":1`) {
				t.Errorf("GET %s by another customer: %d %s", query, r.status, excerpt(r.body))
			}
		}
	})
}

// headerNames are the names of the headers an answer carries, but for
// those that vary by request.
func headerNames(h http.Header) []string {
	var names []string
	for name := range h {
		if name != "Date" && name != "X-Oapi-Request-Id" {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
