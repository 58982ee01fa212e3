package incident

import "time"

// period is the freeze period the input describes, created by the actor,
// once its values are checked: a start, a reason, a comment of at most
// MaxFreezeComment characters. Times are kept to the millisecond.
func (in FreezeInput) period(actor Actor) (FreezePeriod, error) {
	p := FreezePeriod{StartAt: instant(in.StartAt), Reason: in.Reason, Comment: in.Comment, CreatedBy: actor}
	if in.EndAt != nil {
		end := instant(*in.EndAt)
		p.EndAt = &end
	}
	return p, checkPeriodValues(p)
}

// checkPeriodValues checks a period's values, in the order of its fields.
func checkPeriodValues(p FreezePeriod) error {
	if p.StartAt.IsZero() {
		return Errorf(CodeMissingBodyField, MsgMissingField, "startAt")
	}
	if err := checkEnum("reason", string(p.Reason), FreezeReasons); err != nil {
		return err
	}
	return checkText("comment", p.Comment, 0, MaxFreezeComment, false)
}

// applied is the period with the patch's values set.
func (fp FreezePatch) applied(p FreezePeriod) FreezePeriod {
	if fp.StartAt != nil {
		p.StartAt = instant(*fp.StartAt)
	}
	switch {
	case fp.RemoveEndAt:
		p.EndAt = nil
	case fp.EndAt != nil:
		end := instant(*fp.EndAt)
		p.EndAt = &end
	}
	set(&p.Reason, fp.Reason)
	set(&p.Comment, fp.Comment)
	return p
}

// addPeriod adds a period to an edit's incident: a period never starts or
// ends in the future, ends after it starts, stays open only on an incident
// whose clock still runs, and overlaps no other period (code 103).
func addPeriod(e *Edit, p FreezePeriod, actor Actor) error {
	if err := checkPeriod(p, e.Periods, e.Incident.Status, e.Now); err != nil {
		return err
	}
	e.Periods = append(e.Periods, p)
	recordPeriod(e, actor, nil, &p)
	return nil
}

// patchPeriod applies a merge patch to the period at index i of an edit,
// under the rules of addPeriod, and returns the period as it stands.
func patchPeriod(e *Edit, i int, patch FreezePatch, actor Actor) (FreezePeriod, error) {
	old := e.Periods[i]
	next := patch.applied(old)
	if err := checkPeriodValues(next); err != nil {
		return FreezePeriod{}, err
	}
	if samePeriod(old, next) {
		return old, nil
	}
	others := append(append([]FreezePeriod{}, e.Periods[:i]...), e.Periods[i+1:]...)
	if err := checkPeriod(next, others, e.Incident.Status, e.Now); err != nil {
		return FreezePeriod{}, err
	}
	e.Periods[i] = next
	recordPeriod(e, actor, &old, &next)
	return next, nil
}

func checkPeriod(p FreezePeriod, others []FreezePeriod, status Status, now time.Time) error {
	switch {
	case p.StartAt.After(now):
		return Errorf(CodeInvalidBodyField, MsgFreezeStartInFuture)
	case p.EndAt != nil && p.EndAt.After(now):
		return Errorf(CodeInvalidBodyField, MsgFreezeEndInFuture)
	case p.EndAt != nil && !p.EndAt.After(p.StartAt):
		return Errorf(CodeInvalidBodyField, MsgFreezeEndBeforeStart)
	case p.EndAt == nil && (status == StatusResolved || IsFinal(status)):
		return Errorf(CodeInvalidBodyField, MsgFreezeOpenWhenOver, status)
	}
	for _, o := range others {
		if overlap(p, o) {
			return Errorf(CodeOverlappingFreeze, MsgOverlappingFreeze, o.ID)
		}
	}
	return nil
}

func samePeriod(a, b FreezePeriod) bool {
	return a.StartAt.Equal(b.StartAt) && sameTime(a.EndAt, b.EndAt) && a.Reason == b.Reason && a.Comment == b.Comment
}

func sameTime(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b)
}

// recordPeriod recomputes the clock after a period changed and records the
// change in the history under "freezePeriods": the period's interval in
// ISO 8601 notation (start/end, ".." for an open end), nil for none, and
// its reason and comment as the reason of the change.
func recordPeriod(e *Edit, actor Actor, old, next *FreezePeriod) {
	inc := e.Incident
	inc.Clock = ComputeClock(inc.ClockStart(), inc.ClockStop(), inc.Clock.TargetSeconds, e.Periods)
	reason := string(next.Reason)
	if next.Comment != "" {
		reason += ": " + next.Comment
	}
	e.Changes = append(e.Changes, Change{At: e.Now, Actor: actor, Field: "freezePeriods",
		From: periodInterval(old), To: periodInterval(next), Reason: reason})
}

func periodInterval(p *FreezePeriod) *string {
	if p == nil {
		return nil
	}
	end := ".."
	if p.EndAt != nil {
		end = *timeText(p.EndAt)
	}
	s := *timeText(&p.StartAt) + "/" + end
	return &s
}
