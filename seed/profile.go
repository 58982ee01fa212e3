package seed

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// profile is a customer's stable reference data: its sites with their
// services and contacts, its services used from everywhere, and the way it
// numbers its own tickets. Incidents point to these values, shared: they
// are never modified once built.
type profile struct {
	ref      incident.CustomerRef
	sites    []site
	siteCum  []uint32 // cumulative weights: the head office has the most incidents
	siteless []offer
	// customerReference numbering; refRate 0: the customer gives none.
	refRate   float64
	refPrefix string
	refDigits int
	refNext   int64
}

// offer is a service a customer subscribes to, with its kind.
type offer struct {
	service *incident.Service
	kind    *serviceKind
}

type site struct {
	location *incident.Location
	city     string
	lang     language
	services []offer
	contacts []*incident.Contact
}

var (
	countryPicker = func() weighted[*country] {
		cs := make([]choice[*country], len(countries))
		for i := range countries {
			cs[i] = choice[*country]{&countries[i], countries[i].weight}
		}
		return newWeighted(cs...)
	}()
	siteKindsFR     = []string{"Agence", "Entrepôt", "Usine", "Magasin", "Plateforme logistique", "Centre de données", "Bureaux", "Laboratoire"}
	siteKindsEN     = []string{"Office", "Branch", "Warehouse", "Plant", "Store", "Data centre", "Distribution centre", "Lab"}
	referenceStyles = []struct {
		prefix string
		digits int
	}{{"INC", 7}, {"TT", 8}, {"RITM", 7}, {"CASE-", 6}, {"", 5}}
)

func pickCountry(r *rand.Rand) *country { return countryPicker.pick(r) }

// newProfile builds a customer's reference data, sized after its number of
// incidents: from a handful of sites to a few hundred.
func newProfile(r *rand.Rand, plan CustomerPlan) *profile {
	p := &profile{ref: incident.CustomerRef{ID: plan.ID, Name: plan.Name}}
	hq := countryByCode(plan.Country)
	if hq == nil {
		hq = pickCountry(r)
	}
	domain := emailDomain(plan.Name)

	nSites := min(3+int(0.8*math.Sqrt(float64(plan.Incidents))), 400)
	usedIDs := map[string]int{}
	usedNames := map[string]int{}
	var total uint32
	for i := 0; i < nSites; i++ {
		c := hq
		if i > 0 && !chance(r, 0.6) {
			c = pickCountry(r)
		}
		s := newSite(r, c, i == 0, domain, usedIDs, usedNames)
		p.sites = append(p.sites, s)
		total += uint32(1000 / math.Pow(float64(i+1), 0.6))
		p.siteCum = append(p.siteCum, total)
	}
	for i := 0; i < 1+r.IntN(3); i++ {
		p.siteless = append(p.siteless, newService(r, true))
	}

	switch x := r.Float64(); {
	case x < 0.3:
		p.refRate = 0
	case x < 0.6:
		p.refRate = 0.3 + 0.4*r.Float64()
	default:
		p.refRate = 0.9
	}
	style := oneOf(r, referenceStyles)
	p.refPrefix, p.refDigits = style.prefix, style.digits
	if p.refPrefix == "" {
		p.refPrefix = strings.ToUpper(firstWord(domain)) + "-"
	}
	p.refNext = int64(r.IntN(int(math.Pow10(p.refDigits - 1))))
	return p
}

func newSite(r *rand.Rand, c *country, headOffice bool, domain string, usedIDs, usedNames map[string]int) site {
	ct := oneOf(r, c.cities)
	usedIDs[ct.abbr]++
	id := "LOC-" + ct.abbr + "-" + twoDigits(usedIDs[ct.abbr])

	var kind string
	switch {
	case headOffice && c.lang.writesFrench():
		kind = "Siège"
	case headOffice:
		kind = "Head office"
	case c.lang.writesFrench():
		kind = oneOf(r, siteKindsFR)
	default:
		kind = oneOf(r, siteKindsEN)
	}
	name := kind + " " + ct.name
	if c.lang == langEN || c.lang == langDE || c.lang == langNL {
		name = ct.name + " " + strings.ToLower(kind)
	}
	usedNames[name]++
	if n := usedNames[name]; n > 1 {
		name += " " + strconv.Itoa(n)
	}

	number := strconv.Itoa(1 + r.IntN(180))
	street := oneOf(r, c.streets)
	if c.numberFirst {
		street = number + " " + street
	} else {
		street = street + " " + number
	}
	s := site{
		location: &incident.Location{ID: id, Name: name, Address: &incident.Address{
			Street: street, PostalCode: oneOf(r, ct.postalCodes), City: ct.name, Country: c.code,
		}},
		city: ct.name,
		lang: c.lang,
	}
	for i := 0; i < 1+r.IntN(3); i++ {
		s.services = append(s.services, newService(r, false))
	}
	for i := 0; i < 1+r.IntN(2); i++ {
		s.contacts = append(s.contacts, newContact(r, c, ct, domain))
	}
	return s
}

var (
	siteKindPicker = kindPicker(false)
	sitelessPicker = kindPicker(true)
)

func kindPicker(siteless bool) weighted[*serviceKind] {
	var cs []choice[*serviceKind]
	for i := range serviceKinds {
		if serviceKinds[i].siteless == siteless {
			cs = append(cs, choice[*serviceKind]{&serviceKinds[i], serviceKinds[i].weight})
		}
	}
	return newWeighted(cs...)
}

func newService(r *rand.Rand, siteless bool) offer {
	k := siteKindPicker.pick(r)
	if siteless {
		k = sitelessPicker.pick(r)
	}
	return offer{&incident.Service{ID: k.prefix + "-" + digits(r, 8), Name: oneOf(r, k.variants)}, k}
}

func newContact(r *rand.Rand, c *country, ct city, domain string) *incident.Contact {
	pool := names[c.lang]
	first, last := oneOf(r, pool.first), oneOf(r, pool.last)
	phone := ct.phone
	for _, g := range c.phoneGroups {
		phone += " " + digits(r, g)
	}
	return &incident.Contact{
		Name:  first + " " + last,
		Email: slugDots(first) + "." + slugDots(last) + "@" + domain,
		Phone: phone,
	}
}

// pickSite draws a site, the first ones being the busiest.
func (p *profile) pickSite(r *rand.Rand) *site {
	x := r.Uint32N(p.siteCum[len(p.siteCum)-1])
	i := sort.Search(len(p.siteCum), func(i int) bool { return p.siteCum[i] > x })
	return &p.sites[i]
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// emailDomain makes a customer's mail domain from its name without its
// legal form, under the reserved top-level domain .example.
func emailDomain(name string) string {
	words := strings.Fields(name)
	if len(words) > 1 && isLegalForm(words[len(words)-1]) {
		words = words[:len(words)-1]
	}
	d := slug(strings.Join(words, " "))
	if d == "" {
		d = "customer"
	}
	return d + ".example"
}

func isLegalForm(w string) bool {
	for _, forms := range legalForms {
		for _, f := range forms {
			if f == w {
				return true
			}
		}
	}
	return false
}

func slugDots(s string) string { return strings.ReplaceAll(slug(s), "-", "") }

func firstWord(s string) string {
	w, _, _ := strings.Cut(s, "-")
	w, _, _ = strings.Cut(w, ".")
	if len(w) > 6 {
		w = w[:6]
	}
	return w
}
