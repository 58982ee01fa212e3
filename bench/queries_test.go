package bench

import (
	"context"
	"fmt"
	"net/url"
	"testing"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// The measured list queries, as a client writes them.
const (
	// guideQuery is the getting-started guide's filter: France, P1.
	guideQuery = "location.address.country=FR&Priority=P1"
	// sortedPage is the newest page of 20, with its exact total.
	sortedPage = "sort=-createdAt&limit=20"
)

const listPath = "/incident/b2b/v1/incidents"

// parse turns a query string into the domain query, as the server does.
func parse(b *testing.B, query string, c credentials) incident.Query {
	b.Helper()
	values, err := url.ParseQuery(query)
	if err != nil {
		b.Fatal(err)
	}
	role := incident.RoleCustomer
	if c.scope.Operator {
		role = incident.RoleOperator
	}
	q, err := contract.ParseIncidentQuery(values, role)
	if err != nil {
		b.Fatal(err)
	}
	return q
}

// storeList lists through the store and checks the page is not empty.
func (e *env) storeList(c credentials, q incident.Query) func() error {
	return func() error {
		page, total, err := e.db.ListIncidents(context.Background(), c.scope, q)
		if err == nil && (len(page) == 0 || total < len(page)) {
			err = fmt.Errorf("a page of %d out of %d", len(page), total)
		}
		return err
	}
}

// httpList lists through the API and checks the exact count is there.
func (e *env) httpList(c credentials, query string) func() error {
	return func() error {
		total, err := e.get(c, listPath+"?"+query)
		if err == nil && total <= 0 {
			err = fmt.Errorf("%s: X-Total-Count %d", query, total)
		}
		return err
	}
}

// nextID cycles through the sampled ids of the medium customer.
func (e *env) nextID() func() string {
	i := 0
	return func() string {
		i = (i + 1) % len(e.mediumIDs)
		return e.mediumIDs[i]
	}
}
