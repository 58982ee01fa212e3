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
	n := d.create
	n.Service = d.patch.Service.Applied(nil)
	n.Location = d.patch.Location.Applied(nil)
	n.Contact = d.patch.Contact.Applied(nil)
	return n, nil
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
