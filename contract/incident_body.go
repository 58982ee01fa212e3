package contract

import (
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// DecodeCreate reads the body of POST /incidents (spec §3.4) into the
// command. Customers may not name the fields operators write (customer,
// origin, detectedAt). Errors are *incident.Error with codes 21 to 24, or
// 66; the values are checked by the domain.
func DecodeCreate(body []byte, role incident.Role) (incident.NewIncident, error) {
	var d incidentDraft
	if err := incidentFields.decodeBody(body, opCreate, role, &d); err != nil {
		return incident.NewIncident{}, err
	}
	p := d.patch
	n := incident.NewIncident{
		CustomerID: d.customerID,
		Service:    p.Service.Applied(nil),
		Location:   p.Location.Applied(nil),
		Contact:    p.Contact.Applied(nil),
		DetectedAt: p.DetectedAt,
	}
	deref(&n.Description, p.Description)
	deref(&n.Impact, p.Impact)
	deref(&n.Urgency, p.Urgency)
	deref(&n.Type, p.Type)
	deref(&n.ServiceCondition, p.ServiceCondition)
	deref(&n.CustomerReference, p.CustomerReference)
	deref(&n.IsEscalated, p.IsEscalated)
	deref(&n.Origin, p.Origin)
	return n, nil
}

func deref[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// patchDirectives are the PATCH fields that are not attributes of the
// incident but qualify its status change.
var patchDirectives = []string{"statusChangeReason", "freezeReason"}

// DecodePatch reads a merge patch (RFC 7396) of an incident into the
// command, with the directives of a status change. Errors are
// *incident.Error with codes 21 to 24, or 66.
func DecodePatch(body []byte) (incident.Patch, error) {
	obj, err := parseObject(body)
	if err != nil {
		return incident.Patch{}, err
	}
	directives := map[string]string{}
	for _, name := range patchDirectives {
		v, given := obj[name]
		if !given {
			continue
		}
		delete(obj, name)
		if v == nil {
			continue
		}
		s, ok := v.(string)
		switch {
		case !ok && name == "freezeReason":
			return incident.Patch{}, incident.Errorf(incident.CodeInvalidBodyField, incident.MsgFieldEnum, name, strings.Join(incident.FreezeReasons, ", "))
		case !ok:
			return incident.Patch{}, incident.Errorf(incident.CodeInvalidBodyField, MsgFieldNotString, name)
		}
		directives[name] = s
	}
	var d incidentDraft
	if err := incidentFields.decodeObject(obj, opPatch, incident.RoleOperator, &d); err != nil {
		return incident.Patch{}, err
	}
	d.patch.StatusChangeReason = directives["statusChangeReason"]
	d.patch.FreezeReason = incident.FreezeReason(directives["freezeReason"])
	return d.patch, nil
}
