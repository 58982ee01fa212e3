package storetest

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// testAggregate compares the store's groups with a reference computed here
// from the incidents themselves: every groupable attribute alone, some
// combinations, every bucket, every metric, with and without filters.
func testAggregate(t *testing.T, f *fixture) {
	all, _ := filterData(f)
	all = append(all, restoredData(f)...)
	now := f.clock()
	cases := []struct {
		groupBy, metrics string
		filters          []incident.Filter
	}{
		{groupBy: "status,priority"},
		{groupBy: "status,priority", metrics: "count,mttr,breached", filters: []incident.Filter{strs("status", incident.OpNe, "CANCELLED")}},
		{groupBy: "location.address.country,isEscalated", metrics: "breached"},
		{groupBy: "resolution.code", metrics: "mttr"},
		{groupBy: "createdAt:day", metrics: "mttr,breached"},
		{groupBy: "createdAt:week,priority"},
		{groupBy: "createdAt:month,status", metrics: "mttr"},
		{groupBy: "sla.isBreached,sla.isFrozen", metrics: "breached"},
		{groupBy: "impact,urgency,origin,type,serviceCondition", filters: []incident.Filter{strs("priority", incident.OpLte, "P2")}},
		{metrics: "count,mttr,breached"},
		{groupBy: "priority", metrics: "mttr,breached", filters: []incident.Filter{strs("priority", incident.OpEq, "P4"), strs("impact", incident.OpEq, "S1")}},
		{metrics: "mttr,breached", filters: []incident.Filter{strs("status", incident.OpEq, "CLOSED")}},
	}
	for _, name := range contract.IncidentAttributes.GroupableNames(incident.RoleOperator) {
		name, _, _ = strings.Cut(name, ":")
		if name == "createdAt" {
			continue // every bucket is above
		}
		cases = append(cases, struct {
			groupBy, metrics string
			filters          []incident.Filter
		}{groupBy: name, metrics: "count,mttr,breached"})
	}
	covered := map[string]bool{}
	for _, c := range cases {
		for _, scope := range []incident.Scope{acmeScope, operator} {
			if strings.Contains(c.groupBy, "customer.") && !scope.Operator {
				continue
			}
			a := parseAggregation(t, c.groupBy, c.metrics)
			a.Filters, a.Now = c.filters, now
			name := fmt.Sprintf("groupBy=%s metrics=%s %s", c.groupBy, c.metrics, describe(c.filters, scope))
			got, err := f.s.AggregateIncidents(f.ctx, scope, a)
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			want := referenceGroups(all, scope, a)
			if g, w := formatGroups(got, a), formatGroups(want, a); g != w {
				t.Errorf("%s:\n got %s\nwant %s", name, g, w)
			}
			for _, g := range want {
				if g.Resolved > 0 && g.Resolved < g.Count {
					covered["mttr over some of a group"] = true
				}
				if g.Breached > 0 {
					covered["breached"] = true
				}
				for _, k := range g.Keys {
					if k == nil {
						covered["null key"] = true
					}
				}
			}
		}
	}
	for _, what := range []string{"mttr over some of a group", "breached", "null key"} {
		if !covered[what] {
			t.Errorf("the data never exercises %s", what)
		}
	}
}

// restoredData stores incidents whose time to restore has every part: a
// detection before the creation, freeze periods of odd lengths, a closure
// after the resolution, and a reopening that takes an incident out of the
// mean. It returns them as stored.
func restoredData(f *fixture) []*incident.Incident {
	step := func(d time.Duration, id string, edits ...func(*incident.Edit) error) {
		f.advance(d)
		for _, edit := range edits {
			f.update(operator, id, edit)
		}
	}
	reopen := func(e *incident.Edit) error {
		setStatus(e, incident.StatusInProgress)
		e.Incident.ResolvedAt, e.Incident.Resolution = nil, nil
		recompute(e)
		return nil
	}
	var ids []string
	for i, spec := range []struct {
		impact   incident.Impact
		urgency  incident.Urgency
		detected time.Duration // before the creation; 0: reactive
	}{{incident.ImpactS1, incident.UrgencyU1, 0}, {incident.ImpactS2, incident.UrgencyU2, 47*time.Minute + 3500*time.Millisecond}, {incident.ImpactS1, incident.UrgencyU1, 0}, {incident.ImpactS3, incident.UrgencyU1, 0}} {
		inc := newIncident(acme, withImpact(spec.impact, spec.urgency), withCountry("FR"))
		if spec.detected > 0 {
			at := f.clock().Add(-spec.detected)
			inc.Origin, inc.DetectedAt = incident.OriginProactive, &at
		}
		id := f.create(inc).ID
		ids = append(ids, id)
		step(13*time.Minute+250*time.Millisecond, id, statusEdit(incident.StatusInProgress))
		step(time.Hour+1700*time.Millisecond, id, pendingEdit)
		step(2*time.Hour+12*time.Minute+900*time.Millisecond, id, statusEdit(incident.StatusInProgress))
		step(time.Duration(i+1)*(5*time.Hour+333*time.Millisecond), id, pendingEdit)
		step(17*time.Minute+999*time.Millisecond, id, resolveEdit(incident.ResolutionFixed, "Replaced the router"))
		switch i {
		case 1:
			step(time.Hour, id, statusEdit(incident.StatusClosed))
		case 2:
			step(time.Hour, id, reopen)
		}
	}
	var out []*incident.Incident
	for _, id := range ids {
		out = append(out, f.get(id))
	}
	return out
}

// testAggregateTooManyGroups refuses a grouping beyond the bound, naming
// groupBy, and answers one at the bound.
func testAggregateTooManyGroups(t *testing.T, f *fixture) {
	const bound = 40
	first := f.clock()
	for i := 0; i <= bound; i++ {
		f.create(newIncident(acme))
		f.advance(24 * time.Hour)
	}
	a := parseAggregation(t, "createdAt:day", "")
	a.Now, a.MaxGroups = f.clock(), bound
	_, err := f.s.AggregateIncidents(f.ctx, acmeScope, a)
	wantCode(t, "one group too many", err, incident.CodeInvalidQueryParam)
	if err != nil && !strings.Contains(err.Error(), `"`+contract.ParamGroupBy+`"`) {
		t.Errorf("error %v does not name %s", err, contract.ParamGroupBy)
	}
	a.Filters = []incident.Filter{times("createdAt", incident.OpGt, day(first))}
	groups, err := f.s.AggregateIncidents(f.ctx, acmeScope, a)
	if err != nil || len(groups) != bound {
		t.Errorf("at the bound: %d groups, %v", len(groups), err)
	}
	// The default bound is the domain's.
	a.MaxGroups, a.Filters = 0, nil
	if groups, err := f.s.AggregateIncidents(f.ctx, acmeScope, a); err != nil || len(groups) != bound+1 {
		t.Errorf("default bound: %d groups, %v", len(groups), err)
	}
}

// parseAggregation parses a groupBy and a metrics parameter (empty: left
// out) as an operator would send them.
func parseAggregation(t *testing.T, groupBy, metrics string) incident.Aggregation {
	t.Helper()
	params := url.Values{}
	if groupBy != "" {
		params.Set(contract.ParamGroupBy, groupBy)
	}
	if metrics != "" {
		params.Set(contract.ParamMetrics, metrics)
	}
	a, err := contract.ParseIncidentAggregation(params, incident.RoleOperator)
	if err != nil {
		t.Fatalf("groupBy=%s metrics=%s: %v", groupBy, metrics, err)
	}
	return a
}

// referenceGroups aggregates in plain Go what the store aggregates in SQL.
func referenceGroups(all []*incident.Incident, scope incident.Scope, a incident.Aggregation) []incident.Group {
	byKey := map[string]*incident.Group{}
	var order []string
	for _, inc := range all {
		if !scope.Operator && inc.Customer.ID != scope.CustomerID {
			continue
		}
		if slices.ContainsFunc(a.Filters, func(fl incident.Filter) bool { return !matches(inc, fl, a.Now) }) {
			continue
		}
		keys := make([]*incident.Value, len(a.GroupBy))
		for i, k := range a.GroupBy {
			keys[i] = keyValue(inc, k, a.Now)
		}
		id := formatKeys(keys)
		g := byKey[id]
		if g == nil {
			g = &incident.Group{Keys: keys}
			byKey[id] = g
			order = append(order, id)
		}
		g.Count++
		sla := inc.SLA(a.Now)
		if sla.IsBreached {
			g.Breached++
		}
		if incident.IsResolvedForMTTR(inc) {
			g.Resolved++
			g.RestoreSeconds += sla.TimeToRestoreSeconds
		}
	}
	groups := []incident.Group{}
	for _, id := range order {
		groups = append(groups, *byKey[id])
	}
	if len(a.GroupBy) == 0 && len(groups) == 0 {
		groups = append(groups, incident.Group{Keys: []*incident.Value{}})
	}
	incident.SortGroups(groups, a.GroupBy)
	return groups
}

// keyValue is an incident's value of a group key; nil when unset.
func keyValue(inc *incident.Incident, k incident.GroupKey, now time.Time) *incident.Value {
	v := valueOf(inc, k.Attr.Name, now)
	switch {
	case !v.set:
		return nil
	case k.Bucket != "":
		b := incident.BucketOf(k.Bucket, v.at)
		return &b
	case k.Attr.Kind == incident.KindBool:
		return &incident.Value{Bool: v.bool}
	}
	return &incident.Value{Str: v.str}
}

func formatKeys(keys []*incident.Value) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		switch {
		case k == nil:
			parts[i] = "null"
		case !k.From.IsZero():
			parts[i] = fmt.Sprintf("%s[%s,%s)", k.Str, k.From.Format(time.DateOnly), k.To.Format(time.DateOnly))
		case k.Str != "":
			parts[i] = k.Str
		default:
			parts[i] = fmt.Sprint(k.Bool)
		}
	}
	return strings.Join(parts, "/")
}

// formatGroups renders groups with the metrics the aggregation asked for,
// in their order, for comparison and failure messages.
func formatGroups(groups []incident.Group, a incident.Aggregation) string {
	var b strings.Builder
	for _, g := range groups {
		fmt.Fprintf(&b, "{%s count=%d", formatKeys(g.Keys), g.Count)
		if a.Wants(incident.MetricBreached) {
			fmt.Fprintf(&b, " breached=%d", g.Breached)
		}
		if a.Wants(incident.MetricMTTR) {
			mttr, ok := g.MTTRSeconds()
			fmt.Fprintf(&b, " resolved=%d restore=%d mttr=%d,%t", g.Resolved, g.RestoreSeconds, mttr, ok)
		}
		b.WriteString("} ")
	}
	return b.String()
}
