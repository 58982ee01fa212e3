package seed

import (
	"context"

	"github.com/incidentd/incidentd/alerts"
)

// The demo customer's alert integration (spec §13).
const (
	DemoIntegrationKey  = "demo-integration-key"
	DemoIntegrationName = "Demo supervision"
)

// DemoIntegration creates the demo customer's alert integration, whose key
// is DemoIntegrationKey: for a database Demo has just filled.
func DemoIntegration(ctx context.Context, admin *alerts.Admin) error {
	_, _, err := admin.Create(ctx, alerts.NewIntegration{CustomerID: DemoCustomerID, Name: DemoIntegrationName, Key: DemoIntegrationKey})
	return err
}
