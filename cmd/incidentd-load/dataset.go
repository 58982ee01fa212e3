package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/seed"
	"github.com/incidentd/incidentd/sqlstore"
)

// dataSet is a generated data set and the customer whose requests are
// measured.
type dataSet struct {
	name      string
	plans     []seed.CustomerPlan
	customer  string
	incidents int // of the measured customer
}

// total is the number of incidents of the whole data set.
func (d dataSet) total() int {
	n := 0
	for _, p := range d.plans {
		n += p.Incidents
	}
	return n
}

// loadCustomer is the measured customer of the sets made for this command.
const loadCustomer = "load-customer"

func loadPlans(customers, incidents, measured int) []seed.CustomerPlan {
	return seed.Plans(customers, incidents, 1,
		seed.CustomerPlan{ID: loadCustomer, Name: "Réseau Hexa Logistique SA", Country: "FR", Incidents: measured})
}

// dataSets are the sets --set names: a customer of 100,000 incidents among
// others (the default), the benchmark set of bench/ (its customer of
// 200,000), and a small one for a quick check of the command itself.
var dataSets = map[string]dataSet{
	"100k":  {name: "100k", plans: loadPlans(10, 150_000, 100_000), customer: loadCustomer, incidents: 100_000},
	"bench": {name: "bench", plans: seed.BenchPlans(), customer: seed.BenchLargeCustomer, incidents: 200_000},
	"small": {name: "small", plans: loadPlans(3, 3_000, 2_000), customer: loadCustomer, incidents: 2_000},
}

func dataSetNames() []string {
	var names []string
	for n := range dataSets {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// preparedSet is a data set in place with credentials to call the API as
// its measured customer, and ids of that customer's incidents.
type preparedSet struct {
	dataSet
	clientID, secret, apiKey string
	ids                      []string
}

// prepareDataSet migrates the database, seeds the data set when the
// database holds no incident (or checks the one it finds), creates a client
// and an API key for the measured customer and samples its incident ids.
func prepareDataSet(ctx context.Context, dsn string, set dataSet, progress io.Writer) (*preparedSet, error) {
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		return nil, err
	}
	if err := ensureSeeded(ctx, db, set, progress); err != nil {
		return nil, err
	}
	p := &preparedSet{dataSet: set}
	admin := auth.NewAdmin(db, auth.Options{})
	owner := auth.CustomerOwner(set.customer)
	client, secret, err := admin.CreateClient(ctx, owner, "Load client", []string{auth.ScopeIncident})
	if err != nil {
		return nil, err
	}
	if _, p.apiKey, err = admin.CreateAPIKey(ctx, owner, 24*time.Hour); err != nil {
		return nil, err
	}
	p.clientID, p.secret = client.ID, secret
	p.ids, err = sampleIDs(ctx, db, set)
	return p, err
}

func ensureSeeded(ctx context.Context, db *sqlstore.DB, set dataSet, progress io.Writer) error {
	count := func(scope incident.Scope) (int, error) {
		_, total, err := db.ListIncidents(ctx, scope, incident.Query{Limit: 1})
		return total, err
	}
	all, err := count(incident.Scope{Operator: true})
	if err != nil {
		return err
	}
	if all == 0 {
		res, err := seed.Run(ctx, db, seed.Options{Plans: set.plans, Seed: 1})
		if err != nil {
			return err
		}
		fmt.Fprintf(progress, "seeded %d incidents in %s\n", res.Incidents, res.Elapsed.Round(time.Millisecond))
		return nil
	}
	mine, err := count(incident.Scope{CustomerID: set.customer})
	if err != nil {
		return err
	}
	if all != set.total() || mine != set.incidents {
		return fmt.Errorf("the database holds %d incidents, %d of them of %s: not the data set %q (%d, %d); give an empty database",
			all, mine, set.customer, set.name, set.total(), set.incidents)
	}
	fmt.Fprintln(progress, "reusing the data set found in the database")
	return nil
}

// sampleIDs reads a thousand ids spread over the measured customer's
// history, newest to oldest.
func sampleIDs(ctx context.Context, db *sqlstore.DB, set dataSet) ([]string, error) {
	const pages, perPage = 10, 100
	scope := incident.Scope{CustomerID: set.customer}
	var ids []string
	for i := range pages {
		page, _, err := db.ListIncidents(ctx, scope, incident.Query{Offset: i * set.incidents / pages, Limit: perPage})
		if err != nil {
			return nil, err
		}
		for _, inc := range page {
			ids = append(ids, inc.ID)
		}
	}
	if len(ids) == 0 {
		return nil, errors.New("no incident to read by id")
	}
	return ids, nil
}

// credentials are the headers every measured request carries.
type credentials struct {
	authorization, apiKey string
}

// login gets a token from the server's token endpoint, as an integration
// does.
func (p *preparedSet) login(ctx context.Context, client *http.Client, base string) (credentials, error) {
	form := url.Values{"grant_type": {"client_credentials"}}.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/oauth/v3/token", strings.NewReader(form))
	if err != nil {
		return credentials{}, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(p.clientID, p.secret)
	var token struct {
		AccessToken string `json:"access_token"`
	}
	if err := callJSON(client, req, &token); err != nil {
		return credentials{}, fmt.Errorf("token: %w", err)
	}
	if token.AccessToken == "" {
		return credentials{}, errors.New("token: no access_token in the answer")
	}
	return credentials{authorization: "Bearer " + token.AccessToken, apiKey: p.apiKey}, nil
}
