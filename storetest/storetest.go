// Package storetest is the contract suite every storage backend of
// incidentd must pass: Run it with a function that opens a fresh, migrated,
// empty store.
package storetest

import (
	"testing"
	"time"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/webhook"
)

// Store is what the suite exercises: both store interfaces and a
// replaceable clock.
type Store interface {
	incident.IncidentStore
	auth.Store
	account.Store
	incident.Aggregator
	incident.IncidentStreamer
	alerts.Store
	incident.EventStore
	incident.BreachFinder
	webhook.Store
	// SetNow replaces the clock the store reads once per transaction.
	SetNow(now func() time.Time)
}

// Run runs every test of the suite, each on a store of its own from open.
func Run(t *testing.T, open func(t *testing.T) Store) {
	tests := []struct {
		name string
		run  func(*testing.T, *fixture)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"CreateAbsentObjects", testCreateAbsentObjects},
		{"CreateErrors", testCreateErrors},
		{"OneInstantPerTransaction", testOneInstantPerTransaction},
		{"ScopeIsolation", testScopeIsolation},
		{"Filters", testFilters},
		{"SortAndPaging", testSortAndPaging},
		{"IdempotencySequential", testIdempotencySequential},
		{"IdempotencyConcurrent", testIdempotencyConcurrent},
		{"Update", testUpdate},
		{"UpdateConcurrent", testUpdateConcurrent},
		{"FreezePeriods", testFreezePeriods},
		{"History", testHistory},
		{"Customers", testCustomers},
		{"Clients", testClients},
		{"APIKeys", testAPIKeys},
		{"Tokens", testTokens},
		{"RotationRevokesTokens", testRotationRevokesTokens},
		{"AuthFailures", testAuthFailures},
		{"Import", testImport},
		{"Notes", testNotes},
		{"NotesScope", testNotesScope},
		{"NotesIdempotency", testNotesIdempotency},
		{"Attachments", testAttachments},
		{"AttachmentsScope", testAttachmentsScope},
		{"AttachmentsIdempotency", testAttachmentsIdempotency},
		{"Aggregate", testAggregate},
		{"AggregateTooManyGroups", testAggregateTooManyGroups},
		{"AggregateMatchesList", testAggregateMatchesList},
		{"CountsFollowWrites", testCountsFollowWrites},
		{"ChangeMarker", testChangeMarker},
		{"Stream", testStream},
		{"StreamSnapshot", testStreamSnapshot},
		{"StreamCallbackErrors", testStreamCallbackErrors},
		{"Integrations", testIntegrations},
		{"AlertStates", testAlertStates},
		{"AlertStatesConcurrent", testAlertStatesConcurrent},
		{"Users", testUsers},
		{"Sessions", testSessions},
		{"Events", testEvents},
		{"EventsChanged", testEventsChanged},
		{"EventsConcurrent", testEventsConcurrent},
		{"EventsBreach", testEventsBreach},
		{"EventsAutoClose", testEventsAutoClose},
		{"Subscriptions", testSubscriptions},
		{"SubscriptionsLimit", testSubscriptionsLimit},
		{"SubscriptionLeases", testSubscriptionLeases},
		{"DeliveryLog", testDeliveryLog},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newFixture(t, open(t)))
		})
	}
}
