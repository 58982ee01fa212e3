package seed

import (
	"errors"
	"math/rand/v2"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Config describes a data set to generate.
type Config struct {
	// Seed makes the data set: the same Config generates the same incidents.
	Seed uint64
	// Customers and their number of incidents.
	Customers []CustomerPlan
	// From and To bound the creation times. Zero To: now; zero From: 24
	// months before To. Both are truncated to the millisecond. Incidents
	// still open at To are in an open status; older ones went through their
	// lifecycle (resolved, closed) as they would have by To.
	From, To time.Time
	// Matrix classifies the incidents; zero: the default matrix.
	Matrix incident.Matrix
	// P1Share, when set, is the share of P1 incidents instead of the
	// natural mix (about 6%): a demonstration wants more of them.
	P1Share float64
}

// Generator produces the incidents of a Config one by one, in creation
// order, so that ids allocated in that order follow time.
type Generator struct {
	cfg       Config
	r         *rand.Rand
	profiles  []*profile
	remaining *remainingCounts
	timeline  *timeline
	p1Cells   []incident.Cell // the matrix cells giving P1
	total     int
	next      int
	buf       []byte // description under construction
}

// NewGenerator checks the configuration and prepares the customers'
// reference data.
func NewGenerator(cfg Config) (*Generator, error) {
	if cfg.To.IsZero() {
		cfg.To = time.Now()
	}
	cfg.To = cfg.To.UTC().Truncate(time.Millisecond)
	if cfg.From.IsZero() {
		cfg.From = cfg.To.AddDate(0, -24, 0)
	}
	cfg.From = cfg.From.UTC().Truncate(time.Millisecond)
	if !cfg.From.Before(cfg.To) {
		return nil, errors.New("seed: the time window is empty (From must be before To)")
	}
	if cfg.Matrix.Priority == nil {
		cfg.Matrix = incident.DefaultMatrix()
	}
	if err := cfg.Matrix.Validate(); err != nil {
		return nil, err
	}
	if len(cfg.Customers) == 0 {
		return nil, errors.New("seed: no customers")
	}
	if cfg.P1Share < 0 || cfg.P1Share > 1 {
		return nil, errors.New("seed: P1Share must be between 0 and 1")
	}
	g := &Generator{cfg: cfg, r: rand.New(rand.NewPCG(cfg.Seed, 0x5eed1ac1de47))}
	for _, c := range cfg.Matrix.Cells() {
		if c.Priority == incident.PriorityP1 {
			g.p1Cells = append(g.p1Cells, c)
		}
	}
	if cfg.P1Share > 0 && len(g.p1Cells) == 0 {
		return nil, errors.New("seed: P1Share is set but no cell of the matrix gives P1")
	}
	counts := make([]int, len(cfg.Customers))
	seen := map[string]bool{}
	for i, plan := range cfg.Customers {
		if plan.ID == "" || plan.Name == "" {
			return nil, errors.New("seed: every customer needs an id and a name")
		}
		if seen[plan.ID] {
			return nil, errors.New("seed: customer " + plan.ID + " is planned twice")
		}
		if plan.Incidents < 0 {
			return nil, errors.New("seed: negative number of incidents for " + plan.ID)
		}
		seen[plan.ID] = true
		counts[i] = plan.Incidents
		g.total += plan.Incidents
		g.profiles = append(g.profiles, newProfile(g.r, plan))
	}
	g.remaining = newRemainingCounts(counts)
	g.timeline = newTimeline(cfg.From, cfg.To, max(g.total, 1))
	return g, nil
}

// Total is the number of incidents the generator produces.
func (g *Generator) Total() int { return g.total }

// Window is the time window of the creation times.
func (g *Generator) Window() (from, to time.Time) { return g.cfg.From, g.cfg.To }

// Next returns the next incident, nil when all were produced, and the
// freeze periods its state implies: a PENDING incident has an open one,
// starting when it entered PENDING; its clock already accounts for it.
// The incident shares its service, location and contact with others of
// the same customer: treat them as read-only.
func (g *Generator) Next() (*incident.Incident, []incident.FreezePeriod) {
	if g.next >= g.total {
		return nil, nil
	}
	created := g.timeline.at(g.r, g.next)
	g.next++
	p := g.profiles[g.remaining.take(g.r)]
	return g.build(p, created)
}

// remainingCounts draws customers in proportion to the incidents each still
// has to receive, so that every customer gets exactly its planned number
// spread over the whole window. It is a Fenwick tree over the counts.
type remainingCounts struct {
	tree  []int
	total int
}

func newRemainingCounts(counts []int) *remainingCounts {
	rc := &remainingCounts{tree: make([]int, len(counts)+1)}
	for i, c := range counts {
		rc.add(i, c)
	}
	return rc
}

func (rc *remainingCounts) add(i, delta int) {
	rc.total += delta
	for j := i + 1; j < len(rc.tree); j += j & -j {
		rc.tree[j] += delta
	}
}

// take draws one customer index and removes one incident from its count.
func (rc *remainingCounts) take(r *rand.Rand) int {
	x := r.IntN(rc.total)
	pos := 0
	for step := highestPowerOfTwo(len(rc.tree) - 1); step > 0; step >>= 1 {
		if next := pos + step; next < len(rc.tree) && rc.tree[next] <= x {
			pos = next
			x -= rc.tree[next]
		}
	}
	rc.add(pos, -1)
	return pos
}

func highestPowerOfTwo(n int) int {
	p := 1
	for p*2 <= n {
		p *= 2
	}
	return p
}
