package console

import (
	"crypto/rand"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The report form. It shows the priority matrix in force, and the
// script marks the cell and names the priority the impact and urgency
// chosen will give, before the form is sent.

type reportData struct {
	Form       url.Values
	Customers  []option
	Impacts    []option
	Urgencies  []option
	Types      []option
	Conditions []option
	Matrix     []matrixRow
	Urgency    []string // the matrix's columns
	Error      string
	// FormKey makes a form sent twice (a double click, a retry) report one
	// incident: it is the idempotency key of the creation.
	FormKey string
}

type matrixRow struct {
	Impact string
	Cells  []matrixCell
}

// matrixCell is a cell of the matrix with the words the form shows when
// it is chosen.
type matrixCell struct {
	incident.Cell
	Hint string
}

func (s *server) reportPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	s.showReport(w, r, v, http.StatusOK, url.Values{"impact": {"S3"}, "urgency": {"U2"}}, "")
}

func (s *server) showReport(w http.ResponseWriter, r *http.Request, v *viewer, status int, form url.Values, failure string) {
	pick := func(name string) func(string) bool { return func(x string) bool { return form.Get(name) == x } }
	data := reportData{
		Form:       form,
		Impacts:    enumOptions(v.lang, incident.Impacts, pick("impact")),
		Urgencies:  enumOptions(v.lang, incident.Urgencies, pick("urgency")),
		Types:      enumOptions(v.lang, incident.Types, pick("type")),
		Conditions: enumOptions(v.lang, incident.ServiceConditions, pick("serviceCondition")),
		Urgency:    incident.Urgencies,
		Error:      failure,
		FormKey:    form.Get("form_key"),
	}
	if data.FormKey == "" {
		data.FormKey = rand.Text()
	}
	cells := s.Manager.Matrix.Cells()
	for i, impact := range incident.Impacts {
		row := matrixRow{Impact: impact}
		for _, c := range cells[i*len(incident.Urgencies) : (i+1)*len(incident.Urgencies)] {
			row.Cells = append(row.Cells, matrixCell{Cell: c, Hint: priorityHint(v.lang, c)})
		}
		data.Matrix = append(data.Matrix, row)
	}
	if v.provider() {
		customers, err := s.Customers.ListCustomers(r.Context())
		if err != nil {
			s.internalError(w, r, v, err)
			return
		}
		for _, c := range customers {
			data.Customers = append(data.Customers, option{Value: c.ID, Label: c.Name, Selected: form.Get("customer") == c.ID})
		}
	}
	s.render(w, r, v, status, "report", "report_title", data)
}

// report opens the incident and shows it; a refusal shows the form again,
// filled, with the domain's reason.
func (s *server) report(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := readForm(w, r); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	f := r.PostForm
	field := func(name string) string { return strings.TrimSpace(f.Get(name)) }
	n := incident.NewIncident{
		Description:       strings.TrimSpace(strings.ReplaceAll(f.Get("description"), "\r\n", "\n")),
		Impact:            incident.Impact(f.Get("impact")),
		Urgency:           incident.Urgency(f.Get("urgency")),
		Type:              incident.Type(f.Get("type")),
		ServiceCondition:  incident.ServiceCondition(f.Get("serviceCondition")),
		CustomerReference: field("customerReference"),
	}
	if v.provider() {
		n.CustomerID = f.Get("customer")
	}
	if name := field("service"); name != "" {
		n.Service = &incident.Service{Name: name}
	}
	if site, city, country := field("site"), field("city"), strings.ToUpper(field("country")); site+city+country != "" {
		n.Location = &incident.Location{Name: site}
		if city+country != "" {
			n.Location.Address = &incident.Address{City: city, Country: country}
		}
	}
	if name, email, phone := field("contactName"), field("contactEmail"), field("contactPhone"); name+email+phone != "" {
		n.Contact = &incident.Contact{Name: name, Email: email, Phone: phone}
	}
	inc, _, err := s.Manager.Create(r.Context(), v.caller(), n, f.Get("form_key"))
	if err != nil {
		var e *incident.Error
		if errors.As(err, &e) {
			s.showReport(w, r, v, http.StatusUnprocessableEntity, f, e.Describe(v.lang))
			return
		}
		s.internalError(w, r, v, err)
		return
	}
	done(w, r, inc.ID, "reported")
}

// priorityHint is the text the report form shows for a cell.
func priorityHint(lang text.Language, c incident.Cell) string {
	return text.Message(lang, key("report_priority"), c.Priority, labelOf(lang, string(c.Priority)), formatDuration(lang, c.TargetSeconds))
}
