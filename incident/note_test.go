package incident_test

import (
	"context"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// noteRecorder is a incident.NoteStore and incident.AttachmentStore that records what the
// manager hands it.
type noteRecorder struct {
	notes        map[int64]incident.Note
	addedNote    *incident.Note
	added        *incident.Attachment
	idem         *incident.Idempotency
	lastScope    incident.Scope
	lastIncident string
}

func (r *noteRecorder) AddNote(_ context.Context, scope incident.Scope, incidentID string, n incident.Note, idem *incident.Idempotency, _ []incident.Event) (incident.Note, bool, error) {
	r.addedNote, r.idem, r.lastScope, r.lastIncident = &n, idem, scope, incidentID
	n.ID = 1
	return n, false, nil
}

func (r *noteRecorder) GetNote(_ context.Context, scope incident.Scope, _ string, id int64) (incident.Note, error) {
	n, ok := r.notes[id]
	if !ok || (n.Internal && !scope.Operator) {
		return incident.Note{}, incident.NotFound("note")
	}
	return n, nil
}

func (r *noteRecorder) ListNotes(context.Context, incident.Scope, string, incident.Query) ([]incident.Note, int, error) {
	return nil, 0, nil
}

func (r *noteRecorder) AddAttachment(_ context.Context, scope incident.Scope, incidentID string, a incident.Attachment, idem *incident.Idempotency, _ []incident.Event) (incident.Attachment, bool, error) {
	r.added, r.idem, r.lastScope, r.lastIncident = &a, idem, scope, incidentID
	a.ID = 1
	return a, false, nil
}

func (r *noteRecorder) GetAttachment(context.Context, incident.Scope, string, int64) (incident.Attachment, error) {
	return incident.Attachment{}, incident.NotFound("attachment")
}

func (r *noteRecorder) ListAttachments(context.Context, incident.Scope, string) ([]incident.Attachment, error) {
	return nil, nil
}

func (r *noteRecorder) BlobReferenced(context.Context, string) (bool, error) { return false, nil }

var (
	customerCaller = incident.Caller{Role: incident.RoleCustomer, Scope: incident.Scope{CustomerID: "acme"}, Actor: incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}, ClientID: "c1"}
	operatorCaller = incident.Caller{Role: incident.RoleOperator, Scope: incident.Scope{Operator: true}, Actor: incident.Actor{Type: incident.ActorProvider, Name: "noc"}, ClientID: "op1"}
)

func newNoteManager() (*incident.Manager, *noteRecorder) {
	r := &noteRecorder{notes: map[int64]incident.Note{
		1: {ID: 1, Author: incident.Actor{Type: incident.ActorCustomer, Name: "acme-app"}},
		2: {ID: 2, Author: incident.Actor{Type: incident.ActorProvider, Name: "noc"}},
		3: {ID: 3, Author: incident.Actor{Type: incident.ActorProvider, Name: "noc"}, Internal: true},
	}}
	return &incident.Manager{Notes: r, Attachments: r}, r
}

func TestAddNote(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()

	n, _, err := addNote(ctx, m, customerCaller, "2611N00001", []byte(`{"text":"Still down"}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if n.Text != "Still down" || n.Author != customerCaller.Actor || n.Internal || r.lastScope != customerCaller.Scope || r.lastIncident != "2611N00001" {
		t.Errorf("stored %+v in %+v", n, r.lastScope)
	}
	if r.idem != nil {
		t.Error("an idempotency record without a key")
	}

	n, _, err = addNote(ctx, m, operatorCaller, "2611N00001", []byte(`{"text":"Checked the line card","internal":true}`), "k")
	if err != nil {
		t.Fatal(err)
	}
	if !n.Internal || n.Author.Type != incident.ActorProvider {
		t.Errorf("operator note %+v", n)
	}
	if r.idem == nil || r.idem.ClientID != "op1" || r.idem.Key != "k" || len(r.idem.RequestHash) != 64 {
		t.Errorf("idempotency %+v", r.idem)
	}
}

func TestAddNoteRefusals(t *testing.T) {
	ctx := context.Background()
	m, _ := newNoteManager()
	for _, tc := range []struct {
		caller incident.Caller
		body   string
		code   int
		names  string
	}{
		{customerCaller, `{"text":"x","internal":true}`, incident.CodeInvalidBodyField, "internal"},
		{customerCaller, `{"text":"x","internal":false}`, incident.CodeInvalidBodyField, "internal"},
		{operatorCaller, `{"text":"x","internal":"yes"}`, incident.CodeInvalidBodyField, "internal"},
		{customerCaller, `{}`, incident.CodeMissingBodyField, "text"},
		{customerCaller, `{"text":null}`, incident.CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":""}`, incident.CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"   "}`, incident.CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"` + strings.Repeat("é", incident.MaxNoteText+1) + `"}`, incident.CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"a\u0000b"}`, incident.CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"x","author":{"type":"PROVIDER"}}`, incident.CodeInvalidBodyField, "author"},
		{customerCaller, `{"text":"x","id":5}`, incident.CodeInvalidBodyField, "id"},
		{customerCaller, `{"text":"x","attachments":[]}`, incident.CodeInvalidBodyField, "attachments"},
		{customerCaller, `{"text":"x","colour":"red"}`, incident.CodeInvalidBodyField, "colour"},
		{customerCaller, `[]`, incident.CodeInvalidBody, ""},
		{customerCaller, ``, incident.CodeMissingBody, ""},
	} {
		_, _, err := addNote(ctx, m, tc.caller, "2611N00001", []byte(tc.body), "")
		if incident.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want code %d", tc.body, err, tc.code)
			continue
		}
		if tc.names != "" && !strings.Contains(err.Error(), tc.names) {
			t.Errorf("%s: %v does not name %s", tc.body, err, tc.names)
		}
	}
	if _, _, err := addNote(ctx, m, customerCaller, "2611N00001", []byte(`{"text":"x"}`), "bad\x01key"); incident.ErrorCode(err) != incident.CodeInvalidHeader {
		t.Errorf("invalid key: %v", err)
	}
	if got := strings.Repeat("é", incident.MaxNoteText); true {
		if _, _, err := addNote(ctx, m, customerCaller, "2611N00001", []byte(`{"text":"`+got+`"}`), ""); err != nil {
			t.Errorf("a note of %d characters: %v", incident.MaxNoteText, err)
		}
	}
}

// The same body on two incidents, or a note and an incident with the same
// body, are different requests for idempotency.
func TestNoteIdempotencyHash(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()
	body := []byte(`{"text":"Same words"}`)
	addNote(ctx, m, customerCaller, "2611N00001", body, "k")
	first := r.idem.RequestHash
	addNote(ctx, m, customerCaller, "2611N00001", body, "k")
	if r.idem.RequestHash != first {
		t.Error("the same request hashes differently")
	}
	addNote(ctx, m, customerCaller, "2611N00002", body, "k")
	if r.idem.RequestHash == first {
		t.Error("the same body on another incident hashes the same")
	}
	incidentIdem, _ := incident.IdempotencyOf("c1", "k", "incident", incident.NewIncident{Description: "Same words"})
	if incidentIdem.RequestHash == first {
		t.Error("a note hashes like an incident creation with the same body")
	}
}

// addNote decodes a note body as the API does and adds the note.
func addNote(ctx context.Context, m *incident.Manager, c incident.Caller, incidentID string, body []byte, key string) (incident.Note, bool, error) {
	n, err := contract.DecodeNote(body, c.Role)
	if err != nil {
		return incident.Note{}, false, err
	}
	return m.AddNote(ctx, c, incidentID, n, key)
}
