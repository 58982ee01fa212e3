package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

func newAttachment(name string, author incident.Actor, noteID int64) incident.Attachment {
	return incident.Attachment{Name: name, MimeType: "text/plain; charset=utf-8", Size: int64(len(name)),
		SHA256: digest(name), Description: "about " + name, NoteID: noteID, Author: author}
}

func addAttachment(t *testing.T, f *fixture, s noteStore, scope incident.Scope, incidentID string, a incident.Attachment) incident.Attachment {
	t.Helper()
	created, replayed, err := s.AddAttachment(f.ctx, scope, incidentID, a, nil, nil)
	if err != nil || replayed {
		t.Fatalf("add attachment %s: replayed %t, %v", a.Name, replayed, err)
	}
	return created
}

func attachmentIDs(list []incident.Attachment) []int64 {
	out := make([]int64, len(list))
	for i, a := range list {
		out[i] = a.ID
	}
	return out
}

func testAttachments(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	note := addNote(t, f, s, acmeScope, inc.ID, customerNote)
	internal := addNote(t, f, s, operator, inc.ID, internalNote)

	loose := addAttachment(t, f, s, acmeScope, inc.ID, newAttachment("photo.jpg", customerActor, 0))
	want := newAttachment("photo.jpg", customerActor, 0)
	want.ID, want.IncidentID, want.CreatedAt = loose.ID, inc.ID, f.clock()
	if loose != want {
		t.Errorf("created %+v, want %+v", loose, want)
	}
	withNote := addAttachment(t, f, s, acmeScope, inc.ID, newAttachment("trace.txt", customerActor, note.ID))
	hidden := addAttachment(t, f, s, operator, inc.ID, newAttachment("diagnosis.pdf", providerActor, internal.ID))

	got, err := s.GetAttachment(f.ctx, acmeScope, inc.ID, withNote.ID)
	if err != nil || got != withNote {
		t.Errorf("get: %+v %v, want %+v", got, err, withNote)
	}
	_, err = s.GetAttachment(f.ctx, acmeScope, inc.ID, hidden.ID)
	wantCode(t, "attachment of an internal note, as the customer", err, incident.CodeNotFound)
	if got, err := s.GetAttachment(f.ctx, operator, inc.ID, hidden.ID); err != nil || got != hidden {
		t.Errorf("operator get: %+v %v", got, err)
	}

	list, err := s.ListAttachments(f.ctx, acmeScope, inc.ID)
	if err != nil || !slices.Equal(attachmentIDs(list), []int64{loose.ID, withNote.ID}) {
		t.Errorf("customer's list: %v %v", attachmentIDs(list), err)
	}
	list, err = s.ListAttachments(f.ctx, operator, inc.ID)
	if err != nil || !slices.Equal(attachmentIDs(list), []int64{loose.ID, withNote.ID, hidden.ID}) || list[2] != hidden {
		t.Errorf("operator's list: %+v %v", list, err)
	}

	// Notes list the ids of their files.
	n, err := s.GetNote(f.ctx, acmeScope, inc.ID, note.ID)
	if err != nil || !slices.Equal(n.Attachments, []int64{withNote.ID}) {
		t.Errorf("note attachments: %v %v", n.Attachments, err)
	}
	page, _ := listNotes(t, f, s, operator, inc.ID, "")
	if len(page) != 2 || !slices.Equal(page[0].Attachments, []int64{withNote.ID}) || !slices.Equal(page[1].Attachments, []int64{hidden.ID}) {
		t.Errorf("listed notes' attachments: %+v", page)
	}

	// Every customer's attachments keep their blobs.
	for _, a := range []incident.Attachment{loose, withNote, hidden} {
		if used, err := s.BlobReferenced(f.ctx, a.SHA256); err != nil || !used {
			t.Errorf("blob of %s: referenced %t, %v", a.Name, used, err)
		}
	}
	if used, err := s.BlobReferenced(f.ctx, digest("never uploaded")); err != nil || used {
		t.Errorf("unknown blob: referenced %t, %v", used, err)
	}
	// One blob may back several attachments.
	again := addAttachment(t, f, s, acmeScope, inc.ID, newAttachment("photo.jpg", customerActor, 0))
	if again.ID == loose.ID || again.SHA256 != loose.SHA256 {
		t.Errorf("the same file again: %+v", again)
	}
}

func testAttachmentsScope(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	other := f.create(newIncident(acme))
	foreign := f.create(newIncident(globex))
	a := addAttachment(t, f, s, acmeScope, inc.ID, newAttachment("photo.jpg", customerActor, 0))
	otherNote := addNote(t, f, s, acmeScope, other.ID, customerNote)
	internal := addNote(t, f, s, operator, inc.ID, internalNote)

	_, _, err := s.AddAttachment(f.ctx, globexScope, inc.ID, newAttachment("x", customerActor, 0), nil, nil)
	wantCode(t, "add to another customer's incident", err, incident.CodeNotFound)
	_, err = s.GetAttachment(f.ctx, globexScope, inc.ID, a.ID)
	wantCode(t, "get another customer's attachment", err, incident.CodeNotFound)
	_, err = s.GetAttachment(f.ctx, acmeScope, other.ID, a.ID)
	wantCode(t, "attachment under another incident", err, incident.CodeNotFound)
	_, err = s.GetAttachment(f.ctx, acmeScope, inc.ID, a.ID+1000)
	wantCode(t, "missing attachment", err, incident.CodeNotFound)
	_, err = s.ListAttachments(f.ctx, acmeScope, foreign.ID)
	wantCode(t, "list another customer's incident", err, incident.CodeNotFound)
	_, err = s.ListAttachments(f.ctx, operator, "2001N99999")
	wantCode(t, "list a missing incident", err, incident.CodeNotFound)
	if list, err := s.ListAttachments(f.ctx, acmeScope, other.ID); err != nil || list == nil || len(list) != 0 {
		t.Errorf("incident without files: %v %v, want []", list, err)
	}

	// The note must be one of the incident's, visible in the scope.
	_, _, err = s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("x", customerActor, otherNote.ID), nil, nil)
	wantCode(t, "note of another incident", err, incident.CodeNotFound)
	_, _, err = s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("x", customerActor, internal.ID), nil, nil)
	wantCode(t, "internal note, as the customer", err, incident.CodeNotFound)
	if list, _ := s.ListAttachments(f.ctx, operator, inc.ID); len(list) != 1 {
		t.Errorf("refused attachments were stored: %+v", list)
	}
}

func testAttachmentsIdempotency(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	key := &incident.Idempotency{ClientID: "acme-app", Key: "a-1", RequestHash: "att-h1"}
	first, replayed, err := s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("photo.jpg", customerActor, 0), key, nil)
	if err != nil || replayed {
		t.Fatalf("first: replayed %t, %v", replayed, err)
	}
	again, replayed, err := s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("photo.jpg", customerActor, 0), key, nil)
	if err != nil || !replayed || again != first {
		t.Errorf("retry: %+v replayed %t %v; want %+v", again, replayed, err, first)
	}
	other := *key
	other.RequestHash = "att-h2"
	_, _, err = s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("other.jpg", customerActor, 0), &other, nil)
	wantCode(t, "same key, other file", err, incident.CodeIdempotencyReused)
	// A note's key is not an attachment's.
	noteKey := &incident.Idempotency{ClientID: "acme-app", Key: "n-1", RequestHash: "h"}
	if _, _, err := s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, noteKey, nil); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddAttachment(f.ctx, acmeScope, inc.ID, newAttachment("x", customerActor, 0), noteKey, nil)
	wantCode(t, "an attachment under a note's key", err, incident.CodeIdempotencyReused)
	if list, _ := s.ListAttachments(f.ctx, operator, inc.ID); len(list) != 1 {
		t.Errorf("%d attachments stored, want 1", len(list))
	}
}
