package seed

import (
	"context"
	"fmt"
	"strings"

	"github.com/incidentd/incidentd/account"
	"github.com/incidentd/incidentd/incident"
)

// DemoPassword is the password of every demo user of the console (spec
// §12). They exist only in a database filled by Demo.
const DemoPassword = "demo-password"

// DemoUsers are the console's demo users: two of the demo customer, one of
// the second customer, and the provider's agent and admin.
var DemoUsers = []account.NewUser{
	{Email: "viewer@demo.example", Name: "Vera Viewer", CustomerID: DemoCustomerID, Role: account.RoleViewer, Password: DemoPassword},
	{Email: "reporter@demo.example", Name: "Remi Reporter", CustomerID: DemoCustomerID, Role: account.RoleReporter, Password: DemoPassword},
	{Email: "reporter@acme.example", Name: "Ada Acme", CustomerID: DemoOtherCustomerID, Role: account.RoleReporter, Password: DemoPassword},
	{Email: "agent@provider.example", Name: "Alex Agent", Role: account.RoleAgent, Password: DemoPassword},
	{Email: "admin@provider.example", Name: "Sam Admin", Role: account.RoleAdmin, Password: DemoPassword},
}

// CreateDemoUsers creates the demo users that do not exist yet, on a
// database holding the demo customers (Demo).
func CreateDemoUsers(ctx context.Context, admin *account.Admin) error {
	for _, u := range DemoUsers {
		_, err := admin.Store.GetUserByEmail(ctx, u.Email)
		if err == nil {
			continue
		}
		if incident.ErrorCode(err) != incident.CodeNotFound {
			return err
		}
		if _, _, err := admin.CreateUser(ctx, u); err != nil {
			return fmt.Errorf("demo user %s: %w", u.Email, err)
		}
	}
	return nil
}

// DemoUsersGuide tells where the console is and who may sign in.
func DemoUsersGuide(baseURL string) string {
	var b strings.Builder
	b.WriteString("The web console is at " + strings.TrimRight(baseURL, "/") + "/console/; sign in with the password " + DemoPassword + " as:\n")
	for _, u := range DemoUsers {
		who := "the provider"
		if u.CustomerID != "" {
			who = "customer " + quote(u.CustomerID)
		}
		fmt.Fprintf(&b, "    %-24s %s, %s\n", u.Email, u.Role, who)
	}
	return b.String()
}
