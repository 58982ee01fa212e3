package incident_test

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// A cancelled incident's clock stops at the cancellation: it never becomes
// breached afterwards, however long ago it was cancelled.
func TestCancellationStopsTheClock(t *testing.T) {
	created := time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC)
	inc := &incident.Incident{Status: incident.StatusValidated, Impact: incident.ImpactS1, Urgency: incident.UrgencyU1, CreatedAt: created}
	incident.DefaultMatrix().Classify(inc)
	cancelledAt := created.Add(time.Hour)
	inc.Status = incident.StatusCancelled
	incident.ChangeStatus(inc, incident.StatusValidated, nil, "", incident.Actor{Type: incident.ActorCustomer, Name: "app"}, cancelledAt)
	inc.Clock = incident.ComputeClock(inc.ClockStart(), inc.ClockStop(), inc.Clock.TargetSeconds, nil)

	if inc.ClosedAt == nil || !inc.ClosedAt.Equal(cancelledAt) {
		t.Fatalf("closedAt %v, want the cancellation time %v", inc.ClosedAt, cancelledAt)
	}
	sla := inc.SLA(created.AddDate(0, 1, 0))
	if sla.TimeToRestoreSeconds != 3600 || sla.IsBreached || sla.IsFrozen {
		t.Fatalf("a month after cancelling: %+v, want 3600 s, not breached", sla)
	}
	if s := inc.StoppedAt(); s == nil || !s.Equal(cancelledAt) {
		t.Fatalf("StoppedAt %v, want %v (storage compares it with the deadline)", s, cancelledAt)
	}
}
