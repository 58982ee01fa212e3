package contract

import (
	"encoding/json"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// The served OpenAPI document describes each resource exactly as its field
// catalogue does: the same fields, nested the same way, the same enum
// values, the same writable fields, and filters only on filterable
// attributes.

type document struct {
	Components struct {
		Schemas    map[string]*schema    `json:"schemas"`
		Parameters map[string]*parameter `json:"parameters"`
	} `json:"components"`
}

type schema struct {
	Ref        string             `json:"$ref"`
	Type       any                `json:"type"`
	Enum       []string           `json:"enum"`
	Properties map[string]*schema `json:"properties"`
	Required   []string           `json:"required"`
	Items      *schema            `json:"items"`
	AnyOf      []*schema          `json:"anyOf"`
	OneOf      []*schema          `json:"oneOf"`
	AllOf      []*schema          `json:"allOf"`
}

type parameter struct {
	Name string `json:"name"`
	In   string `json:"in"`
}

func loadDocument(t *testing.T) *document {
	t.Helper()
	b, err := os.ReadFile("../httpapi/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var d document
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// resolve follows references and unwraps nullable and allOf wrappers down
// to the schema that says what the value is.
func (d *document) resolve(s *schema) *schema {
	for s != nil {
		switch {
		case s.Ref != "":
			s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		case len(s.AllOf) == 1 && s.Properties == nil && s.Enum == nil:
			s = s.AllOf[0]
		case len(s.AnyOf) > 0 || len(s.OneOf) > 0:
			var next *schema
			for _, v := range append(s.AnyOf, s.OneOf...) {
				if v.Type != "null" {
					next = v
				}
			}
			s = next
		default:
			return s
		}
	}
	return nil
}

// checkTree compares a schema with a node of a catalogue, recursively.
func checkTree[V, C any](t *testing.T, d *document, where string, s *schema, n *node[V, C]) {
	s = d.resolve(s)
	if s == nil {
		t.Errorf("%s: no schema", where)
		return
	}
	var want []string
	for _, c := range n.children {
		want = append(want, c.key)
	}
	got := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		got = append(got, k)
	}
	sort.Strings(got)
	sorted := slices.Clone(want)
	sort.Strings(sorted)
	if !slices.Equal(got, sorted) {
		t.Errorf("%s: the document has %v, the catalogue %v", where, got, sorted)
		return
	}
	required := slices.Clone(s.Required)
	sort.Strings(required)
	if !slices.Equal(required, sorted) {
		t.Errorf("%s: every field is present (null when unset), but required lists %v", where, s.Required)
	}
	for _, c := range n.children {
		path := where + "." + c.key
		prop := s.Properties[c.key]
		if c.f.object {
			checkTree(t, d, path, prop, c)
			continue
		}
		if c.f.values != nil {
			if enum := d.resolve(prop).Enum; !slices.Equal(enum, c.f.values) {
				t.Errorf("%s: enum %v in the document, %v in the catalogue", path, enum, c.f.values)
			}
		}
	}
}

func TestDocumentDescribesTheCatalogues(t *testing.T) {
	d := loadDocument(t)
	checkTree(t, d, "Incident", d.Components.Schemas["Incident"], incidentFields.root)
	checkTree(t, d, "Note", d.Components.Schemas["Note"], noteFields.root)
	checkTree(t, d, "FreezePeriod", d.Components.Schemas["FreezePeriod"], freezeFields.root)
	checkTree(t, d, "Attachment", d.Components.Schemas["Attachment"], attachmentFields.root)
	checkTree(t, d, "HistoryEntry", d.Components.Schemas["HistoryEntry"], changeFields.root)
	checkTree(t, d, "Subscription", d.Components.Schemas["Subscription"], subscriptionFields.root)
	checkTree(t, d, "Delivery", d.Components.Schemas["Delivery"], deliveryFields.root)
}

// writableNames are the top-level fields of a catalogue a request writes.
func writableNames[V, C any](c *catalogue[V, C], op operation) []string {
	var out []string
	for _, n := range c.root.children {
		if n.f.body.access(op) != noAccess {
			out = append(out, n.key)
		}
	}
	sort.Strings(out)
	return out
}

func propertyNames(s *schema) []string {
	var out []string
	for k := range s.Properties {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestDocumentBodiesFollowTheCatalogues(t *testing.T) {
	d := loadDocument(t)
	for _, tc := range []struct {
		schema string
		want   []string
	}{
		{"IncidentCreate", writableNames(incidentFields, opCreate)},
		{"IncidentPatch", append(writableNames(incidentFields, opPatch), patchDirectives...)},
		{"NoteCreate", writableNames(noteFields, opCreate)},
		{"FreezePeriodCreate", writableNames(freezeFields, opCreate)},
		{"FreezePeriodPatch", writableNames(freezeFields, opPatch)},
		{"SubscriptionCreate", writableNames(subscriptionFields, opCreate)},
		{"SubscriptionPatch", writableNames(subscriptionFields, opPatch)},
		{"Replay", writableNames(replayFields, opCreate)},
	} {
		want := slices.Clone(tc.want)
		sort.Strings(want)
		if got := propertyNames(d.resolve(d.Components.Schemas[tc.schema])); !slices.Equal(got, want) {
			t.Errorf("%s: the document has %v, the catalogue %v", tc.schema, got, want)
		}
	}
}

// Every filter the document names is an attribute of the catalogue with an
// operator its kind takes.
func TestDocumentFiltersAreAttributes(t *testing.T) {
	d := loadDocument(t)
	for key, p := range d.Components.Parameters {
		if p.In != "query" || !strings.HasPrefix(key, "Filter") || strings.HasSuffix(key, "Filters") { // the generic free-form filters
			continue
		}
		catalog := IncidentAttributes
		if strings.HasPrefix(key, "Note") {
			catalog = NoteAttributes
		}
		name, op := p.Name, incident.OpEq
		a, ok := catalog.Lookup(name)
		if i := strings.LastIndexByte(name, '.'); !ok && i > 0 {
			a, ok = catalog.Lookup(name[:i])
			op = incident.Op(name[i+1:])
		}
		if !ok || !a.Kind.Allows(op) {
			t.Errorf("parameter %s (%s) is not a filter of the catalogue", key, p.Name)
		}
	}
}
