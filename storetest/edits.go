package storetest

import (
	"github.com/incidentd/incidentd/incident"
)

// Edits that do what the domain does on an update, for building data.

// recompute derives the clock as the domain does after any change.
func recompute(e *incident.Edit) {
	inc := e.Incident
	inc.Clock = incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, e.Periods)
}

// setStatus changes the status and records it.
func setStatus(e *incident.Edit, to incident.Status) {
	from := string(e.Incident.Status)
	e.Incident.Status, e.Incident.StatusChangedAt = to, e.Now
	e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: providerActor, Field: "status", From: &from, To: ptr(string(to))})
}

func resolveEdit(code incident.ResolutionCode, text string) func(*incident.Edit) error {
	return func(e *incident.Edit) error {
		for i := range e.Periods {
			if e.Periods[i].EndAt == nil {
				e.Periods[i].EndAt = &e.Now
			}
		}
		setStatus(e, incident.StatusResolved)
		e.Incident.ResolvedAt = &e.Now
		e.Incident.Resolution = &incident.Resolution{Code: code, Text: text}
		recompute(e)
		return nil
	}
}

// pendingEdit enters PENDING, which opens a freeze period.
func pendingEdit(e *incident.Edit) error {
	setStatus(e, incident.StatusPending)
	e.Periods = append(e.Periods, incident.FreezePeriod{StartAt: e.Now, Reason: incident.FreezePendingCustomer, CreatedBy: providerActor})
	recompute(e)
	return nil
}

func escalateEdit(e *incident.Edit) error {
	e.Incident.IsEscalated, e.Incident.EscalatedAt = true, &e.Now
	e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: customerActor, Field: "isEscalated", From: ptr("false"), To: ptr("true")})
	return nil
}

func statusEdit(to incident.Status) func(*incident.Edit) error {
	return func(e *incident.Edit) error {
		setStatus(e, to)
		return nil
	}
}
