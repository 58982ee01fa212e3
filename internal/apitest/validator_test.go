package apitest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

const base = "/incident/b2b/v1"

// sampleIncident is a complete incident as docs/api.md shows it, rendered
// by the representation's writer.
func sampleIncident() map[string]any {
	created := time.Date(2026, 11, 26, 8, 5, 0, 0, time.UTC)
	updated := created.Add(55 * time.Minute)
	inc := &incident.Incident{
		ID: "2611N00042", Customer: incident.CustomerRef{ID: "acme", Name: "Acme Industries"},
		Status: incident.StatusInProgress, Impact: incident.ImpactS2, Urgency: incident.UrgencyU1, Priority: incident.PriorityP1,
		ServiceCondition: incident.ConditionDegraded, Description: "Line unavailable since 08:00",
		Origin: incident.OriginReactive, Type: incident.TypeFailure, CustomerReference: "ACME-4711",
		Service: &incident.Service{ID: "SVC-001", Name: "Internet access 1 Gb/s"},
		Location: &incident.Location{ID: "LOC-PAR-01", Name: "Paris HQ",
			Address: &incident.Address{Street: "1 rue de la Paix", PostalCode: "75002", City: "Paris", Country: "FR"}},
		Contact:   &incident.Contact{Name: "Jane Doe", Email: "jane@acme.example", Phone: "+33 1 23 45 67 89"},
		CreatedAt: created, UpdatedAt: updated, StatusChangedAt: updated,
		Clock: incident.ComputeClock(created, nil, 14400, nil),
	}
	var out map[string]any
	b := contract.NewIncidentWriter(updated, text.English, nil).AppendJSON(nil, inc)
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}

// resolvedIncident has every optional value set the other way round.
func resolvedIncident() map[string]any {
	inc := sampleIncident()
	inc["status"] = "RESOLVED"
	inc["customerReference"] = nil
	inc["service"] = nil
	inc["contact"] = nil
	inc["location"] = map[string]any{"id": "", "name": "", "address": nil}
	inc["resolvedAt"] = "2026-11-26T10:00:00.000Z"
	inc["resolution"] = map[string]any{"code": "FIXED", "text": ""}
	return inc
}

type response struct {
	method, target string
	status         int
	header         map[string]string
	body           any // marshalled to JSON unless a string
}

func (r response) request() *http.Request {
	return httptest.NewRequest(r.method, "http://127.0.0.1:38817"+r.target, nil)
}

func (r response) parts(t *testing.T) (http.Header, []byte) {
	t.Helper()
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-OAPI-Request-Id", "req-8c1f")
	h.Set("Content-Language", "en")
	for k, v := range r.header {
		if v == "" {
			h.Del(k)
		} else {
			h.Set(k, v)
		}
	}
	if s, ok := r.body.(string); ok {
		return h, []byte(s)
	}
	body, err := json.Marshal(r.body)
	if err != nil {
		t.Fatal(err)
	}
	return h, body
}

func apiError(code int, message string) map[string]any {
	return map[string]any{"code": code, "message": message, "description": "detail"}
}

func with(m map[string]any, key string, value any) map[string]any {
	m[key] = value
	return m
}

func without(m map[string]any, key string) map[string]any {
	delete(m, key)
	return m
}

func etag() map[string]string {
	return map[string]string{"ETag": `W/"2611N00042.7.en"`, "Last-Modified": "Thu, 26 Nov 2026 09:00:00 GMT"}
}

func listHeaders(total, count int) map[string]string {
	return map[string]string{
		"X-Total-Count":  fmt.Sprint(total),
		"X-Result-Count": fmt.Sprint(count),
		"Link":           `<` + base + `/incidents?offset=0&limit=100>; rel="first", <` + base + `/incidents?offset=0&limit=100>; rel="last"`,
	}
}

const (
	csv    = "text/csv; charset=utf-8; header=present"
	ndjson = "application/x-ndjson"
)

// exportHeaders are the headers of an export of the incident list.
func exportHeaders(contentType string, total, count int) map[string]string {
	h := listHeaders(total, count)
	h["Link"] = ""
	h["Content-Type"] = contentType
	h["Content-Disposition"] = `attachment; filename="incidents.` + map[string]string{csv: "csv", ndjson: "ndjson"}[contentType] + `"`
	return h
}

func ndjsonLines(items ...map[string]any) string {
	var b strings.Builder
	for _, it := range items {
		line, _ := json.Marshal(it)
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.String()
}

func aggregationHeaders(groups int) map[string]string {
	return map[string]string{"X-Total-Count": fmt.Sprint(groups), "X-Result-Count": fmt.Sprint(groups)}
}

func TestDocumentedResponsesPass(t *testing.T) {
	v := New(t, readDocument(t))
	transition := with(with(apiError(101, "Invalid status transition"), "currentStatus", "CLOSED"), "allowedStatuses", []string{})
	for name, r := range map[string]response{
		"full incident":     {"GET", base + "/incidents/2611N00042", 200, etag(), sampleIncident()},
		"resolved incident": {"GET", base + "/incidents/2611N00042", 200, etag(), resolvedIncident()},
		"created incident": {"POST", base + "/incidents", 201,
			map[string]string{"ETag": `W/"2611N00043.1.en"`, "Last-Modified": "Thu, 26 Nov 2026 09:00:00 GMT", "Location": base + "/incidents/2611N00043"}, sampleIncident()},
		"full list": {"GET", base + "/incidents?priority=P1&location.address.country=FR", 200, listHeaders(2, 2),
			[]any{sampleIncident(), resolvedIncident()}},
		"partial list": {"GET", base + "/incidents?fields=status,location.address.country&sort=-createdAt", 200, listHeaders(9, 2),
			[]any{
				map[string]any{"id": "2611N00042", "status": "NEW", "location": map[string]any{"address": map[string]any{"country": "FR"}}},
				map[string]any{"id": "2611N00043", "status": "PENDING", "location": nil},
			}},
		"list with an unlisted filter": {"GET", base + "/incidents?contact.email.contains=acme&Resolution.Code=fixed", 200, listHeaders(0, 0), []any{}},
		"replayed creation": {"POST", base + "/incidents", 201,
			map[string]string{"ETag": `W/"2611N00043.1.en"`, "Last-Modified": "Thu, 26 Nov 2026 09:00:00 GMT", "Location": base + "/incidents/2611N00043", "Idempotent-Replayed": "true"}, sampleIncident()},
		"csv export": {"GET", base + "/incidents?fields=status,location.address.country", 200, exportHeaders(csv, 2, 2),
			"id,status,location.address.country\r\n2611N00042,NEW,FR\r\n2611N00043,PENDING,\r\n"},
		"ndjson export": {"GET", base + "/incidents", 200, exportHeaders(ndjson, 2, 2),
			ndjsonLines(sampleIncident(), resolvedIncident())},
		"partial ndjson export": {"GET", base + "/incidents?fields=status", 200, exportHeaders(ndjson, 9, 1),
			ndjsonLines(map[string]any{"id": "2611N00042", "status": "NEW"})},
		"empty export": {"GET", base + "/incidents?status=CLOSED", 200, exportHeaders(ndjson, 0, 0), ""},
		"aggregation": {"GET", base + "/aggregation?groupBy=status,priority&metrics=count,mttr,breached", 200, aggregationHeaders(2),
			[]any{
				map[string]any{"status": "IN_PROGRESS", "priority": "P1", "count": 12, "mttrSeconds": nil, "breachedCount": 3,
					"labels": map[string]any{"status": "In progress", "priority": "Critical"}},
				map[string]any{"status": "CLOSED", "priority": "P1", "count": 5, "mttrSeconds": 9120, "breachedCount": 1,
					"labels": map[string]any{"status": "Closed", "priority": "Critical"}},
			}},
		"aggregation by bucket and country": {"GET", base + "/aggregation?groupBy=createdAt:week,location.address.country", 200, aggregationHeaders(2),
			[]any{
				map[string]any{"createdAt": "2026-W48", "location.address.country": "FR", "count": 7},
				map[string]any{"createdAt": "2026-W48", "location.address.country": nil, "count": 2},
			}},
		"aggregation without groups": {"GET", base + "/aggregation?metrics=mttr", 200, aggregationHeaders(1),
			[]any{map[string]any{"count": 0, "mttrSeconds": nil}}},
		"json refused":        {"GET", base + "/aggregation", 406, nil, apiError(62, "Not acceptable")},
		"head of an incident": {"HEAD", base + "/incidents/2611N00042", 200, etag(), ""},
		"not found error":     {"GET", base + "/incidents/2611N99999", 404, nil, apiError(60, "Resource not found")},
		"french error": {"GET", base + "/incidents", 401, map[string]string{"Content-Language": "fr"},
			apiError(40, "Identifiants manquants")},
		"transition error":   {"PATCH", base + "/incidents/2611N00042", 422, nil, transition},
		"rate limited":       {"GET", base + "/priorityMatrix", 429, map[string]string{"Retry-After": "3"}, apiError(53, "Too many requests")},
		"unknown path":       {"GET", base + "/nothing", 404, nil, apiError(60, "Resource not found")},
		"method not allowed": {"DELETE", base + "/incidents/2611N00042", 405, map[string]string{"Allow": "GET, PATCH"}, apiError(61, "Method not allowed")},
		"token": {"POST", "/oauth/v3/token", 200, map[string]string{"Cache-Control": "no-store"},
			map[string]any{"token_type": "Bearer", "access_token": "q0YJ3kz0n6mJ3C9oQ1bq2w", "expires_in": 3600, "scope": "b2b:incident"}},
		"token error": {"POST", "/oauth/v3/token", 401, map[string]string{"WWW-Authenticate": `Basic realm="incidentd"`, "Cache-Control": "no-store"},
			map[string]any{"error": "invalid_client", "error_description": "unknown client"}},
		"history": {"GET", base + "/incidents/2611N00042/history", 200, map[string]string{"X-Total-Count": "1", "X-Result-Count": "1"},
			[]any{map[string]any{"at": "2026-11-26T08:05:00.000Z", "actor": map[string]any{"type": "CUSTOMER", "name": "acme-erp"},
				"field": "status", "from": nil, "to": "NEW", "reason": nil}}},
		"created freeze period": {"POST", base + "/incidents/2611N00042/freezePeriods", 201,
			map[string]string{"Location": base + "/incidents/2611N00042/freezePeriods/4"},
			map[string]any{"id": 4, "startAt": "2026-11-26T10:00:00.000Z", "endAt": "2026-11-26T10:30:00.000Z", "reason": "OTHER",
				"comment": nil, "createdBy": map[string]any{"type": "PROVIDER", "name": "noc-tool"}}},
		"freeze period": {"PATCH", base + "/incidents/2611N00042/freezePeriods/3", 200, nil,
			map[string]any{"id": 3, "startAt": "2026-11-26T10:00:00.000Z", "endAt": nil, "reason": "PENDING_CUSTOMER",
				"comment": "waiting", "createdBy": map[string]any{"type": "SYSTEM", "name": "incidentd"}}},
		"status": {"GET", base + "/status", 200, map[string]string{"Cache-Control": "no-store"},
			map[string]any{"status": "UP", "components": []any{map[string]any{"name": "database", "status": "UP"}}}},
		"status down": {"GET", base + "/status", 503, map[string]string{"Cache-Control": "no-store"},
			map[string]any{"status": "DOWN", "components": []any{map[string]any{"name": "database", "status": "DOWN"}}}},
		"version":        {"GET", base + "/version", 200, nil, map[string]any{"apiVersion": "1.3", "version": "0.1.0", "commit": "eb7ee70"}},
		"liveness":       {"GET", "/livez", 200, plainText(), "ok\n"},
		"readiness down": {"GET", "/readyz", 503, plainText(), "not ready\n"},
		"metrics": {"GET", "/metrics", 200, map[string]string{"Content-Type": "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"},
			"# TYPE incidentd_tokens_issued_total counter\nincidentd_tokens_issued_total 3\n"},
		"operational endpoint, another method": {"POST", "/readyz", 405, map[string]string{"Allow": "GET, HEAD"}, apiError(61, "Method not allowed")},
	} {
		t.Run(name, func(t *testing.T) {
			h, body := r.parts(t)
			v.Check(t, r.request(), r.status, h, body)
		})
	}
}

func plainText() map[string]string {
	return map[string]string{"Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store"}
}

func with2(m map[string]string, key, value string) map[string]string {
	m[key] = value
	return m
}

func TestUndocumentedResponsesAreCaught(t *testing.T) {
	v := New(t, readDocument(t))
	one := base + "/incidents/2611N00042"
	for name, c := range map[string]struct {
		r    response
		want string // in the failure message
	}{
		"missing required field": {response{"GET", one, 200, etag(), without(sampleIncident(), "sla")}, `"/sla"`},
		"missing nested field":   {response{"GET", one, 200, etag(), with(sampleIncident(), "service", map[string]any{"id": "SVC-001"})}, `"/service"`},
		"omitted null":           {response{"GET", one, 200, etag(), without(sampleIncident(), "closedAt")}, `"/closedAt"`},
		"wrong enum":             {response{"GET", one, 200, etag(), with(sampleIncident(), "status", "OPEN")}, `"/status"`},
		"misspelt enum":          {response{"GET", one, 200, etag(), with(sampleIncident(), "serviceCondition", "INTERRUPTED")}, `"/serviceCondition"`},
		"time without ms":        {response{"GET", one, 200, etag(), with(sampleIncident(), "createdAt", "2026-11-26T08:05:00Z")}, `"/createdAt"`},
		"time not in UTC":        {response{"GET", one, 200, etag(), with(sampleIncident(), "updatedAt", "2026-11-26T09:00:00.000+01:00")}, `"/updatedAt"`},
		"unknown property":       {response{"GET", one, 200, etag(), with(sampleIncident(), "version", 7)}, `"version" is unsupported`},
		"null where required":    {response{"GET", one, 200, etag(), with(sampleIncident(), "description", nil)}, `"/description"`},
		"undocumented status":    {response{"GET", one, 418, nil, apiError(1, "x")}, "status is not supported"},
		"201 on a read":          {response{"GET", one, 201, etag(), sampleIncident()}, "status is not supported"},
		"missing ETag":           {response{"GET", one, 200, nil, sampleIncident()}, `"ETag" missing`},
		"missing request id":     {response{"GET", one, 200, with2(etag(), "X-OAPI-Request-Id", ""), sampleIncident()}, `"X-OAPI-Request-Id" missing`},
		"unknown language":       {response{"GET", one, 200, with2(etag(), "Content-Language", "de"), sampleIncident()}, `header "Content-Language" doesn't match`},
		"wrong content type":     {response{"GET", one, 200, with2(etag(), "Content-Type", "text/html"), "<html></html>"}, "text/html"},
		"code of another status": {response{"GET", one, 401, nil, apiError(60, "Resource not found")}, "/code"},
		"error without description": {response{"GET", one, 404, nil, without(apiError(60, "Resource not found"), "description")},
			"missing property 'description'"},
		"transition without current status": {response{"PATCH", one, 422, nil, apiError(101, "Invalid status transition")}, "currentStatus"},
		"transition fields on another code": {response{"PATCH", one, 422, nil,
			with(apiError(102, "Idempotency key reused"), "currentStatus", "NEW")}, "'not' failed"},
		"incomplete item without fields": {response{"GET", base + "/incidents", 200, listHeaders(1, 1),
			[]any{map[string]any{"id": "2611N00042", "status": "NEW"}}}, "item 0 is not a complete Incident"},
		"partial item without id": {response{"GET", base + "/incidents?fields=status", 200, listHeaders(1, 1),
			[]any{map[string]any{"status": "NEW"}}}, `"/0/id"`},
		"partial item with a wrong type": {response{"GET", base + "/incidents?fields=sla.isBreached", 200, listHeaders(1, 1),
			[]any{map[string]any{"id": "2611N00042", "sla": map[string]any{"isBreached": "yes"}}}}, `"/0/sla/isBreached"`},
		"list without counts": {response{"GET", base + "/incidents", 200, with2(listHeaders(0, 0), "X-Total-Count", ""), []any{}}, `header "X-Total-Count" missing`},
		"count not a number":  {response{"GET", base + "/incidents", 200, with2(listHeaders(0, 0), "X-Result-Count", "some"), []any{}}, "X-Result-Count"},
		"429 without Retry-After": {response{"GET", base + "/incidents", 429, nil, apiError(53, "Too many requests")},
			`"Retry-After" missing`},
		"405 on a served method": {response{"GET", one, 405, map[string]string{"Allow": "PATCH"}, apiError(61, "Method not allowed")},
			"status is not supported"},
		"unknown path answered 200":    {response{"GET", base + "/nothing", 200, nil, map[string]any{}}, "must be 404"},
		"unserved method answered 404": {response{"DELETE", one, 404, nil, apiError(60, "Resource not found")}, "must be 405"},
		"token with a string lifetime": {response{"POST", "/oauth/v3/token", 200, map[string]string{"Cache-Control": "no-store"},
			map[string]any{"token_type": "Bearer", "access_token": "abc", "expires_in": "3600", "scope": ""}}, `"/expires_in"`},
		"token error in the API shape": {response{"POST", "/oauth/v3/token", 400, map[string]string{"Cache-Control": "no-store"},
			apiError(22, "Invalid body")}, "doesn't match schema"},
		"csv incident": {response{"GET", one, 200, with2(etag(), "Content-Type", "text/csv"), "id\r\n2611N00042\r\n"}, `"text/csv"`},
		"incomplete ndjson item without fields": {response{"GET", base + "/incidents", 200, exportHeaders(ndjson, 1, 1),
			`{"id":"2611N00042","status":"NEW"}` + "\n"}, "item 0 is not a complete Incident"},
		"ndjson line not JSON": {response{"GET", base + "/incidents?fields=status", 200, exportHeaders(ndjson, 2, 2),
			`{"id":"2611N00042"}` + "\n" + "id,status\n"}, "line 2"},
		"ndjson without its last newline": {response{"GET", base + "/incidents?fields=status", 200, exportHeaders(ndjson, 1, 1),
			`{"id":"2611N00042"}`}, "newline"},
		"aggregation by an unknown key": {response{"GET", base + "/aggregation?groupBy=status", 200, aggregationHeaders(1),
			[]any{map[string]any{"colour": "red", "count": 1}}}, "'colour' not allowed"},
		"aggregation without count": {response{"GET", base + "/aggregation?groupBy=status", 200, aggregationHeaders(1),
			[]any{map[string]any{"status": "NEW"}}}, "count"},
		"liveness in JSON":                {response{"GET", "/livez", 200, nil, map[string]any{"status": "UP"}}, "want text/plain"},
		"readiness failing with a 500":    {response{"GET", "/readyz", 500, plainText(), "boom\n"}, "status 500"},
		"operational endpoint posted 200": {response{"POST", "/metrics", 200, plainText(), ""}, "must answer 405"},
		"operational 405 outside the error format": {response{"DELETE", "/livez", 405, map[string]string{"Allow": "GET, HEAD"}, "Method Not Allowed"},
			"failed to decode response body"},
		"aggregation with an unknown label": {response{"GET", base + "/aggregation?groupBy=status", 200, aggregationHeaders(1),
			[]any{map[string]any{"status": "NEW", "count": 1, "labels": map[string]any{"country": "France"}}}}, "must be one of 'status', 'impact'"},
	} {
		t.Run(name, func(t *testing.T) {
			h, body := c.r.parts(t)
			err := v.Validate(c.r.request(), c.r.status, h, body)
			if err == nil {
				t.Fatal("the response was accepted")
			}
			if reason := reasonOf(err); !strings.Contains(reason, c.want) {
				t.Errorf("the failure does not say %q:\n%v", c.want, err)
			}
			if !strings.Contains(err.Error(), c.r.method+" ") {
				t.Errorf("the failure does not name the request:\n%v", err)
			}
		})
	}
}

// reasonOf is the failure message without the schema and the body it
// quotes, so that a test asserts what the message says is wrong.
func reasonOf(err error) string {
	reason := err.Error()
	for _, cut := range []string{"\nresponse body:", "\nSchema:"} {
		if i := strings.Index(reason, cut); i >= 0 {
			reason = reason[:i]
		}
	}
	return reason
}

// CheckResponse works on real responses of a server listening on a random
// port, whatever the host the document was written for.
func TestCheckResponseOnALiveServer(t *testing.T) {
	v := New(t, readDocument(t))
	incident, err := json.Marshal(sampleIncident())
	if err != nil {
		t.Fatal(err)
	}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("X-OAPI-Request-Id", "req-1")
		w.Header().Set("Content-Language", "en")
		w.Header().Set("ETag", `W/"2611N00042.1.en"`)
		w.Header().Set("Last-Modified", "Thu, 26 Nov 2026 09:00:00 GMT")
		w.Write(incident)
	}))
	defer server.Close()

	resp, err := http.Get(server.URL + base + "/incidents/2611N00042")
	if err != nil {
		t.Fatal(err)
	}
	body := v.CheckResponse(t, resp)
	if string(body) != string(incident) {
		t.Errorf("CheckResponse returned %q, want the body", body)
	}
	again := make([]byte, len(incident))
	if n, _ := resp.Body.Read(again); n != len(incident) {
		t.Errorf("the body is not readable again after CheckResponse (read %d bytes)", n)
	}
}
