package httpapi

import (
	"strconv"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// The CSV export has one column per scalar field of the representation,
// named in dot notation (location.address.country), valued as in JSON:
// times in RFC 3339 with milliseconds, booleans true or false, numbers in
// decimal, labels in the request's language. An unset value (null, or an
// object that is null) is an empty cell.

// csvCell reads one column's cell from an incident's representation.
type csvCell func(r *incidentJSON) string

var csvCells = map[string]csvCell{
	"id":                          func(r *incidentJSON) string { return r.ID },
	"href":                        func(r *incidentJSON) string { return r.Href },
	"customer.id":                 func(r *incidentJSON) string { return r.Customer.ID },
	"customer.name":               func(r *incidentJSON) string { return r.Customer.Name },
	"status":                      func(r *incidentJSON) string { return string(r.Status) },
	"impact":                      func(r *incidentJSON) string { return string(r.Impact) },
	"urgency":                     func(r *incidentJSON) string { return string(r.Urgency) },
	"priority":                    func(r *incidentJSON) string { return string(r.Priority) },
	"serviceCondition":            func(r *incidentJSON) string { return string(r.ServiceCondition) },
	"description":                 func(r *incidentJSON) string { return r.Description },
	"origin":                      func(r *incidentJSON) string { return string(r.Origin) },
	"type":                        func(r *incidentJSON) string { return string(r.Type) },
	"isEscalated":                 func(r *incidentJSON) string { return strconv.FormatBool(r.IsEscalated) },
	"customerReference":           func(r *incidentJSON) string { return deref(r.CustomerReference) },
	"service.id":                  serviceCell(func(s *incident.Service) string { return s.ID }),
	"service.name":                serviceCell(func(s *incident.Service) string { return s.Name }),
	"location.id":                 locationCell(func(l *incident.Location) string { return l.ID }),
	"location.name":               locationCell(func(l *incident.Location) string { return l.Name }),
	"location.address.street":     addressCell(func(a *incident.Address) string { return a.Street }),
	"location.address.postalCode": addressCell(func(a *incident.Address) string { return a.PostalCode }),
	"location.address.city":       addressCell(func(a *incident.Address) string { return a.City }),
	"location.address.country":    addressCell(func(a *incident.Address) string { return a.Country }),
	"contact.name":                contactCell(func(c *incident.Contact) string { return c.Name }),
	"contact.email":               contactCell(func(c *incident.Contact) string { return c.Email }),
	"contact.phone":               contactCell(func(c *incident.Contact) string { return c.Phone }),
	"createdAt":                   func(r *incidentJSON) string { return timeCell(&r.CreatedAt) },
	"updatedAt":                   func(r *incidentJSON) string { return timeCell(&r.UpdatedAt) },
	"statusChangedAt":             func(r *incidentJSON) string { return timeCell(&r.StatusChangedAt) },
	"resolvedAt":                  func(r *incidentJSON) string { return timeCell(r.ResolvedAt) },
	"closedAt":                    func(r *incidentJSON) string { return timeCell(r.ClosedAt) },
	"escalatedAt":                 func(r *incidentJSON) string { return timeCell(r.EscalatedAt) },
	"detectedAt":                  func(r *incidentJSON) string { return timeCell(r.DetectedAt) },
	"resolution.code":             resolutionCell(func(res *incident.Resolution) string { return string(res.Code) }),
	"resolution.text":             resolutionCell(func(res *incident.Resolution) string { return res.Text }),
	"sla.gtrTargetSeconds":        func(r *incidentJSON) string { return itoa64(r.SLA.GTRTargetSeconds) },
	"sla.gtrDeadline":             func(r *incidentJSON) string { return timeCell(&r.SLA.GTRDeadline) },
	"sla.timeToRestoreSeconds":    func(r *incidentJSON) string { return itoa64(r.SLA.TimeToRestoreSeconds) },
	"sla.frozenSeconds":           func(r *incidentJSON) string { return itoa64(r.SLA.FrozenSeconds) },
	"sla.isFrozen":                func(r *incidentJSON) string { return strconv.FormatBool(r.SLA.IsFrozen) },
	"sla.isBreached":              func(r *incidentJSON) string { return strconv.FormatBool(r.SLA.IsBreached) },
	"labels.status":               func(r *incidentJSON) string { return r.Labels.Status },
	"labels.impact":               func(r *incidentJSON) string { return r.Labels.Impact },
	"labels.urgency":              func(r *incidentJSON) string { return r.Labels.Urgency },
	"labels.priority":             func(r *incidentJSON) string { return r.Labels.Priority },
	"labels.serviceCondition":     func(r *incidentJSON) string { return r.Labels.ServiceCondition },
	"labels.origin":               func(r *incidentJSON) string { return r.Labels.Origin },
	"labels.type":                 func(r *incidentJSON) string { return r.Labels.Type },
}

// csvColumnNames are the scalar fields of the representation in its order:
// the fields of incident.IncidentFields that hold no other field.
var csvColumnNames = scalarFields(incident.IncidentFields)

func scalarFields(fields []string) []string {
	var out []string
	for _, f := range fields {
		holdsOther := false
		for _, g := range fields {
			if strings.HasPrefix(g, f+".") {
				holdsOther = true
				break
			}
		}
		if !holdsOther {
			out = append(out, f)
		}
	}
	return out
}

// csvColumns are the columns of an export: every scalar field, or those
// the fields parameter names (an object stands for its scalar fields), with
// the id first unless it is named.
func csvColumns(fields []string) []string {
	if len(fields) == 0 {
		return csvColumnNames
	}
	var out []string
	seen := map[string]bool{}
	add := func(name string) {
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	named := false
	for _, f := range fields {
		named = named || f == "id"
	}
	if !named {
		add("id")
	}
	for _, f := range fields {
		for _, c := range csvColumnNames {
			if c == f || strings.HasPrefix(c, f+".") {
				add(c)
			}
		}
	}
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func timeCell(t *timestamp) string {
	if t == nil {
		return ""
	}
	return time.Time(*t).UTC().Format(timeLayout)
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func serviceCell(f func(*incident.Service) string) csvCell {
	return func(r *incidentJSON) string {
		if r.Service == nil {
			return ""
		}
		return f(r.Service)
	}
}

func locationCell(f func(*incident.Location) string) csvCell {
	return func(r *incidentJSON) string {
		if r.Location == nil {
			return ""
		}
		return f(r.Location)
	}
}

func addressCell(f func(*incident.Address) string) csvCell {
	return locationCell(func(l *incident.Location) string {
		if l.Address == nil {
			return ""
		}
		return f(l.Address)
	})
}

func contactCell(f func(*incident.Contact) string) csvCell {
	return func(r *incidentJSON) string {
		if r.Contact == nil {
			return ""
		}
		return f(r.Contact)
	}
}

func resolutionCell(f func(*incident.Resolution) string) csvCell {
	return func(r *incidentJSON) string {
		if r.Resolution == nil {
			return ""
		}
		return f(r.Resolution)
	}
}
