package httpapi

import "github.com/incidentd/incidentd/text"

// What the web console shares with the API, so that people and programs
// get the same answers: the language chosen from Accept-Language, and the
// type of an uploaded file as sniffed and checked against the allow-list.

// NegotiateLanguage chooses French or English from Accept-Language
// headers as the API does.
func NegotiateLanguage(headers []string) text.Language { return negotiateLanguage(headers) }

// SniffAttachmentType names the type of an uploaded file from its first
// bytes (at most 512), the type its part declared and its file name, as
// the API does.
func SniffAttachmentType(head []byte, declared, fileName string) string {
	return sniffType(head, declared, fileName)
}

// AttachmentTypeAllowed reports whether the allow-list (nil:
// DefaultAttachmentTypes) takes a media type.
func AttachmentTypeAllowed(types []string, mediaType string) bool {
	if types == nil {
		types = DefaultAttachmentTypes
	}
	return typeList(types).allows(mediaType)
}
