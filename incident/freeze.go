package incident

import "time"

// freezeBody is the body that adds a freeze period, and the document a
// merge patch of a period applies to.
var freezeBody = bodyField{kind: bodyObject, fields: append([]bodyField{
	{name: "startAt", kind: bodyTime, required: true},
	{name: "endAt", kind: bodyTime, nullable: true},
	withRequired(enumField("reason", FreezeReasons)),
	textField("comment", MaxFreezeComment),
}, readOnly("id", "createdBy")...)}

// decodeFreezePeriod decodes the body that adds a period.
func decodeFreezePeriod(body []byte) (FreezePeriod, error) {
	obj, err := parseObject(body)
	if err != nil {
		return FreezePeriod{}, err
	}
	doc, err := decodeObject(obj, freezeBody, "")
	if err != nil {
		return FreezePeriod{}, err
	}
	var p FreezePeriod
	applyPeriodDocument(&p, doc)
	return p, nil
}

// decodeFreezePatch parses a merge patch of a period and checks its keys;
// values are checked once merged into the period.
func decodeFreezePatch(body []byte) (map[string]any, error) {
	obj, err := parseObject(body)
	if err != nil {
		return nil, err
	}
	return obj, checkPatchKeys(obj, freezeBody, "")
}

func periodDocument(p FreezePeriod) map[string]any {
	doc := map[string]any{"startAt": wireTime(p.StartAt), "reason": string(p.Reason), "comment": p.Comment}
	if p.EndAt != nil {
		doc["endAt"] = wireTime(*p.EndAt)
	}
	return doc
}

func applyPeriodDocument(p *FreezePeriod, doc map[string]any) {
	p.StartAt, _ = doc["startAt"].(time.Time)
	p.EndAt = nil
	if end, ok := doc["endAt"].(time.Time); ok {
		p.EndAt = &end
	}
	p.Reason = FreezeReason(text(doc["reason"]))
	p.Comment = text(doc["comment"])
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
func patchPeriod(e *Edit, i int, patch map[string]any, actor Actor) (FreezePeriod, error) {
	old := e.Periods[i]
	merged, _ := mergePatch(periodDocument(old), patch).(map[string]any)
	doc, err := decodeObject(merged, freezeBody, "")
	if err != nil {
		return FreezePeriod{}, err
	}
	next := old
	applyPeriodDocument(&next, doc)
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
		end = wireTime(*p.EndAt)
	}
	s := wireTime(p.StartAt) + "/" + end
	return &s
}
