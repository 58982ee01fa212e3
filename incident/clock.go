package incident

import "time"

// FreezePeriod is a half-open time range [StartAt, EndAt) during which the
// repair clock does not run. EndAt is nil while the period is open.
type FreezePeriod struct {
	ID        int64
	StartAt   time.Time
	EndAt     *time.Time
	Reason    FreezeReason
	Comment   string
	CreatedBy Actor
}

// Clock is the stored state of an incident's repair clock, recomputed by
// ComputeClock whenever the periods, the status or the priority change.
type Clock struct {
	TargetSeconds int64
	// FrozenSeconds is the frozen time of the closed periods inside
	// [start, stop]; an open period is counted live by SLA.
	FrozenSeconds int64
	// FrozenSince is the start of the open period (never before the clock
	// start), nil when no period is open or the incident is resolved.
	FrozenSince *time.Time
	// Deadline is start + target + FrozenSeconds: the GTR deadline as it
	// stands when no period is open.
	Deadline time.Time
}

// ComputeClock derives the clock from the start, the final stop (the
// resolution or the cancellation, Incident.ClockStop; nil while the clock
// may run), the GTR target and the freeze periods.
func ComputeClock(start time.Time, stop *time.Time, targetSeconds int64, periods []FreezePeriod) Clock {
	c := Clock{TargetSeconds: targetSeconds}
	var frozen time.Duration
	for _, p := range periods {
		from := p.StartAt
		if from.Before(start) {
			from = start
		}
		var to time.Time
		switch {
		case p.EndAt != nil:
			to = *p.EndAt
		case stop != nil:
			to = *stop
		default:
			since := from
			c.FrozenSince = &since
			continue
		}
		if stop != nil && to.After(*stop) {
			to = *stop
		}
		if to.After(from) {
			frozen += to.Sub(from)
		}
	}
	c.FrozenSeconds = int64(frozen / time.Second)
	c.Deadline = start.Add(time.Duration(targetSeconds)*time.Second + frozen)
	return c
}

// SLA is the repair clock as a client sees it at one instant.
type SLA struct {
	GTRTargetSeconds     int64
	GTRDeadline          time.Time
	TimeToRestoreSeconds int64
	FrozenSeconds        int64
	IsFrozen             bool
	IsBreached           bool
}

// StoppedAt is when the time to restore stopped growing: the resolution or
// cancellation, else the start of the open freeze period, else nil (it
// runs now).
// Storage keeps it beside Deadline so that "breached" is a plain comparison:
// breached ⇔ COALESCE(StoppedAt, now) > Deadline.
func (inc *Incident) StoppedAt() *time.Time {
	if stop := inc.ClockStop(); stop != nil {
		return stop
	}
	return inc.Clock.FrozenSince
}

// SLA computes the clock figures at now.
func (inc *Incident) SLA(now time.Time) SLA {
	c := inc.Clock
	start := inc.ClockStart()
	stop := now
	final := inc.ClockStop()
	if final != nil {
		stop = *final
	}
	frozen := time.Duration(c.FrozenSeconds) * time.Second
	deadline := c.Deadline
	open := c.FrozenSince != nil && final == nil
	if open && now.After(*c.FrozenSince) {
		live := now.Sub(*c.FrozenSince)
		frozen += live
		deadline = deadline.Add(live)
	}
	restore := stop.Sub(start) - frozen
	if restore < 0 {
		restore = 0
	}
	stoppedAt := now
	if s := inc.StoppedAt(); s != nil {
		stoppedAt = *s
	}
	return SLA{
		GTRTargetSeconds:     c.TargetSeconds,
		GTRDeadline:          deadline,
		TimeToRestoreSeconds: int64(restore / time.Second),
		FrozenSeconds:        int64(frozen / time.Second),
		IsFrozen:             open,
		IsBreached:           stoppedAt.After(c.Deadline),
	}
}

// Overlapping reports the first pair of periods that overlap, treating an
// open period as running forever. Periods are half-open: one ending when the
// next starts does not overlap it.
func Overlapping(periods []FreezePeriod) (a, b *FreezePeriod, found bool) {
	for i := range periods {
		for j := i + 1; j < len(periods); j++ {
			if overlap(periods[i], periods[j]) {
				return &periods[i], &periods[j], true
			}
		}
	}
	return nil, nil, false
}

func overlap(p, q FreezePeriod) bool {
	return before(p.StartAt, q.EndAt) && before(q.StartAt, p.EndAt)
}

// before reports t < end, an open end being infinitely far.
func before(t time.Time, end *time.Time) bool {
	return end == nil || t.Before(*end)
}
