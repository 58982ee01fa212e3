package contract

import "github.com/incidentd/incidentd/incident"

type changeField = field[incident.Change, struct{}]

// changeFields is the catalogue of a history entry: a status or field
// change, by whom, and why (spec §2).
var changeFields = newCatalogue([]changeField{
	{name: "at", get: func(c *incident.Change) value { return instant(c.At) }},
	{name: "actor", object: true},
	{name: "actor.type", get: func(c *incident.Change) value { return str(string(c.Actor.Type)) }},
	{name: "actor.name", get: func(c *incident.Change) value { return str(c.Actor.Name) }},
	{name: "field", get: func(c *incident.Change) value { return str(c.Field) }},
	{name: "from", get: func(c *incident.Change) value { return optionalText(c.From) }},
	{name: "to", get: func(c *incident.Change) value { return optionalText(c.To) }},
	{name: "reason", get: func(c *incident.Change) value { return optionalString(c.Reason) }},
})

// optionalText is null for a nil text.
func optionalText(s *string) value {
	if s == nil {
		return value{}
	}
	return str(*s)
}

// AppendChangeJSON appends a history entry.
func AppendChangeJSON(dst []byte, c *incident.Change) []byte {
	return changeFields.appendJSON(dst, c, nil)
}
