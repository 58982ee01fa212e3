package storetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
)

func testIntegrations(t *testing.T, f *fixture) {
	in := alerts.Integration{ID: "in_1", Name: "Prometheus", CustomerID: acme, ServiceID: "SVC-1",
		Severities: alerts.SeverityMap{"page": {Impact: incident.ImpactS1, Urgency: incident.UrgencyU2}}, CreatedAt: start}
	key := alerts.Key{ID: "k1", IntegrationID: "in_1", Prefix: "ig_k1", Hash: "hash-1", CreatedAt: start}
	if err := f.s.CreateIntegration(f.ctx, in, key); err != nil {
		t.Fatal(err)
	}
	err := f.s.CreateIntegration(f.ctx, alerts.Integration{ID: "in_2", Name: "x", CustomerID: "nobody"}, alerts.Key{ID: "k2", IntegrationID: "in_2", Hash: "hash-2"})
	wantCode(t, "integration of an unknown customer", err, incident.CodeInvalidBodyField)
	if _, _, err := f.s.FindIntegrationKey(f.ctx, "hash-2"); incident.ErrorCode(err) != incident.CodeNotFound {
		t.Errorf("the key of a refused integration was stored: %v", err)
	}
	if err := f.s.CreateIntegration(f.ctx, alerts.Integration{ID: "in_3", Name: "Zabbix", CustomerID: globex},
		alerts.Key{ID: "k3", IntegrationID: "in_3", Prefix: "ig_k3", Hash: "hash-3"}); err != nil {
		t.Fatal(err)
	}
	f.advance(time.Hour)
	if err := f.s.AddIntegrationKey(f.ctx, alerts.Key{ID: "k4", IntegrationID: "in_1", Prefix: "ig_k4", Hash: "hash-4"}); err != nil {
		t.Fatal(err)
	}
	if err := f.s.AddIntegrationKey(f.ctx, alerts.Key{ID: "k5", IntegrationID: "in_1", Prefix: "ig_k5", Hash: "hash-1"}); err == nil {
		t.Errorf("a second key with the same hash was stored")
	}

	got, err := f.s.GetIntegration(f.ctx, "in_1")
	if err != nil || got.Name != "Prometheus" || got.CustomerID != acme || got.ServiceID != "SVC-1" || got.LocationID != "" ||
		got.Severities.String() != "page=S1/U2" || !got.CreatedAt.Equal(start) || got.RevokedAt != nil ||
		len(got.Keys) != 2 || got.Keys[0].ID != "k1" || got.Keys[1].ID != "k4" || !got.Keys[1].CreatedAt.Equal(start.Add(time.Hour)) {
		t.Errorf("get integration: %+v, %v", got, err)
	}
	_, err = f.s.GetIntegration(f.ctx, "in_none")
	wantCode(t, "unknown integration", err, incident.CodeNotFound)
	all, err := f.s.ListIntegrations(f.ctx, "")
	if err != nil || len(all) != 2 || all[0].ID != "in_1" || all[1].ID != "in_3" {
		t.Errorf("list all: %+v, %v", all, err)
	}
	mine, err := f.s.ListIntegrations(f.ctx, globex)
	if err != nil || len(mine) != 1 || mine[0].ID != "in_3" || len(mine[0].Keys) != 1 {
		t.Errorf("list of globex: %+v, %v", mine, err)
	}

	found, k, err := f.s.FindIntegrationKey(f.ctx, "hash-4")
	if err != nil || found.ID != "in_1" || found.Severities.String() != "page=S1/U2" || k.ID != "k4" || k.IntegrationID != "in_1" || k.RevokedAt != nil {
		t.Errorf("find key: %+v %+v %v", found, k, err)
	}
	revoked := start.Add(2 * time.Hour)
	if err := f.s.RevokeIntegrationKey(f.ctx, "k4", revoked); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RevokeIntegration(f.ctx, "in_3", revoked); err != nil {
		t.Fatal(err)
	}
	if err := f.s.RevokeIntegration(f.ctx, "in_3", revoked.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, k, err := f.s.FindIntegrationKey(f.ctx, "hash-4"); err != nil || k.RevokedAt == nil || !k.RevokedAt.Equal(revoked) {
		t.Errorf("revoked key: %+v %v", k, err)
	}
	if in, _, err := f.s.FindIntegrationKey(f.ctx, "hash-3"); err != nil || in.RevokedAt == nil || !in.RevokedAt.Equal(revoked) {
		t.Errorf("key of a revoked integration: %+v %v", in, err)
	}
	wantCode(t, "revoke an unknown integration", f.s.RevokeIntegration(f.ctx, "in_none", revoked), incident.CodeNotFound)
	wantCode(t, "revoke an unknown key", f.s.RevokeIntegrationKey(f.ctx, "k_none", revoked), incident.CodeNotFound)
	_, _, err = f.s.FindIntegrationKey(f.ctx, "hash-none")
	wantCode(t, "unknown key", err, incident.CodeNotFound)
}

// createIntegration stores an integration of acme for the alert tests.
func (f *fixture) createIntegration() {
	f.t.Helper()
	err := f.s.CreateIntegration(f.ctx, alerts.Integration{ID: "in_1", Name: "Prometheus", CustomerID: acme},
		alerts.Key{ID: "k1", IntegrationID: "in_1", Prefix: "ig_k1", Hash: "hash-1"})
	if err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) incidentTotal() int {
	f.t.Helper()
	_, total, err := f.s.ListIncidents(f.ctx, operator, incident.Query{Limit: 1})
	if err != nil {
		f.t.Fatal(err)
	}
	return total
}

// The state of an alert commits with what its callback stored through the
// context it was given, or neither does.
func testAlertStates(t *testing.T, f *fixture) {
	f.createIntegration()
	boom := errors.New("boom")
	err := f.s.WithAlert(f.ctx, "in_1", "fp", func(ctx context.Context, st *alerts.State) error {
		if st.IncidentID != "" || st.Firing || st.ResolvedAt != nil {
			t.Errorf("state of a new alert: %+v", st)
		}
		inc, _, err := f.s.CreateIncident(ctx, newIncident(acme), providerActor, nil, nil)
		if err != nil {
			return err
		}
		st.IncidentID, st.Firing = inc.ID, true
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("error %v, want the callback's", err)
	}
	if n := f.incidentTotal(); n != 0 {
		t.Fatalf("%d incidents after a failed callback, want none", n)
	}

	firing := start.Add(-time.Minute)
	var id string
	err = f.s.WithAlert(f.ctx, "in_1", "fp", func(ctx context.Context, st *alerts.State) error {
		if st.IncidentID != "" {
			t.Errorf("a failed callback left state %+v", st)
		}
		inc, _, err := f.s.CreateIncident(ctx, newIncident(acme), providerActor, nil, nil)
		if err != nil {
			return err
		}
		// Reads made with the context see the transaction's own writes.
		if _, err := f.s.GetIncident(ctx, acmeScope, inc.ID); err != nil {
			return err
		}
		id = inc.ID
		*st = alerts.State{IncidentID: inc.ID, Firing: true, StartsAt: firing}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if st, err := f.s.AlertState(f.ctx, "in_1", "fp"); err != nil || st.IncidentID != id || !st.Firing || !st.StartsAt.Equal(firing) {
		t.Errorf("alert state read: %+v, %v", st, err)
	}
	if st, err := f.s.AlertState(f.ctx, "in_1", "none"); err != nil || st != (alerts.State{}) {
		t.Errorf("state of an unknown alert: %+v, %v", st, err)
	}
	resolved := start.Add(time.Minute)
	err = f.s.WithAlert(f.ctx, "in_1", "fp", func(ctx context.Context, st *alerts.State) error {
		if st.IncidentID != id || !st.Firing || !st.StartsAt.Equal(firing) || st.ResolvedAt != nil {
			t.Errorf("stored state %+v, want incident %s firing since %v", st, id, firing)
		}
		st.Firing, st.ResolvedAt = false, &resolved
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f.s.WithAlert(f.ctx, "in_1", "fp", func(ctx context.Context, st *alerts.State) error {
		if st.Firing || st.ResolvedAt == nil || !st.ResolvedAt.Equal(resolved) {
			t.Errorf("resolved state %+v", st)
		}
		return nil
	})
	// A callback that leaves no incident leaves no state.
	f.s.WithAlert(f.ctx, "in_1", "other", func(ctx context.Context, st *alerts.State) error { return nil })
	f.s.WithAlert(f.ctx, "in_1", "other", func(ctx context.Context, st *alerts.State) error {
		if st.IncidentID != "" {
			t.Errorf("state of an alert left without incident: %+v", st)
		}
		return nil
	})
	if n := f.incidentTotal(); n != 1 {
		t.Errorf("%d incidents, want 1", n)
	}
}

// Concurrent callbacks for one alert run one after the other: each sees
// what the previous stored, so one incident is created.
func testAlertStatesConcurrent(t *testing.T, f *fixture) {
	f.createIntegration()
	const callers = 20
	var wg sync.WaitGroup
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := f.s.WithAlert(f.ctx, "in_1", "fp", func(ctx context.Context, st *alerts.State) error {
				if st.IncidentID != "" {
					return nil
				}
				inc, _, err := f.s.CreateIncident(ctx, newIncident(acme), providerActor, nil, nil)
				if err == nil {
					*st = alerts.State{IncidentID: inc.ID, Firing: true, StartsAt: start}
				}
				return err
			})
			if err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if n := f.incidentTotal(); n != 1 {
		t.Errorf("%d incidents from %d concurrent deliveries of one alert, want 1", n, callers)
	}
}
