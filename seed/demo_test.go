package seed

import (
	"context"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/internal/teststore"
	"github.com/incidentd/incidentd/sqlstore"
)

func demoSetup(t *testing.T, db *sqlstore.DB) (*auth.Admin, *incident.Manager) {
	t.Helper()
	// Fixed secrets are hashed like any other; a low work factor keeps the
	// test fast (verification reads the factor from the hash).
	saved := auth.PBKDF2Iterations
	auth.PBKDF2Iterations = 1000
	t.Cleanup(func() { auth.PBKDF2Iterations = saved })
	m := &incident.Manager{Incidents: db, Customers: db, Notes: db, Attachments: db, Matrix: incident.DefaultMatrix(), Now: sqlstore.DefaultNow}
	return auth.NewAdmin(db, auth.Options{}), m
}

func TestDemoCreatesEverythingOnce(t *testing.T) {
	teststore.Each(t, testDemoCreatesEverythingOnce)
}

func testDemoCreatesEverythingOnce(t *testing.T, db *sqlstore.DB) {
	ctx := context.Background()
	admin, m := demoSetup(t, db)
	res, err := Demo(ctx, db, admin, m)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Created || !res.Available || len(res.Customers) != 2 {
		t.Fatalf("result %+v", res)
	}
	guide := res.String()
	for _, want := range []string{"http://127.0.0.1:8080/oauth/v3/token", "-u demo-client:demo-secret",
		`-H "X-API-key: demo-api-key"`, "/incident/b2b/v1/incidents?location.address.country=FR&Priority=P1",
		"offset=10&limit=20&sort=-createdAt", "demo-operator-key", "demo-readonly"} {
		if !strings.Contains(guide, want) {
			t.Errorf("the guide lacks %q:\n%s", want, guide)
		}
	}

	// Every customer sees exactly its incidents.
	for _, c := range res.Customers {
		if _, total := list(t, db, incident.Scope{CustomerID: c.ID}, "limit=1"); total != c.Incidents {
			t.Errorf("customer %s sees %d incidents, the result says %d", c.ID, total, c.Incidents)
		}
	}
	if res.Customers[0].Incidents < 300 || res.Customers[1].Incidents < 120 {
		t.Errorf("customers %+v: a few hundred incidents expected", res.Customers)
	}

	// The getting-started guide's examples return results.
	demo := incident.Scope{CustomerID: DemoCustomerID}
	if _, total := list(t, db, demo, "location.address.country=FR&Priority=P1"); total < 25 {
		t.Errorf("the guide's filter finds %d incidents, want at least 25", total)
	}
	if page, _ := list(t, db, demo, "offset=10&limit=20&sort=-createdAt"); len(page) != 20 {
		t.Errorf("offset=10&limit=20 returns %d incidents", len(page))
	}

	checkDemoCredentials(t, db)
	checkDemoIncidents(t, db)

	// A second run changes nothing.
	again, err := Demo(ctx, db, admin, m)
	if err != nil {
		t.Fatal(err)
	}
	if again.Created || !again.Available || !strings.Contains(again.String(), "already holds the demo data") {
		t.Errorf("second run: %+v", again)
	}
	_, before := list(t, db, incident.Scope{Operator: true}, "limit=1")
	if want := res.Customers[0].Incidents + res.Customers[1].Incidents; before != want {
		t.Errorf("%d incidents after the second run, want %d", before, want)
	}
	if customers, _ := db.ListCustomers(ctx); len(customers) != 2 {
		t.Errorf("%d customers after the second run", len(customers))
	}
}

// checkDemoCredentials gets tokens the way the API does and authenticates
// them with the demo keys.
func checkDemoCredentials(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	svc := auth.NewService(db, auth.Options{CacheSize: -1})
	for _, c := range []struct {
		client, key, customer string
		operator, canWrite    bool
	}{
		{DemoClientID, DemoAPIKey, DemoCustomerID, false, true},
		{DemoReadonlyClientID, DemoAPIKey, DemoCustomerID, false, false},
		{DemoOperatorClientID, DemoOperatorAPIKey, "", true, true},
		{DemoOtherClientID, DemoOtherAPIKey, DemoOtherCustomerID, false, true},
	} {
		tok, oerr := svc.IssueToken(ctx, c.client, DemoSecret, "")
		if oerr != nil {
			t.Errorf("%s: no token: %v", c.client, oerr)
			continue
		}
		p, err := svc.Authenticate(ctx, "Bearer "+tok.AccessToken, c.key)
		if err != nil {
			t.Errorf("%s with %s: %v", c.client, c.key, err)
			continue
		}
		if p.CustomerID != c.customer || p.IsOperator() != c.operator || p.CanWrite() != c.canWrite || !p.CanRead() {
			t.Errorf("%s: principal %+v", c.client, p)
		}
	}
	if _, oerr := svc.IssueToken(ctx, DemoClientID, "wrong-secret", ""); oerr == nil {
		t.Error("a wrong secret got a token")
	}
}

// checkDemoIncidents checks the invariants of every stored incident and the
// traces of the live operations: histories, freeze periods, escalation.
func checkDemoIncidents(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	ctx := context.Background()
	operator := incident.Scope{Operator: true}
	matrix := incident.DefaultMatrix()
	all, total := list(t, db, operator, "limit=1000")
	if len(all) != total {
		t.Fatalf("read %d of %d incidents", len(all), total)
	}
	withHistory, withClosedPeriod, frozen := 0, 0, 0
	for _, inc := range all {
		if inc.Priority != matrix.Priority[inc.Impact][inc.Urgency] || inc.Clock.TargetSeconds != matrix.TargetSeconds[inc.Priority] {
			t.Errorf("%s: %s × %s classified %s with target %d", inc.ID, inc.Impact, inc.Urgency, inc.Priority, inc.Clock.TargetSeconds)
		}
		periods, err := db.ListFreezePeriods(ctx, operator, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if want := incident.ComputeClock(inc.ClockStart(), inc.ResolvedAt, inc.Clock.TargetSeconds, periods); !sameClock(inc.Clock, want) {
			t.Errorf("%s: clock %+v, its periods give %+v", inc.ID, inc.Clock, want)
		}
		if (inc.Status == incident.StatusPending) != (inc.Clock.FrozenSince != nil) {
			t.Errorf("%s: %s, frozen since %v", inc.ID, inc.Status, inc.Clock.FrozenSince)
		}
		for _, p := range periods {
			if p.EndAt != nil {
				withClosedPeriod++
			} else {
				frozen++
			}
		}
		history, err := db.ListHistory(ctx, operator, inc.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(history) > 0 {
			withHistory++
		}
		if inc.CustomerReference == "DEMO-2041" {
			checkUrgentHistory(t, inc, history)
		}
	}
	if withHistory < len(demoScenarios) || withClosedPeriod < 4 || frozen < 1 {
		t.Errorf("%d incidents with a history, %d closed and %d open freeze periods", withHistory, withClosedPeriod, frozen)
	}
}

// checkUrgentHistory checks the first scenario: reported, validated, worked
// and escalated by the customer.
func checkUrgentHistory(t *testing.T, inc *incident.Incident, history []incident.Change) {
	t.Helper()
	if inc.Status != incident.StatusInProgress || !inc.IsEscalated || inc.EscalatedAt == nil || inc.Priority != incident.PriorityP1 {
		t.Errorf("%s: %s, escalated %v, %s", inc.ID, inc.Status, inc.IsEscalated, inc.Priority)
	}
	var statuses []string
	escalated := false
	for _, c := range history {
		switch c.Field {
		case "status":
			statuses = append(statuses, *c.To)
		case "isEscalated":
			escalated = c.Actor.Type == incident.ActorCustomer
		}
	}
	if strings.Join(statuses, ",") != "NEW,VALIDATED,IN_PROGRESS" || !escalated {
		t.Errorf("%s: history %+v", inc.ID, history)
	}
}

func TestDemoLeavesOtherDatabasesAlone(t *testing.T) {
	ctx := context.Background()
	db := teststore.Open(t, teststore.SQLiteURL(t))
	admin, m := demoSetup(t, db)
	if _, err := admin.CreateCustomer(ctx, "existing", "Existing Customer SA"); err != nil {
		t.Fatal(err)
	}
	res, err := Demo(ctx, db, admin, m)
	if err != nil {
		t.Fatal(err)
	}
	if res.Created || res.Available || !strings.Contains(res.String(), "not empty") {
		t.Errorf("result %+v: %s", res, res)
	}
	if _, err := db.GetClient(ctx, DemoClientID); incident.ErrorCode(err) != incident.CodeNotFound {
		t.Errorf("the demo client exists in a database that was not empty: %v", err)
	}
	if _, total := list(t, db, incident.Scope{Operator: true}, "limit=1"); total != 0 {
		t.Errorf("%d incidents imported into a database that was not empty", total)
	}
}

func TestDemoWithoutManagerImportsOnly(t *testing.T) {
	db := teststore.Open(t, teststore.SQLiteURL(t))
	admin, _ := demoSetup(t, db)
	res, err := Demo(context.Background(), db, admin, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, total := list(t, db, incident.Scope{CustomerID: DemoCustomerID}, "location.address.country=FR&Priority=P1"); !res.Created || total < 25 {
		t.Errorf("result %+v, %d incidents for the guide's filter", res, total)
	}
}
