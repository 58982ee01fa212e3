package seed

import (
	"math/rand/v2"
	"time"
)

// timeline spreads n creation times over [from, to), in increasing order,
// with the rhythm of a real incident flow: busy working hours (UTC, close to
// European office hours), quiet nights and weekends, and slow growth over
// the period. Time is cut into one-hour slots weighted by that intensity;
// the i-th incident falls at the i/n quantile of the cumulated intensity.
type timeline struct {
	from   time.Time
	slot   []float64 // cumulated intensity at the end of each slot
	length []time.Duration
	n      int
	cursor int // slot of the last time returned; times only move forward
}

func newTimeline(from, to time.Time, n int) *timeline {
	tl := &timeline{from: from, n: n}
	total := to.Sub(from)
	slots := int((total + time.Hour - 1) / time.Hour)
	var cum float64
	for i := 0; i < slots; i++ {
		start := from.Add(time.Duration(i) * time.Hour)
		length := min(time.Hour, to.Sub(start))
		growth := 0.85 + 0.3*float64(i)/float64(max(slots, 1))
		cum += intensity(start) * growth * float64(length) / float64(time.Hour)
		tl.slot = append(tl.slot, cum)
		tl.length = append(tl.length, length)
	}
	return tl
}

// intensity is the relative rate of incidents at an instant.
func intensity(t time.Time) float64 {
	day := 1.0
	switch t.Weekday() {
	case time.Saturday:
		day = 0.35
	case time.Sunday:
		day = 0.25
	}
	h := t.Hour()
	switch {
	case h < 5:
		return day * 0.15
	case h < 6:
		return day * 0.35
	case h < 7:
		return day * 0.8
	case h < 10:
		return day * 1.2
	case h < 16:
		return day * 1.0
	case h < 17:
		return day * 0.7
	case h < 19:
		return day * 0.45
	default:
		return day * 0.25
	}
}

// at returns the creation time of the i-th incident; i must not decrease
// from one call to the next.
func (tl *timeline) at(r *rand.Rand, i int) time.Time {
	if len(tl.slot) == 0 {
		return tl.from
	}
	total := tl.slot[len(tl.slot)-1]
	target := (float64(i) + r.Float64()) / float64(tl.n) * total
	for tl.cursor < len(tl.slot)-1 && tl.slot[tl.cursor] <= target {
		tl.cursor++
	}
	start, before := tl.from.Add(time.Duration(tl.cursor)*time.Hour), 0.0
	if tl.cursor > 0 {
		before = tl.slot[tl.cursor-1]
	}
	frac := 0.0
	if w := tl.slot[tl.cursor] - before; w > 0 {
		frac = min(max((target-before)/w, 0), 1)
	}
	t := start.Add(time.Duration(frac * float64(tl.length[tl.cursor])))
	return t.Truncate(time.Millisecond)
}
