package storetest

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

func testFreezePeriods(t *testing.T, f *fixture) {
	inc := f.create(newIncident(acme))
	other := f.create(newIncident(acme))
	periods, err := f.s.ListFreezePeriods(f.ctx, acmeScope, inc.ID)
	if err != nil || periods == nil || len(periods) != 0 {
		t.Fatalf("periods of a new incident: %v, %v; want an empty list", periods, err)
	}

	// Entering PENDING opens a period: it gets an id.
	t1 := f.advance(time.Hour)
	var edited *incident.Edit
	got := f.update(operator, inc.ID, func(e *incident.Edit) error {
		edited = e
		return pendingEdit(e)
	})
	if edited.Periods[0].ID == 0 {
		t.Errorf("new period has no id after the update")
	}
	if got.Clock.FrozenSince == nil || !got.Clock.FrozenSince.Equal(t1) {
		t.Errorf("frozen since %v, want %v", got.Clock.FrozenSince, t1)
	}

	// A retroactive period before it, and the first one closed: a period
	// change alone (no history entry) is stored too.
	t2 := f.advance(30 * time.Minute)
	retroStart, retroEnd := start.Add(10*time.Minute), start.Add(20*time.Minute)
	got = f.update(operator, inc.ID, func(e *incident.Edit) error {
		if len(e.Periods) != 1 || e.Periods[0].ID != edited.Periods[0].ID {
			t.Errorf("edit given periods %+v, want the stored one", e.Periods)
		}
		e.Periods[0].EndAt = &e.Now
		e.Periods = append(e.Periods, incident.FreezePeriod{StartAt: retroStart, EndAt: &retroEnd, Reason: incident.FreezeSiteAccessRefused, Comment: "gate closed", CreatedBy: providerActor})
		recompute(e)
		return nil
	})
	if got.Version != 3 {
		t.Errorf("version after a period change %d, want 3", got.Version)
	}
	periods, err = f.s.ListFreezePeriods(f.ctx, acmeScope, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(periods) != 2 {
		t.Fatalf("%d periods, want 2", len(periods))
	}
	first, second := periods[0], periods[1]
	if !first.StartAt.Equal(retroStart) || first.EndAt == nil || !first.EndAt.Equal(retroEnd) ||
		first.Reason != incident.FreezeSiteAccessRefused || first.Comment != "gate closed" || first.CreatedBy != providerActor {
		t.Errorf("retroactive period: %+v", first)
	}
	if second.ID != edited.Periods[0].ID || !second.StartAt.Equal(t1) || second.EndAt == nil || !second.EndAt.Equal(t2) {
		t.Errorf("closed period: %+v, want id %d from %v to %v", second, edited.Periods[0].ID, t1, t2)
	}
	if first.ID == second.ID {
		t.Errorf("two periods share id %d", first.ID)
	}
	if want := int64(40 * 60); got.Clock.FrozenSeconds != want {
		t.Errorf("frozen seconds %d, want %d", got.Clock.FrozenSeconds, want)
	}

	// An unchanged period is not a change.
	got = f.update(operator, inc.ID, func(e *incident.Edit) error { return nil })
	if got.Version != 3 {
		t.Errorf("version after an edit that changed nothing: %d, want 3", got.Version)
	}
	// A period of another incident cannot be edited through this one.
	_, err = f.s.UpdateIncident(f.ctx, operator, other.ID, func(e *incident.Edit) error {
		e.Periods = append(e.Periods, first)
		e.Periods[0].Comment = "hijacked"
		return nil
	})
	if err == nil {
		t.Errorf("editing another incident's period succeeded")
	}
	periods, _ = f.s.ListFreezePeriods(f.ctx, operator, other.ID)
	if len(periods) != 0 {
		t.Errorf("other incident has periods %+v", periods)
	}
}

func testHistory(t *testing.T, f *fixture) {
	inc := f.create(newIncident(acme))
	steps := []incident.Status{incident.StatusValidated, incident.StatusInProgress, incident.StatusPending, incident.StatusInProgress}
	for _, s := range steps {
		f.advance(time.Minute)
		f.update(operator, inc.ID, func(e *incident.Edit) error {
			setStatus(e, s)
			e.Changes[0].Reason = "to " + string(s)
			// Two entries recorded at the same instant keep their order.
			e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: providerActor, Field: "description", From: ptr("x"), To: nil})
			return nil
		})
	}
	history, err := f.s.ListHistory(f.ctx, acmeScope, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1+2*len(steps) {
		t.Fatalf("%d entries, want %d", len(history), 1+2*len(steps))
	}
	prev := "NEW"
	for i, s := range steps {
		st, desc := history[1+2*i], history[2+2*i]
		if st.Field != "status" || *st.From != prev || *st.To != string(s) || st.Reason != "to "+string(s) ||
			!st.At.Equal(start.Add(time.Duration(i+1)*time.Minute)) || st.Actor != providerActor {
			t.Errorf("entry %d: %+v, want status %s → %s", 1+2*i, st, prev, s)
		}
		if desc.Field != "description" || desc.To != nil || desc.From == nil || *desc.From != "x" {
			t.Errorf("entry %d: %+v, want description x → null", 2+2*i, desc)
		}
		prev = string(s)
	}
}
