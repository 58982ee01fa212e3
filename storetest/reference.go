package storetest

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// This file is the suite's reference for the query model: what a filter
// matches (the contract's in-memory evaluation, which webhooks and the feed
// use) and how a sort orders (plain Go, written from the API's
// documentation). The store's answers are compared with it.

// value is an attribute of one incident; set is false when it is null.
type value struct {
	set  bool
	str  string
	num  int64
	at   time.Time
	bool bool
}

// valueOf reads an attribute, by its dot-notation name, at the instant now,
// as the representation shows it: what a filter on the attribute is about.
// The id orders as the sequence behind it.
func valueOf(inc *incident.Incident, name string, now time.Time) value {
	v, ok := contract.IncidentAttributeValue(inc, name, now)
	if !ok {
		panic("storetest: no attribute " + name)
	}
	out := value{set: v.Set, str: v.Str, num: v.Int, bool: v.Bool, at: v.Time}
	if name == "id" {
		out.num = inc.Seq
	}
	return out
}

// matches tells whether an incident satisfies a filter, as the event
// filters evaluate it in memory: the store's SQL must agree.
func matches(inc *incident.Incident, f incident.Filter, now time.Time) bool {
	return contract.FilterMatches(inc, f, now)
}

// sorted orders incidents by the keys (default -createdAt), then by
// allocation order in the direction of the last key; nulls come last in
// either direction.
func sorted(incs []*incident.Incident, keys []incident.SortKey, now time.Time) []*incident.Incident {
	if len(keys) == 0 {
		keys = []incident.SortKey{{Attr: attr("createdAt"), Desc: true}}
	}
	out := slices.Clone(incs)
	slices.SortFunc(out, func(a, b *incident.Incident) int {
		for _, k := range keys {
			if c := compareValues(valueOf(a, k.Attr.Name, now), valueOf(b, k.Attr.Name, now), k.Attr, k.Desc); c != 0 {
				return c
			}
		}
		return direction(cmp.Compare(a.Seq, b.Seq), keys[len(keys)-1].Desc)
	})
	return out
}

func compareValues(a, b value, at incident.Attribute, desc bool) int {
	switch {
	case !a.set && !b.set:
		return 0
	case !a.set:
		return 1
	case !b.set:
		return -1
	}
	var c int
	switch at.Kind {
	case incident.KindBool:
		c = cmp.Compare(boolInt(a.bool), boolInt(b.bool))
	case incident.KindTime:
		c = a.at.Compare(b.at)
	case incident.KindInt, incident.KindID: // ids order by allocation
		c = cmp.Compare(a.num, b.num)
	default:
		c = strings.Compare(a.str, b.str)
	}
	return direction(c, desc)
}

func direction(c int, desc bool) int {
	if desc {
		return -c
	}
	return c
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// attr is an incident attribute by name.
func attr(name string) incident.Attribute {
	a, ok := contract.IncidentAttributes.Lookup(name)
	if !ok {
		panic("storetest: unknown attribute " + name)
	}
	return a
}

// Filter builders.

func strs(name string, op incident.Op, values ...string) incident.Filter {
	f := incident.Filter{Attr: attr(name), Op: op, Param: name}
	for _, v := range values {
		f.Values = append(f.Values, incident.Value{Str: v})
	}
	return f
}

func bools(name string, op incident.Op, values ...bool) incident.Filter {
	f := incident.Filter{Attr: attr(name), Op: op, Param: name}
	for _, v := range values {
		f.Values = append(f.Values, incident.Value{Bool: v})
	}
	return f
}

func ints(name string, op incident.Op, values ...int64) incident.Filter {
	f := incident.Filter{Attr: attr(name), Op: op, Param: name}
	for _, v := range values {
		f.Values = append(f.Values, incident.Value{Int: v})
	}
	return f
}

// times filters on time ranges, each [from, to).
func times(name string, op incident.Op, ranges ...[2]time.Time) incident.Filter {
	f := incident.Filter{Attr: attr(name), Op: op, Param: name}
	for _, r := range ranges {
		f.Values = append(f.Values, incident.Value{From: r[0], To: r[1]})
	}
	return f
}

// day is the range of a date-only value: the whole UTC day of t.
func day(t time.Time) [2]time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return [2]time.Time{d, d.AddDate(0, 0, 1)}
}

// instant is the range of a date-time value.
func instant(t time.Time) [2]time.Time { return [2]time.Time{t, t.Add(time.Microsecond)} }
