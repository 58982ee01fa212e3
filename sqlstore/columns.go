package sqlstore

import "github.com/incidentd/incidentd/incident"

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
