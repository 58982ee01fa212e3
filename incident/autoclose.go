package incident

import (
	"context"
	"fmt"
	"time"
)

// autoCloseBatch bounds the incidents one AutoClose pass reads at a time.
const autoCloseBatch = 200

// system is the actor of automatic transitions.
var system = Caller{Role: RoleOperator, Scope: Scope{Operator: true}, Actor: Actor{Type: ActorSystem, Name: "auto-close"}}

// AutoClose closes, as the system, every RESOLVED incident resolved at least
// delay ago (spec §3.2) and returns how many it closed. Several servers may
// run it at once: each incident is rechecked inside its own locked update,
// so it is closed once, with one history entry.
func (s *Manager) AutoClose(ctx context.Context, delay time.Duration) (int, error) {
	now := s.Now()
	cutoff := now.Add(-delay)
	status := Attribute{Name: "status", Kind: KindEnum, Values: Statuses}
	resolvedAt := Attribute{Name: "resolvedAt", Kind: KindTime}
	q := Query{
		Filters: []Filter{
			{Attr: status, Op: OpEq, Values: []Value{{Str: string(StatusResolved)}}},
			{Attr: resolvedAt, Op: OpLte, Values: []Value{{From: cutoff, To: cutoff.Add(time.Microsecond)}}},
		},
		Sort:  []SortKey{{Attr: resolvedAt}},
		Limit: autoCloseBatch,
		Now:   now,
	}
	closedStatus := StatusClosed
	patch := Patch{Status: &closedStatus, StatusChangeReason: fmt.Sprintf("closed automatically %s after resolution", delay)}
	closed := 0
	for {
		// Closed incidents leave the filter, so the first page is always
		// the next batch.
		page, _, err := s.Incidents.ListIncidents(ctx, system.Scope, q)
		if err != nil {
			return closed, err
		}
		for _, inc := range page {
			_, err := s.edit(ctx, system, inc.ID, func(e *Edit) error {
				due := e.Incident.Status == StatusResolved && e.Incident.ResolvedAt != nil && !e.Incident.ResolvedAt.After(e.Now.Add(-delay))
				if !due {
					return nil // another server closed or someone reopened it meanwhile
				}
				if err := s.Matrix.applyPatch(e, system, patch); err != nil {
					return err
				}
				closed++
				return nil
			})
			if err != nil {
				return closed, fmt.Errorf("auto-close %s: %w", inc.ID, err)
			}
		}
		if len(page) < autoCloseBatch {
			return closed, nil
		}
	}
}
