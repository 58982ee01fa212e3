package seed

import "math/rand/v2"

// weighted picks values with fixed relative weights.
type weighted[T any] struct {
	values []T
	cum    []uint32 // cumulative weights
}

// choice is one value and its relative weight.
type choice[T any] struct {
	value  T
	weight uint32
}

func newWeighted[T any](choices ...choice[T]) weighted[T] {
	w := weighted[T]{values: make([]T, len(choices)), cum: make([]uint32, len(choices))}
	var total uint32
	for i, c := range choices {
		total += c.weight
		w.values[i] = c.value
		w.cum[i] = total
	}
	if total == 0 {
		panic("seed: weighted choice without weight")
	}
	return w
}

func (w weighted[T]) pick(r *rand.Rand) T {
	x := r.Uint32N(w.cum[len(w.cum)-1])
	for i, c := range w.cum {
		if x < c {
			return w.values[i]
		}
	}
	return w.values[len(w.values)-1]
}

// oneOf picks a value of a list uniformly.
func oneOf[T any](r *rand.Rand, values []T) T { return values[r.IntN(len(values))] }

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }
