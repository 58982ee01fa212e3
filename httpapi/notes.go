package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// notesConfigured refuses the note and attachment routes of a server built
// without their stores (503, code 5) rather than failing on them.
func (s *server) notesConfigured() error {
	if s.manager.Notes == nil || s.manager.Attachments == nil || s.blobs == nil {
		return fail(incident.CodeUnavailable, MsgNotesUnavailable)
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
	q, err := contract.ParseNoteQuery(values, state.caller.Role)
	if err != nil {
		return err
	}
	q.Now = s.now()
	page, total, err := s.manager.Notes.ListNotes(r.Context(), state.caller.Scope, r.PathValue("id"), q)
	if err != nil {
		return err
	}
	body := appendArray(nil, page, func(dst []byte, n incident.Note) []byte {
		return contract.AppendNoteJSON(dst, &n, q.Fields)
	})
	return writePage(w, r, q, body, total, len(page), "")
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
	caller := stateOf(r.Context()).caller
	cmd, err := contract.DecodeNote(body, caller.Role)
	if err != nil {
		return err
	}
	n, replayed, err := s.manager.AddNote(r.Context(), caller, r.PathValue("id"), cmd, key)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	writeJSONBytes(w, http.StatusCreated, contract.AppendNoteJSON(nil, &n, nil))
	return nil
}
