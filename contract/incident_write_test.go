package contract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

var created = time.Date(2026, 11, 26, 8, 5, 0, 123e6, time.UTC)

// fullIncident has every optional part set; bareIncident has none but a
// location without an address.
func fullIncident() *incident.Incident {
	resolved := created.Add(3*time.Hour + 5*time.Second)
	return &incident.Incident{
		ID: "2611N00042", Customer: incident.CustomerRef{ID: "acme", Name: `Acme "Industries", Paris`},
		Status: incident.StatusResolved, Impact: incident.ImpactS2, Urgency: incident.UrgencyU1, Priority: incident.PriorityP1,
		ServiceCondition: incident.ConditionDegraded, Description: "Line down,\nsince 08:00 \"again\" <b>&</b>",
		Origin: incident.OriginReactive, Type: incident.TypeFailure, IsEscalated: true, CustomerReference: "ACME-1",
		Service:    &incident.Service{ID: "SVC-1", Name: "Fibre"},
		Location:   &incident.Location{ID: "LOC-1", Name: "HQ", Address: &incident.Address{Street: "1 rue", PostalCode: "75002", City: "Paris", Country: "FR"}},
		Contact:    &incident.Contact{Name: "Jane", Email: "jane@acme.example", Phone: "+33 1"},
		Resolution: &incident.Resolution{Code: incident.ResolutionFixed, Text: "Replaced"},
		CreatedAt:  created, UpdatedAt: resolved, StatusChangedAt: resolved, ResolvedAt: &resolved, EscalatedAt: &created,
		Clock: incident.ComputeClock(created, &resolved, 14400, nil),
	}
}

func bareIncident() *incident.Incident {
	return &incident.Incident{ID: "2611N00043", Customer: incident.CustomerRef{ID: "acme"}, Status: incident.StatusNew,
		Impact: incident.ImpactS4, Urgency: incident.UrgencyU3, Priority: incident.PriorityP4, ServiceCondition: incident.ConditionNotAffected,
		Description: "x", Origin: incident.OriginReactive, Type: incident.TypeInformation,
		Location:  &incident.Location{ID: "LOC-2"},
		CreatedAt: created, UpdatedAt: created, StatusChangedAt: created, Clock: incident.ComputeClock(created, nil, 259200, nil)}
}

// decode reads a representation, numbers kept as written.
func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var rep map[string]any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(&rep); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	return rep
}

// The representation holds every field of the catalogue, in its order, and
// nothing else; unset values are null, never omitted.
func TestRepresentationFollowsTheCatalogue(t *testing.T) {
	w := NewIncidentWriter(created.Add(time.Hour), text.English, nil)
	for _, inc := range []*incident.Incident{fullIncident(), bareIncident()} {
		b := w.AppendJSON(nil, inc)
		rep := decode(t, b)
		for _, f := range incidentFields.fields {
			if _, ok := lookup(rep, f.name); !ok && !underNull(rep, f.name) {
				t.Errorf("%s: field %s missing in %s", inc.ID, f.name, b)
			}
		}
		if !strings.HasPrefix(string(b), `{"id":"`+inc.ID+`","href":"/incident/b2b/v1/incidents/`+inc.ID+`","customer":{`) {
			t.Errorf("order: %s", b)
		}
	}
	b := w.AppendJSON(nil, bareIncident())
	for _, null := range []string{`"customerReference":null`, `"service":null`, `"address":null`, `"contact":null`, `"resolution":null`, `"resolvedAt":null`} {
		if !bytes.Contains(b, []byte(null)) {
			t.Errorf("no %s in %s", null, b)
		}
	}
}

// The bytes of a representation are what encoding/json writes for the same
// values: escaping, numbers and times included.
func TestRepresentationMatchesEncodingJSON(t *testing.T) {
	w := NewIncidentWriter(created.Add(time.Hour), text.French, nil)
	b := w.AppendJSON(nil, fullIncident())
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		t.Fatal(err)
	}
	reencoded, _ := json.Marshal(generic) // sorts the keys: compare the sets of members
	var again any
	json.Unmarshal(reencoded, &again)
	if !reflect.DeepEqual(generic, again) {
		t.Fatalf("%s is not stable JSON", b)
	}
	if !bytes.Contains(b, []byte(`"description":"Line down,\nsince 08:00 \"again\" \u003cb\u003e\u0026\u003c/b\u003e"`)) {
		t.Errorf("text not escaped as encoding/json escapes it: %s", b)
	}
	if !bytes.Contains(b, []byte(`"createdAt":"2026-11-26T08:05:00.123Z"`)) || !bytes.Contains(b, []byte(`"gtrTargetSeconds":14400`)) {
		t.Errorf("times and numbers: %s", b)
	}
	if !bytes.Contains(b, []byte(`"labels":{"status":"Résolu"`)) {
		t.Errorf("labels in the writer's language: %s", b)
	}
}

func lookup(rep map[string]any, path string) (any, bool) {
	var v any = rep
	for _, part := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		if v, ok = obj[part]; !ok {
			return nil, false
		}
	}
	return v, true
}

// underNull reports whether a field lies inside an object that is null.
func underNull(rep map[string]any, path string) bool {
	parts := strings.Split(path, ".")
	for i := 1; i < len(parts); i++ {
		if v, ok := lookup(rep, strings.Join(parts[:i], ".")); ok && v == nil {
			return true
		}
	}
	return false
}

// A CSV row says what the JSON representation says, value for value, for
// incidents with every optional part set and unset.
func TestCSVRowsMatchJSON(t *testing.T) {
	now := created.Add(4 * time.Hour)
	w := NewIncidentWriter(now, text.French, nil)
	header := w.CSVHeader()
	if header[0] != "id" || len(header) != len(incidentFields.columns) {
		t.Fatalf("header %v", header)
	}
	record := make([]string, len(header))
	for _, inc := range []*incident.Incident{fullIncident(), bareIncident()} {
		rep := decode(t, w.AppendJSON(nil, inc))
		w.CSVRecord(inc, record)
		for j, column := range header {
			if got, want := record[j], jsonCell(rep, column); got != want {
				t.Errorf("%s, %s: CSV %q, JSON %q", inc.ID, column, got, want)
			}
		}
	}
}

// jsonCell is a dot-notation field of a decoded representation as a CSV
// cell: empty for null or under a null object.
func jsonCell(rep map[string]any, path string) string {
	v, _ := lookup(rep, path)
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		return strconv.FormatBool(v)
	}
	return fmt.Sprintf("not a scalar: %v", v)
}

func TestCSVColumns(t *testing.T) {
	for fields, want := range map[string]string{
		"status":                        "id,status",
		"status,id":                     "status,id",
		"location.address":              "id,location.address.street,location.address.postalCode,location.address.city,location.address.country",
		"sla.isBreached,labels.status":  "id,sla.isBreached,labels.status",
		"customer,customer.id,priority": "id,customer.id,customer.name,priority",
	} {
		w := NewIncidentWriter(created, text.English, strings.Split(fields, ","))
		if got := strings.Join(w.CSVHeader(), ","); got != want {
			t.Errorf("fields=%s: columns %s, want %s", fields, got, want)
		}
	}
}

// The fields parameter keeps the named fields and the objects on their way;
// a path through a null object keeps the null; the id is always kept.
func TestProjection(t *testing.T) {
	inc := bareIncident()
	inc.Location.Address = &incident.Address{Country: "FR", City: "Paris"}
	w := NewIncidentWriter(created, text.English, []string{"status", "location.address.country", "contact.email", "sla.gtrTargetSeconds"})
	want := `{"id":"2611N00043","status":"NEW","location":{"address":{"country":"FR"}},"contact":null,"sla":{"gtrTargetSeconds":259200}}`
	if got := w.AppendJSON(nil, inc); string(got) != want {
		t.Errorf("projection\n got %s\nwant %s", got, want)
	}
	w = NewIncidentWriter(created, text.English, []string{"location", "location.address.city"})
	if got := w.AppendJSON(nil, inc); string(got) != `{"id":"2611N00043","location":{"id":"LOC-2","name":"","address":{"street":"","postalCode":"","city":"Paris","country":"FR"}}}` {
		t.Errorf("whole object then a part of it: %s", got)
	}
}
