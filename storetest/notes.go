package storetest

import (
	"net/url"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// noteStore is what the note and attachment tests need of the store.
type noteStore interface {
	incident.NoteStore
	incident.AttachmentStore
}

func notesOf(t *testing.T, f *fixture) noteStore {
	t.Helper()
	s, ok := f.s.(noteStore)
	if !ok {
		t.Fatalf("%T keeps no notes and attachments", f.s)
	}
	return s
}

var (
	providerNote = incident.Note{Text: "Technician dispatched", Author: providerActor}
	customerNote = incident.Note{Text: "Still no service at the Lyon site", Author: customerActor}
	internalNote = incident.Note{Text: "Line card suspected; do not tell yet", Author: providerActor, Internal: true}
)

// addNote stores a note and fails the test on error.
func addNote(t *testing.T, f *fixture, s noteStore, scope incident.Scope, incidentID string, n incident.Note) incident.Note {
	t.Helper()
	created, replayed, err := s.AddNote(f.ctx, scope, incidentID, n, nil, nil)
	if err != nil || replayed {
		t.Fatalf("add note %q: replayed %t, error %v", n.Text, replayed, err)
	}
	return created
}

// listNotes parses a query string with the note grammar and lists.
func listNotes(t *testing.T, f *fixture, s noteStore, scope incident.Scope, incidentID, query string) ([]incident.Note, int) {
	t.Helper()
	params, err := url.ParseQuery(query)
	if err != nil {
		t.Fatal(err)
	}
	role := incident.RoleCustomer
	if scope.Operator {
		role = incident.RoleOperator
	}
	q, err := contract.ParseNoteQuery(params, role)
	if err != nil {
		t.Fatalf("parse %q: %v", query, err)
	}
	page, total, err := s.ListNotes(f.ctx, scope, incidentID, q)
	if err != nil {
		t.Fatalf("list notes %q: %v", query, err)
	}
	return page, total
}

func noteTexts(notes []incident.Note) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n.Text
	}
	return out
}

func testNotes(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	t0 := f.clock()
	first := addNote(t, f, s, acmeScope, inc.ID, customerNote)
	if first.ID <= 0 || !first.CreatedAt.Equal(t0) || first.IncidentID != inc.ID || first.Author != customerActor || first.Internal {
		t.Errorf("created note %+v", first)
	}
	if first.Attachments == nil || len(first.Attachments) != 0 {
		t.Errorf("a new note's attachments: %v, want []", first.Attachments)
	}
	t1 := f.advance(time.Hour)
	internal := addNote(t, f, s, operator, inc.ID, internalNote)
	t2 := f.advance(time.Hour)
	public := addNote(t, f, s, operator, inc.ID, providerNote)
	if !(first.ID < internal.ID && internal.ID < public.ID) {
		t.Errorf("ids %d, %d, %d do not grow", first.ID, internal.ID, public.ID)
	}

	got, err := s.GetNote(f.ctx, operator, inc.ID, internal.ID)
	if err != nil || got.Text != internalNote.Text || !got.Internal || !got.CreatedAt.Equal(t1) || got.Author != providerActor {
		t.Errorf("get internal note as operator: %+v %v", got, err)
	}
	_, err = s.GetNote(f.ctx, acmeScope, inc.ID, internal.ID)
	wantCode(t, "internal note as its customer", err, incident.CodeNotFound)

	// Internal notes are neither listed nor counted for the customer.
	page, total := listNotes(t, f, s, acmeScope, inc.ID, "")
	if want := []string{customerNote.Text, providerNote.Text}; !slices.Equal(noteTexts(page), want) || total != 2 {
		t.Errorf("customer's list: %q (total %d), want %q", noteTexts(page), total, want)
	}
	page, total = listNotes(t, f, s, operator, inc.ID, "")
	if want := []string{customerNote.Text, internalNote.Text, providerNote.Text}; !slices.Equal(noteTexts(page), want) || total != 3 {
		t.Errorf("operator's list: %q (total %d), want %q", noteTexts(page), total, want)
	}
	if !page[2].CreatedAt.Equal(t2) || page[2].IncidentID != inc.ID {
		t.Errorf("listed note %+v", page[2])
	}

	for _, tc := range []struct {
		scope incident.Scope
		query string
		want  []string
	}{
		{acmeScope, "author.type=PROVIDER", []string{providerNote.Text}},
		{operator, "author.type=provider", []string{internalNote.Text, providerNote.Text}},
		{operator, "author.type.ne=PROVIDER", []string{customerNote.Text}},
		{acmeScope, "author.name=noc", []string{providerNote.Text}},
		{operator, "author.name.contains=ACME", []string{customerNote.Text}},
		{operator, "text.contains=line", []string{internalNote.Text}},
		{acmeScope, "text.contains=line", nil},
		{operator, "internal=true", []string{internalNote.Text}},
		{operator, "internal=false", []string{customerNote.Text, providerNote.Text}},
		{acmeScope, "createdAt.gte=" + t1.Format(time.RFC3339Nano), []string{providerNote.Text}},
		{operator, "createdAt.gt=" + t0.Format(time.RFC3339Nano) + "&createdAt.lt=" + t2.Format(time.RFC3339Nano), []string{internalNote.Text}},
		{operator, "createdAt=" + t1.Format(time.RFC3339Nano), []string{internalNote.Text}},
		{operator, "createdAt=" + t0.Format(time.DateOnly), []string{customerNote.Text, internalNote.Text, providerNote.Text}},
		{operator, "sort=-createdAt", []string{providerNote.Text, internalNote.Text, customerNote.Text}},
		{acmeScope, "sort=-id", []string{providerNote.Text, customerNote.Text}},
		{operator, "id.gt=" + strconv.FormatInt(first.ID, 10), []string{internalNote.Text, providerNote.Text}},
		{operator, "sort=author.type,-createdAt", []string{customerNote.Text, providerNote.Text, internalNote.Text}},
	} {
		page, total := listNotes(t, f, s, tc.scope, inc.ID, tc.query)
		if !slices.Equal(noteTexts(page), tc.want) && !(len(page) == 0 && tc.want == nil) || total != len(tc.want) {
			t.Errorf("%s as %+v: %q (total %d), want %q", tc.query, tc.scope, noteTexts(page), total, tc.want)
		}
	}

	// Paging: the total counts every match, the page holds the slice.
	page, total = listNotes(t, f, s, operator, inc.ID, "offset=1&limit=1")
	if !slices.Equal(noteTexts(page), []string{internalNote.Text}) || total != 3 {
		t.Errorf("offset=1&limit=1: %q total %d", noteTexts(page), total)
	}
	page, total = listNotes(t, f, s, acmeScope, inc.ID, "offset=5")
	if len(page) != 0 || page == nil || total != 2 {
		t.Errorf("past the end: %v total %d, want [] and 2", page, total)
	}

	// Ties on the sort key are broken by the id, in its direction.
	same := f.create(newIncident(acme))
	var tied []string
	for _, text := range []string{"a", "b", "c"} {
		addNote(t, f, s, acmeScope, same.ID, incident.Note{Text: text, Author: customerActor})
		tied = append(tied, text)
	}
	if page, _ := listNotes(t, f, s, acmeScope, same.ID, ""); !slices.Equal(noteTexts(page), tied) {
		t.Errorf("notes of one instant: %q", noteTexts(page))
	}
	slices.Reverse(tied)
	if page, _ := listNotes(t, f, s, acmeScope, same.ID, "sort=-createdAt"); !slices.Equal(noteTexts(page), tied) {
		t.Errorf("notes of one instant, newest first: %q", noteTexts(page))
	}
	// Another incident's notes are not this one's.
	if page, total := listNotes(t, f, s, operator, same.ID, "text.contains=line"); len(page) != 0 || total != 0 {
		t.Errorf("notes of another incident listed: %q", noteTexts(page))
	}
}

func testNotesScope(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	note := addNote(t, f, s, acmeScope, inc.ID, customerNote)

	_, _, err := s.AddNote(f.ctx, globexScope, inc.ID, customerNote, nil, nil)
	wantCode(t, "add to another customer's incident", err, incident.CodeNotFound)
	_, _, err = s.ListNotes(f.ctx, globexScope, inc.ID, incident.Query{Limit: 10})
	wantCode(t, "list another customer's incident", err, incident.CodeNotFound)
	_, err = s.GetNote(f.ctx, globexScope, inc.ID, note.ID)
	wantCode(t, "get another customer's note", err, incident.CodeNotFound)
	for _, id := range []string{"2001N99999", "not-an-id", ""} {
		_, _, err = s.AddNote(f.ctx, operator, id, providerNote, nil, nil)
		wantCode(t, "add to incident "+id, err, incident.CodeNotFound)
		_, _, err = s.ListNotes(f.ctx, operator, id, incident.Query{Limit: 10})
		wantCode(t, "list incident "+id, err, incident.CodeNotFound)
	}
	// A note is found under its own incident only.
	other := f.create(newIncident(acme))
	_, err = s.GetNote(f.ctx, acmeScope, other.ID, note.ID)
	wantCode(t, "note under another incident", err, incident.CodeNotFound)
	_, err = s.GetNote(f.ctx, acmeScope, inc.ID, note.ID+1000)
	wantCode(t, "missing note", err, incident.CodeNotFound)
	if _, total := listNotes(t, f, s, operator, other.ID, ""); total != 0 {
		t.Errorf("a new incident has %d notes", total)
	}
}

func testNotesIdempotency(t *testing.T, f *fixture) {
	s := notesOf(t, f)
	inc := f.create(newIncident(acme))
	key := &incident.Idempotency{ClientID: "acme-app", Key: "n-1", RequestHash: "note-h1"}
	first, replayed, err := s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, key, nil)
	if err != nil || replayed {
		t.Fatalf("first: replayed %t, %v", replayed, err)
	}
	f.advance(time.Minute)
	again, replayed, err := s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, key, nil)
	if err != nil || !replayed || again.ID != first.ID || !again.CreatedAt.Equal(first.CreatedAt) || again.Text != first.Text || again.IncidentID != inc.ID {
		t.Errorf("retry: %+v replayed %t %v; want the first note %+v", again, replayed, err, first)
	}
	other := *key
	other.RequestHash = "note-h2"
	_, _, err = s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, &other, nil)
	wantCode(t, "same key, other note", err, incident.CodeIdempotencyReused)

	// One key space per client across kinds: a key of an incident creation
	// is not a note's, and the reverse.
	incKey := &incident.Idempotency{ClientID: "acme-app", Key: "i-1", RequestHash: "incident-h"}
	if _, _, err := f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, incKey, nil); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, &incident.Idempotency{ClientID: "acme-app", Key: "i-1", RequestHash: "note-h3"}, nil)
	wantCode(t, "a note under an incident's key", err, incident.CodeIdempotencyReused)
	_, _, err = f.s.CreateIncident(f.ctx, newIncident(acme), customerActor, &incident.Idempotency{ClientID: "acme-app", Key: "n-1", RequestHash: "incident-h2"}, nil)
	wantCode(t, "an incident under a note's key", err, incident.CodeIdempotencyReused)

	// A refused note releases its key.
	refused := &incident.Idempotency{ClientID: "acme-app", Key: "n-refused", RequestHash: "h"}
	_, _, err = s.AddNote(f.ctx, globexScope, inc.ID, customerNote, refused, nil)
	wantCode(t, "another customer's incident", err, incident.CodeNotFound)
	if _, replayed, err := s.AddNote(f.ctx, acmeScope, inc.ID, customerNote, refused, nil); err != nil || replayed {
		t.Errorf("key of a refused note: replayed %t, %v", replayed, err)
	}
	if _, total := listNotes(t, f, s, operator, inc.ID, ""); total != 2 {
		t.Errorf("%d notes stored, want 2", total)
	}

	// Concurrent retries create one note.
	burst := &incident.Idempotency{ClientID: "acme-app", Key: "n-burst", RequestHash: "h"}
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		ids = map[int64]bool{}
	)
	for range 10 {
		wg.Go(func() {
			n, _, err := s.AddNote(f.ctx, acmeScope, inc.ID, providerNote, burst, nil)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				t.Errorf("concurrent retry: %v", err)
				return
			}
			ids[n.ID] = true
		})
	}
	wg.Wait()
	if len(ids) != 1 {
		t.Errorf("concurrent retries created notes %v", ids)
	}
}
