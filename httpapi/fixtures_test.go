package httpapi_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

const base = "/incident/b2b/v1"

// report creates an incident as c and returns its representation; it
// fails the test unless the answer is 201.
func (e *env) report(c caller, body map[string]any) map[string]any {
	e.t.Helper()
	r := e.call(c, http.MethodPost, base+"/incidents", body)
	if r.status != http.StatusCreated {
		e.t.Fatalf("report incident: status %d: %s", r.status, r.body)
	}
	return r.object(e.t)
}

// incidentBody is a valid create body with the given classification and
// country (no location when country is empty).
func incidentBody(n int, impact, urgency, country string) map[string]any {
	body := map[string]any{
		"description":       fmt.Sprintf("Line %d unavailable", n),
		"impact":            impact,
		"urgency":           urgency,
		"customerReference": "REF-" + strconv.Itoa(n),
		"service":           map[string]any{"id": "SVC-" + strconv.Itoa(n%5), "name": "Internet access 1 Gb/s"},
		"contact":           map[string]any{"name": "Jane Doe", "email": "jane@example.com", "phone": "+33 1 23 45 67 89"},
	}
	if country != "" {
		body["location"] = map[string]any{
			"id": "LOC-" + country, "name": "Site " + country,
			"address": map[string]any{"street": "1 rue de la Paix", "postalCode": "75002", "city": "Paris", "country": country},
		}
	}
	return body
}

// fleet is a customer with a known set of incidents.
type fleet struct {
	customer caller
	// ids in creation order
	ids []string
	// frP1 is the number of incidents in France with priority P1.
	frP1 int
}

// reportFleet reports n varied incidents for a new customer: every impact
// and urgency, locations in France, Germany or none.
func (e *env) reportFleet(id string, n int) fleet {
	e.t.Helper()
	f := fleet{customer: e.login(e.newCustomer(id, "Customer "+id), auth.ScopeIncident)}
	matrix := incident.DefaultMatrix()
	for i := 0; i < n; i++ {
		impact, urgency := incident.Impacts[i%4], incident.Urgencies[(i/4)%3]
		country := []string{"FR", "DE", "FR", ""}[(i/3)%4]
		inc := e.report(f.customer, incidentBody(i, impact, urgency, country))
		f.ids = append(f.ids, inc["id"].(string))
		if country == "FR" && matrix.Priority[incident.Impact(impact)][incident.Urgency(urgency)] == incident.PriorityP1 {
			f.frP1++
		}
	}
	return f
}

// checkError checks an error answer: status, code, JSON content type and
// the three members.
func checkError(t *testing.T, r reply, status, code int) map[string]any {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	body := r.object(t)
	if got, _ := body["code"].(float64); int(got) != code {
		t.Errorf("code %v, want %d: %s", body["code"], code, r.body)
	}
	if m, _ := body["message"].(string); m == "" {
		t.Errorf("no message: %s", r.body)
	}
	if _, ok := body["description"].(string); !ok {
		t.Errorf("no description: %s", r.body)
	}
	return body
}

// countHeaders reads X-Total-Count and X-Result-Count.
func countHeaders(t *testing.T, r reply) (total, result int) {
	t.Helper()
	var err error
	if total, err = strconv.Atoi(r.header.Get("X-Total-Count")); err != nil {
		t.Fatalf("X-Total-Count %q", r.header.Get("X-Total-Count"))
	}
	if result, err = strconv.Atoi(r.header.Get("X-Result-Count")); err != nil {
		t.Fatalf("X-Result-Count %q", r.header.Get("X-Result-Count"))
	}
	return total, result
}

// ids lists the ids of a list body.
func ids(items []map[string]any) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// sprintID renders a JSON id (number or string) for a path.
func sprintID(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.FormatInt(int64(f), 10)
	}
	return fmt.Sprint(v)
}

// linkTarget is the path and query of a link of a Link header, by its rel.
func linkTarget(t *testing.T, header, rel string) string {
	t.Helper()
	for _, link := range strings.Split(header, ", ") {
		target, params, _ := strings.Cut(link, ">;")
		if strings.TrimSpace(params) == `rel="`+rel+`"` {
			u, err := url.Parse(strings.TrimPrefix(target, "<"))
			if err != nil {
				t.Fatalf("link %q: %v", link, err)
			}
			return u.RequestURI()
		}
	}
	t.Fatalf("no %s link in %q", rel, header)
	return ""
}
