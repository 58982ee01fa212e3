package incident

import "fmt"

// Matrix is the impact × urgency priority matrix and its resulting
// attributes (spec §3.3). It is configurable per deployment.
type Matrix struct {
	Priority                map[Impact]map[Urgency]Priority
	TargetSeconds           map[Priority]int64
	DefaultServiceCondition map[Impact]ServiceCondition
}

// DefaultMatrix is the published matrix.
func DefaultMatrix() Matrix {
	return Matrix{
		Priority: map[Impact]map[Urgency]Priority{
			ImpactS1: {UrgencyU1: PriorityP1, UrgencyU2: PriorityP1, UrgencyU3: PriorityP2},
			ImpactS2: {UrgencyU1: PriorityP1, UrgencyU2: PriorityP2, UrgencyU3: PriorityP3},
			ImpactS3: {UrgencyU1: PriorityP2, UrgencyU2: PriorityP3, UrgencyU3: PriorityP4},
			ImpactS4: {UrgencyU1: PriorityP3, UrgencyU2: PriorityP4, UrgencyU3: PriorityP4},
		},
		TargetSeconds: map[Priority]int64{
			PriorityP1: 4 * 3600, PriorityP2: 8 * 3600, PriorityP3: 24 * 3600, PriorityP4: 72 * 3600,
		},
		DefaultServiceCondition: map[Impact]ServiceCondition{
			ImpactS1: ConditionInterrupted, ImpactS2: ConditionDegraded,
			ImpactS3: ConditionDegraded, ImpactS4: ConditionNotAffected,
		},
	}
}

// Validate checks that every cell and every priority has a value.
func (m Matrix) Validate() error {
	for _, i := range Impacts {
		if _, ok := m.DefaultServiceCondition[Impact(i)]; !ok {
			return fmt.Errorf("priority matrix: no default service condition for %s", i)
		}
		for _, u := range Urgencies {
			p, ok := m.Priority[Impact(i)][Urgency(u)]
			if !ok || !oneOf(string(p), Priorities) {
				return fmt.Errorf("priority matrix: no valid priority for %s × %s", i, u)
			}
		}
	}
	for _, p := range Priorities {
		if m.TargetSeconds[Priority(p)] <= 0 {
			return fmt.Errorf("priority matrix: no GTR target for %s", p)
		}
	}
	return nil
}

// Cell is one combination of the matrix with its resulting attributes.
type Cell struct {
	Impact        Impact
	Urgency       Urgency
	Priority      Priority
	TargetSeconds int64
}

// Cells lists the matrix row by row, impact first.
func (m Matrix) Cells() []Cell {
	var cells []Cell
	for _, i := range Impacts {
		for _, u := range Urgencies {
			p := m.Priority[Impact(i)][Urgency(u)]
			cells = append(cells, Cell{Impact(i), Urgency(u), p, m.TargetSeconds[p]})
		}
	}
	return cells
}

// Classify sets the priority and the GTR target of an incident from its
// impact and urgency.
func (m Matrix) Classify(inc *Incident) {
	inc.Priority = m.Priority[inc.Impact][inc.Urgency]
	inc.Clock.TargetSeconds = m.TargetSeconds[inc.Priority]
}
