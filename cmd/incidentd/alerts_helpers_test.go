package main

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/internal/apitest"
	"github.com/incidentd/incidentd/sqlstore"
)

// alertSetup is a database with a customer, a client of it with an API
// key to read its incidents, and an alert integration of it.
type alertSetup struct {
	dbURL          string
	integrationKey string
	clientID       string
	secret         string
	apiKey         string
}

// acmeCustomer is the customer acme with a client (scope b2b:incident) and
// an API key.
type acmeCustomer struct {
	client  auth.Client
	secret  string
	key     auth.APIKey
	keyText string
}

// provisionAcme migrates the database at dbURL and provisions acme; the
// store it returns is closed when the test ends.
func provisionAcme(t *testing.T, dbURL string) (*sqlstore.DB, acmeCustomer) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dbURL, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	admin := auth.NewAdmin(db, auth.Options{})
	if _, err := admin.CreateCustomer(ctx, "acme", "Acme Industries"); err != nil {
		t.Fatal(err)
	}
	var a acmeCustomer
	if a.client, a.secret, err = admin.CreateClient(ctx, auth.CustomerOwner("acme"), "Acme app", []string{auth.ScopeIncident}); err != nil {
		t.Fatal(err)
	}
	if a.key, a.keyText, err = admin.CreateAPIKey(ctx, auth.CustomerOwner("acme"), 0); err != nil {
		t.Fatal(err)
	}
	return db, a
}

// provisionAlerts provisions acme and an alert integration of it.
func provisionAlerts(t *testing.T, dbURL string) alertSetup {
	t.Helper()
	db, acme := provisionAcme(t, dbURL)
	_, key, err := (&alerts.Admin{Store: db}).Create(context.Background(), alerts.NewIntegration{CustomerID: "acme", Name: "Prometheus"})
	if err != nil {
		t.Fatal(err)
	}
	return alertSetup{dbURL: dbURL, integrationKey: key, clientID: acme.client.ID, secret: acme.secret, apiKey: acme.keyText}
}

// reader reads a server's incidents as the setup's customer, every answer
// checked against the OpenAPI document the server serves.
type reader struct {
	url, token, key string
	doc             *apitest.Validator
}

func (s alertSetup) reader(t *testing.T, url string) *reader {
	t.Helper()
	return &reader{url: url, token: token(t, url, s.clientID, s.secret), key: s.apiKey, doc: document(t, url)}
}

// document loads the OpenAPI document a server serves.
func document(t *testing.T, url string) *apitest.Validator {
	t.Helper()
	_, doc := do(t, mustGet(t, url+"/incident/b2b/v1/doc"))
	return apitest.New(t, doc)
}

// get reads path into v.
func (r *reader) get(t *testing.T, path string, v any) *http.Response {
	t.Helper()
	resp, body := get(t, r.url+path, "Bearer "+r.token, r.key)
	r.doc.Check(t, resp.Request, resp.StatusCode, resp.Header, body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", path, err, body)
	}
	return resp
}

// alertIncident is what the alert tests read of an incident.
type alertIncident struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Origin      string `json:"origin"`
	Description string `json:"description"`
	Resolution  *struct {
		Code string `json:"code"`
	} `json:"resolution"`
}

// incidents lists every incident of the customer.
func (r *reader) incidents(t *testing.T) []alertIncident {
	t.Helper()
	var list []alertIncident
	r.get(t, "/incident/b2b/v1/incidents?limit=1000", &list)
	return list
}
