package contract

import (
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// A resource's field catalogue lists every field of its representation
// once, in the order of the representation, named in dot notation as on
// the wire (location.address.country). Each field says what it is (its
// kind and values), whether listings filter and sort on it, how requests
// may write it, and how to read it from the resource (V, a view of one
// resource) and write it into a command (C). From the catalogue come the
// listing's attributes, the fields parameter, the JSON representation and
// its projections, the CSV columns, and the shape of request bodies.

// field is one field of a catalogue.
type field[V, C any] struct {
	name string
	// object marks a field holding the fields named below it; present
	// tells whether it is set (nil: always), a null object otherwise.
	object  bool
	present func(*V) bool

	kind   incident.Kind
	values []string // an enumeration's values
	filter filtering

	get func(*V) value // a leaf's value
	// within are the presence tests of the objects holding the field, set
	// by newCatalogue: a field inside an unset object has no value.
	within []func(*V) bool
	body   bodyRule
	// set writes a decoded request value into the command: a string, a
	// bool, a time.Time, a map (an object given) or nil (null).
	set func(*C, any)
}

// filtering says who may filter and sort on a field.
type filtering uint8

const (
	noFilter        filtering = iota
	filterAll                 // every caller
	filterOperators           // operators only: unknown to customers
)

// attribute is the field as the listing grammar knows it.
func (f *field[V, C]) attribute() incident.Attribute {
	return incident.Attribute{Name: f.name, Kind: f.kind, Values: f.values, OperatorOnly: f.filter == filterOperators}
}

// valueKind is the JSON type of a value.
type valueKind uint8

const (
	null valueKind = iota
	stringValue
	intValue
	boolValue
	timeValue
	intsValue
)

// value is one field's value in a representation.
type value struct {
	kind valueKind
	s    string
	n    int64
	b    bool
	t    time.Time
	ns   []int64
}

func str(s string) value        { return value{kind: stringValue, s: s} }
func integer(n int64) value     { return value{kind: intValue, n: n} }
func boolean(b bool) value      { return value{kind: boolValue, b: b} }
func instant(t time.Time) value { return value{kind: timeValue, t: t} }

// optionalString is null for an empty string.
func optionalString(s string) value {
	if s == "" {
		return value{}
	}
	return str(s)
}

// optionalInstant is null for a nil time.
func optionalInstant(t *time.Time) value {
	if t == nil {
		return value{}
	}
	return instant(*t)
}

// appendJSON appends the value as JSON.
func (v value) appendJSON(dst []byte) []byte {
	switch v.kind {
	case stringValue:
		return appendString(dst, v.s)
	case intValue:
		return appendInt(dst, v.n)
	case boolValue:
		return appendBool(dst, v.b)
	case timeValue:
		return appendTime(dst, v.t)
	case intsValue:
		dst = append(dst, '[')
		for i, n := range v.ns {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendInt(dst, n)
		}
		return append(dst, ']')
	}
	return append(dst, "null"...)
}

// valueIn reads a field's value; null inside an unset object.
func (f *field[V, C]) valueIn(v *V) value {
	for _, present := range f.within {
		if present != nil && !present(v) {
			return value{}
		}
	}
	return f.get(v)
}

// text is the value as a CSV cell: as in JSON without the quotes, empty
// for null.
func (v value) text() string {
	switch v.kind {
	case stringValue:
		return v.s
	case intValue:
		return itoa(v.n)
	case boolValue:
		if v.b {
			return "true"
		}
		return "false"
	case timeValue:
		return v.t.UTC().Format(TimeLayout)
	}
	return ""
}

// catalogue is a resource's fields and what is derived from them once.
type catalogue[V, C any] struct {
	fields []field[V, C]
	root   *node[V, C]
	// attributes are the fields listings filter and sort on.
	attributes Catalog
	// names are the field names the fields parameter may name.
	names []string
	// columns are the leaves, the columns of a CSV export.
	columns []*field[V, C]
}

// node is a field in the tree of the representation.
type node[V, C any] struct {
	f        *field[V, C]
	key      string // the last segment of the name
	member   []byte // "key": as JSON
	children []*node[V, C]
}

func newCatalogue[V, C any](fields []field[V, C]) *catalogue[V, C] {
	c := &catalogue[V, C]{fields: fields, root: &node[V, C]{}}
	byName := map[string]*node[V, C]{"": c.root}
	for i := range fields {
		f := &fields[i]
		parent, key := "", f.name
		if j := strings.LastIndexByte(f.name, '.'); j >= 0 {
			parent, key = f.name[:j], f.name[j+1:]
		}
		p, ok := byName[parent]
		if !ok {
			panic("contract: field " + f.name + " comes before its object")
		}
		n := &node[V, C]{f: f, key: key, member: memberKey(key)}
		p.children = append(p.children, n)
		if p.f != nil {
			f.within = append(append(f.within, p.f.within...), p.f.present)
		}
		byName[f.name] = n
		c.names = append(c.names, f.name)
		if f.filter != noFilter {
			c.attributes = append(c.attributes, f.attribute())
		}
		if !f.object {
			c.columns = append(c.columns, f)
		}
	}
	return c
}

// appendObject appends the JSON object of a node's children, keeping only
// the selected ones when sel is not nil.
func (n *node[V, C]) appendObject(dst []byte, v *V, sel *selection) []byte {
	dst = append(dst, '{')
	first := true
	for _, child := range n.children {
		var childSel *selection
		if sel != nil {
			var ok bool
			if childSel, ok = sel.child(child.key); !ok {
				continue
			}
		}
		if !first {
			dst = append(dst, ',')
		}
		dst = append(dst, child.member...)
		first = false
		dst = child.appendValue(dst, v, childSel)
	}
	return append(dst, '}')
}

func (n *node[V, C]) appendValue(dst []byte, v *V, sel *selection) []byte {
	if !n.f.object {
		return n.f.get(v).appendJSON(dst)
	}
	if n.f.present != nil && !n.f.present(v) {
		return append(dst, "null"...)
	}
	return n.appendObject(dst, v, sel)
}

// selection is the part of a representation the fields parameter keeps: a
// nil selection keeps everything below it.
type selection struct {
	children map[string]*selection
}

// child is the selection of a child and whether the child is kept.
func (s *selection) child(key string) (*selection, bool) {
	c, ok := s.children[key]
	return c, ok
}

// selectFields makes the selection of the named fields, the id always
// among them: a name keeps its field whole, and the objects on its way
// with only what is named inside them.
func selectFields(names []string) *selection {
	root := &selection{children: map[string]*selection{}}
	for _, name := range append([]string{"id"}, names...) {
		s := root
		parts := strings.Split(name, ".")
		for i, part := range parts {
			next, seen := s.children[part]
			switch {
			case i == len(parts)-1:
				s.children[part] = nil // whole
			case seen && next == nil:
				// already kept whole
			case !seen:
				next = &selection{children: map[string]*selection{}}
				s.children[part] = next
			}
			if next == nil {
				break
			}
			s = next
		}
	}
	return root
}

// csvColumns are the columns of an export: every leaf, or those the fields
// parameter names (an object stands for its leaves), with the id first
// unless it is named.
func (c *catalogue[V, C]) csvColumns(names []string) []*field[V, C] {
	if len(names) == 0 {
		return c.columns
	}
	var out []*field[V, C]
	seen := map[string]bool{}
	add := func(f *field[V, C]) {
		if !seen[f.name] {
			seen[f.name] = true
			out = append(out, f)
		}
	}
	named := false
	for _, n := range names {
		named = named || n == "id"
	}
	if !named {
		for _, f := range c.columns {
			if f.name == "id" {
				add(f)
			}
		}
	}
	for _, n := range names {
		for _, f := range c.columns {
			if f.name == n || strings.HasPrefix(f.name, n+".") {
				add(f)
			}
		}
	}
	return out
}

// appendJSON appends one resource's representation, projected on the
// fields named when there are some.
func (c *catalogue[V, C]) appendJSON(dst []byte, v *V, fields []string) []byte {
	var sel *selection
	if len(fields) > 0 {
		sel = selectFields(fields)
	}
	return c.root.appendObject(dst, v, sel)
}
