package incident

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// bodyKind is the JSON type and validation rule of a body field.
type bodyKind int

const (
	bodyText bodyKind = iota
	bodyEnum
	bodyBool
	bodyTime
	bodyObject
	// bodyReadOnly names a field of the representation that a request may
	// not write, so that writing it is reported as read-only, not unknown.
	bodyReadOnly
)

// bodyField describes one field of a request body.
type bodyField struct {
	name     string
	kind     bodyKind
	values   []string // bodyEnum
	min, max int      // bodyText: length in characters
	nonBlank bool     // bodyText: more than white space
	// format checks a non-empty bodyText value and returns it normalised.
	format   func(string) (string, bool)
	formatKO MessageKey
	required bool // must be present (and not null)
	nullable bool // null unsets the field
	fields   []bodyField
}

func (f bodyField) find(name string) (bodyField, bool) {
	for _, c := range f.fields {
		if c.name == name {
			return c, true
		}
	}
	return bodyField{}, false
}

// Length limits of incident body fields, in characters.
const (
	MaxDescription        = 4000
	MaxCustomerReference  = 100
	MaxResolutionText     = 4000
	MaxStatusChangeReason = 1000
	MaxFreezeComment      = 1000
	maxRefID              = 100
	maxName               = 200
	maxPostalCode         = 20
	maxEmail              = 254
	maxPhone              = 50
)

func textField(name string, max int) bodyField {
	return bodyField{name: name, kind: bodyText, max: max, nullable: true}
}

func enumField(name string, values []string) bodyField {
	return bodyField{name: name, kind: bodyEnum, values: values}
}

func readOnly(names ...string) []bodyField {
	out := make([]bodyField, len(names))
	for i, n := range names {
		out[i] = bodyField{name: n, kind: bodyReadOnly}
	}
	return out
}

func objectField(name string, fields ...bodyField) bodyField {
	return bodyField{name: name, kind: bodyObject, nullable: true, fields: fields}
}

// The objects of the incident representation that requests write whole.
var (
	serviceField = objectField("service", textField("id", maxRefID), textField("name", maxName))
	addressField = objectField("address",
		textField("street", maxName), textField("postalCode", maxPostalCode), textField("city", maxName),
		bodyField{name: "country", kind: bodyText, max: maxRefID, nullable: true, format: countryCode, formatKO: MsgFieldCountry})
	locationField = objectField("location", textField("id", maxRefID), textField("name", maxName), addressField)
	contactField  = objectField("contact", textField("name", maxName),
		bodyField{name: "email", kind: bodyText, max: maxEmail, nullable: true, format: emailAddress, formatKO: MsgFieldEmail},
		textField("phone", maxPhone))
	resolutionField = objectField("resolution",
		bodyField{name: "code", kind: bodyEnum, values: ResolutionCodes, required: true},
		textField("text", MaxResolutionText))
	descriptionField = bodyField{name: "description", kind: bodyText, min: 1, max: MaxDescription, nonBlank: true}
)

// alwaysReadOnly are the representation's fields no request writes.
var alwaysReadOnly = []string{"id", "href", "priority", "createdAt", "updatedAt", "statusChangedAt",
	"resolvedAt", "closedAt", "escalatedAt", "sla", "labels"}

// createBody is the body of POST /incidents. Who may write customer,
// origin and detectedAt is checked apart (operators only).
var createBody = bodyField{kind: bodyObject, fields: append([]bodyField{
	withRequired(descriptionField),
	withRequired(enumField("impact", Impacts)),
	withRequired(enumField("urgency", Urgencies)),
	enumField("type", Types),
	enumField("serviceCondition", ServiceConditions),
	textField("customerReference", MaxCustomerReference),
	serviceField, locationField, contactField,
	{name: "isEscalated", kind: bodyBool},
	enumField("origin", Origins),
	{name: "detectedAt", kind: bodyTime, nullable: true},
	{name: "customer", kind: bodyObject, fields: append([]bodyField{
		{name: "id", kind: bodyText, min: 1, max: maxRefID, nonBlank: true, required: true},
	}, readOnly("name")...)},
}, readOnly(append(alwaysReadOnly, "status", "resolution")...)...)}

// incidentDocument is the writable document of an incident that a merge
// patch applies to. Who may change which field is checked on the changes.
var incidentDocument = bodyField{kind: bodyObject, fields: append([]bodyField{
	withRequired(enumField("status", Statuses)),
	withRequired(descriptionField),
	withRequired(enumField("impact", Impacts)),
	withRequired(enumField("urgency", Urgencies)),
	withRequired(enumField("serviceCondition", ServiceConditions)),
	withRequired(enumField("origin", Origins)),
	withRequired(enumField("type", Types)),
	{name: "isEscalated", kind: bodyBool, required: true},
	textField("customerReference", MaxCustomerReference),
	serviceField, locationField, contactField, resolutionField,
	{name: "detectedAt", kind: bodyTime, nullable: true},
}, readOnly(append(alwaysReadOnly, "customer")...)...)}

func withRequired(f bodyField) bodyField {
	f.required = true
	return f
}

// decodeObject validates a JSON object against the schema and returns its
// fields normalised: strings (text, enum), bool, time.Time, and nested
// objects the same way. An absent or null field is absent from the result.
// Errors: 24 for an unknown, read-only, null or invalid field, 23 for a
// missing required one, each naming the field's dot path.
func decodeObject(obj map[string]any, schema bodyField, prefix string) (map[string]any, error) {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := schema.find(k)
		if !ok {
			return nil, Errorf(CodeInvalidBodyField, MsgUnknownField, dotPath(prefix, k))
		}
		if f.kind == bodyReadOnly {
			return nil, Errorf(CodeInvalidBodyField, MsgReadOnlyField, dotPath(prefix, k))
		}
	}
	out := map[string]any{}
	for _, f := range schema.fields {
		if f.kind == bodyReadOnly {
			continue
		}
		path := dotPath(prefix, f.name)
		v, present := obj[f.name]
		switch {
		case !present && f.required:
			return nil, Errorf(CodeMissingBodyField, MsgMissingField, path)
		case !present:
			continue
		case v == nil && !f.nullable:
			return nil, Errorf(CodeInvalidBodyField, MsgFieldNull, path)
		case v == nil:
			continue
		}
		nv, err := decodeValue(v, f, path)
		if err != nil {
			return nil, err
		}
		out[f.name] = nv
	}
	return out, nil
}

func decodeValue(v any, f bodyField, path string) (any, error) {
	switch f.kind {
	case bodyText:
		return decodeText(v, f, path)
	case bodyEnum:
		s, ok := v.(string)
		if !ok || !oneOf(s, f.values) {
			return nil, Errorf(CodeInvalidBodyField, MsgFieldEnum, path, strings.Join(f.values, ", "))
		}
		return s, nil
	case bodyBool:
		b, ok := v.(bool)
		if !ok {
			return nil, Errorf(CodeInvalidBodyField, MsgFieldNotBool, path)
		}
		return b, nil
	case bodyTime:
		t, ok := parseBodyTime(v)
		if !ok {
			return nil, Errorf(CodeInvalidBodyField, MsgFieldNotTime, path)
		}
		return t, nil
	default: // bodyObject
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, Errorf(CodeInvalidBodyField, MsgFieldNotObject, path)
		}
		return decodeObject(obj, f, path)
	}
}

func decodeText(v any, f bodyField, path string) (string, error) {
	s, ok := v.(string)
	if !ok {
		return "", Errorf(CodeInvalidBodyField, MsgFieldNotString, path)
	}
	if strings.ContainsRune(s, 0) {
		return "", Errorf(CodeInvalidBodyField, MsgFieldControl, path)
	}
	if n := utf8.RuneCountInString(s); n < f.min || n > f.max {
		return "", Errorf(CodeInvalidBodyField, MsgFieldLength, path, f.min, f.max)
	}
	if f.nonBlank && strings.TrimSpace(s) == "" {
		return "", Errorf(CodeInvalidBodyField, MsgFieldBlank, path)
	}
	if f.format != nil && s != "" {
		norm, ok := f.format(s)
		if !ok {
			return "", Errorf(CodeInvalidBodyField, f.formatKO, path)
		}
		s = norm
	}
	return s, nil
}

// parseBodyTime reads an RFC 3339 date-time, kept in UTC to the
// millisecond like every time of the API.
func parseBodyTime(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Millisecond), true
}

// emailAddress checks the shape local@domain.tld, without white space.
func emailAddress(s string) (string, bool) {
	local, domain, ok := strings.Cut(s, "@")
	ok = ok && local != "" && domain != "" && !strings.ContainsAny(s, " \t\r\n\"<>()[],;:\\") &&
		!strings.Contains(domain, "@") && !strings.Contains(domain, "..") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
	return s, ok
}

func dotPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// checkPatchKeys checks a merge patch against the schema before it is
// applied: unknown and read-only fields, and null on a field that cannot be
// unset, are refused at any depth (code 24). Values are checked after the
// merge, on the whole document.
func checkPatchKeys(patch map[string]any, schema bodyField, prefix string) error {
	keys := make([]string, 0, len(patch))
	for k := range patch {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		path := dotPath(prefix, k)
		f, ok := schema.find(k)
		switch {
		case !ok:
			return Errorf(CodeInvalidBodyField, MsgUnknownField, path)
		case f.kind == bodyReadOnly:
			return Errorf(CodeInvalidBodyField, MsgReadOnlyField, path)
		case patch[k] == nil && !f.nullable:
			return Errorf(CodeInvalidBodyField, MsgFieldNull, path)
		}
		if sub, ok := patch[k].(map[string]any); ok && f.kind == bodyObject {
			if err := checkPatchKeys(sub, f, path); err != nil {
				return err
			}
		}
	}
	return nil
}

// mergePatch applies an RFC 7396 merge patch to a document, without
// modifying either.
func mergePatch(target, patch any) any {
	p, ok := patch.(map[string]any)
	if !ok {
		return patch
	}
	t, _ := target.(map[string]any)
	out := make(map[string]any, len(t)+len(p))
	for k, v := range t {
		out[k] = v
	}
	for k, v := range p {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = mergePatch(out[k], v)
	}
	return out
}
