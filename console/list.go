package console

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The incident list. Its address carries the API's query grammar (spec
// §4): the form's controls are named as the API's parameters, so that
// /console/incidents?priority=P1&location.address.country=FR is the same
// selection as the API's list, can be bookmarked and shared, and any
// filter of the grammar works even without a control of its own.

// listLimit is the console's page size when the address names none.
const listLimit = 25

// control is a filter of the form, named as the API's parameter.
type control struct {
	Name, Label string
	Kind        string // check, select, text, date
	Options     []option
	Value       string
}

// sortChoices are the orders the form offers, in the sort grammar.
var sortChoices = []string{"-createdAt", "createdAt", "priority", "-updatedAt", "status", "impact"}

type listData struct {
	Controls []control
	// Extra are the address's filters without a control, kept through
	// the form as hidden fields.
	Extra        []param
	Sorts        []option
	Limits       []option
	Rows         []incidentRow
	Total        int
	First, Last  int
	Prev, Next   string
	Error        string
	ShowCustomer bool
	// Filtered tells that the address holds a filter.
	Filtered bool
}

type param struct{ Name, Value string }

func (s *server) listPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	values, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		s.renderList(w, r, v, http.StatusBadRequest, url.Values{}, nil, 0, 0, text.Message(v.lang, key("error_bad_query")))
		return
	}
	// A form submits its empty controls: the address drops them.
	if dropEmpty(values) {
		http.Redirect(w, r, r.URL.Path+"?"+values.Encode(), http.StatusSeeOther)
		return
	}
	values.Del(contract.ParamFields) // the list shows its own columns
	if !hasParam(values, contract.ParamLimit) {
		values.Set(contract.ParamLimit, strconv.Itoa(listLimit))
	}
	role := v.caller().Role
	q, err := contract.ParseIncidentQuery(values, role)
	var qerr *incident.Error
	if errors.As(err, &qerr) {
		s.renderList(w, r, v, http.StatusBadRequest, values, nil, 0, 0, qerr.Describe(v.lang))
		return
	}
	q.Now = s.now()
	list, total, ver, done := s.readPage(w, r, v, q)
	if done {
		return
	}
	data := s.listData(r.Context(), v, values, rowsOf(list, q.Now), total, q.Offset)
	s.renderPage(w, r, v, http.StatusOK, "list", &page{Title: text.Message(v.lang, key("incidents")), LiveVersion: ver, Data: data})
}

func (s *server) renderList(w http.ResponseWriter, r *http.Request, v *viewer, status int, values url.Values, rows []incidentRow, total, offset int, message string) {
	data := s.listData(r.Context(), v, values, rows, total, offset)
	data.Error = message
	s.renderPage(w, r, v, status, "list", &page{Title: text.Message(v.lang, key("incidents")), Data: data})
}

// listData builds the form from the address's parameters, and the pager.
func (s *server) listData(ctx context.Context, v *viewer, values url.Values, rows []incidentRow, total, offset int) listData {
	lang := v.lang
	picked := func(name string) func(string) bool {
		chosen := paramValues(values, name)
		return func(x string) bool { return slices.Contains(chosen, x) }
	}
	checks := []struct {
		name   string
		values []string
	}{
		{"status", incident.Statuses}, {"priority", incident.Priorities}, {"impact", incident.Impacts},
		{"urgency", incident.Urgencies}, {"type", incident.Types}, {"origin", incident.Origins},
	}
	var controls []control
	for _, c := range checks {
		controls = append(controls, control{Name: c.name, Label: text.Message(lang, key("field_"+c.name)), Kind: "check",
			Options: enumOptions(lang, c.values, picked(c.name))})
	}
	yesNo := func(name string) control {
		got := firstParam(values, name)
		return control{Name: name, Label: text.Message(lang, key("field_"+name)), Kind: "select", Options: []option{
			{Value: "", Label: text.Message(lang, key("any"))},
			{Value: "true", Label: text.Message(lang, key("yes")), Selected: got == "true"},
			{Value: "false", Label: text.Message(lang, key("no")), Selected: got == "false"},
		}}
	}
	controls = append(controls, yesNo("sla.isBreached"), yesNo("sla.isFrozen"), yesNo("isEscalated"))
	for _, name := range []string{"description.contains", "customerReference.contains"} {
		controls = append(controls, control{Name: name, Label: text.Message(lang, key("field_"+name)), Kind: "text", Value: firstParam(values, name)})
	}
	for _, name := range []string{"createdAt.gte", "createdAt.lt"} {
		controls = append(controls, control{Name: name, Label: text.Message(lang, key("field_"+name)), Kind: "date", Value: firstParam(values, name)})
	}
	if v.provider() {
		controls = append(controls, s.customerControl(ctx, v, firstParam(values, "customer.id")))
	}
	data := listData{Controls: controls, Rows: rows, Total: total, ShowCustomer: v.provider()}
	known := map[string]bool{contract.ParamSort: true, contract.ParamOffset: true, contract.ParamLimit: true, contract.ParamFields: true}
	for _, c := range controls {
		known[strings.ToLower(c.Name)] = true
	}
	for _, name := range sortedKeys(values) {
		lower := strings.ToLower(name)
		if lower != contract.ParamSort && lower != contract.ParamOffset && lower != contract.ParamLimit {
			data.Filtered = true
		}
		if !known[lower] {
			for _, x := range values[name] {
				data.Extra = append(data.Extra, param{name, x})
			}
		}
	}
	sort := firstParam(values, contract.ParamSort)
	if sort == "" {
		sort = contract.DefaultSort
	}
	for _, c := range sortChoices {
		data.Sorts = append(data.Sorts, option{Value: c, Label: text.Message(lang, key("sort_"+c)), Selected: c == sort})
	}
	if !slices.Contains(sortChoices, sort) {
		data.Sorts = append(data.Sorts, option{Value: sort, Label: sort, Selected: true})
	}
	limit, _ := strconv.Atoi(firstParam(values, contract.ParamLimit))
	for _, n := range []int{25, 50, 100} {
		data.Limits = append(data.Limits, option{Value: strconv.Itoa(n), Label: strconv.Itoa(n), Selected: n == limit})
	}
	if len(rows) > 0 {
		data.First, data.Last = offset+1, offset+len(rows)
	}
	if limit > 0 && offset > 0 {
		data.Prev = pageURL(values, max(offset-limit, 0))
	}
	if limit > 0 && offset+len(rows) < total {
		data.Next = pageURL(values, offset+limit)
	}
	return data
}

// customerControl chooses one customer, for the provider's users.
func (s *server) customerControl(ctx context.Context, v *viewer, chosen string) control {
	c := control{Name: "customer.id", Label: text.Message(v.lang, key("field_customer")), Kind: "select",
		Options: []option{{Value: "", Label: text.Message(v.lang, key("any"))}}}
	customers, err := s.Customers.ListCustomers(ctx)
	if err != nil {
		s.Logger.Error("console customers", "error", err)
	}
	for _, cu := range customers {
		c.Options = append(c.Options, option{Value: cu.ID, Label: cu.Name, Selected: cu.ID == chosen})
	}
	return c
}

func pageURL(values url.Values, offset int) string {
	next := url.Values{}
	for k, v := range values {
		if !strings.EqualFold(k, contract.ParamOffset) {
			next[k] = v
		}
	}
	if offset > 0 {
		next.Set(contract.ParamOffset, strconv.Itoa(offset))
	}
	return Prefix + "incidents?" + next.Encode()
}

// dropEmpty removes the empty values, and reports whether there were any.
func dropEmpty(values url.Values) bool {
	dropped := false
	for k, list := range values {
		kept := list[:0]
		for _, x := range list {
			if x != "" {
				kept = append(kept, x)
			}
		}
		if len(kept) != len(list) {
			dropped = true
		}
		if len(kept) == 0 {
			delete(values, k)
		} else {
			values[k] = kept
		}
	}
	return dropped
}

// paramValues are the values of a parameter named case-insensitively, as
// the grammar names them, commas splitting values.
func paramValues(values url.Values, name string) []string {
	var out []string
	for k, list := range values {
		if strings.EqualFold(k, name) {
			for _, x := range list {
				out = append(out, strings.Split(x, ",")...)
			}
		}
	}
	return out
}

func firstParam(values url.Values, name string) string {
	if list := paramValues(values, name); len(list) > 0 {
		return list[0]
	}
	return ""
}

func hasParam(values url.Values, name string) bool { return len(paramValues(values, name)) > 0 }

func sortedKeys(values url.Values) []string {
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
