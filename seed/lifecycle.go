package seed

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/incidentd/incidentd/incident"
)

var (
	typePicker = newWeighted(
		choice[incident.Type]{incident.TypeFailure, 55}, choice[incident.Type]{incident.TypeDegradation, 25},
		choice[incident.Type]{incident.TypeConfiguration, 12}, choice[incident.Type]{incident.TypeInformation, 8})
	impactByType = map[incident.Type]weighted[incident.Impact]{
		incident.TypeFailure:       impacts(8, 27, 45, 20),
		incident.TypeDegradation:   impacts(2, 18, 55, 25),
		incident.TypeConfiguration: impacts(0, 5, 40, 55),
		incident.TypeInformation:   impacts(0, 0, 10, 90),
	}
	urgencyPicker = newWeighted(
		choice[incident.Urgency]{incident.UrgencyU1, 15}, choice[incident.Urgency]{incident.UrgencyU2, 45},
		choice[incident.Urgency]{incident.UrgencyU3, 40})
	resolutionPicker = newWeighted(
		choice[incident.ResolutionCode]{incident.ResolutionFixed, 55}, choice[incident.ResolutionCode]{incident.ResolutionThirdParty, 15},
		choice[incident.ResolutionCode]{incident.ResolutionNoFaultFound, 12}, choice[incident.ResolutionCode]{incident.ResolutionCustomerResponsibility, 10},
		choice[incident.ResolutionCode]{incident.ResolutionWorkaround, 8})
	pendingReasonPicker = newWeighted(
		choice[incident.FreezeReason]{incident.FreezePendingCustomer, 60}, choice[incident.FreezeReason]{incident.FreezeSiteAccessRefused, 15},
		choice[incident.FreezeReason]{incident.FreezeCustomerUnreachable, 15}, choice[incident.FreezeReason]{incident.FreezeThirdParty, 10})
	// escalationRate by priority: the most urgent incidents are escalated most.
	escalationRate = map[incident.Priority]float64{
		incident.PriorityP1: 0.20, incident.PriorityP2: 0.07, incident.PriorityP3: 0.025, incident.PriorityP4: 0.01,
	}
	// resolutionTexts are shared per code: "French/English", as in the guide.
	resolutionTexts = func() map[incident.ResolutionCode][]*incident.Resolution {
		out := map[incident.ResolutionCode][]*incident.Resolution{}
		for code, texts := range resolutions {
			for _, t := range texts {
				c := incident.ResolutionCode(code)
				out[c] = append(out[c], &incident.Resolution{Code: c, Text: t.fr + "/" + t.en})
			}
		}
		return out
	}()
	requestResolutionTexts = func() []*incident.Resolution {
		var out []*incident.Resolution
		for _, t := range requestResolutions {
			out = append(out, &incident.Resolution{Code: incident.ResolutionFixed, Text: t.fr + "/" + t.en})
		}
		return out
	}()
)

func impacts(s1, s2, s3, s4 uint32) weighted[incident.Impact] {
	var cs []choice[incident.Impact]
	for i, w := range []uint32{s1, s2, s3, s4} {
		if w > 0 {
			cs = append(cs, choice[incident.Impact]{incident.Impact(incident.Impacts[i]), w})
		}
	}
	return newWeighted(cs...)
}

// stamps holds the optional times of one incident in a single allocation.
type stamps struct{ resolved, closed, escalated, detected time.Time }

// build makes one incident of a customer created at a given time, and
// plays its lifecycle up to the end of the window.
func (g *Generator) build(p *profile, created time.Time) (*incident.Incident, []incident.FreezePeriod) {
	r, now := g.r, g.cfg.To
	inc := &incident.Incident{Customer: p.ref, CreatedAt: created}
	st := &stamps{}

	g.classify(inc)
	inc.ServiceCondition = g.serviceCondition(inc.Impact)

	proactiveRate := 0.0
	switch inc.Type {
	case incident.TypeFailure:
		proactiveRate = 0.5
	case incident.TypeDegradation:
		proactiveRate = 0.45
	}
	inc.Origin = incident.OriginReactive
	if chance(r, proactiveRate) {
		inc.Origin = incident.OriginProactive
		if chance(r, 0.9) {
			st.detected = created.Add(-millis(r, 20*time.Second, 15*time.Minute))
			inc.DetectedAt = &st.detected
		}
	}

	var s *site
	var o offer
	if chance(r, 0.12) {
		o = oneOf(r, p.siteless)
		s = &p.sites[0] // the head office follows services used everywhere
	} else {
		s = p.pickSite(r)
		inc.Location = s.location
		o = oneOf(r, s.services)
	}
	inc.Service = o.service
	if chance(r, 0.9) {
		inc.Contact = oneOf(r, s.contacts)
	}
	if p.refRate > 0 && inc.Origin == incident.OriginReactive && chance(r, p.refRate) {
		inc.CustomerReference = g.nextReference(p)
	}
	inc.Description = g.describe(inc, s, o.kind)

	periods := g.playLifecycle(inc, st, now)
	return inc, periods
}

// classify draws the type, impact and urgency, and sets the priority and
// the GTR target from the matrix.
func (g *Generator) classify(inc *incident.Incident) {
	r := g.r
	wantP1 := g.cfg.P1Share > 0 && chance(r, g.cfg.P1Share)
	for {
		inc.Type = typePicker.pick(r)
		inc.Impact = impactByType[inc.Type].pick(r)
		inc.Urgency = urgencyPicker.pick(r)
		if inc.Type == incident.TypeInformation {
			inc.Urgency = incident.UrgencyU3
		}
		if wantP1 {
			// A P1 is a fault, of one of the cells that make it.
			c := oneOf(r, g.p1Cells)
			inc.Impact, inc.Urgency = c.Impact, c.Urgency
			if isRequest(inc.Type) {
				inc.Type = incident.TypeFailure
			}
		}
		g.cfg.Matrix.Classify(inc)
		if g.cfg.P1Share == 0 || wantP1 == (inc.Priority == incident.PriorityP1) {
			return
		}
	}
}

// serviceCondition is mostly the matrix default for the impact, sometimes
// what the reporter saw instead.
func (g *Generator) serviceCondition(impact incident.Impact) incident.ServiceCondition {
	def := g.cfg.Matrix.DefaultServiceCondition[impact]
	if chance(g.r, 0.88) {
		return def
	}
	for {
		c := incident.ServiceCondition(oneOf(g.r, incident.ServiceConditions))
		if c != def {
			return c
		}
	}
}

// playLifecycle decides the events of the incident (validation, work,
// resolution, closure, or cancellation; escalation) and keeps those before
// now: the status is where the incident stands at now.
func (g *Generator) playLifecycle(inc *incident.Incident, st *stamps, now time.Time) []incident.FreezePeriod {
	r := g.r
	created := inc.CreatedAt
	urgent := inc.Priority == incident.PriorityP1
	version := int64(1)

	// An operator's incident starts VALIDATED; a customer's is validated
	// by the provider a few minutes later.
	validated := created
	if inc.Origin == incident.OriginReactive {
		if urgent {
			validated = created.Add(millis(r, time.Minute, 10*time.Minute))
		} else {
			validated = created.Add(millis(r, 3*time.Minute, 40*time.Minute))
		}
	}
	var started time.Time
	switch {
	case urgent:
		started = validated.Add(millis(r, 2*time.Minute, 15*time.Minute))
	case isRequest(inc.Type):
		started = validated.Add(millis(r, time.Hour, 8*time.Hour))
	default:
		started = validated.Add(millis(r, 5*time.Minute, 90*time.Minute))
	}
	// Time to restore: around half the GTR target, spread so that about one
	// incident in eight breaches it.
	target := time.Duration(inc.Clock.TargetSeconds) * time.Second
	factor := math.Exp(math.Log(0.45) + 0.75*r.NormFloat64())
	factor = min(max(factor, 0.03), 8)
	resolved := inc.ClockStart().Add(time.Duration(factor * float64(target))).Truncate(time.Millisecond)
	if !resolved.After(started) {
		resolved = started.Add(millis(r, 5*time.Minute, 30*time.Minute))
	}
	closed := resolved.Add(7 * 24 * time.Hour) // automatic closure
	if chance(r, 0.35) {
		closed = resolved.Add(millis(r, 10*time.Minute, 72*time.Hour))
	}
	// A few incidents are cancelled before their resolution: reported by
	// mistake, or a duplicate.
	var cancelled time.Time
	cancelRate := 0.04
	if inc.Origin == incident.OriginProactive {
		cancelRate = 0.01
	}
	if chance(r, cancelRate) {
		cancelled = created.Add(millis(r, 2*time.Minute, 3*time.Hour))
		if !cancelled.Before(resolved) {
			cancelled = time.Time{}
		}
	}

	var periods []incident.FreezePeriod
	inc.Status, inc.StatusChangedAt = incident.StatusNew, created
	if inc.Origin == incident.OriginProactive {
		inc.Status = incident.StatusValidated
	}
	step := func(s incident.Status, at time.Time) {
		inc.Status, inc.StatusChangedAt = s, at
		version++
	}
	end := now // when the incident stopped moving
	switch {
	case !cancelled.IsZero() && !cancelled.After(now):
		if validated.After(created) && validated.Before(cancelled) {
			step(incident.StatusValidated, validated)
		}
		if started.Before(cancelled) {
			step(incident.StatusInProgress, started)
		}
		step(incident.StatusCancelled, cancelled)
		st.closed = cancelled
		inc.ClosedAt = &st.closed
		end = cancelled
	default:
		if validated.After(created) && !validated.After(now) {
			step(incident.StatusValidated, validated)
		}
		if !started.After(now) {
			step(incident.StatusInProgress, started)
		}
		if !resolved.After(now) {
			step(incident.StatusResolved, resolved)
			st.resolved = resolved
			inc.ResolvedAt = &st.resolved
			if isRequest(inc.Type) {
				inc.Resolution = oneOf(r, requestResolutionTexts)
			} else {
				inc.Resolution = oneOf(r, resolutionTexts[resolutionPicker.pick(r)])
			}
			end = resolved
			if !closed.After(now) {
				step(incident.StatusClosed, closed)
				st.closed = closed
				inc.ClosedAt = &st.closed
			}
		} else if inc.Status == incident.StatusInProgress && chance(r, 0.25) {
			// Waiting on the customer: the repair clock is frozen since.
			pending := started.Add(time.Duration(r.Int64N(int64(now.Sub(started)) + 1))).Truncate(time.Millisecond)
			step(incident.StatusPending, pending)
			reason := pendingReasonPicker.pick(r)
			periods = []incident.FreezePeriod{{
				StartAt: pending, Reason: reason, Comment: freezeComments[reason],
				CreatedBy: incident.Actor{Type: incident.ActorProvider, Name: "Service desk"},
			}}
		}
	}

	inc.UpdatedAt = inc.StatusChangedAt
	if chance(r, escalationRate[inc.Priority]) && end.After(created) {
		st.escalated = created.Add(time.Duration(r.Int64N(int64(end.Sub(created))))).Truncate(time.Millisecond)
		inc.IsEscalated, inc.EscalatedAt = true, &st.escalated
		version++
		if st.escalated.After(inc.UpdatedAt) {
			inc.UpdatedAt = st.escalated
		}
	}
	inc.Version = version
	inc.Clock = incident.ComputeClock(inc.ClockStart(), inc.ClockStop(), inc.Clock.TargetSeconds, periods)
	return periods
}

var freezeComments = map[incident.FreezeReason]string{
	incident.FreezePendingCustomer:     "En attente de tests côté client/Waiting for customer tests",
	incident.FreezeSiteAccessRefused:   "Accès au site refusé au technicien/Site access refused to the technician",
	incident.FreezeCustomerUnreachable: "Contact sur site injoignable/On-site contact unreachable",
	incident.FreezeThirdParty:          "En attente de l'opérateur de boucle locale/Waiting for the local loop operator",
}

// isRequest reports whether the incident is a request rather than a fault.
func isRequest(t incident.Type) bool {
	return t == incident.TypeConfiguration || t == incident.TypeInformation
}

// millis is a random duration in [lo, hi), whole milliseconds.
func millis(r *rand.Rand, lo, hi time.Duration) time.Duration {
	span := int64((hi - lo) / time.Millisecond)
	return lo + time.Duration(r.Int64N(span))*time.Millisecond
}
