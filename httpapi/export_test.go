package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/text"
)

// exportCustomer has more incidents than the largest page of the JSON
// list, so that an export shows it has no page.
const (
	exportCustomer  = "hexagone"
	exportIncidents = contract.MaxLimit + 20
)

func seedExport(e *env) caller {
	e.t.Helper()
	callers := e.seedCustomers(
		seed.CustomerPlan{ID: exportCustomer, Name: "Hexagone Distribution", Country: "FR", Incidents: exportIncidents},
		seed.CustomerPlan{ID: "lagom", Name: "Lagom AB", Country: "SE", Incidents: 20},
	)
	return callers[exportCustomer]
}

// cellOf is the CSV cell a JSON incident gives a dot-notation column: the
// value as JSON writes it, an empty cell for null or an absent parent, a
// quote in front of what a spreadsheet would take for a formula.
func cellOf(t *testing.T, item map[string]any, column string) string {
	t.Helper()
	var v any = item
	for _, part := range strings.Split(column, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return "" // a null parent
		}
		v = obj[part]
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return contract.NeutralizeFormula(v)
	case bool:
		return fmt.Sprint(v)
	case float64:
		return fmt.Sprintf("%.0f", v)
	}
	t.Fatalf("column %s holds %T, not a scalar", column, v)
	return ""
}

// movingFigures are the clock figures of an unresolved incident, which
// move between two requests.
var movingFigures = []string{"sla.timeToRestoreSeconds", "sla.frozenSeconds", "sla.gtrDeadline"}

// sameAsJSON checks that CSV rows hold, cell for cell, the JSON list's
// incidents, in the same order; the moving figures of an unresolved
// incident are left out.
func sameAsJSON(t *testing.T, what string, header []string, rows []map[string]string, items []map[string]any) {
	t.Helper()
	if len(rows) != len(items) {
		t.Fatalf("%s: %d rows, the JSON list has %d incidents", what, len(rows), len(items))
	}
	for i, row := range rows {
		for _, column := range header {
			if items[i]["resolvedAt"] == nil && slices.Contains(movingFigures, column) {
				continue
			}
			if want := cellOf(t, items[i], column); row[column] != want {
				t.Fatalf("%s: row %d (%s), column %s: %q, JSON says %q", what, i, row["id"], column, row[column], want)
			}
		}
	}
}

func TestExport(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		c := seedExport(e)
		t.Run("CSV", func(t *testing.T) { testExportCSV(t, e, c) })
		t.Run("NDJSON", func(t *testing.T) { testExportNDJSON(t, e, c) })
	})
}

func testExportCSV(t *testing.T, e *env, c caller) {

	t.Run("everything, every scalar attribute", func(t *testing.T) {
		header, rows, r := e.exportCSV(c, "")
		total, result := countHeaders(t, r)
		if total != exportIncidents || result != exportIncidents || len(rows) != exportIncidents {
			t.Errorf("X-Total-Count %d, X-Result-Count %d, %d rows; want %d", total, result, len(rows), exportIncidents)
		}
		if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8; header=present" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := r.header.Get("Content-Disposition"); cd != `attachment; filename="incidents.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		if !slices.Contains(r.header.Values("Vary"), "Accept") || r.header.Get("Link") != "" {
			t.Errorf("Vary %q, Link %q", r.header.Values("Vary"), r.header.Get("Link"))
		}
		if n := bytes.Count(r.body, []byte("\r\n")); n < len(rows)+1 {
			t.Errorf("%d CRLF line ends for %d lines", n, len(rows)+1)
		}
		for _, want := range []string{"id", "customer.name", "location.address.country", "resolution.code", "sla.gtrDeadline", "sla.isBreached", "labels.status"} {
			if !slices.Contains(header, want) {
				t.Errorf("no column %s in %v", want, header)
			}
		}
		if header[0] != "id" || slices.Contains(header, "location") || slices.Contains(header, "sla") {
			t.Errorf("header %v: want the id first and scalar attributes only", header)
		}
		// Cell for cell, over a stretch of the export.
		page := e.call(c, http.MethodGet, base+"/incidents?offset=470&limit=60", nil).list(t)
		sameAsJSON(t, "whole export", header, rows[470:530], page)
	})

	t.Run("filters, sort and fields as in the list", func(t *testing.T) {
		query := "priority.lte=P2&status.ne=CANCELLED&sort=priority,-createdAt&fields=status,location,sla.isBreached,labels.priority"
		header, rows, r := e.exportCSV(c, query)
		want := []string{"id", "status", "location.id", "location.name", "location.address.street", "location.address.postalCode",
			"location.address.city", "location.address.country", "sla.isBreached", "labels.priority"}
		if !slices.Equal(header, want) {
			t.Errorf("header %v, want %v", header, want)
		}
		list := e.call(c, http.MethodGet, base+"/incidents?"+strings.Split(query, "&fields=")[0]+"&limit=60", nil)
		total, _ := countHeaders(t, r)
		if want, _ := countHeaders(t, list); total != want || len(rows) != total || total <= 60 {
			t.Errorf("X-Total-Count %d and %d rows, the list counts %d", total, len(rows), want)
		}
		sameAsJSON(t, query, header, rows[:60], list.list(t))
	})

	t.Run("fields naming the id keeps its place", func(t *testing.T) {
		header, _, _ := e.exportCSV(c, "fields=priority,ID&limit=1")
		if !slices.Equal(header, []string{"priority", "id"}) {
			t.Errorf("header %v", header)
		}
	})

	t.Run("labels in the request's language", func(t *testing.T) {
		_, rows, r := e.exportCSV(c, "fields=status,labels.status,labels.priority,priority&limit=50", "Accept-Language", "fr")
		if r.header.Get("Content-Language") != "fr" {
			t.Errorf("Content-Language %q", r.header.Get("Content-Language"))
		}
		for _, row := range rows {
			if row["labels.status"] != incident.Label(text.French, row["status"]) || row["labels.priority"] != incident.Label(text.French, row["priority"]) {
				t.Fatalf("row %s: labels %q, %q", row["id"], row["labels.status"], row["labels.priority"])
			}
		}
	})

	t.Run("offset and limit when given", func(t *testing.T) {
		_, rows, r := e.exportCSV(c, "offset=10&limit=25&fields=status")
		page := e.call(c, http.MethodGet, base+"/incidents?offset=10&limit=25", nil).list(t)
		total, result := countHeaders(t, r)
		if total != exportIncidents || result != 25 || !slices.Equal(csvIDs(rows), ids(page)) {
			t.Errorf("total %d, result %d, ids %v, want the page %v", total, result, csvIDs(rows), ids(page))
		}
		_, rows, r = e.exportCSV(c, "offset="+itoa(exportIncidents-10)+"&fields=status")
		if _, result := countHeaders(t, r); result != 10 || len(rows) != 10 {
			t.Errorf("from the 10th last: X-Result-Count %d, %d rows", result, len(rows))
		}
	})

	t.Run("nothing matches: the header row alone", func(t *testing.T) {
		header, rows, r := e.exportCSV(c, "customerReference=none&fields=status")
		total, result := countHeaders(t, r)
		if len(rows) != 0 || total != 0 || result != 0 || !slices.Equal(header, []string{"id", "status"}) {
			t.Errorf("%d rows, counts %d %d, header %v", len(rows), total, result, header)
		}
	})

	t.Run("HEAD counts without rows", func(t *testing.T) {
		r := e.call(c, http.MethodHead, base+"/incidents?priority=P1", nil, "Accept", "text/csv")
		total, _ := countHeaders(t, r)
		list := e.call(c, http.MethodGet, base+"/incidents?priority=P1&limit=1", nil)
		if want, _ := countHeaders(t, list); r.status != http.StatusOK || len(r.body) != 0 || total != want {
			t.Errorf("HEAD: %d, %d bytes, total %d want %d", r.status, len(r.body), total, want)
		}
	})
}

func csvIDs(rows []map[string]string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r["id"]
	}
	return out
}

func testExportNDJSON(t *testing.T, e *env, c caller) {
	for _, query := range []string{"fields=id", "offset=300&limit=40", "fields=status,location.address.country,sla&sort=-priority&limit=80", "resolution.code=FIXED&limit=40"} {
		r := e.call(c, http.MethodGet, base+"/incidents?"+query, nil, "Accept", "application/x-ndjson", "Accept-Language", "fr")
		if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("%s: %d %q", query, r.status, r.header.Get("Content-Type"))
		}
		var lines []map[string]any
		for _, line := range bytes.SplitAfter(r.body, []byte("\n")) {
			if len(line) == 0 {
				continue
			}
			var item map[string]any
			if err := json.Unmarshal(line, &item); err != nil || line[len(line)-1] != '\n' {
				t.Fatalf("%s: line %q: %v", query, line, err)
			}
			lines = append(lines, withoutMovingFigures(item))
		}
		total, result := countHeaders(t, r)
		if query == "fields=id" {
			if total != exportIncidents || result != exportIncidents || len(lines) != exportIncidents {
				t.Errorf("everything: counts %d %d, %d lines", total, result, len(lines))
			}
			continue
		}
		items := e.call(c, http.MethodGet, base+"/incidents?"+query, nil, "Accept-Language", "fr").list(t)
		if result != len(items) || len(items) == 0 {
			t.Errorf("%s: X-Result-Count %d, the list has %d", query, result, len(items))
		}
		for i := range items {
			withoutMovingFigures(items[i])
		}
		if !reflect.DeepEqual(lines, items) {
			t.Errorf("%s: the lines are not the list's items", query)
		}
	}
}

// withoutMovingFigures drops the clock figures that move between two
// requests while an incident is unresolved.
func withoutMovingFigures(item map[string]any) map[string]any {
	if sla, ok := item["sla"].(map[string]any); ok {
		for _, f := range movingFigures {
			delete(sla, strings.TrimPrefix(f, "sla."))
		}
	}
	return item
}

func TestListNegotiation(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		f := e.reportFleet("acme", 3)
		c := f.customer
		for accept, want := range map[string]string{
			"":                                       "application/json; charset=utf-8",
			"*/*":                                    "application/json; charset=utf-8",
			"text/csv, application/json":             "application/json; charset=utf-8",
			"text/csv;q=0.5, application/json;q=0.4": "text/csv; charset=utf-8; header=present",
			"text/*":                                 "text/csv; charset=utf-8; header=present",
			"TEXT/CSV":                               "text/csv; charset=utf-8; header=present",
			"application/x-ndjson":                   "application/x-ndjson",
			"application/*;q=0.9, application/json;q=0": "application/x-ndjson",
		} {
			r := e.call(c, http.MethodGet, base+"/incidents", nil, "Accept", accept)
			if r.status != http.StatusOK || r.header.Get("Content-Type") != want {
				t.Errorf("Accept %q: %d %q, want %q", accept, r.status, r.header.Get("Content-Type"), want)
			}
			if total, _ := countHeaders(t, r); total != 3 {
				t.Errorf("Accept %q: X-Total-Count %d", accept, total)
			}
		}
		for _, accept := range []string{"application/xml", "text/html", "text/csv;q=0, application/json;q=0, application/x-ndjson;q=0"} {
			body := checkError(t, e.call(c, http.MethodGet, base+"/incidents", nil, "Accept", accept), 406, 62)
			if d := body["description"].(string); !strings.Contains(d, "text/csv") || !strings.Contains(d, "application/x-ndjson") {
				t.Errorf("Accept %q: description %q does not name the formats", accept, d)
			}
		}
		// Errors are JSON whatever the format asked for.
		for _, accept := range []string{"text/csv", "application/x-ndjson"} {
			checkError(t, e.call(c, http.MethodGet, base+"/incidents?priority=P9", nil, "Accept", accept), 400, 28)
			checkError(t, e.call(c, http.MethodGet, base+"/incidents?limit=1001", nil, "Accept", accept), 400, 28)
		}
		// One incident is JSON only.
		checkError(t, e.call(c, http.MethodGet, base+"/incidents/"+f.ids[0], nil, "Accept", "text/csv"), 406, 62)
	})
}
