package storetest

import (
	"errors"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

func testUpdate(t *testing.T, f *fixture) {
	inc := f.create(newIncident(acme, withCountry("FR")))

	// An error of the edit comes back as it is and nothing is written.
	refused := incident.Errorf(incident.CodeInvalidTransition, incident.MsgInvalidTransition, "NEW", "CLOSED", "")
	_, err := f.s.UpdateIncident(f.ctx, acmeScope, inc.ID, func(e *incident.Edit) error {
		e.Incident.Description = "changed"
		e.Periods = append(e.Periods, incident.FreezePeriod{StartAt: e.Now, Reason: incident.FreezeOther, CreatedBy: providerActor})
		setStatus(e, incident.StatusClosed)
		return refused
	})
	if !errors.Is(err, refused) {
		t.Errorf("edit error: got %v, want the edit's own error", err)
	}
	sameIncident(t, "after a refused edit", inc, f.get(inc.ID))

	// An edit that records nothing writes nothing and answers with the
	// stored incident.
	f.advance(time.Minute)
	got := f.update(acmeScope, inc.ID, func(e *incident.Edit) error {
		e.Incident.Description = "not recorded"
		return nil
	})
	sameIncident(t, "answer to an edit without changes", inc, got)
	sameIncident(t, "after an edit without changes", inc, f.get(inc.ID))

	// A recorded change is stored with a new version and time.
	now := f.advance(time.Minute)
	got = f.update(acmeScope, inc.ID, func(e *incident.Edit) error {
		if !e.Now.Equal(now) {
			t.Errorf("edit time %v, want %v", e.Now, now)
		}
		e.Incident.Description = "Line down again"
		e.Incident.Impact, e.Incident.Urgency = incident.ImpactS1, incident.UrgencyU1
		matrix.Classify(e.Incident)
		e.Incident.Location.Address.Country = "DE"
		e.Incident.Service = &incident.Service{ID: "S", Name: "Service"}
		recompute(e)
		e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: customerActor, Field: "impact", From: ptr("S2"), To: ptr("S1")})
		return nil
	})
	stored := f.get(inc.ID)
	sameIncident(t, "answer to an update", stored, got)
	if stored.Version != 2 || !stored.UpdatedAt.Equal(now) || !stored.CreatedAt.Equal(inc.CreatedAt) {
		t.Errorf("after update: version %d updated %v created %v; want 2, %v, %v", stored.Version, stored.UpdatedAt, stored.CreatedAt, now, inc.CreatedAt)
	}
	if stored.Description != "Line down again" || stored.Priority != incident.PriorityP1 || stored.Location.Address.Country != "DE" || stored.Service == nil {
		t.Errorf("update not stored: %+v", stored)
	}
	page, _ := f.list(acmeScope, incident.Query{Filters: []incident.Filter{strs("location.address.country", incident.OpEq, "DE"), strs("priority", incident.OpEq, "P1")}})
	if len(page) != 1 || page[0].ID != inc.ID {
		t.Errorf("updated incident not found by its new attributes: %v", ids(page))
	}

	// Resolving sets the resolution and stops the clock.
	f.advance(time.Hour)
	got = f.update(operator, inc.ID, resolveEdit(incident.ResolutionThirdParty, "Carrier fixed it"))
	if got.Version != 3 || got.Resolution == nil || got.Resolution.Text != "Carrier fixed it" || got.ResolvedAt == nil {
		t.Errorf("resolved: %+v", got)
	}
	sameIncident(t, "resolved incident", got, f.get(inc.ID))
}

// testUpdateConcurrent runs increments from two goroutines at once: each
// reads the value the other wrote, none is lost.
func testUpdateConcurrent(t *testing.T, f *fixture) {
	inc := f.create(newIncident(acme, func(inc *incident.Incident) { inc.CustomerReference = "0" }))
	const perWorker = 15
	var wg sync.WaitGroup
	errs := make(chan error, 2*perWorker)
	for range 2 {
		wg.Go(func() {
			for range perWorker {
				_, err := f.s.UpdateIncident(f.ctx, acmeScope, inc.ID, func(e *incident.Edit) error {
					n, err := strconv.Atoi(e.Incident.CustomerReference)
					if err != nil {
						return err
					}
					from := e.Incident.CustomerReference
					e.Incident.CustomerReference = strconv.Itoa(n + 1)
					e.Changes = append(e.Changes, incident.Change{At: e.Now, Actor: customerActor, Field: "customerReference", From: &from, To: ptr(e.Incident.CustomerReference)})
					return nil
				})
				if err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("concurrent update: %v", err)
	}
	got := f.get(inc.ID)
	if got.CustomerReference != strconv.Itoa(2*perWorker) || got.Version != 1+2*perWorker {
		t.Errorf("after %d increments: value %s, version %d", 2*perWorker, got.CustomerReference, got.Version)
	}
	history, err := f.s.ListHistory(f.ctx, acmeScope, inc.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(history) != 1+2*perWorker {
		t.Fatalf("%d history entries, want %d", len(history), 1+2*perWorker)
	}
	for i, c := range history[1:] {
		if *c.From != strconv.Itoa(i) || *c.To != strconv.Itoa(i+1) {
			t.Errorf("history entry %d: %s → %s, want %d → %d", i+1, *c.From, *c.To, i, i+1)
		}
	}
}
