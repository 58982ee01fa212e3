package incident

import (
	"context"
	"fmt"
	"time"
)

// An SLA breach (spec §11.1) is reported once per incident, when its repair
// clock passes the GTR deadline. Two ways lead there: time passing, which
// ReportBreaches finds (run every BreachInterval); and a change that moves
// the deadline before now (a higher priority, a shorter freeze period),
// whose own transaction reports it (editEvents). The store writes a breach
// event only for an incident whose breach it has not written before.

// BreachInterval is how often a server looks for breaches: an incident is
// reported within it of its deadline.
const BreachInterval = 15 * time.Second

// BreachWindow is how far back ReportBreaches looks at deadlines: a server
// stopped for longer than this does not report, when it starts again, the
// breaches of deadlines that passed early in its absence.
const BreachWindow = 24 * time.Hour

// breachBatch bounds the incidents one pass reads at a time.
const breachBatch = 200

// BreachFinder finds the incidents whose repair clock may have passed the
// GTR deadline.
type BreachFinder interface {
	// BreachCandidates lists, by deadline, at most limit incidents whose
	// deadline is in (since, now], whose clock had passed it at now (or
	// when it stopped), and whose breach is not reported yet.
	BreachCandidates(ctx context.Context, since, now time.Time, limit int) (ids []string, err error)
}

// breachJob is the actor of breach events.
var breachJob = Caller{Role: RoleOperator, Scope: Scope{Operator: true}, Actor: Actor{Type: ActorSystem, Name: "sla"}}

// ReportBreaches writes the breach event of every incident whose clock
// passed its deadline in the last BreachWindow and was not reported, and
// returns how many it wrote. Several servers may run it at once: the
// store writes one event per incident.
func (s *Manager) ReportBreaches(ctx context.Context) (int, error) {
	if s.Breaches == nil {
		return 0, nil
	}
	now := s.Now()
	reported := 0
	for {
		ids, err := s.Breaches.BreachCandidates(ctx, now.Add(-BreachWindow), now, breachBatch)
		if err != nil {
			return reported, err
		}
		batch := 0
		for _, id := range ids {
			_, err := s.Incidents.UpdateIncident(ctx, breachJob.Scope, id, func(e *Edit) error {
				if e.Incident.SLA(e.Now).IsBreached {
					e.Events = append(e.Events, Event{Type: EventSlaBreach})
					batch++
				}
				return nil
			})
			if err != nil {
				return reported, fmt.Errorf("SLA breach of %s: %w", id, err)
			}
		}
		reported += batch
		// A batch that reported nothing would come back the same.
		if len(ids) < breachBatch || batch == 0 {
			return reported, nil
		}
	}
}
