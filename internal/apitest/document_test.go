package apitest

import (
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

const documentPath = "../../httpapi/openapi.json"

func readDocument(t *testing.T) []byte {
	t.Helper()
	data, err := os.ReadFile(documentPath)
	if err != nil {
		t.Fatalf("reading the OpenAPI document: %v", err)
	}
	return data
}

func loadDocument(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(readDocument(t))
	if err != nil {
		t.Fatalf("loading the OpenAPI document: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	return doc
}

func TestDocumentLoadsAndValidates(t *testing.T) {
	doc := loadDocument(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Error("the document is not treated as OpenAPI 3.1: nullable type arrays would not be validated")
	}
	New(t, readDocument(t))
}

func TestBrokenDocumentIsRefused(t *testing.T) {
	for name, doc := range map[string]string{
		"not JSON":      `{"openapi":`,
		"no info":       `{"openapi":"3.1.0","paths":{}}`,
		"dangling $ref": `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{"/x":{"get":{"responses":{"200":{"description":"d","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Missing"}}}}}}}}}`,
		"unknown type":  `{"openapi":"3.1.0","info":{"title":"t","version":"1"},"paths":{},"components":{"schemas":{"N":{"type":"int"}}}}`,
	} {
		if _, err := load([]byte(doc)); err == nil {
			t.Errorf("%s: the document was accepted", name)
		}
	}
}

// The examples of the schemas are annotations the loader does not check: a
// wrong example would mislead every reader of the document.
func TestSchemaExamplesMatchTheirSchemas(t *testing.T) {
	doc := loadDocument(t)
	checked := 0
	for name, ref := range doc.Components.Schemas {
		for i, example := range ref.Value.Examples {
			checked++
			if err := ref.Value.VisitJSON(example, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse()); err != nil {
				t.Errorf("schema %s, example %d: %v", name, i, err)
			}
		}
	}
	if checked == 0 {
		t.Error("no schema example found")
	}
}

// The document describes exactly the operations the server serves.
func TestDocumentOperations(t *testing.T) {
	doc := loadDocument(t)
	var got []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			got = append(got, method+" "+path)
		}
	}
	sort.Strings(got)
	const base = "/incident/b2b/v1"
	want := []string{
		"DELETE " + base + "/hub/{id}",
		"GET " + base + "/aggregation",
		"GET " + base + "/doc",
		"GET " + base + "/events",
		"GET " + base + "/hub",
		"GET " + base + "/hub/{id}",
		"GET " + base + "/hub/{id}/deliveries",
		"GET " + base + "/incidents",
		"GET " + base + "/incidents/{id}",
		"GET " + base + "/incidents/{id}/attachments",
		"GET " + base + "/incidents/{id}/attachments/{attachmentId}",
		"GET " + base + "/incidents/{id}/freezePeriods",
		"GET " + base + "/incidents/{id}/history",
		"GET " + base + "/incidents/{id}/notes",
		"GET " + base + "/priorityMatrix",
		"GET " + base + "/status",
		"GET " + base + "/version",
		"PATCH " + base + "/hub/{id}",
		"PATCH " + base + "/incidents/{id}",
		"PATCH " + base + "/incidents/{id}/freezePeriods/{freezeId}",
		"POST " + base + "/alerts/alertmanager",
		"POST " + base + "/hub",
		"POST " + base + "/hub/{id}/replay",
		"POST " + base + "/incidents",
		"POST " + base + "/incidents/{id}/attachments",
		"POST " + base + "/incidents/{id}/freezePeriods",
		"POST " + base + "/incidents/{id}/notes",
		"POST /oauth/v3/token",
		"POST /v2/enqueue",
	}
	if !slices.Equal(got, want) {
		t.Errorf("operations:\n got %q\nwant %q", got, want)
	}
}

// Every response, error or not, carries the request id and the language.
func TestEveryResponseDocumentsCommonHeaders(t *testing.T) {
	doc := loadDocument(t)
	check := func(where string, r *openapi3.Response) {
		for _, name := range []string{"X-OAPI-Request-Id", "Content-Language"} {
			h := r.Headers[name]
			if h == nil || h.Value == nil || !h.Value.Required {
				t.Errorf("%s: header %s is not documented as required", where, name)
			}
		}
		if len(r.Content) == 0 && !strings.HasSuffix(where, " 304") && !strings.HasSuffix(where, " 204") {
			t.Errorf("%s: no content documented", where)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, r := range op.Responses.Map() {
				check(method+" "+path+" "+status, r.Value)
			}
		}
	}
	for name, r := range doc.Components.Responses {
		check("components.responses."+name, r.Value)
	}
}

// The enumerations of the document are those of the domain.
func TestDocumentEnumsMatchDomain(t *testing.T) {
	doc := loadDocument(t)
	for name, values := range map[string][]string{
		"Status":           incident.Statuses,
		"Impact":           incident.Impacts,
		"Urgency":          incident.Urgencies,
		"Priority":         incident.Priorities,
		"ServiceCondition": incident.ServiceConditions,
		"Origin":           incident.Origins,
		"IncidentType":     incident.Types,
		"ResolutionCode":   incident.ResolutionCodes,
		"FreezeReason":     incident.FreezeReasons,
		"ActorType":        incident.ActorTypes,
	} {
		s := doc.Components.Schemas[name]
		if s == nil {
			t.Errorf("schema %s is missing", name)
			continue
		}
		var got []string
		for _, v := range s.Value.Enum {
			got = append(got, v.(string))
		}
		if !slices.Equal(got, values) {
			t.Errorf("schema %s enum = %q, domain has %q", name, got, values)
		}
	}
}

// The listing documents every filterable attribute of the domain, and each
// filter it lists explicitly is one of them.
func TestListFiltersMatchDomain(t *testing.T) {
	doc := loadDocument(t)
	op := doc.Paths.Find("/incident/b2b/v1/incidents").Get
	grammar := op.Parameters.GetByInAndName("query", "filters")
	if grammar == nil {
		t.Fatal("no free-form filters parameter")
	}
	for _, a := range contract.IncidentAttributes {
		if !strings.Contains(grammar.Description, a.Name+" (") {
			t.Errorf("filterable attribute %s is not in the filter grammar description", a.Name)
		}
	}
	paging := map[string]bool{"offset": true, "cursor": true, "limit": true, "sort": true, "fields": true, "filters": true}
	ops := []string{"eq", "ne", "gt", "gte", "lt", "lte", "contains"}
	for _, p := range op.Parameters {
		name := p.Value.Name
		if p.Value.In != "query" || paging[name] {
			continue
		}
		attr := name
		if i := strings.LastIndex(name, "."); i > 0 && slices.Contains(ops, name[i+1:]) {
			attr = name[:i]
		}
		if _, ok := contract.IncidentAttributes.Lookup(attr); !ok {
			t.Errorf("query parameter %s is not a filterable attribute of the domain", name)
		}
	}
}

// The aggregation documents every attribute the domain groups by, as a
// groupBy item and as a key of the groups, and nothing else.
func TestAggregationMatchesDomain(t *testing.T) {
	doc := loadDocument(t)
	groupBy := doc.Components.Parameters["GroupBy"]
	group := doc.Components.Schemas["AggregationGroup"]
	if groupBy == nil || group == nil {
		t.Fatal("no GroupBy parameter or AggregationGroup schema")
	}
	keys := map[string]bool{}
	for name := range group.Value.Properties {
		keys[name] = true
	}
	for _, name := range []string{"count", "mttrSeconds", "breachedCount", "labels"} {
		if !keys[name] {
			t.Errorf("AggregationGroup has no %s", name)
		}
		delete(keys, name)
	}
	for _, item := range contract.IncidentAttributes.GroupableNames(incident.RoleOperator) {
		if !strings.Contains(groupBy.Value.Description, item) {
			t.Errorf("groupBy item %s is not in the groupBy description", item)
		}
		name, _, _ := strings.Cut(item, ":")
		if !keys[name] {
			t.Errorf("group key %s is not a property of AggregationGroup", name)
		}
		delete(keys, name)
	}
	for name := range keys {
		t.Errorf("AggregationGroup property %s is not a key the domain groups by", name)
	}
	for _, m := range incident.Metrics {
		if !strings.Contains(doc.Components.Parameters["Metrics"].Value.Description, m) {
			t.Errorf("metric %s is not in the metrics description", m)
		}
	}
}
