package incident_test

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

func TestBuckets(t *testing.T) {
	cases := []struct {
		at                string
		day, week, month  string
		weekFrom, weekTil string
	}{
		{"2026-11-26T15:04:05.123Z", "2026-11-26", "2026-W48", "2026-11", "2026-11-23", "2026-11-30"},
		{"2026-11-30T00:00:00Z", "2026-11-30", "2026-W49", "2026-11", "2026-11-30", "2026-12-07"},
		{"2026-11-29T23:59:59.999999Z", "2026-11-29", "2026-W48", "2026-11", "2026-11-23", "2026-11-30"},
		// ISO weeks across years: 2026 has 53 weeks, 2027-01-01 is in its last.
		{"2027-01-01T10:00:00Z", "2027-01-01", "2026-W53", "2027-01", "2026-12-28", "2027-01-04"},
		{"2025-12-29T00:00:00Z", "2025-12-29", "2026-W01", "2025-12", "2025-12-29", "2026-01-05"},
		// A local time is bucketed by its UTC instant.
		{"2026-12-01T00:30:00+01:00", "2026-11-30", "2026-W49", "2026-11", "2026-11-30", "2026-12-07"},
	}
	for _, c := range cases {
		at, err := time.Parse(time.RFC3339Nano, c.at)
		if err != nil {
			t.Fatal(err)
		}
		for b, want := range map[incident.Bucket]string{incident.BucketDay: c.day, incident.BucketWeek: c.week, incident.BucketMonth: c.month} {
			if got := incident.BucketOf(b, at); got.Str != want {
				t.Errorf("%s %s: %s, want %s", c.at, b, got.Str, want)
			}
		}
		w := incident.BucketOf(incident.BucketWeek, at)
		if w.From != day(c.weekFrom) || w.To != day(c.weekTil) {
			t.Errorf("%s week: [%s, %s)", c.at, w.From, w.To)
		}
	}
}

// Every instant lies in its bucket, and a label reads back to the same
// bucket.
func TestBucketProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 5000; i++ {
		at := base.Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour))))
		for _, b := range []incident.Bucket{incident.BucketDay, incident.BucketWeek, incident.BucketMonth} {
			v := incident.BucketOf(b, at)
			if at.Before(v.From) || !at.Before(v.To) {
				t.Fatalf("%s %s: %s not in [%s, %s)", at, b, v.Str, v.From, v.To)
			}
			back, err := incident.ParseBucket(b, v.Str)
			if err != nil || back != v {
				t.Fatalf("%s %s: %q reads back as %+v, %v", at, b, v.Str, back, err)
			}
		}
	}
	for b, label := range map[incident.Bucket]string{incident.BucketDay: "2026-11-31", incident.BucketWeek: "2026-W54", incident.BucketMonth: "2026-13"} {
		if _, err := incident.ParseBucket(b, label); err == nil {
			t.Errorf("%s %q: no error", b, label)
		}
	}
}

func TestSortGroups(t *testing.T) {
	keys := []incident.GroupKey{{Attr: attr(t, "priority")}, {Attr: attr(t, "location.address.country")}, {Attr: attr(t, "isEscalated")}}
	str := func(s string) *incident.Value { return &incident.Value{Str: s} }
	boolean := func(b bool) *incident.Value { return &incident.Value{Bool: b} }
	groups := []incident.Group{
		{Keys: []*incident.Value{str("P4"), str("FR"), boolean(false)}, Count: 5},
		{Keys: []*incident.Value{str("P1"), nil, boolean(false)}, Count: 2},
		{Keys: []*incident.Value{str("P1"), str("FR"), boolean(true)}, Count: 2},
		{Keys: []*incident.Value{str("P1"), str("FR"), boolean(false)}, Count: 2},
		{Keys: []*incident.Value{str("P2"), str("DE"), boolean(false)}, Count: 2},
		{Keys: []*incident.Value{str("P1"), str("DE"), boolean(false)}, Count: 2},
		{Keys: []*incident.Value{str("P3"), str("FR"), boolean(false)}, Count: 9},
	}
	incident.SortGroups(groups, keys)
	var got []string
	for _, g := range groups {
		s := g.Keys[0].Str + "/"
		if g.Keys[1] != nil {
			s += g.Keys[1].Str
		}
		got = append(got, s+"/"+map[bool]string{true: "t", false: "f"}[g.Keys[2].Bool])
	}
	want := []string{"P3/FR/f", "P4/FR/f", "P1/DE/f", "P1/FR/f", "P1/FR/t", "P1//f", "P2/DE/f"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestMTTRSeconds(t *testing.T) {
	if _, ok := (incident.Group{Count: 3}).MTTRSeconds(); ok {
		t.Error("no resolved incident: a mean")
	}
	for _, c := range []struct {
		n    int
		sum  int64
		want int64
	}{{1, 7, 7}, {2, 7, 4}, {3, 7, 2}, {4, 10, 3}, {3, 8, 3}} {
		if got, ok := (incident.Group{Resolved: c.n, RestoreSeconds: c.sum}).MTTRSeconds(); !ok || got != c.want {
			t.Errorf("%d resolved, %d s: %d, want %d", c.n, c.sum, got, c.want)
		}
	}
}

func attr(t *testing.T, name string) incident.Attribute {
	t.Helper()
	a, ok := contract.IncidentAttributes.Lookup(name)
	if !ok {
		t.Fatalf("no attribute %s", name)
	}
	return a
}

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
