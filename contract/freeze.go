package contract

import (
	"strconv"
	"time"

	"github.com/incidentd/incidentd/incident"
)

type freezeField = field[incident.FreezePeriod, incident.FreezePatch]

// freezeFields is the field catalogue of a freeze period (spec §5).
var freezeFields = newCatalogue([]freezeField{
	{name: "id", get: func(p *incident.FreezePeriod) value { return integer(p.ID) }},
	{name: "startAt", kind: incident.KindTime,
		get:  func(p *incident.FreezePeriod) value { return instant(p.StartAt) },
		body: requiredOnCreate, set: func(c *incident.FreezePatch, x any) { c.StartAt = ptr(x.(time.Time)) }},
	{name: "endAt", kind: incident.KindTime,
		get:  func(p *incident.FreezePeriod) value { return optionalInstant(p.EndAt) },
		body: writableNull, set: setEndAt},
	{name: "reason", kind: incident.KindEnum, values: incident.FreezeReasons,
		get:  func(p *incident.FreezePeriod) value { return str(string(p.Reason)) },
		body: requiredOnCreate, set: func(c *incident.FreezePatch, x any) { c.Reason = ptr(incident.FreezeReason(textOf(x))) }},
	{name: "comment", kind: incident.KindText,
		get:  func(p *incident.FreezePeriod) value { return optionalString(p.Comment) },
		body: writableNull, set: func(c *incident.FreezePatch, x any) { c.Comment = ptr(textOf(x)) }},
	{name: "createdBy", object: true},
	{name: "createdBy.type", get: func(p *incident.FreezePeriod) value { return str(string(p.CreatedBy.Type)) }},
	{name: "createdBy.name", get: func(p *incident.FreezePeriod) value { return str(p.CreatedBy.Name) }},
})

func setEndAt(c *incident.FreezePatch, x any) {
	t, ok := x.(time.Time)
	if !ok {
		c.RemoveEndAt = true
		return
	}
	c.EndAt = &t
}

// DecodeFreezePeriod reads the body that adds a freeze period.
func DecodeFreezePeriod(body []byte) (incident.FreezeInput, error) {
	var p incident.FreezePatch
	if err := freezeFields.decodeBody(body, opCreate, incident.RoleOperator, &p); err != nil {
		return incident.FreezeInput{}, err
	}
	in := incident.FreezeInput{StartAt: *p.StartAt, EndAt: p.EndAt, Reason: *p.Reason}
	if p.Comment != nil {
		in.Comment = *p.Comment
	}
	return in, nil
}

// DecodeFreezePatch reads a merge patch of a freeze period.
func DecodeFreezePatch(body []byte) (incident.FreezePatch, error) {
	var p incident.FreezePatch
	err := freezeFields.decodeBody(body, opPatch, incident.RoleOperator, &p)
	return p, err
}

// AppendFreezePeriodJSON appends a freeze period's representation.
func AppendFreezePeriodJSON(dst []byte, p *incident.FreezePeriod) []byte {
	return freezeFields.appendJSON(dst, p, nil)
}

// FreezePeriodPath is the path of a freeze period resource.
func FreezePeriodPath(incidentID string, periodID int64) string {
	return IncidentPath(incidentID) + "/freezePeriods/" + strconv.FormatInt(periodID, 10)
}
