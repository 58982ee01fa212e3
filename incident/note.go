package incident

import (
	"context"
	"time"
)

// Note is a message on an incident (spec §9). Notes are immutable: once
// written they are neither changed nor removed.
type Note struct {
	ID         int64
	IncidentID string
	Text       string
	Author     Actor
	// Internal marks a provider's note for the provider's eyes only:
	// customers never see it, nor the files attached to it, in any list,
	// count or download.
	Internal  bool
	CreatedAt time.Time
	// Attachments lists the ids of the files attached to the note, in
	// upload order. Files may be attached after the note was written.
	Attachments []int64
}

// MaxNoteText is the longest note, in characters.
const MaxNoteText = 4000

// NoteAuthorTypes are the authors of notes: the system writes none.
var NoteAuthorTypes = []string{string(ActorCustomer), string(ActorProvider)}

// NoteAttributes are the filterable and sortable attributes of a note.
// internal is an operator's attribute: customers see no internal note, so
// for them the attribute does not exist.
var NoteAttributes = Catalog{
	{Name: "id", Kind: KindInt},
	{Name: "author.type", Kind: KindEnum, Values: NoteAuthorTypes},
	{Name: "author.name", Kind: KindString},
	{Name: "text", Kind: KindText},
	{Name: "internal", Kind: KindBool, OperatorOnly: true},
	{Name: "createdAt", Kind: KindTime},
}

// NoteFields are the fields of the note representation that the fields
// parameter may name.
var NoteFields = []string{"id", "text", "author", "author.type", "author.name", "internal", "createdAt", "attachments"}

// NoteDefaultSort lists notes as a conversation reads: oldest first.
const NoteDefaultSort = "createdAt"

// NoteQueryOptions adapt the listing grammar (spec §4) to notes.
var NoteQueryOptions = QueryOptions{Fields: NoteFields, DefaultSort: NoteDefaultSort}

// NoteStore keeps the notes of incidents. Every method takes the caller's
// scope: an incident outside it is CodeNotFound, and outside an operator's
// scope internal notes do not exist (not listed, not counted, not found).
type NoteStore interface {
	// AddNote stores a note on the incident, setting its ID and CreatedAt
	// (the transaction's instant). With an idempotency key already used
	// with the same hash it stores nothing and returns the first note with
	// replayed true; with another hash it is CodeIdempotencyReused.
	AddNote(ctx context.Context, scope Scope, incidentID string, n Note, idem *Idempotency) (created Note, replayed bool, err error)
	// GetNote reads one note of the incident; CodeNotFound when it is not
	// one of the incident's notes visible in the scope.
	GetNote(ctx context.Context, scope Scope, incidentID string, noteID int64) (Note, error)
	// ListNotes returns one page of the incident's notes matching q's
	// filters, in q's order ended by the id, and the exact number of notes
	// matching, both read in one snapshot.
	ListNotes(ctx context.Context, scope Scope, incidentID string, q Query) (page []Note, total int, err error)
}

// noteBody is the body that adds a note.
var noteBody = bodyField{kind: bodyObject, fields: append([]bodyField{
	{name: "text", kind: bodyText, min: 1, max: MaxNoteText, nonBlank: true, required: true},
	{name: "internal", kind: bodyBool},
}, readOnly("id", "author", "createdAt", "attachments")...)}

// decodeNote decodes the body that adds a note. internal is for operators
// only (code 24 naming it for anyone else).
func decodeNote(body []byte, role Role) (Note, error) {
	obj, err := parseObject(body)
	if err != nil {
		return Note{}, err
	}
	doc, err := decodeObject(obj, noteBody, "")
	if err != nil {
		return Note{}, err
	}
	if _, given := obj["internal"]; given && role != RoleOperator {
		return Note{}, Errorf(CodeInvalidBodyField, MsgForbiddenField, "internal")
	}
	internal, _ := doc["internal"].(bool)
	return Note{Text: text(doc["text"]), Internal: internal}, nil
}

// NoteManager carries out the operations on notes and attachments. Reads
// go to the stores directly; writes go through it for their rules.
type NoteManager struct {
	Notes       NoteStore
	Attachments AttachmentStore
}

// AddNote decodes a note body and stores the note as written by the
// caller: a CUSTOMER note for a customer, a PROVIDER note, possibly
// internal, for an operator. With an idempotency key, a retry of the same
// request (same incident, same body) returns the first note.
func (m *NoteManager) AddNote(ctx context.Context, c Caller, incidentID string, body []byte, idempotencyKey string) (Note, bool, error) {
	idem, err := idempotencyOf(c.ClientID, idempotencyKey, requestDigestInput("note", incidentID, string(body)))
	if err != nil {
		return Note{}, false, err
	}
	n, err := decodeNote(body, c.Role)
	if err != nil {
		return Note{}, false, err
	}
	n.Author = c.Actor
	return m.Notes.AddNote(ctx, c.Scope, incidentID, n, idem)
}

// requestDigestInput joins what identifies a request for idempotency: the
// kind of resource created and the parts of the request, each after a NUL.
// Only the last part of a request that can succeed may hold a NUL (ids,
// names and descriptions cannot), so two such requests never join to the
// same bytes.
func requestDigestInput(kind string, parts ...string) []byte {
	b := []byte(kind)
	for _, p := range parts {
		b = append(b, 0)
		b = append(b, p...)
	}
	return b
}
