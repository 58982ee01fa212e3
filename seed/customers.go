package seed

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// CustomerPlan is a customer to create and the number of incidents to
// generate for it.
type CustomerPlan struct {
	ID   string
	Name string
	// Country is the head office's country (ISO 3166-1 alpha-2): most of the
	// customer's sites are there. Empty: drawn, France being the most likely.
	Country   string
	Incidents int
}

// Customers of the benchmark data set: one large customer, one medium one.
const (
	BenchLargeCustomer  = "bench-200k"
	BenchMediumCustomer = "bench-10k"
)

// BenchPlans is the benchmark data set: 1,000,000 incidents across 100
// customers, of which BenchLargeCustomer has 200,000 and BenchMediumCustomer
// exactly 10,000; the 98 others share the rest unevenly.
func BenchPlans() []CustomerPlan {
	return Plans(100, 1_000_000, 1,
		CustomerPlan{ID: BenchLargeCustomer, Name: "Groupe Hexagone Distribution SA", Country: "FR", Incidents: 200_000},
		CustomerPlan{ID: BenchMediumCustomer, Name: "Médiane Assurances SA", Country: "FR", Incidents: 10_000},
	)
}

// Plans makes customers plans: the fixed plans first, then customers with
// generated names and ids up to the count, sharing the incidents the fixed
// plans leave with a realistic skew (a few large customers, many small).
func Plans(customers, incidents int, seed uint64, fixed ...CustomerPlan) []CustomerPlan {
	plans := append([]CustomerPlan(nil), fixed...)
	rest := incidents
	used := map[string]bool{}
	for _, p := range fixed {
		rest -= p.Incidents
		used[p.ID] = true
		used[p.Name] = true
	}
	n := customers - len(fixed)
	if n <= 0 {
		return plans
	}
	r := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	for i := 0; i < n; i++ {
		plans = append(plans, newCustomer(r, used))
	}
	shares := skewedShares(r, n, max(rest, 0))
	for i, s := range shares {
		plans[len(fixed)+i].Incidents = s
	}
	return plans
}

// newCustomer invents a customer whose name and id are not used yet.
func newCustomer(r *rand.Rand, used map[string]bool) CustomerPlan {
	for attempt := 0; ; attempt++ {
		stem, activity := oneOf(r, companyStems), oneOf(r, companyActivities)
		hq := pickCountry(r).code
		forms := legalForms[hq]
		if forms == nil {
			forms = legalForms["FR"]
		}
		name := stem + " " + activity + " " + oneOf(r, forms)
		id := slug(stem + "-" + activity)
		if attempt > 20 {
			id = fmt.Sprintf("%s-%d", id, attempt)
		}
		if used[id] || used[name] {
			continue
		}
		used[id], used[name] = true, true
		return CustomerPlan{ID: id, Name: name, Country: hq}
	}
}

// skewedShares splits total into n integer shares following a Zipf-like law
// (exponent 0.9) in a random order, summing exactly to total.
func skewedShares(r *rand.Rand, n, total int) []int {
	weights := make([]float64, n)
	var sum float64
	for i := range weights {
		weights[i] = 1 / math.Pow(float64(i+1), 0.9)
		sum += weights[i]
	}
	r.Shuffle(n, func(i, j int) { weights[i], weights[j] = weights[j], weights[i] })
	shares := make([]int, n)
	given := 0
	for i, w := range weights {
		shares[i] = int(float64(total) * w / sum)
		given += shares[i]
	}
	for i := 0; given < total; i = (i + 1) % n {
		shares[i]++
		given++
	}
	return shares
}

var accentFolder = strings.NewReplacer(
	"à", "a", "â", "a", "ä", "a", "á", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"í", "i", "î", "i", "ï", "i", "ó", "o", "ô", "o", "ö", "o", "ú", "u", "ù", "u", "û", "u", "ü", "u",
	"ß", "ss", "ñ", "n", "É", "E", "È", "E", "Ü", "U", "Ö", "O", "Ä", "A", "ł", "l", "ż", "z", "ą", "a",
)

// slug turns a name into lower-case ASCII letters, digits and dashes.
func slug(s string) string {
	s = strings.ToLower(accentFolder.Replace(s))
	var b strings.Builder
	dash := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
	}
	return strings.TrimRight(b.String(), "-")
}
