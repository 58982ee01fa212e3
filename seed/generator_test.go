package seed

import (
	"reflect"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

var testNow = time.Date(2026, 11, 26, 15, 4, 5, 123_000_000, time.UTC)

func testConfig(seed uint64) Config {
	return Config{
		Seed: seed,
		To:   testNow,
		Customers: Plans(6, 6000, seed,
			CustomerPlan{ID: "demo", Name: "Demo Industries", Country: "FR", Incidents: 1500},
			CustomerPlan{ID: "small", Name: "Small Retail SAS", Incidents: 7},
		),
	}
}

type generated struct {
	inc     *incident.Incident
	periods []incident.FreezePeriod
}

func generateAll(t testing.TB, cfg Config) []generated {
	t.Helper()
	g, err := NewGenerator(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []generated
	for {
		inc, periods := g.Next()
		if inc == nil {
			break
		}
		out = append(out, generated{inc, periods})
	}
	if len(out) != g.Total() {
		t.Fatalf("generated %d incidents, Total says %d", len(out), g.Total())
	}
	return out
}

func TestGeneratorIsDeterministic(t *testing.T) {
	a := generateAll(t, testConfig(42))
	b := generateAll(t, testConfig(42))
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two generators with the same configuration produced different incidents")
	}
	c := generateAll(t, testConfig(43))
	if reflect.DeepEqual(a, c) {
		t.Fatal("another seed produced the same incidents")
	}
}

func TestGeneratorHonoursCustomerCounts(t *testing.T) {
	cfg := testConfig(7)
	got := map[string]int{}
	for _, g := range generateAll(t, cfg) {
		got[g.inc.Customer.ID]++
	}
	for _, p := range cfg.Customers {
		if got[p.ID] != p.Incidents {
			t.Errorf("customer %s: %d incidents, planned %d", p.ID, got[p.ID], p.Incidents)
		}
	}
}

// TestGeneratedIncidentsAreValid checks every invariant the domain keeps
// for a stored incident.
func TestGeneratedIncidentsAreValid(t *testing.T) {
	// Two years, and a busy last week where many incidents are still open.
	recent := testConfig(2)
	recent.From = testNow.AddDate(0, 0, -7)
	statuses := map[incident.Status]int{}
	checkIncidents(t, generateAll(t, testConfig(1)), statuses)
	checkIncidents(t, generateAll(t, recent), statuses)
	for _, s := range incident.Statuses {
		if statuses[incident.Status(s)] == 0 {
			t.Errorf("no incident in status %s: %v", s, statuses)
		}
	}
}

func checkIncidents(t *testing.T, all []generated, statuses map[incident.Status]int) {
	t.Helper()
	matrix := incident.DefaultMatrix()
	from := testNow.AddDate(0, -24, 0)
	country := regexp.MustCompile(`^[A-Z]{2}$`)
	var prev time.Time
	for i, g := range all {
		inc := g.inc
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("incident %d (%s, created %s): "+format, append([]any{i, inc.Status, inc.CreatedAt}, args...)...)
		}
		statuses[inc.Status]++
		if inc.CreatedAt.Before(prev) {
			fail("created before the previous incident (%s)", prev)
		}
		prev = inc.CreatedAt
		if inc.CreatedAt.Before(from) || inc.CreatedAt.After(testNow) {
			fail("created outside the window")
		}
		for _, tm := range []*time.Time{&inc.CreatedAt, &inc.UpdatedAt, &inc.StatusChangedAt, inc.ResolvedAt, inc.ClosedAt, inc.EscalatedAt, inc.DetectedAt} {
			if tm != nil && (!tm.Equal(tm.Truncate(time.Millisecond)) || tm.Location() != time.UTC) {
				fail("time %s is not UTC to the millisecond", tm)
			}
			if tm != nil && tm.After(testNow) {
				fail("time %s is after now", tm)
			}
		}
		if want := matrix.Priority[inc.Impact][inc.Urgency]; inc.Priority != want {
			fail("priority %s, the matrix says %s", inc.Priority, want)
		}
		if want := matrix.TargetSeconds[inc.Priority]; inc.Clock.TargetSeconds != want {
			fail("GTR target %d, the matrix says %d", inc.Clock.TargetSeconds, want)
		}
		for value, values := range map[string][]string{
			string(inc.Status): incident.Statuses, string(inc.ServiceCondition): incident.ServiceConditions,
			string(inc.Origin): incident.Origins, string(inc.Type): incident.Types,
		} {
			if !contains(values, value) {
				fail("invalid value %q", value)
			}
		}
		if n := utf8.RuneCountInString(inc.Description); n < 40 || n > 600 || !utf8.ValidString(inc.Description) {
			fail("description of %d characters: %q", n, inc.Description)
		}
		if inc.Service == nil || inc.Service.ID == "" || inc.Service.Name == "" {
			fail("no service")
		}
		if l := inc.Location; l != nil && (l.ID == "" || l.Address == nil || !country.MatchString(l.Address.Country) || l.Address.City == "" || l.Address.PostalCode == "") {
			fail("incomplete location %+v", l)
		}
		if inc.DetectedAt != nil && (inc.Origin != incident.OriginProactive || inc.DetectedAt.After(inc.CreatedAt)) {
			fail("detectedAt %s on a %s incident", inc.DetectedAt, inc.Origin)
		}
		if inc.StatusChangedAt.Before(inc.CreatedAt) || inc.UpdatedAt.Before(inc.StatusChangedAt) {
			fail("statusChangedAt %s, updatedAt %s", inc.StatusChangedAt, inc.UpdatedAt)
		}
		resolved := inc.Status == incident.StatusResolved || inc.Status == incident.StatusClosed
		if resolved != (inc.ResolvedAt != nil) || resolved != (inc.Resolution != nil) {
			fail("resolvedAt %v, resolution %v", inc.ResolvedAt, inc.Resolution)
		}
		if resolved && (inc.ResolvedAt.Before(inc.CreatedAt) || inc.StatusChangedAt.Before(*inc.ResolvedAt)) {
			fail("resolved at %s", inc.ResolvedAt)
		}
		if incident.IsFinal(inc.Status) != (inc.ClosedAt != nil) {
			fail("closedAt %v", inc.ClosedAt)
		}
		if inc.ClosedAt != nil && (inc.ResolvedAt != nil && inc.ClosedAt.Before(*inc.ResolvedAt) || !inc.ClosedAt.Equal(inc.StatusChangedAt)) {
			fail("closed at %s", inc.ClosedAt)
		}
		if inc.IsEscalated != (inc.EscalatedAt != nil) || (inc.EscalatedAt != nil && inc.EscalatedAt.Before(inc.CreatedAt)) {
			fail("escalation %v at %v", inc.IsEscalated, inc.EscalatedAt)
		}
		if inc.Status == incident.StatusNew && inc.Origin == incident.OriginProactive {
			fail("a proactive incident starts VALIDATED")
		}
		if inc.CustomerReference != "" && inc.Origin != incident.OriginReactive {
			fail("customer reference on a proactive incident")
		}
		if inc.Version < 1 {
			fail("version %d", inc.Version)
		}
		pending := inc.Status == incident.StatusPending
		if pending != (len(g.periods) == 1) || (pending && (g.periods[0].EndAt != nil || !g.periods[0].StartAt.Equal(inc.StatusChangedAt))) {
			fail("freeze periods %+v", g.periods)
		}
		if want := incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, g.periods); !sameClock(inc.Clock, want) {
			fail("clock %+v, computed %+v", inc.Clock, want)
		}
		if age := testNow.Sub(inc.CreatedAt); age > 40*24*time.Hour && !incident.IsFinal(inc.Status) {
			fail("still %s after %s", inc.Status, age)
		}
	}
}

// TestGeneratedDistributions checks the mix is realistic: P1 rare, France
// dominant, both origins, some escalations and customer references.
func TestGeneratedDistributions(t *testing.T) {
	all := generateAll(t, testConfig(3))
	n := float64(len(all))
	var p1, fr, located, proactive, escalated, withRef int
	descriptions := map[string]bool{}
	for _, g := range all {
		inc := g.inc
		if inc.Priority == incident.PriorityP1 {
			p1++
		}
		if inc.Location != nil {
			located++
			if inc.Location.Address.Country == "FR" {
				fr++
			}
		}
		if inc.Origin == incident.OriginProactive {
			proactive++
		}
		if inc.IsEscalated {
			escalated++
		}
		if inc.CustomerReference != "" {
			withRef++
		}
		descriptions[inc.Description] = true
	}
	checkShare(t, "P1", float64(p1)/n, 0.02, 0.10)
	checkShare(t, "FR among located", float64(fr)/float64(located), 0.40, 0.90)
	checkShare(t, "proactive", float64(proactive)/n, 0.25, 0.50)
	checkShare(t, "escalated", float64(escalated)/n, 0.005, 0.10)
	checkShare(t, "with customer reference", float64(withRef)/n, 0.05, 0.70)
	checkShare(t, "distinct descriptions", float64(len(descriptions))/n, 0.5, 1)
}

func checkShare(t *testing.T, what string, got, lo, hi float64) {
	t.Helper()
	if got < lo || got > hi {
		t.Errorf("share of %s is %.3f, want between %.3f and %.3f", what, got, lo, hi)
	}
}

func TestBenchPlans(t *testing.T) {
	plans := BenchPlans()
	if len(plans) != 100 {
		t.Fatalf("%d customers, want 100", len(plans))
	}
	total, ids := 0, map[string]bool{}
	for _, p := range plans {
		total += p.Incidents
		if ids[p.ID] || slug(p.ID) != p.ID {
			t.Errorf("customer id %q duplicated or not a slug", p.ID)
		}
		ids[p.ID] = true
		if p.ID != BenchLargeCustomer && p.Incidents >= 200_000 {
			t.Errorf("customer %s has %d incidents, more than the large one", p.ID, p.Incidents)
		}
	}
	if total != 1_000_000 {
		t.Errorf("%d incidents in all, want 1,000,000", total)
	}
	if plans[0].ID != BenchLargeCustomer || plans[0].Incidents != 200_000 || plans[1].ID != BenchMediumCustomer || plans[1].Incidents != 10_000 {
		t.Errorf("fixed customers: %+v %+v", plans[0], plans[1])
	}
}

func TestNewGeneratorRefusesBadConfigs(t *testing.T) {
	for name, cfg := range map[string]Config{
		"no customers":   {To: testNow},
		"empty window":   {To: testNow, From: testNow, Customers: []CustomerPlan{{ID: "a", Name: "A", Incidents: 1}}},
		"duplicate":      {To: testNow, Customers: []CustomerPlan{{ID: "a", Name: "A"}, {ID: "a", Name: "B"}}},
		"negative count": {To: testNow, Customers: []CustomerPlan{{ID: "a", Name: "A", Incidents: -1}}},
		"no name":        {To: testNow, Customers: []CustomerPlan{{ID: "a", Incidents: 1}}},
	} {
		if _, err := NewGenerator(cfg); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func BenchmarkGenerator(b *testing.B) {
	g, err := NewGenerator(Config{Seed: 1, To: testNow, Customers: Plans(100, b.N, 1)})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if inc, _ := g.Next(); inc == nil {
			b.Fatal("generator exhausted")
		}
	}
}

func contains(values []string, v string) bool {
	for _, x := range values {
		if x == v {
			return true
		}
	}
	return false
}

// sameClock compares clocks by value, FrozenSince by instant.
func sameClock(a, b incident.Clock) bool {
	if (a.FrozenSince == nil) != (b.FrozenSince == nil) || (a.FrozenSince != nil && !a.FrozenSince.Equal(*b.FrozenSince)) {
		return false
	}
	return a.TargetSeconds == b.TargetSeconds && a.FrozenSeconds == b.FrozenSeconds && a.Deadline.Equal(b.Deadline)
}
