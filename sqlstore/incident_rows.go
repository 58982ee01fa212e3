package sqlstore

import (
	"database/sql"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// incidentColumns are the columns of the incidents table in the order of
// incidentValues and incidentScan.dest.
var incidentColumns = []string{
	"seq", "id", "customer_id", "status", "impact", "urgency", "priority",
	"service_condition", "origin", "type", "is_escalated", "customer_reference",
	"service_id", "service_name", "location_id", "location_name",
	"address_street", "address_postal_code", "address_city", "address_country",
	"contact_name", "contact_email", "contact_phone", "resolution_code",
	"created_at", "updated_at", "status_changed_at", "resolved_at", "closed_at",
	"escalated_at", "detected_at", "sla_target", "sla_frozen_seconds",
	"sla_frozen_since", "sla_deadline", "sla_stopped_at", "version",
}

// incidentSelect lists incidentColumns qualified by the alias i.
var incidentSelect = "i." + strings.Join(incidentColumns, ", i.")

// immutableColumns are never rewritten by an update.
var immutableColumns = map[string]bool{"seq": true, "id": true, "customer_id": true, "created_at": true}

// incidentValues fills dst (len(incidentColumns)) with the row of inc.
func incidentValues(inc *incident.Incident, dst []any) {
	svc, loc, contact, res := inc.Service, inc.Location, inc.Contact, inc.Resolution
	var addr *incident.Address
	if loc != nil {
		addr = loc.Address
	}
	get := func(present bool, f func() string) any {
		if !present {
			return nil
		}
		return f()
	}
	dst[0] = inc.Seq
	dst[1] = inc.ID
	dst[2] = inc.Customer.ID
	dst[3] = string(inc.Status)
	dst[4] = string(inc.Impact)
	dst[5] = string(inc.Urgency)
	dst[6] = string(inc.Priority)
	dst[7] = string(inc.ServiceCondition)
	dst[8] = string(inc.Origin)
	dst[9] = string(inc.Type)
	dst[10] = inc.IsEscalated
	dst[11] = nullString(inc.CustomerReference)
	dst[12] = get(svc != nil, func() string { return svc.ID })
	dst[13] = get(svc != nil, func() string { return svc.Name })
	dst[14] = get(loc != nil, func() string { return loc.ID })
	dst[15] = get(loc != nil, func() string { return loc.Name })
	dst[16] = get(addr != nil, func() string { return addr.Street })
	dst[17] = get(addr != nil, func() string { return addr.PostalCode })
	dst[18] = get(addr != nil, func() string { return addr.City })
	dst[19] = get(addr != nil, func() string { return addr.Country })
	dst[20] = get(contact != nil, func() string { return contact.Name })
	dst[21] = get(contact != nil, func() string { return contact.Email })
	dst[22] = get(contact != nil, func() string { return contact.Phone })
	dst[23] = get(res != nil, func() string { return string(res.Code) })
	dst[24] = micros(inc.CreatedAt)
	dst[25] = micros(inc.UpdatedAt)
	dst[26] = micros(inc.StatusChangedAt)
	dst[27] = microsPtr(inc.ResolvedAt)
	dst[28] = microsPtr(inc.ClosedAt)
	dst[29] = microsPtr(inc.EscalatedAt)
	dst[30] = microsPtr(inc.DetectedAt)
	dst[31] = inc.Clock.TargetSeconds
	dst[32] = inc.Clock.FrozenSeconds
	dst[33] = microsPtr(inc.Clock.FrozenSince)
	dst[34] = micros(inc.Clock.Deadline)
	dst[35] = microsPtr(inc.StoppedAt())
	dst[36] = inc.Version
}

// textColumns are the columns of incident_texts in the order of textValues.
var textColumns = []string{"incident_seq", "description", "resolution_text"}

func textValues(inc *incident.Incident, dst []any) {
	dst[0] = inc.Seq
	dst[1] = inc.Description
	dst[2] = nil
	if inc.Resolution != nil {
		dst[2] = inc.Resolution.Text
	}
}

// incidentScan receives one row of incidentSelect.
type incidentScan struct {
	inc incident.Incident

	customerRef, svcID, svcName, locID, locName             sql.NullString
	street, postalCode, city, country                       sql.NullString
	contactName, contactEmail, contactPhone, resolutionCode sql.NullString

	created, updated, statusChanged, deadline                     int64
	resolved, closed, escalated, detected, frozenSince, stoppedAt sql.NullInt64
	// stoppedAt is read with the rest of the row and not used: the domain
	// derives it (Incident.StoppedAt); it is stored for filtering only.
}

func (s *incidentScan) dest() []any {
	inc := &s.inc
	return []any{
		&inc.Seq, &inc.ID, &inc.Customer.ID, &inc.Status, &inc.Impact, &inc.Urgency,
		&inc.Priority, &inc.ServiceCondition, &inc.Origin, &inc.Type, &inc.IsEscalated,
		&s.customerRef, &s.svcID, &s.svcName, &s.locID, &s.locName,
		&s.street, &s.postalCode, &s.city, &s.country,
		&s.contactName, &s.contactEmail, &s.contactPhone, &s.resolutionCode,
		&s.created, &s.updated, &s.statusChanged, &s.resolved, &s.closed,
		&s.escalated, &s.detected, &inc.Clock.TargetSeconds, &inc.Clock.FrozenSeconds,
		&s.frozenSince, &s.deadline, &s.stoppedAt, &inc.Version,
	}
}

// incident assembles the scanned row. Texts and the customer's name are
// read separately (setTexts).
func (s *incidentScan) incident() *incident.Incident {
	inc := s.inc
	inc.CustomerReference = s.customerRef.String
	if s.svcID.Valid {
		inc.Service = &incident.Service{ID: s.svcID.String, Name: s.svcName.String}
	}
	if s.locID.Valid {
		inc.Location = &incident.Location{ID: s.locID.String, Name: s.locName.String}
		if s.country.Valid {
			inc.Location.Address = &incident.Address{
				Street: s.street.String, PostalCode: s.postalCode.String,
				City: s.city.String, Country: s.country.String,
			}
		}
	}
	if s.contactName.Valid {
		inc.Contact = &incident.Contact{Name: s.contactName.String, Email: s.contactEmail.String, Phone: s.contactPhone.String}
	}
	if s.resolutionCode.Valid {
		inc.Resolution = &incident.Resolution{Code: incident.ResolutionCode(s.resolutionCode.String)}
	}
	inc.CreatedAt = fromMicros(s.created)
	inc.UpdatedAt = fromMicros(s.updated)
	inc.StatusChangedAt = fromMicros(s.statusChanged)
	inc.ResolvedAt = fromNullMicros(s.resolved)
	inc.ClosedAt = fromNullMicros(s.closed)
	inc.EscalatedAt = fromNullMicros(s.escalated)
	inc.DetectedAt = fromNullMicros(s.detected)
	inc.Clock.FrozenSince = fromNullMicros(s.frozenSince)
	inc.Clock.Deadline = fromMicros(s.deadline)
	return &inc
}

// setTexts completes an incident with its long texts.
func setTexts(inc *incident.Incident, description string, resolutionText sql.NullString) {
	inc.Description = description
	if inc.Resolution != nil {
		inc.Resolution.Text = resolutionText.String
	}
}

// column is how an attribute of contract.IncidentAttributes is read in SQL,
// for filtering and sorting. Expressions refer to the incidents table as i.
type column struct {
	expr string
	// sort, when set, replaces expr in ORDER BY.
	sort     string
	nullable bool
	// breached marks sla.isBreached, whose expression takes the query's
	// instant as its one parameter.
	breached bool
}

// breachedExpr is sla.isBreached at the instant given as its parameter:
// the time to restore stopped (or runs until now) past the deadline.
const breachedExpr = "COALESCE(i.sla_stopped_at, ?) > i.sla_deadline"

// columns maps every filterable attribute name to its column.
var columns = map[string]column{
	"id":                          {expr: "i.id", sort: "i.seq"}, // id order is allocation order
	"customer.id":                 {expr: "i.customer_id"},
	"customer.name":               {expr: "(SELECT c.name FROM customers c WHERE c.id = i.customer_id)"},
	"status":                      {expr: "i.status"},
	"impact":                      {expr: "i.impact"},
	"urgency":                     {expr: "i.urgency"},
	"priority":                    {expr: "i.priority"},
	"serviceCondition":            {expr: "i.service_condition"},
	"description":                 {expr: "(SELECT t.description FROM incident_texts t WHERE t.incident_seq = i.seq)"},
	"origin":                      {expr: "i.origin"},
	"type":                        {expr: "i.type"},
	"isEscalated":                 {expr: "i.is_escalated"},
	"customerReference":           {expr: "i.customer_reference", nullable: true},
	"service.id":                  {expr: "i.service_id", nullable: true},
	"service.name":                {expr: "i.service_name", nullable: true},
	"location.id":                 {expr: "i.location_id", nullable: true},
	"location.name":               {expr: "i.location_name", nullable: true},
	"location.address.street":     {expr: "i.address_street", nullable: true},
	"location.address.postalCode": {expr: "i.address_postal_code", nullable: true},
	"location.address.city":       {expr: "i.address_city", nullable: true},
	"location.address.country":    {expr: "i.address_country", nullable: true},
	"contact.name":                {expr: "i.contact_name", nullable: true},
	"contact.email":               {expr: "i.contact_email", nullable: true},
	"contact.phone":               {expr: "i.contact_phone", nullable: true},
	"resolution.code":             {expr: "i.resolution_code", nullable: true},
	"resolution.text":             {expr: "(SELECT t.resolution_text FROM incident_texts t WHERE t.incident_seq = i.seq)", nullable: true},
	"createdAt":                   {expr: "i.created_at"},
	"updatedAt":                   {expr: "i.updated_at"},
	"statusChangedAt":             {expr: "i.status_changed_at"},
	"resolvedAt":                  {expr: "i.resolved_at", nullable: true},
	"closedAt":                    {expr: "i.closed_at", nullable: true},
	"escalatedAt":                 {expr: "i.escalated_at", nullable: true},
	"detectedAt":                  {expr: "i.detected_at", nullable: true},
	"sla.gtrTargetSeconds":        {expr: "i.sla_target"},
	"sla.isBreached":              {expr: breachedExpr, breached: true},
	"sla.isFrozen":                {expr: "(i.sla_frozen_since IS NOT NULL AND i.resolved_at IS NULL)"},
}

// columnOf finds the column of an attribute.
func columnOf(a incident.Attribute) (column, bool) {
	c, ok := columns[a.Name]
	return c, ok
}
