package incident_test

import (
	"math/rand"
	"sort"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

func at(h float64) time.Time { return t0.Add(time.Duration(h * float64(time.Hour))) }

func period(id int64, from, to float64) incident.FreezePeriod {
	p := incident.FreezePeriod{ID: id, StartAt: at(from), Reason: incident.FreezeOther}
	if to != open {
		end := at(to)
		p.EndAt = &end
	}
	return p
}

const open = -1000 // period end: still open; resolution: unresolved

// clockIncident is an incident created at t0 with a 4 h target, resolved
// at hour resolved (open: unresolved), with its clock computed.
func clockIncident(resolved float64, periods ...incident.FreezePeriod) *incident.Incident {
	inc := &incident.Incident{CreatedAt: t0, Impact: incident.ImpactS1, Urgency: incident.UrgencyU1}
	incident.DefaultMatrix().Classify(inc)
	if resolved != open {
		r := at(resolved)
		inc.ResolvedAt = &r
	}
	inc.Clock = incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, periods)
	return inc
}

func TestClockCases(t *testing.T) {
	tests := []struct {
		name     string
		inc      *incident.Incident
		now      float64
		ttr      float64 // hours
		frozen   float64
		deadline float64
		isFrozen bool
		breached bool
	}{
		{"no period, running", clockIncident(open), 3, 3, 0, 4, false, false},
		{"no period, past the target", clockIncident(open), 5, 5, 0, 4, false, true},
		{"resolved exactly at the target is not breached", clockIncident(4), 9, 4, 0, 4, false, false},
		{"a period before the start counts nothing", clockIncident(open, period(1, -3, -1)), 2, 2, 0, 4, false, false},
		{"a period across the start counts from the start", clockIncident(open, period(1, -1, 1)), 3, 2, 1, 5, false, false},
		{"a period across the resolution counts to the resolution", clockIncident(5, period(1, 4, 6)), 8, 4, 1, 5, false, false},
		{"a period after the resolution counts nothing", clockIncident(2, period(1, 3, 4)), 8, 2, 0, 4, false, false},
		{"an open period counts live", clockIncident(open, period(1, 1, open)), 3, 1, 2, 6, true, false},
		{"an open period stops the breach clock", clockIncident(open, period(1, 5, open)), 9, 5, 4, 8, true, true},
		{"an open period of a resolved incident ends with it", clockIncident(6, period(1, 1, open)), 9, 1, 5, 9, false, false},
		{"adjacent periods", clockIncident(open, period(1, 1, 2), period(2, 2, 3)), 6, 4, 2, 6, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sla := tt.inc.SLA(at(tt.now))
			want := incident.SLA{
				GTRTargetSeconds:     4 * 3600,
				GTRDeadline:          at(tt.deadline),
				TimeToRestoreSeconds: int64(tt.ttr * 3600),
				FrozenSeconds:        int64(tt.frozen * 3600),
				IsFrozen:             tt.isFrozen,
				IsBreached:           tt.breached,
			}
			if sla != want {
				t.Fatalf("got  %+v\nwant %+v", sla, want)
			}
		})
	}
}

// TestClockRetroactivePeriod: a period added after the resolution moves
// the figures of an incident that was breached back under its target.
func TestClockRetroactivePeriod(t *testing.T) {
	inc := clockIncident(6) // 6 h against 4 h: breached
	if !inc.SLA(at(8)).IsBreached {
		t.Fatal("expected a breach before the period")
	}
	inc.Status = incident.StatusResolved
	e := &incident.Edit{Incident: inc, Now: at(8)}
	p, err := contract.DecodeFreezePeriod([]byte(`{"startAt":"2026-11-26T09:00:00Z","endAt":"2026-11-26T11:00:00Z","reason":"SITE_ACCESS_REFUSED","comment":"badge refused"}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := incident.AddPeriod(e, p, providerActor); err != nil {
		t.Fatal(err)
	}
	sla := inc.SLA(at(8))
	if sla.TimeToRestoreSeconds != 4*3600 || sla.FrozenSeconds != 2*3600 || sla.IsBreached || !sla.GTRDeadline.Equal(at(6)) {
		t.Fatalf("%+v", sla)
	}
	want := incident.Change{At: at(8), Actor: providerActor, Field: "freezePeriods",
		To: ptr("2026-11-26T09:00:00.000Z/2026-11-26T11:00:00.000Z"), Reason: "SITE_ACCESS_REFUSED: badge refused"}
	if len(e.Changes) != 1 || e.Changes[0].Field != want.Field || *e.Changes[0].To != *want.To || e.Changes[0].From != nil || e.Changes[0].Reason != want.Reason {
		t.Fatalf("changes %+v", e.Changes)
	}
}

// TestClockPriorityChangeMidway: the target applies from the clock start,
// so raising the priority after 5 h of a P3 incident breaches it at once.
func TestClockPriorityChangeMidway(t *testing.T) {
	inc := incidentIn(incident.StatusInProgress) // P3, 24 h
	if sla := inc.SLA(at(5)); sla.IsBreached || !sla.GTRDeadline.Equal(at(24)) {
		t.Fatalf("%+v", sla)
	}
	e, err := patchAt(inc, []incident.FreezePeriod{period(1, 1, 2)}, incident.RoleCustomer, `{"impact":"S1","urgency":"U1"}`, at(5))
	if err != nil {
		t.Fatal(err)
	}
	sla := e.Incident.SLA(at(5))
	if sla.GTRTargetSeconds != 4*3600 || !sla.GTRDeadline.Equal(at(5)) || sla.TimeToRestoreSeconds != 4*3600 || sla.IsBreached {
		t.Fatalf("at 5 h: %+v", sla)
	}
	if sla := e.Incident.SLA(at(5).Add(time.Millisecond)); !sla.IsBreached {
		t.Fatalf("just after: %+v", sla)
	}
}

// randomClock draws a clock start, an instant now after it, an optional
// resolution between them, a target, and non-overlapping periods whose
// times are never after now (as the rules ensure). incident.Periods may begin before
// the start, follow the resolution, touch each other (half-open), and the
// latest may be open. unit is the time resolution of the draw.
func randomClock(rng *rand.Rand, unit time.Duration) (start, now time.Time, resolved *time.Time, target int64, periods []incident.FreezePeriod) {
	start = t0.Add(time.Duration(rng.Int63n(int64(24*time.Hour/unit))) * unit)
	span := 1 + rng.Int63n(int64(10*24*time.Hour/unit))
	now = start.Add(time.Duration(span) * unit)
	if rng.Intn(2) == 0 {
		r := start.Add(time.Duration(rng.Int63n(span+1)) * unit)
		resolved = &r
	}
	target = 3600 + rng.Int63n(3*24*3600)
	lead := int64(24 * time.Hour / unit) // periods may begin up to a day before the start
	points := make([]int64, 2*rng.Intn(6))
	for i := range points {
		points[i] = rng.Int63n(lead+span+1) - lead
	}
	sort.Slice(points, func(i, j int) bool { return points[i] < points[j] })
	for i := 0; i+1 < len(points); i += 2 {
		if points[i] == points[i+1] {
			continue // empty: not a period
		}
		end := start.Add(time.Duration(points[i+1]) * unit)
		periods = append(periods, incident.FreezePeriod{ID: int64(i + 1), StartAt: start.Add(time.Duration(points[i]) * unit), EndAt: &end})
	}
	if n := len(periods); n > 0 && rng.Intn(3) == 0 {
		periods[n-1].EndAt = nil
	}
	rng.Shuffle(len(periods), func(i, j int) { periods[i], periods[j] = periods[j], periods[i] })
	return start, now, resolved, target, periods
}

// referenceFrozen is the frozen time inside [start, stop], computed
// directly from the definition of spec §5.
func referenceFrozen(start, stop time.Time, periods []incident.FreezePeriod) time.Duration {
	var total time.Duration
	for _, p := range periods {
		from, to := p.StartAt, stop
		if p.EndAt != nil && p.EndAt.Before(stop) {
			to = *p.EndAt
		}
		if from.Before(start) {
			from = start
		}
		if to.After(from) {
			total += to.Sub(from)
		}
	}
	return total
}

// TestClockProperties checks, over random non-overlapping periods, with
// stop = the resolution or else now, and stop ≥ start:
//   - frozenSeconds is the frozen time inside [start, stop] (periods
//     before the start or after the resolution count only their part
//     inside), and timeToRestoreSeconds + frozenSeconds = stop − start;
//   - gtrDeadline = start + target + that frozen time, to the nanosecond;
//   - isBreached ⇔ the exact time to restore > the target;
//   - isFrozen ⇔ a period is open and the incident unresolved.
//
// With times in whole seconds the figures are exact. With milliseconds,
// the seconds are truncated separately, so their sum may fall one second
// short of the truncated stop − start, never more.
func TestClockProperties(t *testing.T) {
	for _, unit := range []time.Duration{time.Second, time.Millisecond} {
		for _, seed := range []int64{1, 2, 3} {
			rng := rand.New(rand.NewSource(seed))
			for i := 0; i < 3000; i++ {
				start, now, resolved, target, periods := randomClock(rng, unit)
				if _, _, overlapping := incident.Overlapping(periods); overlapping {
					t.Fatalf("generator drew overlapping periods %+v", periods)
				}
				inc := &incident.Incident{CreatedAt: start, ResolvedAt: resolved}
				inc.Clock = incident.ComputeClock(start, resolved, target, periods)
				sla := inc.SLA(now)

				stop := now
				if resolved != nil {
					stop = *resolved
				}
				frozen := referenceFrozen(start, stop, periods)
				restore := stop.Sub(start) - frozen
				whole := int64(stop.Sub(start) / time.Second)
				sum := sla.TimeToRestoreSeconds + sla.FrozenSeconds
				hasOpen := incident.OpenPeriod(periods) >= 0

				fail := func(what string) {
					t.Fatalf("unit %v seed %d draw %d: %s\nstart %v now %v resolved %v target %d\nperiods %+v\nsla %+v\nreference frozen %v restore %v",
						unit, seed, i, what, start, now, resolved, target, periods, sla, frozen, restore)
				}
				switch {
				case unit == time.Second && (sum != whole || sla.FrozenSeconds != int64(frozen/time.Second)):
					fail("ttr + frozen != stop - start")
				case sum != whole && sum != whole-1:
					fail("ttr + frozen more than one second off stop - start")
				case !sla.GTRDeadline.Equal(start.Add(time.Duration(target)*time.Second + frozen)):
					fail("deadline")
				case sla.IsBreached != (restore > time.Duration(target)*time.Second):
					fail("isBreached")
				case sla.IsFrozen != (hasOpen && resolved == nil):
					fail("isFrozen")
				}
			}
		}
	}
}
