package contract

import (
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

type noteField = field[incident.Note, incident.NewNote]

// noteFields is the field catalogue of a note (spec §9). internal is an
// operator's attribute: customers see no internal note, so for them it does
// not exist as a filter.
var noteFields = newCatalogue([]noteField{
	{name: "id", kind: incident.KindInt, filter: filterAll, get: func(n *incident.Note) value { return integer(n.ID) }},
	{name: "text", kind: incident.KindText, filter: filterAll,
		get:  func(n *incident.Note) value { return str(n.Text) },
		body: bodyRule{create: anyone, required: true}, set: func(c *incident.NewNote, x any) { c.Text = textOf(x) }},
	{name: "author", object: true},
	{name: "author.type", kind: incident.KindEnum, values: incident.NoteAuthorTypes, filter: filterAll,
		get: func(n *incident.Note) value { return str(string(n.Author.Type)) }},
	{name: "author.name", kind: incident.KindString, filter: filterAll,
		get: func(n *incident.Note) value { return str(n.Author.Name) }},
	{name: "internal", kind: incident.KindBool, filter: filterOperators,
		get:  func(n *incident.Note) value { return boolean(n.Internal) },
		body: bodyRule{create: operatorsOnly}, set: func(c *incident.NewNote, x any) { c.Internal = x == true }},
	{name: "createdAt", kind: incident.KindTime, filter: filterAll, get: func(n *incident.Note) value { return instant(n.CreatedAt) }},
	{name: "attachments", get: func(n *incident.Note) value {
		ids := n.Attachments
		if ids == nil {
			ids = []int64{}
		}
		return value{kind: intsValue, ns: ids}
	}},
})

// NoteDefaultSort lists notes as a conversation reads: oldest first.
const NoteDefaultSort = "createdAt"

// NoteAttributes are the attributes a note listing filters and sorts on.
var NoteAttributes = noteFields.attributes

var noteQueryOptions = QueryOptions{Fields: noteFields.names, DefaultSort: NoteDefaultSort}

// ParseNoteQuery parses the query string of an incident's note list, with
// the grammar of the incident list (spec §4).
func ParseNoteQuery(params map[string][]string, role incident.Role) (incident.Query, error) {
	q, _, err := NoteAttributes.ParseQueryWith(params, role, noteQueryOptions)
	return q, err
}

// DecodeNote reads the body that adds a note: its text, and for operators
// whether it is internal (code 24 naming internal for anyone else).
func DecodeNote(body []byte, role incident.Role) (incident.NewNote, error) {
	var n incident.NewNote
	err := noteFields.decodeBody(body, opCreate, role, &n)
	return n, err
}

// AppendNoteJSON appends a note's representation, projected on the fields
// named when there are some.
func AppendNoteJSON(dst []byte, n *incident.Note, fields []string) []byte {
	return noteFields.appendJSON(dst, n, fields)
}

// ParseNoteID reads the noteId field of an upload form: a positive decimal
// integer (code 24); empty means no note, 0.
func ParseNoteID(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 || strings.TrimLeft(s, "0123456789") != "" {
		return 0, incident.Errorf(incident.CodeInvalidBodyField, MsgNoteID)
	}
	return id, nil
}
