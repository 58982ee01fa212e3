package incident

import "strings"

// patchRequest is a decoded PATCH body: the merge patch of the writable
// document, and the directives that go with a status change.
type patchRequest struct {
	doc                map[string]any
	statusChangeReason string
	freezeReason       FreezeReason
}

// patchDirectives are the PATCH fields that are not attributes of the
// incident but qualify its status change.
var patchDirectives = bodyField{kind: bodyObject, fields: []bodyField{
	textField("statusChangeReason", MaxStatusChangeReason),
	{name: "freezeReason", kind: bodyEnum, values: FreezeReasons, nullable: true},
}}

// decodePatch parses a merge patch (RFC 7396) and checks what can be
// checked without the incident: JSON shape, unknown and read-only fields,
// nulls, the directives. Errors are *Error with codes 21 to 24, or 66.
func decodePatch(body []byte) (patchRequest, error) {
	obj, err := parseObject(body)
	if err != nil {
		return patchRequest{}, err
	}
	given := map[string]any{}
	for _, f := range patchDirectives.fields {
		if v, ok := obj[f.name]; ok {
			given[f.name] = v
			delete(obj, f.name)
		}
	}
	directives, err := decodeObject(given, patchDirectives, "")
	if err != nil {
		return patchRequest{}, err
	}
	if err := checkPatchKeys(obj, incidentDocument, ""); err != nil {
		return patchRequest{}, err
	}
	status, statusGiven := obj["status"]
	if _, ok := directives["statusChangeReason"]; ok && !statusGiven {
		return patchRequest{}, Errorf(CodeInvalidBodyField, MsgReasonWithoutStatus, "statusChangeReason")
	}
	if _, ok := directives["freezeReason"]; ok && status != string(StatusPending) {
		return patchRequest{}, Errorf(CodeInvalidBodyField, MsgFreezeReasonNoPending)
	}
	return patchRequest{
		doc:                obj,
		statusChangeReason: text(directives["statusChangeReason"]),
		freezeReason:       FreezeReason(text(directives["freezeReason"])),
	}, nil
}

// customerWritable are the attributes (and objects, by prefix) a customer
// may change; status changes follow the lifecycle besides.
var customerWritable = []string{"status", "description", "impact", "urgency", "serviceCondition",
	"customerReference", "isEscalated", "service.", "location.", "contact."}

func writableByCustomer(path string) bool {
	for _, w := range customerWritable {
		if path == w || strings.HasSuffix(w, ".") && strings.HasPrefix(path, w) {
			return true
		}
	}
	return false
}

// applyPatch applies a decoded PATCH to the incident of an edit, by the
// caller, at e.Now: the field rules of the caller's role, the lifecycle,
// the matrix, the freeze periods and the clock. It records one history
// entry per changed attribute. A patch that changes nothing records
// nothing, whatever it names.
func (m Matrix) applyPatch(e *Edit, c Caller, p patchRequest) error {
	old := e.Incident
	merged, _ := mergePatch(documentOf(old), p.doc).(map[string]any)
	doc, err := decodeObject(merged, incidentDocument, "")
	if err != nil {
		return err
	}
	next := *old
	applyDocument(&next, doc, incidentDocument)
	before := fieldValues(old)
	requested := changedFields(before, fieldValues(&next))
	if len(requested) == 0 {
		return nil
	}
	if IsFinal(old.Status) {
		return finalError(old.Status)
	}
	if err := checkRequestedChanges(c.Role, old, &next, requested); err != nil {
		return err
	}
	now := e.Now
	if next.Impact != old.Impact || next.Urgency != old.Urgency {
		m.Classify(&next)
	}
	if next.IsEscalated != old.IsEscalated {
		next.EscalatedAt = nil
		if next.IsEscalated {
			next.EscalatedAt = &now
		}
	}
	if next.Status != old.Status {
		e.Periods = changeStatus(&next, old.Status, e.Periods, p.freezeReason, c.Actor, now)
	}
	next.Clock = ComputeClock(next.ClockStart(), next.ClockStop(), next.Clock.TargetSeconds, e.Periods)
	for _, ch := range changedFields(before, fieldValues(&next)) {
		change := Change{At: now, Actor: c.Actor, Field: ch.Path, From: ch.From, To: ch.To}
		if ch.Path == "status" {
			change.Reason = p.statusChangeReason
		}
		e.Changes = append(e.Changes, change)
	}
	*e.Incident = next
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
		case role != RoleOperator && ch.Path == "isEscalated" && !next.IsEscalated:
			return Errorf(CodeInvalidBodyField, MsgEscalationIrrevocable)
		case role != RoleOperator && !writableByCustomer(ch.Path):
			return Errorf(CodeInvalidBodyField, MsgForbiddenField, ch.Path)
		}
		resolutionChanged = resolutionChanged || strings.HasPrefix(ch.Path, "resolution.")
		detectionChanged = detectionChanged || ch.Path == "detectedAt" || ch.Path == "origin"
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

// checkIfMatch checks an If-Match list against the incident's current
// ETag: empty means no condition, "*" matches any incident (code 65).
func checkIfMatch(inc *Incident, tags []string) error {
	if len(tags) == 0 {
		return nil
	}
	current := ETag(inc)
	for _, t := range tags {
		if t == "*" || t == current {
			return nil
		}
	}
	return Errorf(CodePreconditionFailed, MsgPreconditionFailed, current)
}
