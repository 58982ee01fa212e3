package contract

import (
	"slices"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// IncidentWriter renders incidents as one request sees them: at one
// instant (the clock figures), in one language (the labels), projected on
// the fields the request names.
type IncidentWriter struct {
	now     time.Time
	lang    text.Language
	sel     *selection // nil: every field
	columns []*incidentField
}

// NewIncidentWriter prepares the rendering of incidents at now, in lang,
// with the fields named (canonical names, as the query parser returns
// them; none: every field).
func NewIncidentWriter(now time.Time, lang text.Language, fields []string) *IncidentWriter {
	w := &IncidentWriter{now: now, lang: lang, columns: incidentFields.csvColumns(fields)}
	if len(fields) > 0 {
		w.sel = selectFields(fields)
	}
	return w
}

// AppendJSON appends the incident's JSON representation (docs/api.md):
// unset values are null, never omitted.
func (w *IncidentWriter) AppendJSON(dst []byte, inc *incident.Incident) []byte {
	v := incidentView{inc: inc, now: w.now, lang: w.lang}
	return incidentFields.root.appendObject(dst, &v, w.sel)
}

// representationSize is about the length of an incident's representation,
// to size a page's buffer once.
const representationSize = 1536

// AppendJSONArray appends incidents as a JSON array.
func (w *IncidentWriter) AppendJSONArray(dst []byte, incs []*incident.Incident) []byte {
	if w.sel == nil {
		dst = slices.Grow(dst, len(incs)*representationSize)
	}
	dst = append(dst, '[')
	for i, inc := range incs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = w.AppendJSON(dst, inc)
	}
	return append(dst, ']')
}

// CSVHeader is the header row of a CSV export: the dot-notation names of
// its columns, every scalar field or those the fields named.
func (w *IncidentWriter) CSVHeader() []string {
	out := make([]string, len(w.columns))
	for i, f := range w.columns {
		out[i] = f.name
	}
	return out
}

// CSVRecord fills record (len(CSVHeader())) with the incident's cells:
// values as in JSON without quotes, times in RFC 3339 with milliseconds,
// labels in the writer's language, empty for null.
func (w *IncidentWriter) CSVRecord(inc *incident.Incident, record []string) {
	v := incidentView{inc: inc, now: w.now, lang: w.lang}
	for i, f := range w.columns {
		record[i] = f.valueIn(&v).text()
	}
}

// AttributeValue is an incident's value of one attribute as its
// representation gives it; Set is false for null.
type AttributeValue struct {
	Set  bool
	Str  string
	Int  int64
	Bool bool
	Time time.Time
}

// IncidentAttributeValue reads a field of the catalogue, by its dot-notation
// name, as the representation at now gives it; ok is false for a name that
// is not a field's.
func IncidentAttributeValue(inc *incident.Incident, name string, now time.Time) (v AttributeValue, ok bool) {
	for i := range incidentFields.fields {
		f := &incidentFields.fields[i]
		if f.name != name || f.object {
			continue
		}
		x := f.valueIn(&incidentView{inc: inc, now: now, lang: text.English})
		return AttributeValue{Set: x.kind != null, Str: x.s, Int: x.n, Bool: x.b, Time: x.t}, true
	}
	return AttributeValue{}, false
}
