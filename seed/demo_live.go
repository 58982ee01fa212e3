package seed

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// demoScenario is a live incident of the demo: reported by a customer or
// raised by the operator, then worked through the domain's operations.
type demoScenario struct {
	customer   string
	byOperator bool
	// detectedAgo, for the operator's incidents: when supervision saw it.
	detectedAgo time.Duration
	// create is the POST body without service, location and contact, which
	// come from one of the customer's sites; {city} and {service} are
	// replaced by that site's city and service name.
	create string
	steps  []demoStep
}

// demoStep is one PATCH, by the operator or by the customer.
type demoStep struct {
	operator bool
	patch    string
}

func op(patch string) demoStep   { return demoStep{operator: true, patch: patch} }
func cust(patch string) demoStep { return demoStep{patch: patch} }

var demoScenarios = []demoScenario{
	{customer: DemoCustomerID,
		create: `{"description":"Plus d'accès Internet sur le site de {city} depuis 8h : les caisses ne fonctionnent plus. Merci d'intervenir en urgence.",
			"impact":"S1","urgency":"U1","customerReference":"DEMO-2041"}`,
		steps: []demoStep{
			op(`{"status":"VALIDATED","statusChangeReason":"Qualifié par le centre de services/Qualified by the service desk"}`),
			op(`{"status":"IN_PROGRESS","statusChangeReason":"Technicien dépêché sur site/Technician dispatched"}`),
			cust(`{"isEscalated":true}`),
		}},
	{customer: DemoCustomerID,
		create: `{"description":"Débit très faible sur le site de {city} depuis ce matin, les visioconférences coupent.",
			"impact":"S3","urgency":"U2","type":"DEGRADATION"}`,
		steps: []demoStep{
			cust(`{"impact":"S2","description":"Débit très faible sur le site de {city} depuis ce matin, les visioconférences coupent. Mise à jour : tout le site est touché."}`),
			op(`{"status":"VALIDATED"}`),
		}},
	{customer: DemoCustomerID,
		create: `{"description":"Demande de rapport de disponibilité mensuel pour le service {service}.",
			"impact":"S4","urgency":"U3","type":"INFORMATION"}`},
	{customer: DemoCustomerID, byOperator: true, detectedAgo: 7 * time.Minute,
		create: `{"description":"Alarme détectée a la supervision/Alarm detected in supervision Line unavailability",
			"impact":"S1","urgency":"U2"}`,
		steps: []demoStep{
			op(`{"status":"IN_PROGRESS"}`),
			op(`{"status":"PENDING","freezeReason":"SITE_ACCESS_REFUSED","statusChangeReason":"Accès au site refusé au technicien/Site access refused to the technician"}`),
		}},
	{customer: DemoCustomerID, byOperator: true, detectedAgo: 25 * time.Minute,
		create: `{"description":"Alarme détectée a la supervision/Alarm detected in supervision BGP session down",
			"impact":"S2","urgency":"U1"}`,
		steps: []demoStep{
			op(`{"status":"IN_PROGRESS"}`),
			op(`{"status":"RESOLVED","resolution":{"code":"FIXED","text":"Redémarrage du routeur d'accès/Access router restarted"}}`),
		}},
	{customer: DemoCustomerID,
		create: `{"description":"Téléphonie coupée sur le site de {city}, aucun appel entrant.","impact":"S3","urgency":"U2"}`,
		steps: []demoStep{
			cust(`{"status":"CANCELLED","statusChangeReason":"Doublon de DEMO-2041/Duplicate of DEMO-2041"}`),
		}},
	{customer: DemoCustomerID,
		create: `{"description":"Ajout d'une règle de filtrage pour le service {service} : ouvrir le port 8443 vers le serveur de supervision.",
			"impact":"S4","urgency":"U3","type":"CONFIGURATION"}`,
		steps: []demoStep{
			op(`{"status":"VALIDATED"}`),
			op(`{"status":"IN_PROGRESS"}`),
			op(`{"status":"PENDING","statusChangeReason":"En attente de la validation du client/Waiting for the customer's approval"}`),
			op(`{"status":"IN_PROGRESS","statusChangeReason":"Validation reçue/Approval received"}`),
		}},
	{customer: DemoOtherCustomerID,
		create: `{"description":"Line down at our {city} site since this morning. Users cannot work.","impact":"S2","urgency":"U2"}`,
		steps:  []demoStep{op(`{"status":"VALIDATED"}`)},
	},
	{customer: DemoOtherCustomerID, byOperator: true, detectedAgo: 3 * time.Minute,
		create: `{"description":"Alarme détectée a la supervision/Alarm detected in supervision High packet loss","impact":"S3","urgency":"U2","type":"DEGRADATION"}`,
		steps:  []demoStep{op(`{"status":"IN_PROGRESS"}`)},
	},
}

var demoOperator = incident.Caller{
	Role: incident.RoleOperator, Scope: incident.Scope{Operator: true},
	Actor: incident.Actor{Type: incident.ActorProvider, Name: "Service desk"}, ClientID: DemoOperatorClientID,
}

func demoCustomerCaller(customerID string) incident.Caller {
	client, name := DemoClientID, "Demo Industries portal"
	if customerID == DemoOtherCustomerID {
		client, name = DemoOtherClientID, "Acme Industries portal"
	}
	return incident.Caller{
		Role: incident.RoleCustomer, Scope: incident.Scope{CustomerID: customerID},
		Actor: incident.Actor{Type: incident.ActorCustomer, Name: name}, ClientID: client,
	}
}

// playDemoScenarios creates and works the live incidents, on the sites of
// the generated customers, and counts them per customer.
func playDemoScenarios(ctx context.Context, m *incident.Manager, gen *Generator) (map[string]int, error) {
	count := map[string]int{}
	sites := map[string]int{}
	for i, sc := range demoScenarios {
		p := gen.profile(sc.customer)
		s := &p.sites[sites[sc.customer]%len(p.sites)]
		sites[sc.customer]++
		o := s.services[0]
		fill := strings.NewReplacer("{city}", s.city, "{service}", o.service.Name)

		var body map[string]any
		if err := json.Unmarshal([]byte(fill.Replace(sc.create)), &body); err != nil {
			return nil, fmt.Errorf("scenario %d: %w", i, err)
		}
		body["service"], body["location"], body["contact"] = o.service, s.location, s.contacts[0]
		caller := demoCustomerCaller(sc.customer)
		if sc.byOperator {
			caller = demoOperator
			body["customer"] = map[string]string{"id": sc.customer}
			body["detectedAt"] = m.Now().Add(-sc.detectedAgo).UTC().Format(time.RFC3339Nano)
		}
		raw, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		inc, _, err := m.CreateIncident(ctx, caller, raw, "")
		if err != nil {
			return nil, fmt.Errorf("scenario %d: create: %w", i, err)
		}
		count[sc.customer]++
		for j, st := range sc.steps {
			who := demoCustomerCaller(sc.customer)
			if st.operator {
				who = demoOperator
			}
			if _, err := m.PatchIncident(ctx, who, inc.ID, []byte(fill.Replace(st.patch)), nil); err != nil {
				return nil, fmt.Errorf("scenario %d, step %d: %w", i, j, err)
			}
		}
	}
	return count, nil
}

// profile is the generated reference data of a customer.
func (g *Generator) profile(customerID string) *profile {
	for _, p := range g.profiles {
		if p.ref.ID == customerID {
			return p
		}
	}
	panic("seed: no profile for customer " + customerID)
}

// retroactiveReasons are the periods the operator adds after the fact.
var retroactiveReasons = []struct {
	reason  incident.FreezeReason
	comment string
}{
	{incident.FreezeCustomerUnreachable, "Contact sur site injoignable/On-site contact unreachable"},
	{incident.FreezeSiteAccessRefused, "Accès au local technique refusé/Access to the technical room refused"},
	{incident.FreezeCustomerRequest, "Intervention reportée à la demande du client/Intervention postponed at the customer's request"},
}

// addRetroactivePeriods has the operator add, after the fact, a freeze
// period to a few recent imported incidents of the demo customer, within
// their repair time: their clocks and histories show it.
func addRetroactivePeriods(ctx context.Context, m *incident.Manager, store incident.IncidentStore) error {
	added := 0
	for _, query := range []string{"status=RESOLVED&limit=3", "status=CLOSED&sort=-createdAt&limit=3", "status=IN_PROGRESS&limit=2"} {
		q, err := incident.IncidentAttributes.ParseQuery(mustQuery(query), incident.RoleCustomer)
		if err != nil {
			return err
		}
		page, _, err := store.ListIncidents(ctx, incident.Scope{CustomerID: DemoCustomerID}, q)
		if err != nil {
			return err
		}
		for _, inc := range page {
			if inc.Clock.FrozenSeconds > 0 || inc.Clock.FrozenSince != nil {
				continue // worked live already
			}
			start := inc.ClockStart()
			stop := m.Now()
			if inc.ResolvedAt != nil {
				stop = *inc.ResolvedAt
			}
			span := stop.Sub(start)
			if span < 20*time.Minute {
				continue
			}
			from := start.Add(span / 4).Truncate(time.Millisecond)
			to := from.Add(span / 3).Truncate(time.Millisecond)
			r := retroactiveReasons[added%len(retroactiveReasons)]
			body, err := json.Marshal(map[string]string{
				"startAt": from.UTC().Format(time.RFC3339Nano), "endAt": to.UTC().Format(time.RFC3339Nano),
				"reason": string(r.reason), "comment": r.comment,
			})
			if err != nil {
				return err
			}
			if _, _, err := m.AddFreezePeriod(ctx, demoOperator, inc.ID, body); err != nil {
				return fmt.Errorf("%s: %w", inc.ID, err)
			}
			added++
		}
	}
	return nil
}

func mustQuery(s string) url.Values {
	v, err := url.ParseQuery(s)
	if err != nil {
		panic(err)
	}
	return v
}
