package contract

import (
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// BasePath is the root of the Incident API resources.
const BasePath = "/incident/b2b/v1"

// IncidentPath is the path of an incident resource: its href and Location.
func IncidentPath(id string) string { return BasePath + "/incidents/" + id }

// incidentView is an incident as one request sees it: at one instant, in
// one language. Its clock figures and labels are computed once, when a
// field needs them.
type incidentView struct {
	inc    *incident.Incident
	now    time.Time
	lang   text.Language
	sla    *incident.SLA
	labels *incident.Labels
}

func (v *incidentView) clock() *incident.SLA {
	if v.sla == nil {
		sla := v.inc.SLA(v.now)
		v.sla = &sla
	}
	return v.sla
}

func (v *incidentView) label() *incident.Labels {
	if v.labels == nil {
		labels := incident.LabelsOf(v.inc, v.lang)
		v.labels = &labels
	}
	return v.labels
}

// incidentDraft is what an incident's request body asks: a new incident
// (POST) or a patch (PATCH). A field's setter writes both; the objects of a
// new incident are read from the patch's (DecodeCreate).
type incidentDraft struct {
	create incident.NewIncident
	patch  incident.Patch
}

type incidentField = field[incidentView, incidentDraft]

// incidentFields is the field catalogue of the incident (spec §3.1, docs/api.md).
var incidentFields = newCatalogue([]incidentField{
	{name: "id", kind: incident.KindID, filter: filterAll, get: func(v *incidentView) value { return str(v.inc.ID) }},
	{name: "href", get: func(v *incidentView) value { return str(IncidentPath(v.inc.ID)) }},
	{name: "customer", object: true, body: bodyRule{create: operatorsOnly}, set: func(*incidentDraft, any) {}},
	{name: "customer.id", kind: incident.KindString, filter: filterOperators,
		get:  func(v *incidentView) value { return str(v.inc.Customer.ID) },
		body: bodyRule{create: anyone, required: true}, set: func(d *incidentDraft, x any) { d.create.CustomerID = textOf(x) }},
	{name: "customer.name", kind: incident.KindString, filter: filterOperators,
		get: func(v *incidentView) value { return str(v.inc.Customer.Name) }},
	{name: "status", kind: incident.KindEnum, values: incident.Statuses, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Status)) },
		body: patchedOnly, set: func(d *incidentDraft, x any) { d.patch.Status = ptr(incident.Status(textOf(x))) }},
	{name: "impact", kind: incident.KindOrderedEnum, values: incident.Impacts, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Impact)) },
		body: requiredOnCreate, set: func(d *incidentDraft, x any) { set(&d.create.Impact, &d.patch.Impact, incident.Impact(textOf(x))) }},
	{name: "urgency", kind: incident.KindOrderedEnum, values: incident.Urgencies, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Urgency)) },
		body: requiredOnCreate, set: func(d *incidentDraft, x any) { set(&d.create.Urgency, &d.patch.Urgency, incident.Urgency(textOf(x))) }},
	{name: "priority", kind: incident.KindOrderedEnum, values: incident.Priorities, filter: filterAll,
		get: func(v *incidentView) value { return str(string(v.inc.Priority)) }},
	{name: "serviceCondition", kind: incident.KindEnum, values: incident.ServiceConditions, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.ServiceCondition)) },
		body: writable, set: func(d *incidentDraft, x any) {
			set(&d.create.ServiceCondition, &d.patch.ServiceCondition, incident.ServiceCondition(textOf(x)))
		}},
	{name: "description", kind: incident.KindText, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Description) },
		body: requiredOnCreate, set: func(d *incidentDraft, x any) { set(&d.create.Description, &d.patch.Description, textOf(x)) }},
	{name: "origin", kind: incident.KindEnum, values: incident.Origins, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Origin)) },
		body: bodyRule{create: operatorsOnly, patch: anyone}, set: func(d *incidentDraft, x any) { set(&d.create.Origin, &d.patch.Origin, incident.Origin(textOf(x))) }},
	{name: "type", kind: incident.KindEnum, values: incident.Types, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Type)) },
		body: writable, set: func(d *incidentDraft, x any) { set(&d.create.Type, &d.patch.Type, incident.Type(textOf(x))) }},
	{name: "isEscalated", kind: incident.KindBool, filter: filterAll,
		get:  func(v *incidentView) value { return boolean(v.inc.IsEscalated) },
		body: writable, set: func(d *incidentDraft, x any) { set(&d.create.IsEscalated, &d.patch.IsEscalated, x == true) }},
	{name: "customerReference", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return optionalString(v.inc.CustomerReference) },
		body: writableNull, set: func(d *incidentDraft, x any) { set(&d.create.CustomerReference, &d.patch.CustomerReference, textOf(x)) }},

	{name: "service", object: true, present: func(v *incidentView) bool { return v.inc.Service != nil },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Service).Remove = x == nil }},
	{name: "service.id", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Service.ID) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Service).ID = ptr(textOf(x)) }},
	{name: "service.name", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Service.Name) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Service).Name = ptr(textOf(x)) }},

	{name: "location", object: true, present: func(v *incidentView) bool { return v.inc.Location != nil },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Location).Remove = x == nil }},
	{name: "location.id", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.ID) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Location).ID = ptr(textOf(x)) }},
	{name: "location.name", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.Name) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Location).Name = ptr(textOf(x)) }},
	{name: "location.address", object: true, present: func(v *incidentView) bool { return v.inc.Location.Address != nil },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&ensure(&d.patch.Location).Address).Remove = x == nil }},
	{name: "location.address.street", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.Address.Street) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&ensure(&d.patch.Location).Address).Street = ptr(textOf(x)) }},
	{name: "location.address.postalCode", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.Address.PostalCode) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&ensure(&d.patch.Location).Address).PostalCode = ptr(textOf(x)) }},
	{name: "location.address.city", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.Address.City) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&ensure(&d.patch.Location).Address).City = ptr(textOf(x)) }},
	{name: "location.address.country", kind: incident.KindCountry, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Location.Address.Country) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&ensure(&d.patch.Location).Address).Country = ptr(textOf(x)) }},

	{name: "contact", object: true, present: func(v *incidentView) bool { return v.inc.Contact != nil },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Contact).Remove = x == nil }},
	{name: "contact.name", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Contact.Name) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Contact).Name = ptr(textOf(x)) }},
	{name: "contact.email", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Contact.Email) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Contact).Email = ptr(textOf(x)) }},
	{name: "contact.phone", kind: incident.KindString, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Contact.Phone) },
		body: writableNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Contact).Phone = ptr(textOf(x)) }},

	{name: "createdAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return instant(v.inc.CreatedAt) }},
	{name: "updatedAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return instant(v.inc.UpdatedAt) }},
	{name: "statusChangedAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return instant(v.inc.StatusChangedAt) }},
	{name: "resolvedAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return optionalInstant(v.inc.ResolvedAt) }},
	{name: "closedAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return optionalInstant(v.inc.ClosedAt) }},
	{name: "escalatedAt", kind: incident.KindTime, filter: filterAll, get: func(v *incidentView) value { return optionalInstant(v.inc.EscalatedAt) }},
	{name: "detectedAt", kind: incident.KindTime, filter: filterAll,
		get:  func(v *incidentView) value { return optionalInstant(v.inc.DetectedAt) },
		body: bodyRule{create: operatorsOnly, patch: anyone, nullable: true}, set: setDetectedAt},

	{name: "resolution", object: true, present: func(v *incidentView) bool { return v.inc.Resolution != nil },
		body: patchedNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Resolution).Remove = x == nil }},
	{name: "resolution.code", kind: incident.KindEnum, values: incident.ResolutionCodes, filter: filterAll,
		get:  func(v *incidentView) value { return str(string(v.inc.Resolution.Code)) },
		body: patchedOnly, set: func(d *incidentDraft, x any) {
			ensure(&d.patch.Resolution).Code = ptr(incident.ResolutionCode(textOf(x)))
		}},
	{name: "resolution.text", kind: incident.KindText, filter: filterAll,
		get:  func(v *incidentView) value { return str(v.inc.Resolution.Text) },
		body: patchedNull, set: func(d *incidentDraft, x any) { ensure(&d.patch.Resolution).Text = ptr(textOf(x)) }},

	{name: "sla", object: true},
	{name: "sla.gtrTargetSeconds", kind: incident.KindInt, filter: filterAll,
		get: func(v *incidentView) value { return integer(v.clock().GTRTargetSeconds) }},
	{name: "sla.gtrDeadline", get: func(v *incidentView) value { return instant(v.clock().GTRDeadline) }},
	{name: "sla.timeToRestoreSeconds", get: func(v *incidentView) value { return integer(v.clock().TimeToRestoreSeconds) }},
	{name: "sla.frozenSeconds", get: func(v *incidentView) value { return integer(v.clock().FrozenSeconds) }},
	{name: "sla.isFrozen", kind: incident.KindBool, filter: filterAll,
		get: func(v *incidentView) value { return boolean(v.clock().IsFrozen) }},
	{name: "sla.isBreached", kind: incident.KindBool, filter: filterAll,
		get: func(v *incidentView) value { return boolean(v.clock().IsBreached) }},

	{name: "labels", object: true},
	{name: "labels.status", get: func(v *incidentView) value { return str(v.label().Status) }},
	{name: "labels.impact", get: func(v *incidentView) value { return str(v.label().Impact) }},
	{name: "labels.urgency", get: func(v *incidentView) value { return str(v.label().Urgency) }},
	{name: "labels.priority", get: func(v *incidentView) value { return str(v.label().Priority) }},
	{name: "labels.serviceCondition", get: func(v *incidentView) value { return str(v.label().ServiceCondition) }},
	{name: "labels.origin", get: func(v *incidentView) value { return str(v.label().Origin) }},
	{name: "labels.type", get: func(v *incidentView) value { return str(v.label().Type) }},
})

// IncidentAttributes are the incident's attributes that listings filter
// and sort on, and the aggregation groups by.
var IncidentAttributes = incidentFields.attributes

func ptr[T any](v T) *T { return &v }

// textOf is a decoded string value; null is the empty string.
func textOf(x any) string {
	s, _ := x.(string)
	return s
}

func setDetectedAt(d *incidentDraft, x any) {
	t, ok := x.(time.Time)
	if !ok {
		d.patch.RemoveDetectedAt = true
		return
	}
	d.patch.DetectedAt, d.create.DetectedAt = &t, &t
}

// set writes a decoded value into the new incident and into the patch.
func set[T any](create *T, patch **T, v T) {
	*create, *patch = v, &v
}

// ensure is the patch of an object, made when the body names the object
// first: a patch that removes the object (Remove) when the body gives null
// for the object itself.
func ensure[T any](p **T) *T {
	if *p == nil {
		*p = new(T)
	}
	return *p
}

// incidentQueryOptions adapt the listing grammar to incidents: every field
// of the catalogue may be named by the fields parameter.
var incidentQueryOptions = QueryOptions{Fields: incidentFields.names, Cursor: true}

// ParseIncidentQuery parses the query string of the incident list (spec §4).
// Query.Now is left for the caller to set.
func ParseIncidentQuery(params map[string][]string, role incident.Role) (incident.Query, error) {
	q, _, err := IncidentAttributes.ParseQueryWith(params, role, incidentQueryOptions)
	return q, err
}

// ParseIncidentAggregation parses the query string of GET /aggregation
// (spec §6). Aggregation.Now is left for the caller to set.
func ParseIncidentAggregation(params map[string][]string, role incident.Role) (incident.Aggregation, error) {
	return IncidentAttributes.ParseAggregation(params, role)
}
