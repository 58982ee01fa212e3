package seed

import (
	"context"
	"fmt"
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
	// create is the new incident without service, location and contact,
	// which come from one of the customer's sites; {city} and {service} in
	// descriptions are replaced by that site's city and service name.
	create incident.NewIncident
	steps  []demoStep
}

// demoStep is one update, by the operator or by the customer.
type demoStep struct {
	operator bool
	patch    incident.Patch
}

func op(p incident.Patch) demoStep   { return demoStep{operator: true, patch: p} }
func cust(p incident.Patch) demoStep { return demoStep{patch: p} }

// moveTo is the patch of a status change, with its reason.
func moveTo(s incident.Status, reason string) incident.Patch {
	return incident.Patch{Status: &s, StatusChangeReason: reason}
}

func ref[T any](v T) *T { return &v }

var demoScenarios = []demoScenario{
	{customer: DemoCustomerID,
		create: incident.NewIncident{Description: "Plus d'accès Internet sur le site de {city} depuis 8h : les caisses ne fonctionnent plus. Merci d'intervenir en urgence.",
			Impact: incident.ImpactS1, Urgency: incident.UrgencyU1, CustomerReference: "DEMO-2041"},
		steps: []demoStep{
			op(moveTo(incident.StatusValidated, "Qualifié par le centre de services/Qualified by the service desk")),
			op(moveTo(incident.StatusInProgress, "Technicien dépêché sur site/Technician dispatched")),
			cust(incident.Patch{IsEscalated: ref(true)}),
		}},
	{customer: DemoCustomerID,
		create: incident.NewIncident{Description: "Débit très faible sur le site de {city} depuis ce matin, les visioconférences coupent.",
			Impact: incident.ImpactS3, Urgency: incident.UrgencyU2, Type: incident.TypeDegradation},
		steps: []demoStep{
			cust(incident.Patch{Impact: ref(incident.ImpactS2),
				Description: ref("Débit très faible sur le site de {city} depuis ce matin, les visioconférences coupent. Mise à jour : tout le site est touché.")}),
			op(moveTo(incident.StatusValidated, "")),
		}},
	{customer: DemoCustomerID,
		create: incident.NewIncident{Description: "Demande de rapport de disponibilité mensuel pour le service {service}.",
			Impact: incident.ImpactS4, Urgency: incident.UrgencyU3, Type: incident.TypeInformation}},
	{customer: DemoCustomerID, byOperator: true, detectedAgo: 7 * time.Minute,
		create: incident.NewIncident{Description: "Alarme détectée a la supervision/Alarm detected in supervision Line unavailability",
			Impact: incident.ImpactS1, Urgency: incident.UrgencyU2},
		steps: []demoStep{
			op(moveTo(incident.StatusInProgress, "")),
			op(incident.Patch{Status: ref(incident.StatusPending), FreezeReason: incident.FreezeSiteAccessRefused,
				StatusChangeReason: "Accès au site refusé au technicien/Site access refused to the technician"}),
		}},
	{customer: DemoCustomerID, byOperator: true, detectedAgo: 25 * time.Minute,
		create: incident.NewIncident{Description: "Alarme détectée a la supervision/Alarm detected in supervision BGP session down",
			Impact: incident.ImpactS2, Urgency: incident.UrgencyU1},
		steps: []demoStep{
			op(moveTo(incident.StatusInProgress, "")),
			op(incident.Patch{Status: ref(incident.StatusResolved), Resolution: &incident.ResolutionPatch{
				Code: ref(incident.ResolutionFixed), Text: ref("Redémarrage du routeur d'accès/Access router restarted")}}),
		}},
	{customer: DemoCustomerID,
		create: incident.NewIncident{Description: "Téléphonie coupée sur le site de {city}, aucun appel entrant.",
			Impact: incident.ImpactS3, Urgency: incident.UrgencyU2},
		steps: []demoStep{
			cust(moveTo(incident.StatusCancelled, "Doublon de DEMO-2041/Duplicate of DEMO-2041")),
		}},
	{customer: DemoCustomerID,
		create: incident.NewIncident{Description: "Ajout d'une règle de filtrage pour le service {service} : ouvrir le port 8443 vers le serveur de supervision.",
			Impact: incident.ImpactS4, Urgency: incident.UrgencyU3, Type: incident.TypeConfiguration},
		steps: []demoStep{
			op(moveTo(incident.StatusValidated, "")),
			op(moveTo(incident.StatusInProgress, "")),
			op(moveTo(incident.StatusPending, "En attente de la validation du client/Waiting for the customer's approval")),
			op(moveTo(incident.StatusInProgress, "Validation reçue/Approval received")),
		}},
	{customer: DemoOtherCustomerID,
		create: incident.NewIncident{Description: "Line down at our {city} site since this morning. Users cannot work.",
			Impact: incident.ImpactS2, Urgency: incident.UrgencyU2},
		steps: []demoStep{op(moveTo(incident.StatusValidated, ""))},
	},
	{customer: DemoOtherCustomerID, byOperator: true, detectedAgo: 3 * time.Minute,
		create: incident.NewIncident{Description: "Alarme détectée a la supervision/Alarm detected in supervision High packet loss",
			Impact: incident.ImpactS3, Urgency: incident.UrgencyU2, Type: incident.TypeDegradation},
		steps: []demoStep{op(moveTo(incident.StatusInProgress, ""))},
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

		n := sc.create
		n.Description = fill.Replace(n.Description)
		n.Service, n.Location, n.Contact = o.service, s.location, s.contacts[0]
		caller := demoCustomerCaller(sc.customer)
		if sc.byOperator {
			caller = demoOperator
			n.CustomerID = sc.customer
			n.DetectedAt = ref(m.Now().Add(-sc.detectedAgo))
		}
		inc, _, err := m.Create(ctx, caller, n, "")
		if err != nil {
			return nil, fmt.Errorf("scenario %d: create: %w", i, err)
		}
		count[sc.customer]++
		for j, st := range sc.steps {
			who := demoCustomerCaller(sc.customer)
			if st.operator {
				who = demoOperator
			}
			patch := st.patch
			if patch.Description != nil {
				patch.Description = ref(fill.Replace(*patch.Description))
			}
			if _, _, err := m.Update(ctx, who, inc.ID, patch, incident.Precondition{}); err != nil {
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
	status := incident.Attribute{Name: "status", Kind: incident.KindEnum, Values: incident.Statuses}
	created := incident.Attribute{Name: "createdAt", Kind: incident.KindTime}
	for _, pick := range []struct {
		status incident.Status
		limit  int
	}{{incident.StatusResolved, 3}, {incident.StatusClosed, 3}, {incident.StatusInProgress, 2}} {
		q := incident.Query{
			Filters: []incident.Filter{{Attr: status, Op: incident.OpEq, Values: []incident.Value{{Str: string(pick.status)}}}},
			Sort:    []incident.SortKey{{Attr: created, Desc: true}},
			Limit:   pick.limit,
			Now:     m.Now(),
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
			period := incident.FreezeInput{StartAt: from, EndAt: &to, Reason: r.reason, Comment: r.comment}
			if _, _, err := m.AddFreezePeriod(ctx, demoOperator, inc.ID, period); err != nil {
				return fmt.Errorf("%s: %w", inc.ID, err)
			}
			added++
		}
	}
	return nil
}
