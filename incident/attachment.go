package incident

import (
	"context"
	"path"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Attachment is the metadata of a file uploaded to an incident (spec §9);
// the bytes are kept apart, named by their SHA-256. An attachment is
// immutable. It belongs to a note when NoteID is set, and is then internal
// when its note is.
type Attachment struct {
	ID         int64
	IncidentID string
	// Name is the sanitized file name (SanitizeFileName).
	Name string
	// MimeType is the type sniffed from the content, not the one declared.
	MimeType    string
	Size        int64
	SHA256      string // lowercase hex
	Description string // empty when none
	NoteID      int64  // 0 when none
	CreatedAt   time.Time
	Author      Actor
}

// Limits of the upload form's fields.
const (
	// MaxAttachmentName is the longest stored file name, in characters.
	MaxAttachmentName = 200
	// MaxAttachmentDescription is the longest description, in characters.
	MaxAttachmentDescription = 1000
	// DefaultAttachmentName names a file uploaded without a usable name.
	DefaultAttachmentName = "attachment"
)

// AttachmentStore keeps the metadata of attachments. Every method but
// BlobReferenced takes the caller's scope: an incident outside it is
// CodeNotFound, and outside an operator's scope the attachments of
// internal notes do not exist.
type AttachmentStore interface {
	// AddAttachment stores an attachment of the incident, setting its ID
	// and CreatedAt. a.NoteID, when set, names a note of the incident (the
	// caller checked it). Idempotency and events are as for
	// NoteStore.AddNote.
	AddAttachment(ctx context.Context, scope Scope, incidentID string, a Attachment, idem *Idempotency, events []Event) (created Attachment, replayed bool, err error)
	// GetAttachment reads one attachment of the incident.
	GetAttachment(ctx context.Context, scope Scope, incidentID string, id int64) (Attachment, error)
	// ListAttachments lists the incident's attachments in upload order.
	ListAttachments(ctx context.Context, scope Scope, incidentID string) ([]Attachment, error)
	// BlobReferenced reports whether any attachment, of any customer,
	// names the blob of this digest: the blobs that none names are removed.
	BlobReferenced(ctx context.Context, digest string) (bool, error)
}

// CheckAttachmentDescription checks the description of an upload (code
// 24): at most MaxAttachmentDescription characters of UTF-8 text without
// NUL.
func CheckAttachmentDescription(s string) error {
	if !utf8.ValidString(s) || strings.ContainsRune(s, 0) {
		return Errorf(CodeInvalidBodyField, MsgFieldText, "description")
	}
	if utf8.RuneCountInString(s) > MaxAttachmentDescription {
		return Errorf(CodeInvalidBodyField, MsgFieldLength, "description", 0, MaxAttachmentDescription)
	}
	return nil
}

// CanAttach checks that the caller may attach files to the incident, and
// to the note when noteID is not 0: the incident is in the caller's scope,
// the note is one of its notes that the caller sees (else code 60), and the
// caller's side wrote it (code 24): a note and its files are one message.
// A transport calls it before receiving a file, AddAttachment again when
// recording it.
func (s *Manager) CanAttach(ctx context.Context, c Caller, incidentID string, noteID int64) error {
	_, err := s.attachableNote(ctx, c, incidentID, noteID)
	return err
}

// attachableNote checks as CanAttach does and returns the note (the zero
// Note when noteID is 0).
func (s *Manager) attachableNote(ctx context.Context, c Caller, incidentID string, noteID int64) (Note, error) {
	if noteID == 0 {
		_, err := s.Incidents.GetIncident(ctx, c.Scope, incidentID)
		return Note{}, err
	}
	note, err := s.Notes.GetNote(ctx, c.Scope, incidentID, noteID)
	if err != nil {
		return Note{}, err
	}
	if note.Author.Type != c.Actor.Type {
		return Note{}, Errorf(CodeInvalidBodyField, MsgAttachmentNoteSide, noteID)
	}
	return note, nil
}

// AddAttachment records an uploaded file on an incident. An empty file is
// refused (code 24), the name is sanitized, and the note, when named, must
// be one the caller may attach to (CanAttach). With an idempotency key, a
// retry of the same upload (same incident, name, description, note and
// content) returns the first attachment.
func (s *Manager) AddAttachment(ctx context.Context, c Caller, incidentID string, u Upload, idempotencyKey string) (Attachment, bool, error) {
	if u.Size <= 0 {
		return Attachment{}, false, Errorf(CodeInvalidBodyField, MsgAttachmentEmpty)
	}
	if err := CheckAttachmentDescription(u.Description); err != nil {
		return Attachment{}, false, err
	}
	idem, err := idempotencyOf(c.ClientID, idempotencyKey, "attachment", incidentID, u)
	if err != nil {
		return Attachment{}, false, err
	}
	var note Note
	if u.NoteID != 0 {
		if note, err = s.attachableNote(ctx, c, incidentID, u.NoteID); err != nil {
			return Attachment{}, false, err
		}
	}
	a := Attachment{
		Name:        SanitizeFileName(u.FileName),
		MimeType:    u.MimeType,
		Size:        u.Size,
		SHA256:      u.SHA256,
		Description: u.Description,
		NoteID:      u.NoteID,
		Author:      c.Actor,
	}
	return s.Attachments.AddAttachment(ctx, c.Scope, incidentID, a, idem, []Event{attachmentEvent(c, note.Internal)})
}

// SanitizeFileName makes a client's file name safe to store and to offer
// back in Content-Disposition: the last element of the path only, with /
// and \ both taken as separators; no control or invisible formatting
// character (bidirectional overrides); none of the characters Windows
// forbids in names; no leading or trailing space, no trailing dot; at most
// MaxAttachmentName characters, cut in the stem so that the extension
// stays; invalid UTF-8 replaced. A name left empty, "." or ".." becomes
// DefaultAttachmentName.
func SanitizeFileName(name string) string {
	name = strings.ToValidUTF8(name, "\uFFFD")
	name = strings.TrimRight(strings.ReplaceAll(name, `\`, "/"), "/")
	name = name[strings.LastIndexByte(name, '/')+1:]
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r):
			continue
		case strings.ContainsRune(`<>:"|?*`, r):
			b.WriteRune('_')
		default:
			b.WriteRune(r)
		}
	}
	name = strings.TrimRight(strings.TrimSpace(b.String()), ". ")
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return DefaultAttachmentName
	}
	return truncateName(name, MaxAttachmentName)
}

// truncateName cuts a name to max characters, in its stem when it has a
// short extension, so that "report….pdf" stays a PDF.
func truncateName(name string, max int) string {
	runes := []rune(name)
	if len(runes) <= max {
		return name
	}
	ext := []rune(path.Ext(name))
	if len(ext) > 16 || len(ext) >= len(runes) {
		ext = nil
	}
	stem := runes[:len(runes)-len(ext)]
	return strings.TrimSpace(string(stem[:max-len(ext)])) + string(ext)
}
