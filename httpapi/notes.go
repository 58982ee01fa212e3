package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// noteJSON is a note of an incident (spec §9).
type noteJSON struct {
	ID          int64          `json:"id"`
	Text        string         `json:"text"`
	Author      incident.Actor `json:"author"`
	Internal    bool           `json:"internal"`
	CreatedAt   timestamp      `json:"createdAt"`
	Attachments []int64        `json:"attachments"`
}

func representNote(n incident.Note) noteJSON {
	attachments := n.Attachments
	if attachments == nil {
		attachments = []int64{}
	}
	return noteJSON{ID: n.ID, Text: n.Text, Author: n.Author, Internal: n.Internal,
		CreatedAt: stamp(n.CreatedAt), Attachments: attachments}
}

// notesConfigured refuses the note and attachment routes of a server built
// without their stores (503, code 5) rather than failing on them.
func (s *server) notesConfigured() error {
	if s.notes == nil || s.notes.Notes == nil || s.notes.Attachments == nil || s.blobs == nil {
		return fail(incident.CodeUnavailable, incident.MsgNotesUnavailable)
	}
	return nil
}

// listNotes answers an incident's notes: filter, sort, page and project
// with the grammar of the incident list (spec §4), oldest first by
// default. A customer's list has no internal note, in the page or in the
// counts.
func (s *server) listNotes(w http.ResponseWriter, r *http.Request) error {
	if err := s.notesConfigured(); err != nil {
		return err
	}
	state := stateOf(r.Context())
	values, err := queryValues(r)
	if err != nil {
		return err
	}
	q, _, err := incident.NoteAttributes.ParseQueryWith(values, state.caller.Role, incident.NoteQueryOptions)
	if err != nil {
		return err
	}
	q.Now = s.now()
	page, total, err := s.notes.Notes.ListNotes(r.Context(), state.caller.Scope, r.PathValue("id"), q)
	if err != nil {
		return err
	}
	return writePage(w, r, q, page, total, func(n incident.Note) any { return representNote(n) })
}

// addNote adds a note → 201 with the note. Idempotency-Key works as for
// incidents, a replay answering like the first request plus
// Idempotent-Replayed.
func (s *server) addNote(w http.ResponseWriter, r *http.Request) error {
	if err := s.notesConfigured(); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	n, replayed, err := s.notes.AddNote(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), body, key)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	return writeJSON(w, http.StatusCreated, representNote(n))
}
