package storetest

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// testSortAndPaging checks every order against the reference and pages
// through each without overlap or gap.
func testSortAndPaging(t *testing.T, f *fixture) {
	impacts := []incident.Impact{incident.ImpactS1, incident.ImpactS2, incident.ImpactS3, incident.ImpactS4}
	countries := []string{"FR", "DE", "", "BE"}
	var all []*incident.Incident
	for i := range 17 {
		opts := []func(*incident.Incident){withImpact(impacts[i%4], incident.UrgencyU2), withDescription(string(rune('a' + (i*7)%5)))}
		if c := countries[i%len(countries)]; c != "" {
			opts = append(opts, withCountry(c))
		}
		customer := acme
		if i%5 == 4 {
			customer = globex
		}
		inc := f.create(newIncident(customer, opts...))
		if i%3 == 0 {
			f.advance(time.Duration(i) * time.Minute)
			f.update(operator, inc.ID, resolveEdit(incident.ResolutionFixed, "done"))
		}
		// Several incidents share each creation time.
		if i%4 == 3 {
			f.advance(time.Hour)
		}
		all = append(all, inc)
	}
	for i, inc := range all {
		all[i] = f.get(inc.ID)
	}
	now := f.advance(10 * time.Hour)

	key := func(name string, desc bool) incident.SortKey { return incident.SortKey{Attr: attr(name), Desc: desc} }
	sorts := [][]incident.SortKey{
		nil,
		{key("createdAt", false)},
		{key("priority", false)},
		{key("priority", true)},
		{key("priority", false), key("createdAt", true)},
		{key("resolvedAt", false)},
		{key("resolvedAt", true)},
		{key("location.address.country", false), key("priority", true)},
		{key("id", false)},
		{key("id", true)},
		{key("description", false)},
		{key("customer.name", true), key("createdAt", false)},
		{key("sla.isBreached", true)},
		{key("isEscalated", false), key("sla.gtrTargetSeconds", true)},
	}
	for _, scope := range []incident.Scope{acmeScope, operator} {
		var visible []*incident.Incident
		for _, inc := range all {
			if scope.Operator || inc.Customer.ID == scope.CustomerID {
				visible = append(visible, inc)
			}
		}
		for _, keys := range sorts {
			want := ids(sorted(visible, keys, now))
			full, total := f.list(scope, incident.Query{Sort: keys, Limit: contract.MaxLimit, Now: now})
			if got := ids(full); !slices.Equal(got, want) || total != len(want) {
				t.Errorf("sort %v as %+v:\n got %v (total %d)\nwant %v", sortNames(keys), scope, got, total, want)
				continue
			}
			var paged []string
			for offset := 0; offset < len(want); offset += 4 {
				page, total := f.list(scope, incident.Query{Sort: keys, Offset: offset, Limit: 4, Now: now})
				if total != len(want) {
					t.Errorf("sort %v offset %d: total %d, want %d", sortNames(keys), offset, total, len(want))
				}
				paged = append(paged, ids(page)...)
			}
			if !slices.Equal(paged, want) {
				t.Errorf("sort %v as %+v, pages of 4:\n got %v\nwant %v", sortNames(keys), scope, paged, want)
			}
			if walked := walkByCursor(t, f, scope, keys, now, 4); !slices.Equal(walked, want) {
				t.Errorf("sort %v as %+v, pages of 4 after cursors:\n got %v\nwant %v", sortNames(keys), scope, walked, want)
			}
		}
	}

	page, total := f.list(acmeScope, incident.Query{Offset: 100, Limit: 10})
	if len(page) != 0 || page == nil || total == 0 {
		t.Errorf("offset past the end: %d incidents (nil %t), total %d; want an empty page and the total", len(page), page == nil, total)
	}
	page, total = f.list(operator, incident.Query{})
	if len(page) != len(all) || total != len(all) {
		t.Errorf("no limit: %d incidents of %d, want the default limit to cover them", len(page), total)
	}
	byID := map[string]*incident.Incident{}
	for _, inc := range all {
		byID[inc.ID] = inc
	}
	for _, inc := range page {
		sameIncident(t, "listed incident "+inc.ID, byID[inc.ID], inc)
	}
}

func sortNames(keys []incident.SortKey) []string {
	var out []string
	for _, k := range keys {
		name := k.Attr.Name
		if k.Desc {
			name = "-" + name
		}
		out = append(out, name)
	}
	return out
}

// walkByCursor lists every incident of the scope in the order of the keys,
// each page starting after the cursor of the previous page's last incident,
// as a client following the Link header does.
func walkByCursor(t *testing.T, f *fixture, scope incident.Scope, keys []incident.SortKey, now time.Time, limit int) []string {
	t.Helper()
	q := incident.Query{Sort: keys, Limit: limit, Now: now}
	var out []string
	for range 100 {
		page, _ := f.list(scope, q)
		out = append(out, ids(page)...)
		if len(page) < limit {
			return out
		}
		params := map[string][]string{contract.ParamCursor: {contract.NextCursor(withOrder(q), page[len(page)-1])}}
		if len(keys) > 0 {
			params[contract.ParamSort] = []string{strings.Join(sortNames(keys), ",")}
		}
		next, err := contract.ParseIncidentQuery(params, incident.RoleOperator)
		if err != nil {
			t.Fatalf("cursor of sort %v: %v", sortNames(keys), err)
		}
		q.After = next.After
	}
	t.Fatalf("sort %v: the walk does not end", sortNames(keys))
	return nil
}

// withOrder gives a query the order a listing takes when it names none.
func withOrder(q incident.Query) incident.Query {
	if len(q.Sort) == 0 {
		q.Sort = []incident.SortKey{{Attr: attr("createdAt"), Desc: true}}
	}
	return q
}
