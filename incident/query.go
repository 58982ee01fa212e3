package incident

import (
	"strings"
	"time"
)

// Kind is the type of a filterable attribute: it decides which operators
// apply and how values are parsed.
type Kind int

const (
	KindString      Kind = iota // short text: every operator, contains case-insensitive
	KindText                    // long text: eq, ne, contains
	KindEnum                    // eq, ne; values checked
	KindOrderedEnum             // enum whose order means something (S1 < S2): every comparison
	KindBool                    // eq, ne; true or false
	KindTime                    // RFC 3339 date-time or YYYY-MM-DD; every comparison
	KindInt                     // every comparison
	KindCountry                 // ISO 3166-1 alpha-2, upper case; eq, ne
	KindID                      // incident id; eq, ne
)

// Op is a filter operator, written as a suffix of the attribute name
// (priority.ne=P4); no suffix means eq.
type Op string

const (
	OpEq       Op = "eq"
	OpNe       Op = "ne"
	OpGt       Op = "gt"
	OpGte      Op = "gte"
	OpLt       Op = "lt"
	OpLte      Op = "lte"
	OpContains Op = "contains"
)

// Attribute is one filterable and sortable attribute of a resource, named in
// dot notation as on the wire.
type Attribute struct {
	Name         string
	Kind         Kind
	Values       []string // enum values
	OperatorOnly bool     // visible to operators only (customer.id)
}

// Catalog is the set of attributes a listing accepts.
type Catalog []Attribute

// Lookup finds an attribute by name, case-insensitively (the published guide
// writes Priority=P1).
func (c Catalog) Lookup(name string) (Attribute, bool) {
	for _, a := range c {
		if strings.EqualFold(a.Name, name) {
			return a, true
		}
	}
	return Attribute{}, false
}

// IncidentAttributes are the filterable and sortable attributes of an
// incident. Attributes whose value moves with the clock (timeToRestoreSeconds,
// frozenSeconds, gtrDeadline) are not filterable; isBreached and isFrozen are.
var IncidentAttributes = Catalog{
	{Name: "id", Kind: KindID},
	{Name: "customer.id", Kind: KindString, OperatorOnly: true},
	{Name: "customer.name", Kind: KindString, OperatorOnly: true},
	{Name: "status", Kind: KindEnum, Values: Statuses},
	{Name: "impact", Kind: KindOrderedEnum, Values: Impacts},
	{Name: "urgency", Kind: KindOrderedEnum, Values: Urgencies},
	{Name: "priority", Kind: KindOrderedEnum, Values: Priorities},
	{Name: "serviceCondition", Kind: KindEnum, Values: ServiceConditions},
	{Name: "description", Kind: KindText},
	{Name: "origin", Kind: KindEnum, Values: Origins},
	{Name: "type", Kind: KindEnum, Values: Types},
	{Name: "isEscalated", Kind: KindBool},
	{Name: "customerReference", Kind: KindString},
	{Name: "service.id", Kind: KindString},
	{Name: "service.name", Kind: KindString},
	{Name: "location.id", Kind: KindString},
	{Name: "location.name", Kind: KindString},
	{Name: "location.address.street", Kind: KindString},
	{Name: "location.address.postalCode", Kind: KindString},
	{Name: "location.address.city", Kind: KindString},
	{Name: "location.address.country", Kind: KindCountry},
	{Name: "contact.name", Kind: KindString},
	{Name: "contact.email", Kind: KindString},
	{Name: "contact.phone", Kind: KindString},
	{Name: "resolution.code", Kind: KindEnum, Values: ResolutionCodes},
	{Name: "resolution.text", Kind: KindText},
	{Name: "createdAt", Kind: KindTime},
	{Name: "updatedAt", Kind: KindTime},
	{Name: "statusChangedAt", Kind: KindTime},
	{Name: "resolvedAt", Kind: KindTime},
	{Name: "closedAt", Kind: KindTime},
	{Name: "escalatedAt", Kind: KindTime},
	{Name: "detectedAt", Kind: KindTime},
	{Name: "sla.gtrTargetSeconds", Kind: KindInt},
	{Name: "sla.isBreached", Kind: KindBool},
	{Name: "sla.isFrozen", Kind: KindBool},
}

// Value is one parsed filter value; which field is set depends on the
// attribute's kind.
type Value struct {
	Str  string // string, text, enum, country, id
	Bool bool
	Int  int64
	// A time value is the range [From, To): a date-time t is [t, t+1µs), a
	// date is the whole UTC day. So createdAt=2026-11-26 matches that day,
	// createdAt.gt=2026-11-26 starts the day after, and lte includes it.
	From, To time.Time
}

// Filter is one condition: the attribute compared with any of the values
// (OR); the conditions of a query all apply (AND).
type Filter struct {
	Attr   Attribute
	Op     Op
	Values []Value
	// Param is the query-string parameter the filter came from, for errors.
	Param string
}

// SortKey orders by one attribute.
type SortKey struct {
	Attr Attribute
	Desc bool
}

const (
	DefaultLimit = 100
	MaxLimit     = 1000
)

// Query is a parsed listing request. Storage always ends the order with the
// id (allocation order, in the direction of the last key) so pages never
// overlap or skip.
type Query struct {
	Filters []Filter
	Sort    []SortKey
	Offset  int
	Limit   int
	// Fields restricts the representation to these dot-notation attributes
	// (id always included); empty means every attribute.
	Fields []string
	// Now is the instant clock-dependent filters (sla.isBreached) are
	// evaluated at; the representation uses the same instant.
	Now time.Time
}
