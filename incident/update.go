package incident

import (
	"strings"
	"time"
)

// check checks the parts of a patch that stand without the incident: the
// status change's reason and freeze reason.
func (p Patch) check() error {
	if p.StatusChangeReason != "" {
		if err := checkText("statusChangeReason", p.StatusChangeReason, 0, MaxStatusChangeReason, false); err != nil {
			return err
		}
		if p.Status == nil {
			return Errorf(CodeInvalidBodyField, MsgReasonWithoutStatus, "statusChangeReason")
		}
	}
	if p.FreezeReason != "" {
		if err := checkEnum("freezeReason", string(p.FreezeReason), FreezeReasons); err != nil {
			return err
		}
		if p.Status == nil || *p.Status != StatusPending {
			return Errorf(CodeInvalidBodyField, MsgFreezeReasonNoPending)
		}
	}
	return nil
}

// applied is the incident with the patch's values set, on copies of the
// objects it changes: the incident given is left as it is.
func (p Patch) applied(old *Incident) *Incident {
	next := *old
	for _, f := range fields {
		if f.patch != nil {
			f.patch(&next, &p)
		}
	}
	next.Service = p.Service.Applied(old.Service)
	next.Location = p.Location.Applied(old.Location)
	next.Contact = p.Contact.Applied(old.Contact)
	next.Resolution = p.Resolution.Applied(old.Resolution)
	switch {
	case p.RemoveDetectedAt:
		next.DetectedAt = nil
	case p.DetectedAt != nil:
		t := instant(*p.DetectedAt)
		next.DetectedAt = &t
	}
	return &next
}

// instant is a time as incidents keep it: UTC, to the millisecond, the
// precision of the representation.
func instant(t time.Time) time.Time { return t.UTC().Truncate(time.Millisecond) }

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// The Applied methods give an object with the patch applied: the object
// itself without a patch, nil when the patch removes it, else a copy (a new
// object when there was none) with the fields the patch gives. The object
// given is left as it is.

func (p *ServicePatch) Applied(cur *Service) *Service {
	if p == nil {
		return cur
	}
	return patched(p.Remove, cur, func(s *Service) {
		set(&s.ID, p.ID)
		set(&s.Name, p.Name)
	})
}

func (p *LocationPatch) Applied(cur *Location) *Location {
	if p == nil {
		return cur
	}
	return patched(p.Remove, cur, func(l *Location) {
		set(&l.ID, p.ID)
		set(&l.Name, p.Name)
		l.Address = p.Address.Applied(l.Address)
	})
}

func (p *AddressPatch) Applied(cur *Address) *Address {
	if p == nil {
		return cur
	}
	return patched(p.Remove, cur, func(a *Address) {
		set(&a.Street, p.Street)
		set(&a.PostalCode, p.PostalCode)
		set(&a.City, p.City)
		if p.Country != nil {
			a.Country = normalizeCountry(*p.Country)
		}
	})
}

func (p *ContactPatch) Applied(cur *Contact) *Contact {
	if p == nil {
		return cur
	}
	return patched(p.Remove, cur, func(c *Contact) {
		set(&c.Name, p.Name)
		set(&c.Email, p.Email)
		set(&c.Phone, p.Phone)
	})
}

func (p *ResolutionPatch) Applied(cur *Resolution) *Resolution {
	if p == nil {
		return cur
	}
	return patched(p.Remove, cur, func(r *Resolution) {
		set(&r.Code, p.Code)
		set(&r.Text, p.Text)
	})
}

// patched is a copy of an object (a new one for nil) changed by set, or nil
// when the object is removed.
func patched[T any](remove bool, cur *T, set func(*T)) *T {
	if remove {
		return nil
	}
	v := new(T)
	if cur != nil {
		*v = *cur
	}
	set(v)
	return v
}

// normalizeCountry writes a country code in upper case; anything else is
// kept for the rule to refuse.
func normalizeCountry(s string) string {
	if c, ok := CountryCode(s); ok {
		return c
	}
	return s
}

// applyPatch applies a patch to the incident of an edit, by the caller, at
// e.Now: the field rules of the caller's role, the lifecycle, the matrix,
// the freeze periods and the clock. It records one history entry per
// changed attribute. A patch that changes nothing records nothing, whatever
// it names.
func (m Matrix) applyPatch(e *Edit, c Caller, p Patch) error {
	if err := p.check(); err != nil {
		return err
	}
	old := e.Incident
	next := p.applied(old)
	if err := validateFields(next); err != nil {
		return err
	}
	before := fieldTexts(old)
	requested := changedFields(before, fieldTexts(next))
	if len(requested) == 0 {
		return nil
	}
	if IsFinal(old.Status) {
		return finalError(old.Status)
	}
	if err := checkRequestedChanges(c.Role, old, next, requested); err != nil {
		return err
	}
	now := e.Now
	if next.Impact != old.Impact || next.Urgency != old.Urgency {
		m.Classify(next)
	}
	if next.IsEscalated != old.IsEscalated {
		next.EscalatedAt = nil
		if next.IsEscalated {
			next.EscalatedAt = &now
		}
	}
	if next.Status != old.Status {
		e.Periods = changeStatus(next, old.Status, e.Periods, p.FreezeReason, c.Actor, now)
	}
	next.Clock = ComputeClock(next.ClockStart(), next.ClockStop(), next.Clock.TargetSeconds, e.Periods)
	for _, ch := range changedFields(before, fieldTexts(next)) {
		change := Change{At: now, Actor: c.Actor, Field: ch.Field, From: ch.From, To: ch.To}
		if ch.Field == "status" {
			change.Reason = p.StatusChangeReason
		}
		e.Changes = append(e.Changes, change)
	}
	*e.Incident = *next
	return nil
}

// checkRequestedChanges checks the changes a patch asks for against the
// lifecycle, the role's rights and the consistency of the result.
func checkRequestedChanges(role Role, old, next *Incident, requested []fieldChange) error {
	statusChanged := next.Status != old.Status
	if statusChanged && !CanTransition(role, old.Status, next.Status) {
		return transitionError(role, old.Status, next.Status)
	}
	resolutionChanged, detectionChanged := false, false
	for _, ch := range requested {
		switch {
		case role != RoleOperator && ch.Field == "isEscalated" && !next.IsEscalated:
			return Errorf(CodeInvalidBodyField, MsgEscalationIrrevocable)
		case role != RoleOperator && !ch.customer:
			return Errorf(CodeInvalidBodyField, MsgForbiddenField, ch.Field)
		}
		resolutionChanged = resolutionChanged || strings.HasPrefix(ch.Field, "resolution.")
		detectionChanged = detectionChanged || ch.Field == "detectedAt" || ch.Field == "origin"
	}
	settled := next.Status == StatusResolved || next.Status == StatusClosed
	switch {
	case next.Resolution == nil && settled && (resolutionChanged || statusChanged && next.Status == StatusResolved):
		return Errorf(CodeInvalidBodyField, MsgResolutionRequired)
	case next.Resolution != nil && resolutionChanged && !settled:
		return Errorf(CodeInvalidBodyField, MsgResolutionNotResolved)
	}
	if detectionChanged {
		return checkDetectedAt(next, old.CreatedAt)
	}
	return nil
}

// checkDetectedAt checks the detection time of an incident against its
// origin and against the creation time (now for a new incident).
func checkDetectedAt(inc *Incident, createdAt time.Time) error {
	switch {
	case inc.DetectedAt == nil:
		return nil
	case inc.Origin != OriginProactive:
		return Errorf(CodeInvalidBodyField, MsgDetectedNotProactive)
	case inc.DetectedAt.After(createdAt):
		return Errorf(CodeInvalidBodyField, MsgDetectedAfterCreated)
	}
	return nil
}

// checkPrecondition checks a precondition against the incident's current
// version (code 65).
func checkPrecondition(inc *Incident, pre Precondition) error {
	if pre.Any || len(pre.Tags) == 0 {
		return nil
	}
	current := inc.Tag()
	for _, t := range pre.Tags {
		if t == current {
			return nil
		}
	}
	return Errorf(CodePreconditionFailed, MsgPreconditionFailed, current)
}
