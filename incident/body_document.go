package incident

import "time"

// The writable document of an incident: the JSON-shaped values a merge
// patch applies to, and the dot-path view of it that changes are found on.

// documentOf renders the writable fields of an incident as JSON values,
// leaving unset ones out.
func documentOf(inc *Incident) map[string]any {
	doc := map[string]any{
		"status":           string(inc.Status),
		"description":      inc.Description,
		"impact":           string(inc.Impact),
		"urgency":          string(inc.Urgency),
		"serviceCondition": string(inc.ServiceCondition),
		"origin":           string(inc.Origin),
		"type":             string(inc.Type),
		"isEscalated":      inc.IsEscalated,
	}
	if inc.CustomerReference != "" {
		doc["customerReference"] = inc.CustomerReference
	}
	if s := inc.Service; s != nil {
		doc["service"] = map[string]any{"id": s.ID, "name": s.Name}
	}
	if l := inc.Location; l != nil {
		loc := map[string]any{"id": l.ID, "name": l.Name}
		if a := l.Address; a != nil {
			loc["address"] = map[string]any{"street": a.Street, "postalCode": a.PostalCode, "city": a.City, "country": a.Country}
		}
		doc["location"] = loc
	}
	if c := inc.Contact; c != nil {
		doc["contact"] = map[string]any{"name": c.Name, "email": c.Email, "phone": c.Phone}
	}
	if r := inc.Resolution; r != nil {
		doc["resolution"] = map[string]any{"code": string(r.Code), "text": r.Text}
	}
	if inc.DetectedAt != nil {
		doc["detectedAt"] = wireTime(*inc.DetectedAt)
	}
	return doc
}

// applyDocument sets the fields a decoded document holds (decodeObject's
// output); objects absent from it become unset. Fields outside the
// document's schema are left alone.
func applyDocument(inc *Incident, doc map[string]any, schema bodyField) {
	for _, f := range schema.fields {
		v := doc[f.name]
		switch f.name {
		case "status":
			inc.Status = Status(text(v))
		case "description":
			inc.Description = text(v)
		case "impact":
			inc.Impact = Impact(text(v))
		case "urgency":
			inc.Urgency = Urgency(text(v))
		case "serviceCondition":
			inc.ServiceCondition = ServiceCondition(text(v))
		case "origin":
			inc.Origin = Origin(text(v))
		case "type":
			inc.Type = Type(text(v))
		case "isEscalated":
			inc.IsEscalated = v == true
		case "customerReference":
			inc.CustomerReference = text(v)
		case "service":
			inc.Service = nil
			if m, ok := v.(map[string]any); ok {
				inc.Service = &Service{ID: text(m["id"]), Name: text(m["name"])}
			}
		case "location":
			inc.Location = nil
			if m, ok := v.(map[string]any); ok {
				inc.Location = &Location{ID: text(m["id"]), Name: text(m["name"])}
				if a, ok := m["address"].(map[string]any); ok {
					inc.Location.Address = &Address{Street: text(a["street"]), PostalCode: text(a["postalCode"]),
						City: text(a["city"]), Country: text(a["country"])}
				}
			}
		case "contact":
			inc.Contact = nil
			if m, ok := v.(map[string]any); ok {
				inc.Contact = &Contact{Name: text(m["name"]), Email: text(m["email"]), Phone: text(m["phone"])}
			}
		case "resolution":
			inc.Resolution = nil
			if m, ok := v.(map[string]any); ok {
				inc.Resolution = &Resolution{Code: ResolutionCode(text(m["code"])), Text: text(m["text"])}
			}
		case "detectedAt":
			inc.DetectedAt = nil
			if t, ok := v.(time.Time); ok {
				inc.DetectedAt = &t
			}
		}
	}
}

// text is a decoded string field, empty when absent.
func text(v any) string {
	s, _ := v.(string)
	return s
}

// fieldValue is one attribute of the writable document (or the priority)
// in dot notation, rendered as text; Value is nil when unset.
type fieldValue struct {
	Path  string
	Value *string
}

// fieldValues flattens the attributes an incident's history records: the
// writable document's leaves in schema order, then the derived priority.
func fieldValues(inc *Incident) []fieldValue {
	var out []fieldValue
	flattenDocument(&out, documentOf(inc), incidentDocument, "")
	priority := string(inc.Priority)
	return append(out, fieldValue{"priority", &priority})
}

// flattenDocument appends the leaves of a document; a nil doc (an unset
// object) gives nil leaves.
func flattenDocument(out *[]fieldValue, doc map[string]any, schema bodyField, prefix string) {
	for _, f := range schema.fields {
		path := dotPath(prefix, f.name)
		switch f.kind {
		case bodyReadOnly:
		case bodyObject:
			sub, _ := doc[f.name].(map[string]any)
			flattenDocument(out, sub, f, path)
		default:
			fv := fieldValue{Path: path}
			switch v := doc[f.name].(type) {
			case string:
				fv.Value = &v
			case bool:
				b := boolText(v)
				fv.Value = &b
			}
			*out = append(*out, fv)
		}
	}
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// wireTime renders a time as the API does: RFC 3339, UTC, milliseconds.
func wireTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// fieldChange is one attribute whose value differs between two versions.
type fieldChange struct {
	Path     string
	From, To *string
}

// changedFields compares two flattened incidents (fieldValues of both).
func changedFields(before, after []fieldValue) []fieldChange {
	var out []fieldChange
	for i, b := range before {
		if !sameText(b.Value, after[i].Value) {
			out = append(out, fieldChange{b.Path, b.Value, after[i].Value})
		}
	}
	return out
}

func sameText(a, b *string) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}
