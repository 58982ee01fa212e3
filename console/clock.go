package console

import (
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// clockView draws the repair clock against its GTR deadline: a time axis
// from the clock's start, the running time, the frozen periods and the
// deadline, in SVG user units (0 to clockWidth).
type clockView struct {
	Elapsed   float64 // width of the time the clock ran or stood
	Frozen    []segment
	Deadline  float64 // where the deadline stands
	Now       float64 // where the page's instant or the stop stands
	Breached  bool
	Stopped   bool
	Summary   string // the figures in words, for every reader
	Remaining string
}

type segment struct{ X, W float64 }

const clockWidth = 1000.0

func newClockView(lang text.Language, inc *incident.Incident, periods []incident.FreezePeriod, now time.Time) clockView {
	sla := inc.SLA(now)
	start := inc.ClockStart()
	end := now
	stop := inc.ClockStop()
	if stop != nil {
		end = *stop
	}
	// The axis spans the start to the later of the end and the deadline,
	// with a margin after.
	span := end.Sub(start)
	if d := sla.GTRDeadline.Sub(start); d > span {
		span = d
	}
	span += span / 10
	if span <= 0 {
		span = time.Minute
	}
	at := func(t time.Time) float64 {
		x := float64(t.Sub(start)) / float64(span) * clockWidth
		return min(max(x, 0), clockWidth)
	}
	c := clockView{Elapsed: at(end), Deadline: at(sla.GTRDeadline), Now: at(end), Breached: sla.IsBreached, Stopped: stop != nil}
	for _, p := range periods {
		to := end
		if p.EndAt != nil && p.EndAt.Before(end) {
			to = *p.EndAt
		}
		if x, x2 := at(p.StartAt), at(to); x2 > x {
			c.Frozen = append(c.Frozen, segment{X: x, W: x2 - x})
		}
	}
	c.Summary = text.Message(lang, key("clock_summary"), formatDuration(lang, sla.TimeToRestoreSeconds),
		formatDuration(lang, sla.GTRTargetSeconds), sla.GTRDeadline.UTC().Format("2006-01-02 15:04")+" UTC",
		formatDuration(lang, sla.FrozenSeconds))
	left := int64(sla.GTRDeadline.Sub(now) / time.Second)
	switch {
	case stop != nil || inc.Status == incident.StatusResolved:
		c.Remaining = text.Message(lang, key("clock_stopped"))
	case left >= 0:
		c.Remaining = text.Message(lang, key("clock_left"), formatDuration(lang, left))
	default:
		c.Remaining = text.Message(lang, key("clock_overdue"), formatDuration(lang, -left))
	}
	if sla.IsFrozen {
		c.Remaining += " · " + text.Message(lang, key("clock_frozen"))
	}
	return c
}
