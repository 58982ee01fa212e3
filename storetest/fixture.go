package storetest

import (
	"context"
	"encoding/json"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Customers every fixture starts with.
const (
	acme   = "acme"
	globex = "globex"
)

var (
	acmeScope   = incident.Scope{CustomerID: acme}
	globexScope = incident.Scope{CustomerID: globex}
	operator    = incident.Scope{Operator: true}

	customerActor = incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}
	providerActor = incident.Actor{Type: incident.ActorProvider, Name: "noc"}
)

// start is the fixtures' initial time: a Thursday, on a millisecond.
var start = time.Date(2026, 11, 26, 8, 0, 0, 0, time.UTC)

// fixture is a store with two customers and a clock the test moves.
type fixture struct {
	t   *testing.T
	s   Store
	ctx context.Context

	mu  sync.Mutex
	now time.Time
}

func newFixture(t *testing.T, s Store) *fixture {
	f := &fixture{t: t, s: s, ctx: context.Background(), now: start}
	s.SetNow(f.clock)
	for _, c := range []incident.Customer{{ID: acme, Name: "Acme Industries"}, {ID: globex, Name: "Globex"}} {
		if err := s.CreateCustomer(f.ctx, c); err != nil {
			t.Fatalf("create customer %s: %v", c.ID, err)
		}
	}
	return f
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// advance moves the clock forward.
func (f *fixture) advance(d time.Duration) time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	return f.now
}

var matrix = incident.DefaultMatrix()

// newIncident is a customer's reported incident, as the domain would hand
// it to the store, changed by the options.
func newIncident(customerID string, opts ...func(*incident.Incident)) *incident.Incident {
	inc := &incident.Incident{
		Customer:         incident.CustomerRef{ID: customerID},
		Status:           incident.StatusNew,
		Impact:           incident.ImpactS2,
		Urgency:          incident.UrgencyU2,
		ServiceCondition: incident.ConditionDegraded,
		Description:      "Line unavailable since 08:00",
		Origin:           incident.OriginReactive,
		Type:             incident.TypeFailure,
	}
	for _, o := range opts {
		o(inc)
	}
	matrix.Classify(inc)
	return inc
}

func withImpact(i incident.Impact, u incident.Urgency) func(*incident.Incident) {
	return func(inc *incident.Incident) { inc.Impact, inc.Urgency = i, u }
}

func withCountry(country string) func(*incident.Incident) {
	return func(inc *incident.Incident) {
		inc.Location = &incident.Location{ID: "LOC-" + country, Name: "Site " + country,
			Address: &incident.Address{Street: "1 main street", PostalCode: "75002", City: "City " + country, Country: country}}
	}
}

func withDescription(d string) func(*incident.Incident) {
	return func(inc *incident.Incident) { inc.Description = d }
}

// create stores an incident and fails the test on error.
func (f *fixture) create(inc *incident.Incident) *incident.Incident {
	f.t.Helper()
	created, replayed, err := f.s.CreateIncident(f.ctx, inc, customerActor, nil, nil)
	if err != nil {
		f.t.Fatalf("create incident: %v", err)
	}
	if replayed {
		f.t.Fatalf("create incident without a key: replayed")
	}
	return created
}

// get reads an incident as an operator and fails the test on error.
func (f *fixture) get(id string) *incident.Incident {
	f.t.Helper()
	inc, err := f.s.GetIncident(f.ctx, operator, id)
	if err != nil {
		f.t.Fatalf("get %s: %v", id, err)
	}
	return inc
}

// update applies edit and fails the test on error.
func (f *fixture) update(scope incident.Scope, id string, edit func(*incident.Edit) error) *incident.Incident {
	f.t.Helper()
	inc, err := f.s.UpdateIncident(f.ctx, scope, id, edit)
	if err != nil {
		f.t.Fatalf("update %s: %v", id, err)
	}
	return inc
}

// list runs a query and fails the test on error.
func (f *fixture) list(scope incident.Scope, q incident.Query) ([]*incident.Incident, int) {
	f.t.Helper()
	page, total, err := f.s.ListIncidents(f.ctx, scope, q)
	if err != nil {
		f.t.Fatalf("list: %v", err)
	}
	return page, total
}

// ids lists the ids of incidents.
func ids(incs []*incident.Incident) []string {
	out := make([]string, len(incs))
	for i, inc := range incs {
		out[i] = inc.ID
	}
	return out
}

// sameIncident compares two incidents field by field through their JSON
// form, which compares times as instants and pointers by what they point to.
func sameIncident(t *testing.T, what string, want, got *incident.Incident) {
	t.Helper()
	w, _ := json.Marshal(want)
	g, _ := json.Marshal(got)
	if string(w) != string(g) {
		t.Errorf("%s:\n got %s\nwant %s", what, g, w)
	}
}

// wantCode checks that err is a domain error with the code.
func wantCode(t *testing.T, what string, err error, code int) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want code %d", what, code)
		return
	}
	if got := incident.ErrorCode(err); got != code {
		t.Errorf("%s: error %v (code %d), want code %d", what, err, got, code)
	}
}

func ptr[T any](v T) *T { return &v }
