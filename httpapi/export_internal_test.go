package httpapi

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Every scalar field of the representation has a CSV column, and every
// column is such a field.
func TestCSVCellsCoverTheRepresentation(t *testing.T) {
	for _, name := range csvColumnNames {
		if csvCells[name] == nil {
			t.Errorf("no CSV cell for %s", name)
		}
	}
	for name := range csvCells {
		if !slices.Contains(csvColumnNames, name) {
			t.Errorf("CSV cell %s is not a scalar field of the representation", name)
		}
	}
	if len(csvColumnNames) != len(csvCells) || csvColumnNames[0] != "id" {
		t.Errorf("%d columns, %d cells; first %s", len(csvColumnNames), len(csvCells), csvColumnNames[0])
	}
}

// A CSV row says what the JSON representation says, value for value, for
// incidents with every optional part set and unset.
func TestCSVRowsMatchJSON(t *testing.T) {
	created := time.Date(2026, 11, 26, 8, 5, 0, 123e6, time.UTC)
	resolved := created.Add(3*time.Hour + 5*time.Second)
	full := &incident.Incident{
		ID: "2611N00042", Customer: incident.CustomerRef{ID: "acme", Name: `Acme "Industries", Paris`},
		Status: incident.StatusResolved, Impact: incident.ImpactS2, Urgency: incident.UrgencyU1, Priority: incident.PriorityP1,
		ServiceCondition: incident.ConditionDegraded, Description: "Line down,\nsince 08:00 \"again\"",
		Origin: incident.OriginReactive, Type: incident.TypeFailure, IsEscalated: true, CustomerReference: "ACME-1",
		Service:    &incident.Service{ID: "SVC-1", Name: "Fibre"},
		Location:   &incident.Location{ID: "LOC-1", Name: "HQ", Address: &incident.Address{Street: "1 rue", PostalCode: "75002", City: "Paris", Country: "FR"}},
		Contact:    &incident.Contact{Name: "Jane", Email: "jane@acme.example", Phone: "+33 1"},
		Resolution: &incident.Resolution{Code: incident.ResolutionFixed, Text: "Replaced"},
		CreatedAt:  created, UpdatedAt: resolved, StatusChangedAt: resolved, ResolvedAt: &resolved, EscalatedAt: &created,
		Clock: incident.ComputeClock(created, &resolved, 14400, nil),
	}
	bare := &incident.Incident{ID: "2611N00043", Customer: incident.CustomerRef{ID: "acme"}, Status: incident.StatusNew,
		Impact: incident.ImpactS4, Urgency: incident.UrgencyU3, Priority: incident.PriorityP4, ServiceCondition: incident.ConditionNotAffected,
		Description: "x", Origin: incident.OriginReactive, Type: incident.TypeInformation,
		Location:  &incident.Location{ID: "LOC-2"},
		CreatedAt: created, UpdatedAt: created, StatusChangedAt: created, Clock: incident.ComputeClock(created, nil, 259200, nil)}
	now := created.Add(4 * time.Hour)

	var out bytes.Buffer
	e := newCSVExport(&out, nil, now, incident.French)
	if err := e.begin(); err != nil {
		t.Fatal(err)
	}
	for _, inc := range []*incident.Incident{full, bare} {
		if err := e.write(inc); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.flush(); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(records[0], csvColumnNames) || len(records) != 3 {
		t.Fatalf("header %v, %d records", records[0], len(records))
	}
	for i, inc := range []*incident.Incident{full, bare} {
		encoded, _ := json.Marshal(representIncident(inc, now, incident.French))
		var rep map[string]any
		dec := json.NewDecoder(bytes.NewReader(encoded))
		dec.UseNumber()
		if err := dec.Decode(&rep); err != nil {
			t.Fatal(err)
		}
		for j, column := range csvColumnNames {
			if got, want := records[i+1][j], jsonCell(rep, column); got != want {
				t.Errorf("%s, %s: CSV %q, JSON %q", inc.ID, column, got, want)
			}
		}
	}
}

// jsonCell is a dot-notation field of a decoded representation as a CSV
// cell: empty for null or under a null object.
func jsonCell(rep map[string]any, path string) string {
	var v any = rep
	for _, part := range strings.Split(path, ".") {
		obj, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = obj[part]
	}
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
		if got := strings.Join(csvColumns(strings.Split(fields, ",")), ","); got != want {
			t.Errorf("fields=%s: columns %s, want %s", fields, got, want)
		}
	}
}

func TestNegotiateMediaType(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                    jsonMediaType,
		"*/*":                                 jsonMediaType,
		"text/csv":                            csvMediaType,
		"text/csv, */*;q=0.1":                 csvMediaType,
		"application/x-ndjson, text/csv":      csvMediaType, // a tie: the server's order
		"application/*":                       jsonMediaType,
		"application/*, application/json;q=0": ndjsonMediaType,
		"text/csv;q=0.2, application/x-ndjson;q=0.3": ndjsonMediaType,
		"image/png": "",
		"text/csv;q=0, application/json;q=0, application/x-ndjson;q=0": "",
	} {
		var headers []string
		if accept != "" {
			headers = []string{accept}
		}
		if got := negotiateMediaType(headers, listMediaTypes); got != want {
			t.Errorf("Accept %q: %q, want %q", accept, got, want)
		}
	}
}

func TestResultCount(t *testing.T) {
	for _, c := range []struct{ total, offset, limit, want int }{
		{10, 0, 0, 10}, {10, 4, 0, 6}, {10, 12, 0, 0}, {10, 2, 5, 5}, {10, 8, 5, 2}, {0, 0, 0, 0},
	} {
		if got := resultCount(c.total, c.offset, c.limit); got != c.want {
			t.Errorf("resultCount(%d, %d, %d) = %d, want %d", c.total, c.offset, c.limit, got, c.want)
		}
	}
}

// A client that goes away stops the export: the error of the write is
// remembered and every later write fails at once.
func TestClientWriterRemembersTheFirstError(t *testing.T) {
	gone := errors.New("connection reset")
	w := &clientWriter{w: failingWriter{gone}}
	if _, err := w.Write([]byte("a")); !errors.Is(err, gone) {
		t.Errorf("first write: %v", err)
	}
	if _, err := w.Write([]byte("b")); !errors.Is(err, gone) || !errors.Is(w.err, gone) {
		t.Errorf("second write: %v, remembered %v", err, w.err)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }
