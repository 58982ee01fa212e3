package storetest

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
)

// testAggregateMatchesList is the property that ties the aggregation to the
// listing, over random filters drawn from the whole catalog and random
// groupings: the counts of the groups add up to the listing's total for the
// same filters, and each group's count is the listing's total with the
// group's values added as filters. On the way, the groups and their metrics
// are those of the reference, on generated data that has freeze periods,
// detection times and resolutions.
func testAggregateMatchesList(t *testing.T, f *fixture) {
	all := seedIncidents(t, f, 200, 80)
	now := f.advance(time.Hour)
	r := rand.New(rand.NewPCG(20261126, 6))
	scopes := []incident.Scope{acmeScope, operator}
	const queries = 30
	nonEmpty, multiGroup := 0, 0
	for i := 0; i < queries; i++ {
		scope := scopes[i%2]
		role := incident.RoleCustomer
		if scope.Operator {
			role = incident.RoleOperator
		}
		params := RandomFilters(r, VisibleAttributes(role), func(a incident.Attribute) string {
			return sampleText(all[r.IntN(len(all))], a)
		})
		params.Set(contract.ParamGroupBy, randomGroupBy(r, role))
		params.Set(contract.ParamMetrics, "mttr,breached")
		a, err := contract.ParseIncidentAggregation(params, role)
		if err != nil {
			t.Fatalf("random query %s: %v", params.Encode(), err)
		}
		a.Now = now
		name := fmt.Sprintf("%s as %s", params.Encode(), describe(nil, scope))
		groups, err := f.s.AggregateIncidents(f.ctx, scope, a)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		count := func(extra ...incident.Filter) int {
			// An offset past any total: the listing counts and reads no page.
			q := incident.Query{Filters: append(slices.Clone(a.Filters), extra...), Offset: math.MaxInt32, Limit: 1, Now: now}
			_, total := f.list(scope, q)
			return total
		}
		total, sum := count(), 0
		for _, g := range groups {
			sum += g.Count
		}
		if sum != total {
			t.Errorf("%s: the groups count %d incidents, the list %d", name, sum, total)
		}
		if g, w := formatGroups(groups, a), formatGroups(referenceGroups(all, scope, a), a); g != w {
			t.Errorf("%s: groups and metrics\n got %s\nwant %s", name, g, w)
		}
		for _, g := range groups {
			if got := groupCount(a, g, all, count); got != g.Count {
				t.Errorf("%s: group %s counts %d, the list with its values %d", name, formatKeys(g.Keys), g.Count, got)
			}
		}
		if total > 0 {
			nonEmpty++
		}
		if len(groups) > 1 {
			multiGroup++
		}
	}
	// Random filters must leave something to group most of the time, or
	// the property says little.
	if nonEmpty < queries*2/3 || multiGroup < queries/2 {
		t.Errorf("only %d of %d random queries matched incidents, %d made several groups", nonEmpty, queries, multiGroup)
	}
}

// groupCount counts, with the listing, the incidents having the group's
// key values. An unset value has no filter of its own: it is what remains
// once every set value of the attribute is taken away.
func groupCount(a incident.Aggregation, g incident.Group, all []*incident.Incident, count func(...incident.Filter) int) int {
	var set []incident.Filter
	var unset []incident.Attribute
	for i, k := range a.GroupBy {
		v := g.Keys[i]
		switch {
		case v == nil:
			unset = append(unset, k.Attr)
		case k.Bucket != "":
			set = append(set,
				incident.Filter{Attr: k.Attr, Op: incident.OpGte, Values: []incident.Value{{From: v.From}}},
				incident.Filter{Attr: k.Attr, Op: incident.OpLt, Values: []incident.Value{{From: v.To}}})
		default:
			set = append(set, incident.Filter{Attr: k.Attr, Op: incident.OpEq, Values: []incident.Value{*v}})
		}
	}
	// Inclusion–exclusion over the unset keys: incidents with the set
	// values, less those where some unset key has a value.
	n := 0
	for mask := 0; mask < 1<<len(unset); mask++ {
		filters := slices.Clone(set)
		sign := 1
		for j, attr := range unset {
			if mask&(1<<j) != 0 {
				filters = append(filters, anyValueOf(attr, all))
				sign = -sign
			}
		}
		n += sign * count(filters...)
	}
	return n
}

// anyValueOf is a filter matching every incident whose attribute is set:
// eq over every value the attribute can take.
func anyValueOf(a incident.Attribute, all []*incident.Incident) incident.Filter {
	f := incident.Filter{Attr: a, Op: incident.OpEq}
	values := a.Values
	if a.Kind == incident.KindCountry {
		values = nil
		for _, inc := range all {
			if v := valueOf(inc, a.Name, time.Time{}); v.set && !slices.Contains(values, v.str) {
				values = append(values, v.str)
			}
		}
	}
	for _, v := range values {
		f.Values = append(f.Values, incident.Value{Str: v})
	}
	return f
}

// seedIncidents loads generated incidents of the two customers, created
// over the four months before the fixture's clock, and returns them all.
func seedIncidents(t *testing.T, f *fixture, acmeCount, globexCount int) []*incident.Incident {
	t.Helper()
	plans := []seed.CustomerPlan{
		{ID: acme, Name: "Acme Industries", Country: "FR", Incidents: acmeCount},
		{ID: globex, Name: "Globex", Country: "DE", Incidents: globexCount},
	}
	_, err := seed.Run(f.ctx, f.s, seed.Options{Plans: plans, Seed: 42, From: start.AddDate(0, -4, 0), To: start})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	var all []*incident.Incident
	for {
		q := incident.Query{Sort: []incident.SortKey{{Attr: attr("id")}}, Offset: len(all), Limit: contract.MaxLimit}
		page, total := f.list(operator, q)
		all = append(all, page...)
		if len(page) == 0 || len(all) >= total {
			break
		}
	}
	if len(all) != acmeCount+globexCount {
		t.Fatalf("seeded %d incidents, listed %d", acmeCount+globexCount, len(all))
	}
	return all
}

// randomGroupBy draws one or two groupable attributes, a date with one
// of its buckets.
func randomGroupBy(r *rand.Rand, role incident.Role) string {
	names := contract.IncidentAttributes.GroupableNames(role)
	r.Shuffle(len(names), func(i, j int) { names[i], names[j] = names[j], names[i] })
	names = names[:1+r.IntN(2)]
	for i, n := range names {
		if base, buckets, ok := strings.Cut(n, ":"); ok {
			options := strings.Split(buckets, "|")
			names[i] = base + ":" + options[r.IntN(len(options))]
		}
	}
	return strings.Join(names, ",")
}

// sampleText is an incident's value of the attribute as a client writes it
// in a filter, "" when unset.
func sampleText(inc *incident.Incident, a incident.Attribute) string {
	v := valueOf(inc, a.Name, time.Time{})
	switch {
	case !v.set:
		return ""
	case a.Kind == incident.KindTime:
		return v.at.Format(time.RFC3339Nano)
	case a.Kind == incident.KindInt:
		return strconv.FormatInt(v.num, 10)
	}
	return v.str
}
