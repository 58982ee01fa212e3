package contract

import (
	"strconv"

	"github.com/incidentd/incidentd/incident"
)

type attachmentField = field[incident.Attachment, struct{}]

// attachmentFields is the catalogue of an attachment's metadata (spec §9).
var attachmentFields = newCatalogue([]attachmentField{
	{name: "id", get: func(a *incident.Attachment) value { return integer(a.ID) }},
	{name: "href", get: func(a *incident.Attachment) value { return str(AttachmentPath(a.IncidentID, a.ID)) }},
	{name: "name", get: func(a *incident.Attachment) value { return str(a.Name) }},
	{name: "mimeType", get: func(a *incident.Attachment) value { return str(a.MimeType) }},
	{name: "size", get: func(a *incident.Attachment) value { return integer(a.Size) }},
	{name: "sha256", get: func(a *incident.Attachment) value { return str(a.SHA256) }},
	{name: "description", get: func(a *incident.Attachment) value { return optionalString(a.Description) }},
	{name: "noteId", get: func(a *incident.Attachment) value {
		if a.NoteID == 0 {
			return value{}
		}
		return integer(a.NoteID)
	}},
	{name: "createdAt", get: func(a *incident.Attachment) value { return instant(a.CreatedAt) }},
	{name: "author", object: true},
	{name: "author.type", get: func(a *incident.Attachment) value { return str(string(a.Author.Type)) }},
	{name: "author.name", get: func(a *incident.Attachment) value { return str(a.Author.Name) }},
})

// AppendAttachmentJSON appends an attachment's metadata.
func AppendAttachmentJSON(dst []byte, a *incident.Attachment) []byte {
	return attachmentFields.appendJSON(dst, a, nil)
}

// AttachmentPath is the path of an attachment's bytes.
func AttachmentPath(incidentID string, id int64) string {
	return IncidentPath(incidentID) + "/attachments/" + strconv.FormatInt(id, 10)
}
