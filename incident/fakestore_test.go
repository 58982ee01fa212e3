package incident_test

import (
	"context"
	"sync"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// memStore is an in-memory incident.IncidentStore and AuthStore for the pure-logic
// tests of the incident.Manager; storage itself is tested on real databases. Methods
// the incident.Manager does not call are left to the embedded nil interfaces.
type memStore struct {
	incident.IncidentStore

	mu        sync.Mutex
	now       time.Time
	seq       int64
	nextID    int64
	customers map[string]incident.Customer
	incidents map[string]*incident.Incident
	periods   map[string][]incident.FreezePeriod
	history   map[string][]incident.Change
	keys      map[string]keyUse // by client and key
	events    []incident.Event  // as the store would complete them
}

type keyUse struct {
	hash string
	id   string
}

func newMemStore(now time.Time) *memStore {
	return &memStore{
		now:       now,
		customers: map[string]incident.Customer{"acme": {ID: "acme", Name: "Acme Industries"}, "globex": {ID: "globex", Name: "Globex"}},
		incidents: map[string]*incident.Incident{},
		periods:   map[string][]incident.FreezePeriod{},
		history:   map[string][]incident.Change{},
		keys:      map[string]keyUse{},
	}
}

func (m *memStore) GetCustomer(_ context.Context, id string) (incident.Customer, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.customers[id]
	if !ok {
		return incident.Customer{}, incident.NotFound("customer")
	}
	return c, nil
}

func (m *memStore) CreateIncident(_ context.Context, inc *incident.Incident, actor incident.Actor, idem *incident.Idempotency, events []incident.Event) (*incident.Incident, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if idem != nil {
		if use, ok := m.keys[idem.ClientID+"\x00"+idem.Key]; ok {
			if use.hash != idem.RequestHash {
				return nil, false, incident.Errorf(incident.CodeIdempotencyReused, incident.MsgIdempotencyReused, idem.Key)
			}
			stored := *m.incidents[use.id]
			return &stored, true, nil
		}
	}
	m.seq++
	changes, err := inc.Created(m.seq, m.now, actor)
	if err != nil {
		return nil, false, err
	}
	stored := *inc
	m.incidents[inc.ID] = &stored
	m.history[inc.ID] = changes
	if idem != nil {
		m.keys[idem.ClientID+"\x00"+idem.Key] = keyUse{idem.RequestHash, inc.ID}
	}
	m.record(events, &stored)
	out := stored
	return &out, false, nil
}

func (m *memStore) find(scope incident.Scope, id string) (*incident.Incident, error) {
	inc, ok := m.incidents[id]
	if !ok || !scope.Operator && inc.Customer.ID != scope.CustomerID {
		return nil, incident.NotFound("incident")
	}
	return inc, nil
}

func (m *memStore) GetIncident(_ context.Context, scope incident.Scope, id string) (*incident.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	inc, err := m.find(scope, id)
	if err != nil {
		return nil, err
	}
	out := *inc
	return &out, nil
}

func (m *memStore) UpdateIncident(_ context.Context, scope incident.Scope, id string, edit func(*incident.Edit) error) (*incident.Incident, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	stored, err := m.find(scope, id)
	if err != nil {
		return nil, err
	}
	inc := *stored
	e := &incident.Edit{Incident: &inc, Periods: append([]incident.FreezePeriod(nil), m.periods[id]...), Now: m.now}
	if err := edit(e); err != nil {
		return nil, err
	}
	if len(e.Changes) > 0 {
		inc.Version++
		inc.UpdatedAt = m.now
		for i := range e.Periods {
			if e.Periods[i].ID == 0 {
				m.nextID++
				e.Periods[i].ID = m.nextID
			}
		}
		*stored = inc
		m.periods[id] = append([]incident.FreezePeriod(nil), e.Periods...)
		m.history[id] = append(m.history[id], e.Changes...)
		m.record(e.Events, &inc)
	}
	out := *stored
	return &out, nil
}

func (m *memStore) ListFreezePeriods(_ context.Context, scope incident.Scope, id string) ([]incident.FreezePeriod, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.find(scope, id); err != nil {
		return nil, err
	}
	return append([]incident.FreezePeriod(nil), m.periods[id]...), nil
}

func (m *memStore) ListHistory(_ context.Context, scope incident.Scope, id string) ([]incident.Change, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.find(scope, id); err != nil {
		return nil, err
	}
	return append([]incident.Change(nil), m.history[id]...), nil
}

// record completes events as a store does: the time, the incident as it
// stands, copies of the objects.
func (m *memStore) record(events []incident.Event, inc *incident.Incident) {
	for _, e := range events {
		snapshot := *inc
		e.Time, e.CustomerID, e.IncidentID, e.Incident = m.now, inc.Customer.ID, inc.ID, &snapshot
		if e.FreezePeriod != nil {
			p := *e.FreezePeriod
			e.FreezePeriod = &p
		}
		m.events = append(m.events, e)
	}
}
