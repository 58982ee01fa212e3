package alerts

import (
	"context"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// alertRun is one event being carried out on its alert's state, inside
// the alert's transaction.
type alertRun struct {
	g      *Ingester
	in     Integration
	ev     Event
	st     *State
	now    time.Time
	caller incident.Caller
}

// stamp writes a time in notes and reasons.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func (a *alertRun) apply(ctx context.Context) (Effect, error) {
	if a.st.IncidentID == "" {
		if a.ev.Action != ActionTrigger {
			return Ignored, nil // nothing to acknowledge or resolve: not remembered
		}
		return Created, a.open(ctx, nil)
	}
	inc, err := a.g.Manager.Incidents.GetIncident(ctx, a.caller.Scope, a.st.IncidentID)
	if err != nil {
		return "", err
	}
	switch a.ev.Action {
	case ActionTrigger:
		return a.trigger(ctx, inc)
	case ActionAcknowledge:
		return a.acknowledge(ctx, inc)
	}
	return a.resolve(ctx, inc)
}

// trigger: a repeat of the alert's last firing changes nothing; a new firing
// goes back to the alert's incident, reopened if resolved, unless the
// incident is closed or cancelled, or the alert resolved longer than the
// reopen window ago: then it opens a new incident referring to the former.
func (a *alertRun) trigger(ctx context.Context, inc *incident.Incident) (Effect, error) {
	st, ev := a.st, a.ev
	if !ev.StartsAt.IsZero() && ev.StartsAt.Equal(st.StartsAt) {
		// A repeat of the current firing, or a late copy of a firing
		// already reported resolved.
		return Unchanged, nil
	}
	longAgo := !st.Firing && st.ResolvedAt != nil && a.now.Sub(*st.ResolvedAt) > a.g.reopenWindow()
	if incident.IsFinal(inc.Status) || longAgo {
		return Created, a.open(ctx, inc)
	}
	st.Firing, st.StartsAt = true, a.startsAt()
	text := "Alert fired again at " + stamp(st.StartsAt) + " (" + ev.Tool + "): " + describe(a.in, ev)
	if inc.Status == incident.StatusResolved {
		reopen := incident.StatusInProgress
		patch := incident.Patch{Status: &reopen, StatusChangeReason: "The alert fired again (" + ev.Tool + ")"}
		if _, _, err := a.g.Manager.Update(ctx, a.caller, inc.ID, patch, incident.Precondition{Tags: []string{inc.Tag()}}); err != nil {
			return "", err
		}
		return Reopened, a.note(ctx, inc.ID, text)
	}
	return Noted, a.note(ctx, inc.ID, text)
}

// acknowledge takes a VALIDATED incident IN_PROGRESS; anything else is
// left as it is.
func (a *alertRun) acknowledge(ctx context.Context, inc *incident.Incident) (Effect, error) {
	if inc.Status != incident.StatusValidated {
		return Unchanged, nil
	}
	working := incident.StatusInProgress
	patch := incident.Patch{Status: &working, StatusChangeReason: "The alert was acknowledged (" + a.ev.Tool + ")"}
	_, _, err := a.g.Manager.Update(ctx, a.caller, inc.ID, patch, incident.Precondition{Tags: []string{inc.Tag()}})
	return Acknowledged, err
}

// resolve resolves the incident with AUTO_RESOLVED where the lifecycle
// lets the provider do it; an incident an agent already took elsewhere
// (resolved, closed, cancelled) gets a note instead, or nothing when
// final.
func (a *alertRun) resolve(ctx context.Context, inc *incident.Incident) (Effect, error) {
	if !a.st.Firing {
		return Unchanged, nil
	}
	a.st.Firing, a.st.ResolvedAt = false, &a.now
	if !incident.CanTransition(incident.RoleOperator, inc.Status, incident.StatusResolved) {
		if incident.IsFinal(inc.Status) {
			return Unchanged, nil
		}
		return Noted, a.note(ctx, inc.ID, "Alert resolved at "+stamp(a.now)+" ("+a.ev.Tool+"); the incident stays "+string(inc.Status)+".")
	}
	resolved, code := incident.StatusResolved, incident.ResolutionAutoResolved
	text := "The alert stopped firing (" + a.ev.Tool + ")."
	patch := incident.Patch{
		Status:             &resolved,
		Resolution:         &incident.ResolutionPatch{Code: &code, Text: &text},
		StatusChangeReason: "The alert was resolved (" + a.ev.Tool + ")",
	}
	_, _, err := a.g.Manager.Update(ctx, a.caller, inc.ID, patch, incident.Precondition{Tags: []string{inc.Tag()}})
	return Resolved, err
}

// open opens an incident for the alert's new firing; after a former
// incident, a note on the new one refers to it.
func (a *alertRun) open(ctx context.Context, former *incident.Incident) error {
	startsAt := a.startsAt()
	inc, _, err := a.g.Manager.Create(ctx, a.caller, newIncident(a.in, a.ev, startsAt), "")
	if err != nil {
		return err
	}
	*a.st = State{IncidentID: inc.ID, Firing: true, StartsAt: startsAt}
	if former == nil {
		return nil
	}
	return a.note(ctx, inc.ID, "The same alert ("+a.ev.DedupKey+") opened incident "+former.ID+
		" before, which is "+string(former.Status)+"; this firing opened a new incident.")
}

// startsAt is when the firing began: as the alert says, never after now
// (a clock ahead of ours), else now.
func (a *alertRun) startsAt() time.Time {
	if a.ev.StartsAt.IsZero() || a.ev.StartsAt.After(a.now) {
		return a.now
	}
	return a.ev.StartsAt
}

func (a *alertRun) note(ctx context.Context, incidentID, text string) error {
	_, _, err := a.g.Manager.AddNote(ctx, a.caller, incidentID, incident.NewNote{Text: cut(text, incident.MaxNoteText)}, "")
	return err
}
