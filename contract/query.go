package contract

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Reserved parameters of every listing; every other parameter is a filter.
const (
	ParamSort   = "sort"
	ParamOffset = "offset"
	ParamLimit  = "limit"
	ParamFields = "fields"
	// ParamCursor continues a listing after a position of its order.
	ParamCursor = "cursor"
)

// DefaultSort is the order of a listing whose request names none, in the
// syntax of the sort parameter.
const DefaultSort = "-createdAt"

// MaxLimit is the largest page a listing serves (spec §4).
const MaxLimit = 1000

// MaxQueryValues bounds the number of filter values of one query, so that a
// long query string cannot turn into an unbounded SQL statement.
const MaxQueryValues = 500

// MaxFilters bounds the filters of one query: the distinct pairs of an
// attribute and an operator, each with its values.
const MaxFilters = 20

// Lengths of filter values, in characters. A value is at most as long as
// the longest text stored (nothing longer could match it); a contains
// value, a search term, is shorter, since the database compares it at
// every position of every text it reads.
const (
	MaxFilterValueLength   = 4000
	MaxContainsValueLength = 200
)

// QueryOptions adapt the listing grammar to one endpoint.
type QueryOptions struct {
	// Reserved names extra parameters the endpoint reads itself (groupBy and
	// metrics of the aggregation): they are not filters. Like the other
	// reserved parameters they are matched case-insensitively and may appear
	// once, with a non-empty value; ParseQueryWith returns their values under
	// the names written here.
	Reserved []string
	// Fields lists the representation fields the fields parameter may name
	// besides the catalog's attributes and the objects holding them
	// (location, location.address): href, labels, clock figures...
	Fields []string
	// DefaultSort is the order when the request has no sort parameter;
	// empty means DefaultSort.
	DefaultSort string
	// Cursor takes the cursor parameter: the position after which a page
	// starts (NextCursor), instead of an offset.
	Cursor bool
}

// Catalog is the set of attributes a listing accepts: those of a
// resource's field catalogue that filter and sort.
type Catalog []incident.Attribute

// Lookup finds an attribute by name, case-insensitively (the published
// guide writes Priority=P1).
func (c Catalog) Lookup(name string) (incident.Attribute, bool) {
	for _, a := range c {
		if strings.EqualFold(a.Name, name) {
			return a, true
		}
	}
	return incident.Attribute{}, false
}

// ParseQueryWith parses the query string of a listing over the catalog:
// filters, sort, offset, limit, fields, and the options' extra reserved
// parameters, whose values it returns by name. Attributes marked
// OperatorOnly are unknown to other roles. Every error is an *incident.Error with
// incident.CodeInvalidQueryParam naming the parameter. incident.Query.Now is left for the
// caller to set.
func (c Catalog) ParseQueryWith(params map[string][]string, role incident.Role, opts QueryOptions) (incident.Query, map[string]string, error) {
	p := queryParser{catalog: c, role: role, opts: opts, single: map[string]single{}, filters: map[filterKey]*incident.Filter{}}
	names := make([]string, 0, len(params))
	for name := range params {
		names = append(names, name)
	}
	sort.Strings(names) // errors and filter params do not depend on map order
	for _, name := range names {
		if err := p.param(name, params[name]); err != nil {
			return incident.Query{}, nil, err
		}
	}
	q, err := p.query()
	if err != nil {
		return incident.Query{}, nil, err
	}
	reserved := map[string]string{}
	for _, r := range opts.Reserved {
		if s, ok := p.single[strings.ToLower(r)]; ok {
			reserved[r] = s.value
		}
	}
	return q, reserved, nil
}

// single is a reserved parameter's value and its name as written.
type single struct{ param, value string }

type filterKey struct {
	attr string
	op   incident.Op
}

type queryParser struct {
	catalog Catalog
	role    incident.Role
	opts    QueryOptions
	single  map[string]single // by lower-case reserved name
	filters map[filterKey]*incident.Filter
	values  int
}

func (p *queryParser) param(name string, values []string) error {
	if p.isReserved(name) {
		key := strings.ToLower(name)
		if _, dup := p.single[key]; dup || len(values) != 1 {
			return queryError(MsgQueryDuplicateParam, name)
		}
		if values[0] == "" {
			return queryError(MsgQueryEmptyValue, name)
		}
		p.single[key] = single{name, values[0]}
		return nil
	}
	attr, op, err := p.target(name)
	if err != nil {
		return err
	}
	key := filterKey{attr.Name, op}
	f := p.filters[key]
	if f == nil {
		if len(p.filters) == MaxFilters {
			return queryError(MsgQueryTooManyFilters, name, MaxFilters)
		}
		f = &incident.Filter{Attr: attr, Op: op, Param: name}
		p.filters[key] = f
	}
	maxLength := MaxFilterValueLength
	if op == incident.OpContains {
		maxLength = MaxContainsValueLength
	}
	for _, v := range values {
		for _, raw := range strings.Split(v, ",") {
			if p.values++; p.values > MaxQueryValues {
				return queryError(MsgQueryTooManyValues, name, MaxQueryValues)
			}
			if len(raw) > maxLength && utf8.RuneCountInString(raw) > maxLength {
				return queryError(MsgQueryValueTooLong, name, maxLength)
			}
			val, err := parseValue(attr.Kind, attr.Values, name, raw)
			if err != nil {
				return err
			}
			f.Values = append(f.Values, val)
		}
	}
	return nil
}

func (p *queryParser) isReserved(name string) bool {
	reserved := append([]string{ParamSort, ParamOffset, ParamLimit, ParamFields}, p.opts.Reserved...)
	if p.opts.Cursor {
		reserved = append(reserved, ParamCursor)
	}
	for _, r := range reserved {
		if strings.EqualFold(r, name) {
			return true
		}
	}
	return false
}

// target splits a filter parameter into its attribute and operator: the
// whole name is an attribute (eq), or the last dot segment is an operator.
func (p *queryParser) target(name string) (incident.Attribute, incident.Op, error) {
	if a, ok := p.visible(name); ok {
		return a, incident.OpEq, nil
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		if a, ok := p.visible(name[:i]); ok {
			op := incident.Op(strings.ToLower(name[i+1:]))
			if !a.Kind.Allows(op) {
				return incident.Attribute{}, "", queryError(MsgQueryUnknownOperator, name, name[i+1:], joinOps(a.Kind.Operators()))
			}
			return a, op, nil
		}
	}
	return incident.Attribute{}, "", queryError(MsgQueryUnknownAttribute, name)
}

// visible looks an attribute up for the caller's role.
func (p *queryParser) visible(name string) (incident.Attribute, bool) {
	a, ok := p.catalog.Lookup(name)
	if !ok || (a.OperatorOnly && p.role != incident.RoleOperator) {
		return incident.Attribute{}, false
	}
	return a, true
}

// query assembles the parsed parameters, reserved ones in a fixed order.
func (p *queryParser) query() (incident.Query, error) {
	q := incident.Query{Limit: incident.DefaultLimit}
	if s, ok := p.single[ParamOffset]; ok {
		n, ok := parseCount(s.value)
		if !ok {
			return incident.Query{}, queryError(MsgQueryOffset, s.param)
		}
		q.Offset = n
	}
	if s, ok := p.single[ParamLimit]; ok {
		n, ok := parseCount(s.value)
		if !ok || n < 1 || n > MaxLimit {
			return incident.Query{}, queryError(MsgQueryLimit, s.param, MaxLimit)
		}
		q.Limit = n
	}
	sortParam := single{ParamSort, p.opts.DefaultSort}
	if sortParam.value == "" {
		sortParam.value = DefaultSort
	}
	if s, ok := p.single[ParamSort]; ok {
		sortParam = s
	}
	keys, err := p.sortKeys(sortParam)
	if err != nil {
		return incident.Query{}, err
	}
	q.Sort = keys
	if s, ok := p.single[ParamFields]; ok {
		if q.Fields, err = p.fields(s); err != nil {
			return incident.Query{}, err
		}
	}
	q.Filters = p.sortedFilters()
	if s, ok := p.single[ParamCursor]; ok {
		if offset, given := p.single[ParamOffset]; given {
			return incident.Query{}, queryError(MsgQueryCursorOffset, offset.param, s.param)
		}
		if q.After, err = decodeCursor(s, q.Sort); err != nil {
			return incident.Query{}, err
		}
	}
	return q, nil
}

// parseCount parses a non-negative decimal integer written with digits only.
func parseCount(s string) (int, bool) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

func (p *queryParser) sortKeys(s single) ([]incident.SortKey, error) {
	var keys []incident.SortKey
	seen := map[string]bool{}
	for _, item := range strings.Split(s.value, ",") {
		name, desc := strings.CutPrefix(item, "-")
		a, ok := p.visible(name)
		if !ok {
			return nil, queryError(MsgQuerySortAttribute, s.param, item)
		}
		if seen[a.Name] {
			return nil, queryError(MsgQuerySortTwice, s.param, a.Name)
		}
		seen[a.Name] = true
		keys = append(keys, incident.SortKey{Attr: a, Desc: desc})
	}
	return keys, nil
}

// fields resolves the fields parameter to canonical names, in the order
// given, each once.
func (p *queryParser) fields(s single) ([]string, error) {
	known := map[string]string{}
	add := func(name string) {
		for {
			known[strings.ToLower(name)] = name
			i := strings.LastIndexByte(name, '.')
			if i < 0 {
				return
			}
			name = name[:i]
		}
	}
	for _, a := range p.catalog {
		add(a.Name)
	}
	for _, f := range p.opts.Fields {
		add(f)
	}
	var out []string
	seen := map[string]bool{}
	for _, item := range strings.Split(s.value, ",") {
		name, ok := known[strings.ToLower(item)]
		if !ok {
			return nil, queryError(MsgQueryUnknownField, s.param, item)
		}
		if !seen[name] {
			seen[name] = true
			out = append(out, name)
		}
	}
	return out, nil
}

// sortedFilters orders the filters as the catalog orders its attributes,
// then by operator, so that equal queries compile to equal statements.
func (p *queryParser) sortedFilters() []incident.Filter {
	rank := map[string]int{}
	for i, a := range p.catalog {
		rank[a.Name] = i
	}
	var out []incident.Filter
	for _, f := range p.filters {
		out = append(out, *f)
	}
	sort.Slice(out, func(i, j int) bool {
		if ri, rj := rank[out[i].Attr.Name], rank[out[j].Attr.Name]; ri != rj {
			return ri < rj
		}
		return incident.OpRank(out[i].Op) < incident.OpRank(out[j].Op)
	})
	return out
}

func joinOps(ops []incident.Op) string {
	s := make([]string, len(ops))
	for i, o := range ops {
		s[i] = string(o)
	}
	return strings.Join(s, ", ")
}

// parseValue parses one filter value of an attribute of the kind.
func parseValue(kind incident.Kind, enum []string, param, raw string) (incident.Value, error) {
	if raw == "" {
		return incident.Value{}, queryError(MsgQueryEmptyValue, param)
	}
	if !utf8.ValidString(raw) || strings.ContainsRune(raw, 0) {
		return incident.Value{}, queryError(MsgQueryInvalidText, param)
	}
	switch kind {
	case incident.KindEnum, incident.KindOrderedEnum:
		for _, v := range enum {
			if strings.EqualFold(v, raw) {
				return incident.Value{Str: v}, nil
			}
		}
		return incident.Value{}, queryError(MsgQueryEnumValue, param, raw, strings.Join(enum, ", "))
	case incident.KindBool:
		if raw != "true" && raw != "false" {
			return incident.Value{}, queryError(MsgQueryBoolValue, param, raw)
		}
		return incident.Value{Bool: raw == "true"}, nil
	case incident.KindTime:
		from, to, ok := parseTimeRange(raw)
		if !ok {
			return incident.Value{}, queryError(MsgQueryTimeValue, param, raw)
		}
		return incident.Value{From: from, To: to}, nil
	case incident.KindInt:
		n, err := strconv.ParseInt(raw, 10, 64)
		if err != nil {
			return incident.Value{}, queryError(MsgQueryIntValue, param, raw)
		}
		return incident.Value{Int: n}, nil
	case incident.KindCountry:
		c, ok := incident.CountryCode(raw)
		if !ok {
			return incident.Value{}, queryError(MsgQueryCountryValue, param, raw)
		}
		return incident.Value{Str: c}, nil
	case incident.KindID:
		if !incident.ValidID(raw) {
			return incident.Value{}, queryError(MsgQueryIDValue, param, raw)
		}
		return incident.Value{Str: raw}, nil
	default: // string, text
		return incident.Value{Str: raw}, nil
	}
}

// parseTimeRange reads a date (the whole UTC day) or an RFC 3339 date-time
// (the microsecond it falls in, storage keeping microseconds) as [from, to).
func parseTimeRange(s string) (from, to time.Time, ok bool) {
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, t.AddDate(0, 0, 1), true
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, time.Time{}, false
	}
	t = t.UTC().Truncate(time.Microsecond)
	return t, t.Add(time.Microsecond), true
}

func queryError(key text.Key, args ...any) *incident.Error {
	return incident.Errorf(incident.CodeInvalidQueryParam, key, args...)
}
