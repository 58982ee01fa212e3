package seed

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// The fixed credentials of the demo data set (spec §10). They exist only in
// a database filled by Demo.
const (
	DemoCustomerID       = "demo"
	DemoCustomerName     = "Demo Industries"
	DemoOtherCustomerID  = "acme"
	DemoOtherName        = "Acme Industries"
	DemoClientID         = "demo-client"
	DemoReadonlyClientID = "demo-readonly"
	DemoOperatorClientID = "demo-operator"
	DemoOtherClientID    = "acme-client"
	DemoSecret           = "demo-secret"
	DemoAPIKey           = "demo-api-key"
	DemoOperatorAPIKey   = "demo-operator-key"
	DemoOtherAPIKey      = "acme-api-key"
)

// Sizes of the demo data set. The demo customer has enough incidents for
// every example of the getting-started guide: at least demoGuideMatches in
// France with priority P1, and pages beyond offset=10&limit=20.
const (
	demoImported      = 300
	demoOtherImported = 120
	demoGuideMatches  = 25
	demoWindowMonths  = 12
	demoSeed          = 2026
)

// DemoResult tells what Demo did; its String is the guide the serve
// command prints.
type DemoResult struct {
	// Created is false when the database was not empty: Demo did nothing.
	Created bool
	// Available reports whether the demo credentials exist (created now or
	// by an earlier Demo).
	Available bool
	Customers []DemoCustomer
}

// DemoCustomer is a customer of the demo data set.
type DemoCustomer struct {
	ID, Name  string
	Incidents int
}

// Demo fills an EMPTY database with the demo data set: the customer
// DemoCustomerID and a second one, DemoOtherCustomerID, their clients and
// API keys with the fixed demo secrets, a few hundred generated incidents,
// and a few live ones worked through the domain's operations by the
// manager (reports, validation, escalation, PENDING with its freeze period,
// resolution, cancellation, retroactive freeze periods), which leave a real
// history. A nil manager skips the live part. On a database holding any
// customer, client or incident, Demo changes nothing.
func Demo(ctx context.Context, store Store, admin *auth.Admin, manager *incident.Manager) (DemoResult, error) {
	empty, err := isEmpty(ctx, store)
	if err != nil {
		return DemoResult{}, err
	}
	if !empty {
		_, err := store.GetClient(ctx, DemoClientID)
		switch {
		case err == nil:
			return DemoResult{Available: true}, nil
		case incident.ErrorCode(err) == incident.CodeNotFound:
			return DemoResult{}, nil
		default:
			return DemoResult{}, err
		}
	}
	if manager != nil && manager.Now == nil {
		withClock := *manager
		withClock.Now = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
		manager = &withClock
	}
	now := time.Now().UTC().Truncate(time.Millisecond)
	if manager != nil {
		now = manager.Now()
	}
	since := now.AddDate(0, -demoWindowMonths, 0)
	if err := createDemoCustomers(ctx, store, since); err != nil {
		return DemoResult{}, fmt.Errorf("demo customers: %w", err)
	}
	if err := createDemoCredentials(ctx, admin); err != nil {
		return DemoResult{}, fmt.Errorf("demo credentials: %w", err)
	}
	gen, batch, err := demoIncidents(since, now)
	if err != nil {
		return DemoResult{}, err
	}
	if err := importBatch(ctx, store, batch); err != nil {
		return DemoResult{}, err
	}
	res := DemoResult{Created: true, Available: true, Customers: []DemoCustomer{
		{ID: DemoCustomerID, Name: DemoCustomerName, Incidents: demoImported},
		{ID: DemoOtherCustomerID, Name: DemoOtherName, Incidents: demoOtherImported},
	}}
	if manager == nil {
		return res, nil
	}
	live, err := playDemoScenarios(ctx, manager, gen)
	if err != nil {
		return DemoResult{}, fmt.Errorf("demo incidents: %w", err)
	}
	for i := range res.Customers {
		res.Customers[i].Incidents += live[res.Customers[i].ID]
	}
	if err := addRetroactivePeriods(ctx, manager, store); err != nil {
		return DemoResult{}, fmt.Errorf("demo freeze periods: %w", err)
	}
	return res, nil
}

// isEmpty reports whether the store holds no customer, no client and no
// incident.
func isEmpty(ctx context.Context, store Store) (bool, error) {
	customers, err := store.ListCustomers(ctx)
	if err != nil || len(customers) > 0 {
		return false, err
	}
	clients, err := store.ListClients(ctx, "")
	if err != nil || len(clients) > 0 {
		return false, err
	}
	_, total, err := store.ListIncidents(ctx, incident.Scope{Operator: true}, incident.Query{Limit: 1})
	return err == nil && total == 0, err
}

// createDemoCustomers creates the two customers, as customers since the
// start of their incidents' history.
func createDemoCustomers(ctx context.Context, store auth.Store, since time.Time) error {
	for _, c := range []incident.Customer{
		{ID: DemoCustomerID, Name: DemoCustomerName, CreatedAt: since},
		{ID: DemoOtherCustomerID, Name: DemoOtherName, CreatedAt: since},
	} {
		if err := store.CreateCustomer(ctx, c); err != nil {
			return err
		}
	}
	return nil
}

func createDemoCredentials(ctx context.Context, admin *auth.Admin) error {
	if admin == nil {
		return errors.New("no admin to provision the demo credentials")
	}
	demo, other, operator := auth.CustomerOwner(DemoCustomerID), auth.CustomerOwner(DemoOtherCustomerID), auth.OperatorOwner()
	for _, c := range []struct {
		owner    auth.Owner
		id, name string
		scopes   []string
	}{
		{demo, DemoClientID, "Demo Industries portal", []string{auth.ScopeIncident, auth.ScopeReadOnly}},
		{demo, DemoReadonlyClientID, "Demo Industries reporting", []string{auth.ScopeReadOnly}},
		{operator, DemoOperatorClientID, "Service desk", []string{auth.ScopeOperator}},
		{other, DemoOtherClientID, "Acme Industries portal", []string{auth.ScopeIncident, auth.ScopeReadOnly}},
	} {
		if _, _, err := admin.CreateClient(ctx, c.owner, c.name, c.scopes, auth.WithClientID(c.id), auth.WithSecret(DemoSecret)); err != nil {
			return err
		}
	}
	for _, k := range []struct {
		owner auth.Owner
		key   string
	}{{demo, DemoAPIKey}, {operator, DemoOperatorAPIKey}, {other, DemoOtherAPIKey}} {
		if _, _, err := admin.CreateAPIKey(ctx, k.owner, 0, auth.WithKey(k.key)); err != nil {
			return err
		}
	}
	return nil
}

// demoIncidents generates the imported part of the demo data set over the
// last months. It takes the first seed from demoSeed whose data set gives
// the guide's filter (France, P1) enough results for the demo customer, so
// that the guarantee does not depend on the day Demo runs.
func demoIncidents(since, now time.Time) (*Generator, generatedBatch, error) {
	plans := []CustomerPlan{
		{ID: DemoCustomerID, Name: DemoCustomerName, Country: "FR", Incidents: demoImported},
		{ID: DemoOtherCustomerID, Name: DemoOtherName, Country: "GB", Incidents: demoOtherImported},
	}
	for seed := uint64(demoSeed); seed < demoSeed+100; seed++ {
		gen, err := NewGenerator(Config{Seed: seed, Customers: plans, From: since, To: now, P1Share: 0.15})
		if err != nil {
			return nil, generatedBatch{}, err
		}
		batch, matches := generatedBatch{}, 0
		for {
			inc, periods := gen.Next()
			if inc == nil {
				break
			}
			for _, p := range periods {
				batch.pending = append(batch.pending, pendingPeriod{len(batch.incidents), p})
			}
			batch.incidents = append(batch.incidents, inc)
			if inc.Customer.ID == DemoCustomerID && inc.Priority == incident.PriorityP1 &&
				inc.Location != nil && inc.Location.Address.Country == "FR" {
				matches++
			}
		}
		if matches >= demoGuideMatches+5 {
			return gen, batch, nil
		}
	}
	return nil, generatedBatch{}, errors.New("seed: no demo data set matches the guide's examples")
}
