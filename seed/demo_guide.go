package seed

import (
	"strconv"
	"strings"
)

// DefaultDemoURL is where `incidentd serve` listens by default.
const DefaultDemoURL = "http://127.0.0.1:8080"

func (r DemoResult) String() string { return r.Guide(DefaultDemoURL) }

// Guide tells how to call the API served at baseURL with the demo
// credentials, with the calls of the published getting-started guide.
func (r DemoResult) Guide(baseURL string) string {
	if !r.Available {
		return "The database is not empty: no demo data was created, and the demo credentials do not exist."
	}
	var b strings.Builder
	if r.Created {
		b.WriteString("Demo data created:\n")
		for _, c := range r.Customers {
			b.WriteString("    customer " + quote(c.ID) + " (" + c.Name + "): " + strconv.Itoa(c.Incidents) + " incidents\n")
		}
		b.WriteString("\n")
	} else {
		b.WriteString("The database already holds the demo data.\n\n")
	}
	base := strings.TrimRight(baseURL, "/")
	list := base + "/incident/b2b/v1/incidents"
	b.WriteString(`Get an access token (client credentials, HTTP Basic with ` + DemoClientID + `:` + DemoSecret + `):

    curl -X POST -u ` + DemoClientID + `:` + DemoSecret + ` -d grant_type=client_credentials ` + base + `/oauth/v3/token

or keep it in a shell variable:

    access_token=$(curl -s -u ` + DemoClientID + `:` + DemoSecret + ` -d grant_type=client_credentials ` + base + `/oauth/v3/token | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

Get all your incidents, with the token and the API key ` + DemoAPIKey + `:

    curl -X GET \
        -H "Authorization: $access_token" \
        -H "X-API-key: ` + DemoAPIKey + `" \
        ` + list + `

The guide's other calls, with the same headers:

    "` + list + `?location.address.country=FR&Priority=P1"
    "` + list + `?offset=10&limit=20&sort=-createdAt"
    ` + list + `/{incident_id}

Other demo credentials, all with the secret ` + DemoSecret + `:
    ` + DemoReadonlyClientID + `   read only, key ` + DemoAPIKey + `
    ` + DemoOperatorClientID + `   operator (every customer), key ` + DemoOperatorAPIKey + `
    ` + DemoOtherClientID + `     the customer ` + quote(DemoOtherCustomerID) + `, key ` + DemoOtherAPIKey + `

Alerts open incidents of ` + quote(DemoCustomerID) + ` with the integration key ` + DemoIntegrationKey + `:
    Alertmanager webhook:  ` + base + `/incident/b2b/v1/alerts/alertmanager (Authorization: Bearer ` + DemoIntegrationKey + `)
    PagerDuty Events v2:   ` + base + `/v2/enqueue (routing_key ` + DemoIntegrationKey + `)
`)
	return b.String()
}

func quote(s string) string { return `"` + s + `"` }
