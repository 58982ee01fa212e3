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

// NoteStore keeps the notes of incidents. Every method takes the caller's
// scope: an incident outside it is CodeNotFound, and outside an operator's
// scope internal notes do not exist (not listed, not counted, not found).
type NoteStore interface {
	// AddNote stores a note on the incident, setting its ID and CreatedAt
	// (the transaction's instant), and its events. With an idempotency key already used
	// with the same hash it stores nothing and returns the first note with
	// replayed true; with another hash it is CodeIdempotencyReused.
	AddNote(ctx context.Context, scope Scope, incidentID string, n Note, idem *Idempotency, events []Event) (created Note, replayed bool, err error)
	// GetNote reads one note of the incident; CodeNotFound when it is not
	// one of the incident's notes visible in the scope.
	GetNote(ctx context.Context, scope Scope, incidentID string, noteID int64) (Note, error)
	// ListNotes returns one page of the incident's notes matching q's
	// filters, in q's order ended by the id, and the exact number of notes
	// matching, both read in one snapshot.
	ListNotes(ctx context.Context, scope Scope, incidentID string, q Query) (page []Note, total int, err error)
}

// AddNote stores a note as written by the caller: a CUSTOMER note for a
// customer, a PROVIDER note, possibly internal, for an operator. With an
// idempotency key, a retry of the same note on the same incident returns
// the first note.
func (s *Manager) AddNote(ctx context.Context, c Caller, incidentID string, n NewNote, idempotencyKey string) (Note, bool, error) {
	idem, err := idempotencyOf(c.ClientID, idempotencyKey, "note", incidentID, n)
	if err != nil {
		return Note{}, false, err
	}
	if err := checkText("text", n.Text, 1, MaxNoteText, true); err != nil {
		return Note{}, false, err
	}
	if n.Internal && c.Role != RoleOperator {
		return Note{}, false, Errorf(CodeInvalidBodyField, MsgForbiddenField, "internal")
	}
	note := Note{Text: n.Text, Internal: n.Internal, Author: c.Actor}
	return s.Notes.AddNote(ctx, c.Scope, incidentID, note, idem, []Event{noteEvent(c, note)})
}
