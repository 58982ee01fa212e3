package incident

import "time"

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

// DefaultLimit is the page size of a query that sets none.
const DefaultLimit = 100

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
	// After, when set, starts the page after this position of the order
	// instead of at Offset (keyset pagination): a page then costs the same
	// however far it is, and incidents created meanwhile before the
	// position neither repeat nor push others over the page's edge.
	After *Position
}

// Position is a place in the order of a query: the values of its sort keys
// for one incident, in the order of the keys (nil for an unset value), and
// that incident's sequence number, which ends every order.
type Position struct {
	Keys []*Value
	Seq  int64
}

var allOps = []Op{OpEq, OpNe, OpGt, OpGte, OpLt, OpLte, OpContains}

// Operators lists the operators a filter on an attribute of the kind takes.
func (k Kind) Operators() []Op {
	switch k {
	case KindString:
		return allOps
	case KindText:
		return []Op{OpEq, OpNe, OpContains}
	case KindOrderedEnum, KindTime, KindInt:
		return allOps[:6]
	default: // enum, bool, country, id
		return allOps[:2]
	}
}

// Allows reports whether a filter on an attribute of the kind takes op.
func (k Kind) Allows(op Op) bool {
	for _, o := range k.Operators() {
		if o == op {
			return true
		}
	}
	return false
}

// OpRank is the place of an operator in the order of Op's constants, so
// that filters sort the same way whatever order a request gave them in.
func OpRank(op Op) int {
	for i, o := range allOps {
		if o == op {
			return i
		}
	}
	return len(allOps)
}
