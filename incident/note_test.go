package incident

import (
	"context"
	"strings"
	"testing"
)

// noteRecorder is a NoteStore and AttachmentStore that records what the
// manager hands it.
type noteRecorder struct {
	notes        map[int64]Note
	addedNote    *Note
	added        *Attachment
	idem         *Idempotency
	lastScope    Scope
	lastIncident string
}

func (r *noteRecorder) AddNote(_ context.Context, scope Scope, incidentID string, n Note, idem *Idempotency) (Note, bool, error) {
	r.addedNote, r.idem, r.lastScope, r.lastIncident = &n, idem, scope, incidentID
	n.ID = 1
	return n, false, nil
}

func (r *noteRecorder) GetNote(_ context.Context, scope Scope, _ string, id int64) (Note, error) {
	n, ok := r.notes[id]
	if !ok || (n.Internal && !scope.Operator) {
		return Note{}, NotFound("note")
	}
	return n, nil
}

func (r *noteRecorder) ListNotes(context.Context, Scope, string, Query) ([]Note, int, error) {
	return nil, 0, nil
}

func (r *noteRecorder) AddAttachment(_ context.Context, scope Scope, incidentID string, a Attachment, idem *Idempotency) (Attachment, bool, error) {
	r.added, r.idem, r.lastScope, r.lastIncident = &a, idem, scope, incidentID
	a.ID = 1
	return a, false, nil
}

func (r *noteRecorder) GetAttachment(context.Context, Scope, string, int64) (Attachment, error) {
	return Attachment{}, NotFound("attachment")
}

func (r *noteRecorder) ListAttachments(context.Context, Scope, string) ([]Attachment, error) {
	return nil, nil
}

func (r *noteRecorder) BlobReferenced(context.Context, string) (bool, error) { return false, nil }

var (
	customerCaller = Caller{Role: RoleCustomer, Scope: Scope{CustomerID: "acme"}, Actor: Actor{Type: ActorCustomer, Name: "acme-app"}, ClientID: "c1"}
	operatorCaller = Caller{Role: RoleOperator, Scope: Scope{Operator: true}, Actor: Actor{Type: ActorProvider, Name: "noc"}, ClientID: "op1"}
)

func newNoteManager() (*NoteManager, *noteRecorder) {
	r := &noteRecorder{notes: map[int64]Note{
		1: {ID: 1, Author: Actor{Type: ActorCustomer, Name: "acme-app"}},
		2: {ID: 2, Author: Actor{Type: ActorProvider, Name: "noc"}},
		3: {ID: 3, Author: Actor{Type: ActorProvider, Name: "noc"}, Internal: true},
	}}
	return &NoteManager{Notes: r, Attachments: r}, r
}

func TestAddNote(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()

	n, _, err := m.AddNote(ctx, customerCaller, "2611N00001", []byte(`{"text":"Still down"}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if n.Text != "Still down" || n.Author != customerCaller.Actor || n.Internal || r.lastScope != customerCaller.Scope || r.lastIncident != "2611N00001" {
		t.Errorf("stored %+v in %+v", n, r.lastScope)
	}
	if r.idem != nil {
		t.Error("an idempotency record without a key")
	}

	n, _, err = m.AddNote(ctx, operatorCaller, "2611N00001", []byte(`{"text":"Checked the line card","internal":true}`), "k")
	if err != nil {
		t.Fatal(err)
	}
	if !n.Internal || n.Author.Type != ActorProvider {
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
		caller Caller
		body   string
		code   int
		names  string
	}{
		{customerCaller, `{"text":"x","internal":true}`, CodeInvalidBodyField, "internal"},
		{customerCaller, `{"text":"x","internal":false}`, CodeInvalidBodyField, "internal"},
		{operatorCaller, `{"text":"x","internal":"yes"}`, CodeInvalidBodyField, "internal"},
		{customerCaller, `{}`, CodeMissingBodyField, "text"},
		{customerCaller, `{"text":null}`, CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":""}`, CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"   "}`, CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"` + strings.Repeat("é", MaxNoteText+1) + `"}`, CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"a\u0000b"}`, CodeInvalidBodyField, "text"},
		{customerCaller, `{"text":"x","author":{"type":"PROVIDER"}}`, CodeInvalidBodyField, "author"},
		{customerCaller, `{"text":"x","id":5}`, CodeInvalidBodyField, "id"},
		{customerCaller, `{"text":"x","attachments":[]}`, CodeInvalidBodyField, "attachments"},
		{customerCaller, `{"text":"x","colour":"red"}`, CodeInvalidBodyField, "colour"},
		{customerCaller, `[]`, CodeInvalidBody, ""},
		{customerCaller, ``, CodeMissingBody, ""},
	} {
		_, _, err := m.AddNote(ctx, tc.caller, "2611N00001", []byte(tc.body), "")
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want code %d", tc.body, err, tc.code)
			continue
		}
		if tc.names != "" && !strings.Contains(err.Error(), tc.names) {
			t.Errorf("%s: %v does not name %s", tc.body, err, tc.names)
		}
	}
	if _, _, err := m.AddNote(ctx, customerCaller, "2611N00001", []byte(`{"text":"x"}`), "bad\x01key"); ErrorCode(err) != CodeInvalidHeader {
		t.Errorf("invalid key: %v", err)
	}
	if got := strings.Repeat("é", MaxNoteText); true {
		if _, _, err := m.AddNote(ctx, customerCaller, "2611N00001", []byte(`{"text":"`+got+`"}`), ""); err != nil {
			t.Errorf("a note of %d characters: %v", MaxNoteText, err)
		}
	}
}

// The same body on two incidents, or a note and an incident with the same
// body, are different requests for idempotency.
func TestNoteIdempotencyHash(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()
	body := []byte(`{"text":"Same words"}`)
	m.AddNote(ctx, customerCaller, "2611N00001", body, "k")
	first := r.idem.RequestHash
	m.AddNote(ctx, customerCaller, "2611N00001", body, "k")
	if r.idem.RequestHash != first {
		t.Error("the same request hashes differently")
	}
	m.AddNote(ctx, customerCaller, "2611N00002", body, "k")
	if r.idem.RequestHash == first {
		t.Error("the same body on another incident hashes the same")
	}
	incidentIdem, _ := idempotencyOf("c1", "k", body)
	if incidentIdem.RequestHash == first {
		t.Error("a note hashes like an incident creation with the same body")
	}
}
