package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// filterData stores incidents that differ in every filterable attribute,
// spread over several days, and returns them as stored, with the instant
// the queries run at.
func filterData(f *fixture) ([]*incident.Incident, time.Time) {
	svc := func(id, name string) func(*incident.Incident) {
		return func(inc *incident.Incident) { inc.Service = &incident.Service{ID: id, Name: name} }
	}
	ref := func(r string) func(*incident.Incident) {
		return func(inc *incident.Incident) { inc.CustomerReference = r }
	}
	contact := func(name, email string) func(*incident.Incident) {
		return func(inc *incident.Incident) {
			inc.Contact = &incident.Contact{Name: name, Email: email, Phone: "+33 1 00 00 00 0" + name[:1]}
		}
	}
	proactive := func(inc *incident.Incident) {
		inc.Origin, inc.Type = incident.OriginProactive, incident.TypeDegradation
		detected := f.clock().Add(-time.Hour)
		inc.DetectedAt = &detected
	}
	specs := []struct {
		customer string
		opts     []func(*incident.Incident)
		edits    []func(*incident.Edit) error
	}{
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS1, incident.UrgencyU1), withCountry("FR"), svc("SVC-1", "Fibre Access"), ref("REF-1"), contact("Jane", "jane@acme.example"), withDescription("Panne RÉSEAU fibre")}, nil},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS2, incident.UrgencyU1), withCountry("FR"), svc("SVC-2", "FIBRE backup"), withDescription("Degraded throughput")}, nil},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS3, incident.UrgencyU3), withCountry("DE"), svc("SVC-3", "Promo 50% off"), ref("ref-3")}, nil},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS4, incident.UrgencyU1), svc("SVC-4", "x_y"), contact("Bob", "bob@acme.example")}, nil},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS2, incident.UrgencyU2), func(inc *incident.Incident) { inc.Location = &incident.Location{ID: "LOC-X", Name: "No address"} }, svc("SVC-5", `back\slash`)}, nil},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS1, incident.UrgencyU2), withCountry("FR"), svc("SVC-6", "x-y")}, []func(*incident.Edit) error{escalateEdit}},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS3, incident.UrgencyU2), withCountry("BE"), proactive}, []func(*incident.Edit) error{statusEdit(incident.StatusValidated)}},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS2, incident.UrgencyU3), withCountry("FR"), ref("REF-8")}, []func(*incident.Edit) error{statusEdit(incident.StatusInProgress), resolveEdit(incident.ResolutionFixed, "Replaced the CARD")}},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS1, incident.UrgencyU1), withCountry("DE")}, []func(*incident.Edit) error{statusEdit(incident.StatusInProgress), pendingEdit}},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS3, incident.UrgencyU1)}, []func(*incident.Edit) error{statusEdit(incident.StatusCancelled)}},
		{acme, []func(*incident.Incident){withImpact(incident.ImpactS4, incident.UrgencyU3), withCountry("FR"), contact("Carol", "carol@acme.example")}, []func(*incident.Edit) error{resolveEdit(incident.ResolutionWorkaround, "Rerouted")}},
		{globex, []func(*incident.Incident){withImpact(incident.ImpactS1, incident.UrgencyU1), withCountry("FR"), svc("SVC-1", "Fibre Access"), ref("REF-1")}, nil},
		{globex, []func(*incident.Incident){withImpact(incident.ImpactS3, incident.UrgencyU3), withCountry("ES")}, nil},
	}
	var stored []*incident.Incident
	for _, spec := range specs {
		inc := f.create(newIncident(spec.customer, spec.opts...))
		for _, edit := range spec.edits {
			f.advance(90 * time.Minute)
			f.update(operator, inc.ID, edit)
		}
		f.advance(7 * time.Hour)
		stored = append(stored, inc)
	}
	for i, inc := range stored {
		stored[i] = f.get(inc.ID)
	}
	return stored, f.clock()
}

func testFilters(t *testing.T, f *fixture) {
	all, now := filterData(f)
	byDay := func(i int) [2]time.Time { return day(all[i].CreatedAt) }
	cases := [][]incident.Filter{
		{strs("status", incident.OpEq, "NEW")},
		{strs("status", incident.OpEq, "NEW", "RESOLVED")},
		{strs("status", incident.OpNe, "NEW")},
		{strs("status", incident.OpNe, "NEW", "PENDING")},
		{strs("impact", incident.OpGte, "S3")},
		{strs("urgency", incident.OpLt, "U2")},
		{strs("priority", incident.OpLte, "P2")},
		{strs("priority", incident.OpGt, "P2")},
		{strs("priority", incident.OpEq, "P1", "P4")},
		{strs("serviceCondition", incident.OpEq, "INTERUPTED")},
		{strs("origin", incident.OpEq, "PROACTIVE")},
		{strs("type", incident.OpNe, "FAILURE")},
		{bools("isEscalated", incident.OpEq, true)},
		{bools("isEscalated", incident.OpEq, false)},
		{bools("isEscalated", incident.OpNe, true)},
		{strs("customerReference", incident.OpEq, "REF-1")},
		{strs("customerReference", incident.OpNe, "REF-1")},
		{strs("customerReference", incident.OpContains, "ref")},
		{strs("customerReference", incident.OpGte, "REF-2")},
		{strs("service.id", incident.OpEq, "SVC-1", "SVC-2")},
		{strs("service.name", incident.OpContains, "fibre")},
		{strs("service.name", incident.OpContains, "50%")},
		{strs("service.name", incident.OpContains, "%")},
		{strs("service.name", incident.OpContains, "x_y")},
		{strs("service.name", incident.OpContains, `\`)},
		{strs("service.name", incident.OpContains, "_", "fibre")},
		{strs("service.name", incident.OpGt, "M")},
		{strs("service.name", incident.OpLte, "FIBRE backup")},
		{strs("location.id", incident.OpEq, "LOC-FR")},
		{strs("location.name", incident.OpContains, "SITE")},
		{strs("location.address.street", incident.OpEq, "1 main street")},
		{strs("location.address.postalCode", incident.OpNe, "75002")},
		{strs("location.address.city", incident.OpContains, "city f")},
		{strs("location.address.country", incident.OpEq, "FR")},
		{strs("location.address.country", incident.OpNe, "FR")},
		{strs("location.address.country", incident.OpEq, "FR", "DE")},
		{strs("contact.name", incident.OpContains, "jan")},
		{strs("contact.email", incident.OpEq, "bob@acme.example")},
		{strs("contact.phone", incident.OpNe, "+33 1 00 00 00 0J")},
		{strs("resolution.code", incident.OpEq, "FIXED")},
		{strs("resolution.code", incident.OpNe, "FIXED")},
		{strs("resolution.text", incident.OpContains, "card")},
		{strs("resolution.text", incident.OpEq, "Rerouted")},
		{strs("resolution.text", incident.OpNe, "Rerouted")},
		{strs("description", incident.OpContains, "réseau")},
		{strs("description", incident.OpContains, "FIBRE")},
		{strs("description", incident.OpEq, "Degraded throughput")},
		{strs("description", incident.OpNe, "Degraded throughput")},
		{times("createdAt", incident.OpEq, byDay(3))},
		{times("createdAt", incident.OpEq, byDay(0), byDay(6))},
		{times("createdAt", incident.OpNe, byDay(3))},
		{times("createdAt", incident.OpGt, byDay(3))},
		{times("createdAt", incident.OpGte, byDay(3))},
		{times("createdAt", incident.OpLt, byDay(3))},
		{times("createdAt", incident.OpLte, byDay(3))},
		{times("createdAt", incident.OpEq, instant(all[4].CreatedAt))},
		{times("createdAt", incident.OpGt, instant(all[4].CreatedAt))},
		{times("createdAt", incident.OpLte, instant(all[4].CreatedAt))},
		{times("updatedAt", incident.OpGte, instant(all[6].UpdatedAt))},
		{times("statusChangedAt", incident.OpLt, byDay(4))},
		{times("resolvedAt", incident.OpGte, byDay(0))},
		{times("resolvedAt", incident.OpNe, day(*all[7].ResolvedAt))},
		{times("escalatedAt", incident.OpLte, byDay(10))},
		{times("detectedAt", incident.OpEq, instant(*all[6].DetectedAt))},
		{ints("sla.gtrTargetSeconds", incident.OpEq, 14400)},
		{ints("sla.gtrTargetSeconds", incident.OpGt, 28800)},
		{ints("sla.gtrTargetSeconds", incident.OpLte, 28800)},
		{ints("sla.gtrTargetSeconds", incident.OpNe, 14400, 86400)},
		{bools("sla.isBreached", incident.OpEq, true)},
		{bools("sla.isBreached", incident.OpEq, false)},
		{bools("sla.isBreached", incident.OpNe, true)},
		{bools("sla.isFrozen", incident.OpEq, true)},
		{bools("sla.isFrozen", incident.OpEq, false)},
		{strs("id", incident.OpEq, all[2].ID)},
		{strs("id", incident.OpEq, all[2].ID, all[11].ID)},
		{strs("id", incident.OpNe, all[2].ID)},
		{strs("customer.id", incident.OpEq, globex)},
		{strs("customer.name", incident.OpEq, "Globex")},
		{strs("customer.name", incident.OpContains, "ACME")},
		{strs("location.address.country", incident.OpEq, "FR"), strs("priority", incident.OpEq, "P1")},
		{strs("status", incident.OpNe, "CANCELLED"), times("createdAt", incident.OpGte, byDay(2)), strs("service.name", incident.OpContains, "x")},
	}
	nonTrivial := 0
	for _, filters := range cases {
		for _, scope := range []incident.Scope{acmeScope, operator} {
			var want []string
			for _, inc := range all {
				if scope.Operator || inc.Customer.ID == scope.CustomerID {
					if !slices.ContainsFunc(filters, func(fl incident.Filter) bool { return !matches(inc, fl, now) }) {
						want = append(want, inc.ID)
					}
				}
			}
			q := incident.Query{Filters: filters, Sort: []incident.SortKey{{Attr: attr("id")}}, Limit: contract.MaxLimit, Now: now}
			page, total := f.list(scope, q)
			name := describe(filters, scope)
			if got := ids(page); !slices.Equal(got, want) || total != len(want) {
				t.Errorf("%s: got %v (total %d), want %v", name, got, total, want)
			}
			if len(want) > 0 && len(want) < len(all) {
				nonTrivial++
			}
		}
	}
	// The data must make the cases tell something: almost every case
	// selects some incidents but not all.
	if nonTrivial < len(cases) {
		t.Errorf("only %d of %d filter runs select a proper subset: the data does not exercise the filters", nonTrivial, 2*len(cases))
	}
}

func describe(filters []incident.Filter, scope incident.Scope) string {
	s := "operator"
	if !scope.Operator {
		s = scope.CustomerID
	}
	for _, f := range filters {
		s += fmt.Sprintf(" %s.%s=%d values", f.Attr.Name, f.Op, len(f.Values))
		for _, v := range f.Values {
			switch f.Attr.Kind {
			case incident.KindTime:
				s += fmt.Sprintf(" [%s,%s)", v.From.Format(time.RFC3339Nano), v.To.Format(time.RFC3339Nano))
			case incident.KindBool:
				s += fmt.Sprintf(" %t", v.Bool)
			case incident.KindInt:
				s += fmt.Sprintf(" %d", v.Int)
			default:
				s += fmt.Sprintf(" %q", v.Str)
			}
		}
	}
	return s
}
