package storetest

import (
	"math/rand/v2"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// RandomFilters draws zero to three filters on random attributes among
// attrs, with random operators of their kind and values written as a client
// writes them, for property tests. Values are enum and boolean values, or
// the text sample gives for the attribute in a random incident ("" when that
// incident has none: another is drawn), so that the filters select proper
// subsets of the data.
func RandomFilters(r *rand.Rand, attrs []incident.Attribute, sample func(incident.Attribute) string) url.Values {
	attrs = append([]incident.Attribute(nil), attrs...)
	r.Shuffle(len(attrs), func(i, j int) { attrs[i], attrs[j] = attrs[j], attrs[i] })
	params := url.Values{}
	for _, a := range attrs[:r.IntN(min(4, len(attrs)+1))] {
		ops := a.Kind.Operators()
		op := ops[r.IntN(len(ops))]
		name := a.Name
		if op != incident.OpEq || r.IntN(2) == 0 {
			name += "." + string(op)
		}
		for n := 1 + r.IntN(2); n > 0; n-- {
			params.Add(name, randomFilterValue(r, a, op, sample))
		}
	}
	return params
}

// VisibleAttributes are the incident attributes a role may filter on.
func VisibleAttributes(role incident.Role) []incident.Attribute {
	var attrs []incident.Attribute
	for _, a := range contract.IncidentAttributes {
		if !a.OperatorOnly || role == incident.RoleOperator {
			attrs = append(attrs, a)
		}
	}
	return attrs
}

func randomFilterValue(r *rand.Rand, a incident.Attribute, op incident.Op, sample func(incident.Attribute) string) string {
	switch a.Kind {
	case incident.KindEnum, incident.KindOrderedEnum:
		return a.Values[r.IntN(len(a.Values))]
	case incident.KindBool:
		return strconv.FormatBool(r.IntN(2) == 0)
	}
	for range 100 {
		v := sample(a)
		switch {
		case v == "" || strings.Contains(v, ","):
		case a.Kind == incident.KindTime && r.IntN(2) == 0:
			return v[:len(time.DateOnly)]
		case op == incident.OpContains && len(v) > 3:
			i := r.IntN(len(v) - 3)
			if s := v[i : i+3]; !strings.Contains(s, ",") && utf8.ValidString(s) {
				return s
			}
		default:
			return v
		}
	}
	// No incident has one: a value that matches nothing.
	switch a.Kind {
	case incident.KindTime:
		return "2001-01-01"
	case incident.KindInt:
		return "1"
	case incident.KindID:
		return "0101N00001"
	case incident.KindCountry:
		return "ZZ"
	}
	return "no such value"
}
