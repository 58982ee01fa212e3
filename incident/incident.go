// Package incident is the domain of incidentd: incidents and their lifecycle,
// the priority matrix, the SLA clock, the query model and the typed errors.
// It knows nothing of HTTP or SQL; storage and transport implement or call
// the interfaces declared here.
package incident

import (
	"strconv"
	"time"
)

// Incident is one incident as the domain sees it. Derived values (SLA
// figures, labels) are computed from it, never stored inconsistently.
type Incident struct {
	// Seq is the allocation sequence number behind ID. It orders incidents
	// exactly as their ids were allocated and is the final sort tiebreaker.
	Seq int64
	ID  string

	Customer          CustomerRef
	Status            Status
	Impact            Impact
	Urgency           Urgency
	Priority          Priority
	ServiceCondition  ServiceCondition
	Description       string
	Origin            Origin
	Type              Type
	IsEscalated       bool
	CustomerReference string
	Service           *Service
	Location          *Location
	Contact           *Contact
	Resolution        *Resolution

	CreatedAt       time.Time
	UpdatedAt       time.Time
	StatusChangedAt time.Time
	ResolvedAt      *time.Time
	ClosedAt        *time.Time
	EscalatedAt     *time.Time
	DetectedAt      *time.Time

	Clock Clock

	// Version increases with every stored change; it makes the ETag.
	Version int64
}

// NewIncident is what a reporter gives to open an incident (spec §3.4).
type NewIncident struct {
	// CustomerID names the customer of an operator's incident; customers
	// report for themselves and leave it empty.
	CustomerID        string
	Description       string
	Impact            Impact
	Urgency           Urgency
	Type              Type             // empty: FAILURE
	ServiceCondition  ServiceCondition // empty: the matrix's default for the impact
	CustomerReference string
	Service           *Service
	Location          *Location
	Contact           *Contact
	IsEscalated       bool
	// Origin and DetectedAt are for operators only. An empty Origin is
	// PROACTIVE for an operator's incident, REACTIVE for a customer's.
	Origin     Origin
	DetectedAt *time.Time
}

// Patch is a change to an incident with the semantics of a JSON merge
// patch (RFC 7396): a nil field leaves the attribute alone. Which caller may
// change what is decided by the rules, on the changes the patch makes.
type Patch struct {
	Status           *Status
	Description      *string
	Impact           *Impact
	Urgency          *Urgency
	ServiceCondition *ServiceCondition
	Origin           *Origin
	Type             *Type
	IsEscalated      *bool
	// CustomerReference set to "" removes the reference.
	CustomerReference *string
	Service           *ServicePatch
	Location          *LocationPatch
	Contact           *ContactPatch
	Resolution        *ResolutionPatch
	DetectedAt        *time.Time
	RemoveDetectedAt  bool

	// StatusChangeReason explains a status change in its history entry; it
	// needs Status.
	StatusChangeReason string
	// FreezeReason is the reason of the freeze period that entering PENDING
	// opens (PENDING_CUSTOMER when empty); it needs Status PENDING.
	FreezeReason FreezeReason
}

// ServicePatch changes the impacted service: Remove unsets it; otherwise
// the fields given are set, on a new service when the incident has none.
type ServicePatch struct {
	Remove   bool
	ID, Name *string
}

// LocationPatch changes the location like ServicePatch, its address
// included.
type LocationPatch struct {
	Remove   bool
	ID, Name *string
	Address  *AddressPatch
}

// AddressPatch changes the address of a location like ServicePatch.
type AddressPatch struct {
	Remove                            bool
	Street, PostalCode, City, Country *string
}

// ContactPatch changes the contact like ServicePatch.
type ContactPatch struct {
	Remove             bool
	Name, Email, Phone *string
}

// ResolutionPatch changes the resolution like ServicePatch.
type ResolutionPatch struct {
	Remove bool
	Code   *ResolutionCode
	Text   *string
}

// fields are the writable attributes of an incident, in the order their
// errors and their history entries are reported: each with its value as
// text, its rule, whether customers may change it, and how a new incident
// and a patch set it (objects, which commands give whole, are set apart).
var fields = []field{
	{name: "status", value: func(i *Incident) *string { return textOf(string(i.Status)) }, rule: enumRule(Statuses), customer: true,
		patch: func(i *Incident, p *Patch) { set(&i.Status, p.Status) }},
	{name: "description", value: func(i *Incident) *string { return textOf(i.Description) },
		rule: rule{text: true, min: 1, max: MaxDescription, nonBlank: true}, customer: true,
		create: func(i *Incident, n *NewIncident) { i.Description = n.Description },
		patch:  func(i *Incident, p *Patch) { set(&i.Description, p.Description) }},
	{name: "impact", value: func(i *Incident) *string { return textOf(string(i.Impact)) }, rule: enumRule(Impacts), customer: true,
		create: func(i *Incident, n *NewIncident) { i.Impact = n.Impact },
		patch:  func(i *Incident, p *Patch) { set(&i.Impact, p.Impact) }},
	{name: "urgency", value: func(i *Incident) *string { return textOf(string(i.Urgency)) }, rule: enumRule(Urgencies), customer: true,
		create: func(i *Incident, n *NewIncident) { i.Urgency = n.Urgency },
		patch:  func(i *Incident, p *Patch) { set(&i.Urgency, p.Urgency) }},
	{name: "serviceCondition", value: func(i *Incident) *string { return textOf(string(i.ServiceCondition)) }, rule: enumRule(ServiceConditions), customer: true,
		create: func(i *Incident, n *NewIncident) { i.ServiceCondition = n.ServiceCondition },
		patch:  func(i *Incident, p *Patch) { set(&i.ServiceCondition, p.ServiceCondition) }},
	{name: "origin", value: func(i *Incident) *string { return textOf(string(i.Origin)) }, rule: enumRule(Origins),
		patch: func(i *Incident, p *Patch) { set(&i.Origin, p.Origin) }},
	{name: "type", value: func(i *Incident) *string { return textOf(string(i.Type)) }, rule: enumRule(Types),
		create: func(i *Incident, n *NewIncident) { i.Type = n.Type },
		patch:  func(i *Incident, p *Patch) { set(&i.Type, p.Type) }},
	{name: "isEscalated", value: func(i *Incident) *string { return textOf(strconv.FormatBool(i.IsEscalated)) }, customer: true,
		create: func(i *Incident, n *NewIncident) { i.IsEscalated = n.IsEscalated },
		patch:  func(i *Incident, p *Patch) { set(&i.IsEscalated, p.IsEscalated) }},
	{name: "customerReference", value: func(i *Incident) *string { return optionalText(i.CustomerReference) },
		rule: textRule(MaxCustomerReference), customer: true,
		create: func(i *Incident, n *NewIncident) { i.CustomerReference = n.CustomerReference },
		patch:  func(i *Incident, p *Patch) { set(&i.CustomerReference, p.CustomerReference) }},
	{name: "service.id", value: serviceText(func(s *Service) string { return s.ID }), rule: textRule(MaxRefID), customer: true},
	{name: "service.name", value: serviceText(func(s *Service) string { return s.Name }), rule: textRule(MaxName), customer: true},
	{name: "location.id", value: locationText(func(l *Location) string { return l.ID }), rule: textRule(MaxRefID), customer: true},
	{name: "location.name", value: locationText(func(l *Location) string { return l.Name }), rule: textRule(MaxName), customer: true},
	{name: "location.address.street", value: addressText(func(a *Address) string { return a.Street }), rule: textRule(MaxName), customer: true},
	{name: "location.address.postalCode", value: addressText(func(a *Address) string { return a.PostalCode }), rule: textRule(MaxPostalCode), customer: true},
	{name: "location.address.city", value: addressText(func(a *Address) string { return a.City }), rule: textRule(MaxName), customer: true},
	{name: "location.address.country", value: addressText(func(a *Address) string { return a.Country }),
		rule: rule{text: true, max: MaxRefID, format: isCountryCode, formatKO: MsgFieldCountry}, customer: true},
	{name: "contact.name", value: contactText(func(c *Contact) string { return c.Name }), rule: textRule(MaxName), customer: true},
	{name: "contact.email", value: contactText(func(c *Contact) string { return c.Email }),
		rule: rule{text: true, max: MaxEmail, format: isEmailAddress, formatKO: MsgFieldEmail}, customer: true},
	{name: "contact.phone", value: contactText(func(c *Contact) string { return c.Phone }), rule: textRule(MaxPhone), customer: true},
	{name: "resolution.code", value: resolutionText(func(r *Resolution) string { return string(r.Code) }),
		rule: rule{values: ResolutionCodes, required: true}},
	{name: "resolution.text", value: resolutionText(func(r *Resolution) string { return r.Text }), rule: textRule(MaxResolutionText)},
	{name: "detectedAt", value: func(i *Incident) *string { return timeText(i.DetectedAt) }},
}

// CustomerRef names the customer an incident belongs to.
type CustomerRef struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type Service struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type Location struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Address *Address `json:"address"`
}

type Address struct {
	Street     string `json:"street"`
	PostalCode string `json:"postalCode"`
	City       string `json:"city"`
	// Country is an ISO 3166-1 alpha-2 code.
	Country string `json:"country"`
}

type Contact struct {
	Name  string `json:"name"`
	Email string `json:"email"`
	Phone string `json:"phone"`
}

type Resolution struct {
	Code ResolutionCode `json:"code"`
	Text string         `json:"text"`
}

// Actor is who made a change: a customer's client, a provider's client, or
// the system itself (automatic transitions).
type Actor struct {
	Type ActorType `json:"type"`
	Name string    `json:"name"`
}

// Change is one entry of an incident's history. Field is "status" for status
// changes, else the dot-notation attribute name. From and To are the values
// rendered as text, nil when unset.
type Change struct {
	At     time.Time
	Actor  Actor
	Field  string
	From   *string
	To     *string
	Reason string
}

// ClockStop is when the repair clock stopped for good: the resolution, or
// the cancellation of an incident cancelled before it was resolved (its
// ClosedAt); nil while the clock may still run.
func (inc *Incident) ClockStop() *time.Time {
	if inc.ResolvedAt != nil {
		return inc.ResolvedAt
	}
	if inc.Status == StatusCancelled {
		return inc.ClosedAt
	}
	return nil
}

// ClockStart is when the repair clock starts: the detection time of a
// proactive incident when known, else the creation time.
func (inc *Incident) ClockStart() time.Time {
	if inc.DetectedAt != nil {
		return *inc.DetectedAt
	}
	return inc.CreatedAt
}
