package incident

// fieldText is one field of an incident and its value as text, nil when
// unset.
type fieldText struct {
	field
	text *string
}

// fieldTexts reads the fields the history records: the writable fields in
// their order, then the priority the matrix derives from them.
func fieldTexts(inc *Incident) []fieldText {
	out := make([]fieldText, 0, len(fields)+1)
	for _, f := range fields {
		out = append(out, fieldText{f, f.value(inc)})
	}
	return append(out, fieldText{priorityField, priorityField.value(inc)})
}

// priorityField is the history's view of the priority: derived, never
// written by a request.
var priorityField = field{name: "priority", value: func(i *Incident) *string { return textOf(string(i.Priority)) }}

// fieldChange is one field whose value differs between two versions.
type fieldChange struct {
	Field    string
	From, To *string
	customer bool // customers may change the field
}

// changedFields compares two versions of an incident (fieldTexts of both).
func changedFields(before, after []fieldText) []fieldChange {
	var out []fieldChange
	for i, b := range before {
		if !sameText(b.text, after[i].text) {
			out = append(out, fieldChange{b.name, b.text, after[i].text, b.customer})
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
