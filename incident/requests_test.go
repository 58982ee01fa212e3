package incident_test

import (
	"context"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// The requests of the tests, written as the API's bodies and decoded as the
// API decodes them, then carried out by the domain.

func create(ctx context.Context, m *incident.Manager, c incident.Caller, body, key string) (*incident.Incident, bool, error) {
	n, err := contract.DecodeCreate([]byte(body), c.Role)
	if err != nil {
		return nil, false, err
	}
	return m.Create(ctx, c, n, key)
}

func update(ctx context.Context, m *incident.Manager, c incident.Caller, id, body string, ifMatch ...string) (*incident.Incident, error) {
	p, err := contract.DecodePatch([]byte(body))
	if err != nil {
		return nil, err
	}
	inc, _, err := m.Update(ctx, c, id, p, contract.IfMatch(ifMatch))
	return inc, err
}

func addFreeze(ctx context.Context, m *incident.Manager, c incident.Caller, id, body string) (incident.FreezePeriod, *incident.Incident, error) {
	in, err := contract.DecodeFreezePeriod([]byte(body))
	if err != nil {
		return incident.FreezePeriod{}, nil, err
	}
	return m.AddFreezePeriod(ctx, c, id, in)
}

func patchFreeze(ctx context.Context, m *incident.Manager, c incident.Caller, id string, periodID int64, body string) (incident.FreezePeriod, *incident.Incident, error) {
	p, err := contract.DecodeFreezePatch([]byte(body))
	if err != nil {
		return incident.FreezePeriod{}, nil, err
	}
	return m.UpdateFreezePeriod(ctx, c, id, periodID, p)
}

// wire writes a time as the API does.
func wire(t time.Time) string { return t.UTC().Format(contract.TimeLayout) }
