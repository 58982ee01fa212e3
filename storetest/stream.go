package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// stream runs StreamIncidents and collects what it gives.
func (f *fixture) stream(scope incident.Scope, q incident.Query) (total int, got []*incident.Incident) {
	f.t.Helper()
	total = -1
	err := f.s.StreamIncidents(f.ctx, scope, q,
		func(n int) error {
			if total != -1 {
				f.t.Errorf("start called twice")
			}
			total = n
			return nil
		},
		func(inc *incident.Incident) error {
			if total == -1 {
				f.t.Errorf("each called before start")
			}
			got = append(got, inc)
			return nil
		})
	if err != nil {
		f.t.Fatalf("stream: %v", err)
	}
	return total, got
}

// testStream checks that a stream gives exactly the listing's result, in
// its order, complete incidents included, without the listing's page size;
// the operator's whole stream is long enough for a store to read it in
// several batches.
func testStream(t *testing.T, f *fixture) {
	all := seedIncidents(t, f, 400, 150)
	now := f.advance(time.Hour)
	sortBy := func(keys ...string) []incident.SortKey {
		var out []incident.SortKey
		for _, k := range keys {
			name, desc := k, false
			if k[0] == '-' {
				name, desc = k[1:], true
			}
			out = append(out, incident.SortKey{Attr: attr(name), Desc: desc})
		}
		return out
	}
	cases := []struct {
		name  string
		scope incident.Scope
		q     incident.Query
	}{
		{"operator, everything, default order", operator, incident.Query{}},
		{"customer, everything", acmeScope, incident.Query{}},
		{"filtered and sorted", acmeScope, incident.Query{
			Filters: []incident.Filter{strs("status", incident.OpNe, "CANCELLED"), strs("priority", incident.OpLte, "P3")},
			Sort:    sortBy("priority", "-createdAt")}},
		{"sorted on a nullable attribute", operator, incident.Query{Sort: sortBy("-resolvedAt")}},
		{"clock-dependent filter", operator, incident.Query{Filters: []incident.Filter{bools("sla.isBreached", incident.OpEq, true)}}},
		{"a page", acmeScope, incident.Query{Offset: 150, Limit: 70, Sort: sortBy("createdAt")}},
		{"from an offset to the end", acmeScope, incident.Query{Offset: 300}},
		{"offset past the end", acmeScope, incident.Query{Offset: 5000}},
		{"nothing matches", globexScope, incident.Query{Filters: []incident.Filter{strs("customerReference", incident.OpEq, "none")}}},
	}
	for _, c := range cases {
		c.q.Now = now
		total, got := f.stream(c.scope, c.q)
		// The reference: the listing, page after page of at most
		// MaxLimit, from the stream's offset.
		want, wantTotal := []*incident.Incident{}, 0
		limit := c.q.Limit
		for offset := c.q.Offset; ; offset += contract.MaxLimit {
			q := c.q
			q.Offset, q.Limit = offset, contract.MaxLimit
			if limit > 0 {
				q.Limit = min(contract.MaxLimit, c.q.Offset+limit-offset)
			}
			if q.Limit <= 0 {
				break
			}
			page, n := f.list(c.scope, q)
			want, wantTotal = append(want, page...), n
			if len(page) < q.Limit {
				break
			}
		}
		if total != wantTotal || !slices.Equal(ids(got), ids(want)) {
			t.Errorf("%s: total %d and %d incidents, want %d and %d", c.name, total, len(got), wantTotal, len(want))
			continue
		}
		for i := range got {
			sameIncident(t, c.name+": streamed incident", want[i], got[i])
		}
	}
	if _, got := f.stream(operator, incident.Query{Now: now}); len(got) != len(all) || len(got) <= incident.DefaultLimit {
		t.Errorf("the whole stream has %d incidents, want all %d (more than a default page)", len(got), len(all))
	}
}

// testStreamSnapshot checks that a stream's result is one snapshot: an
// incident created while it runs is not in it, one changed out of the
// filter still is, and its count agrees with its rows.
func testStreamSnapshot(t *testing.T, f *fixture) {
	var firstIDs []string
	for i := 0; i < 30; i++ {
		firstIDs = append(firstIDs, f.create(newIncident(acme, withCountry("FR"))).ID)
		f.advance(time.Minute)
	}
	q := incident.Query{Sort: []incident.SortKey{{Attr: attr("createdAt")}}, Filters: []incident.Filter{strs("status", incident.OpEq, "NEW")}}
	var total int
	var got []*incident.Incident
	err := f.s.StreamIncidents(f.ctx, acmeScope, q,
		func(n int) error { total = n; return nil },
		func(inc *incident.Incident) error {
			if len(got) == 0 {
				// Other transactions change the data in the middle of the
				// stream: a new incident that would come last, and a change
				// to one still to come that takes it out of the filter.
				f.create(newIncident(acme))
				f.update(acmeScope, firstIDs[20], statusEdit(incident.StatusCancelled))
			}
			got = append(got, inc)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if total != 30 || !slices.Equal(ids(got), firstIDs) {
		t.Errorf("stream during changes: total %d, ids %v, want the 30 of the snapshot %v", total, ids(got), firstIDs)
	}
	if s := got[20].Status; s != incident.StatusNew && s != incident.StatusCancelled {
		t.Errorf("incident changed during the stream read as %s, want its state of the snapshot or after", s)
	}
	if _, n := f.list(acmeScope, q); n != 30 {
		t.Errorf("after the stream the list counts %d, want 30 (one created, one cancelled)", n)
	}
}

// testStreamCallbackErrors checks that an error of the caller ends the
// stream at once and comes back as it is.
func testStreamCallbackErrors(t *testing.T, f *fixture) {
	for i := 0; i < 5; i++ {
		f.create(newIncident(acme))
	}
	stop := errors.New("client went away")
	calls := 0
	err := f.s.StreamIncidents(f.ctx, acmeScope, incident.Query{},
		func(int) error { return nil },
		func(*incident.Incident) error { calls++; return stop })
	if !errors.Is(err, stop) || calls != 1 {
		t.Errorf("error from each: %v after %d calls, want the error itself after 1", err, calls)
	}
	calls = 0
	err = f.s.StreamIncidents(f.ctx, acmeScope, incident.Query{},
		func(int) error { return stop },
		func(*incident.Incident) error { calls++; return nil })
	if !errors.Is(err, stop) || calls != 0 {
		t.Errorf("error from start: %v after %d rows", err, calls)
	}
	// The store is still usable: nothing was left open.
	if _, n := f.list(acmeScope, incident.Query{}); n != 5 {
		t.Errorf("after the interrupted streams: %d incidents", n)
	}
}
