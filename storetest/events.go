package storetest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/incidentd/incidentd/alerts"
	"github.com/incidentd/incidentd/incident"
)

// The outbox (spec §11): every change's events written in its transaction,
// decided by the domain (the suite drives incident.Manager over the store)
// and read back in cursor order within a scope.

// manager is the domain over the fixture's store, with its clock.
func (f *fixture) manager() *incident.Manager {
	notes := notesOf(f.t, f)
	return &incident.Manager{Incidents: f.s, Customers: f.s, Notes: notes, Attachments: notes, Matrix: matrix, Now: f.clock}
}

var (
	acmeCaller = incident.Caller{Role: incident.RoleCustomer, Scope: acmeScope, Actor: customerActor, ClientID: "acme-app"}
	opCaller   = incident.Caller{Role: incident.RoleOperator, Scope: operator, Actor: providerActor, ClientID: "noc"}
)

func withRequest(c incident.Caller, id string) incident.Caller {
	c.RequestID = id
	return c
}

// readEvents follows the cursor from after to the end, limit events a read.
func (f *fixture) readEvents(scope incident.Scope, after string, limit int) ([]incident.Event, string) {
	f.t.Helper()
	var out []incident.Event
	for {
		page, next, err := f.s.Events(f.ctx, scope, after, limit)
		if err != nil {
			f.t.Fatalf("events after %q: %v", after, err)
		}
		out = append(out, page...)
		if len(page) < limit {
			return out, next
		}
		after = next
	}
}

func eventTypes(events []incident.Event) []incident.EventType {
	out := make([]incident.EventType, len(events))
	for i, e := range events {
		out[i] = e.Type
	}
	return out
}

func testEvents(t *testing.T, f *fixture) {
	m := f.manager()
	inc, _, err := m.Create(f.ctx, withRequest(acmeCaller, "req-create"), incident.NewIncident{
		Description: "Line down", Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, "")
	if err != nil {
		t.Fatal(err)
	}
	other, _, err := m.Create(f.ctx, opCaller, incident.NewIncident{CustomerID: globex,
		Description: "Globex line down", Impact: incident.ImpactS2, Urgency: incident.UrgencyU2}, "")
	if err != nil {
		t.Fatal(err)
	}
	f.advance(time.Minute)
	impact := incident.ImpactS1
	if _, _, err := m.Update(f.ctx, withRequest(acmeCaller, "req-impact"), inc.ID, incident.Patch{Impact: &impact}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	// A refused change writes nothing, events included.
	closed := incident.StatusClosed
	if _, _, err := m.Update(f.ctx, acmeCaller, inc.ID, incident.Patch{Status: &closed}, incident.Precondition{}); incident.ErrorCode(err) != incident.CodeInvalidTransition {
		t.Fatalf("refused transition: %v", err)
	}
	validated, pending, resolved := incident.StatusValidated, incident.StatusPending, incident.StatusResolved
	for _, s := range []*incident.Status{&validated, &pending} {
		if _, _, err := m.Update(f.ctx, opCaller, inc.ID, incident.Patch{Status: s}, incident.Precondition{}); err != nil {
			t.Fatal(err)
		}
	}
	f.advance(time.Minute)
	code, txt := incident.ResolutionCode("FIXED"), "card replaced"
	if _, _, err := m.Update(f.ctx, withRequest(opCaller, "req-resolve"), inc.ID, incident.Patch{Status: &resolved,
		Resolution: &incident.ResolutionPatch{Code: &code, Text: &txt}}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	f.advance(time.Minute)
	note, _, err := m.AddNote(f.ctx, opCaller, inc.ID, incident.NewNote{Text: "internal remark", Internal: true}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := m.AddNote(f.ctx, acmeCaller, inc.ID, incident.NewNote{Text: "thanks"}, ""); err != nil {
		t.Fatal(err)
	}
	file, _, err := m.AddAttachment(f.ctx, opCaller, inc.ID, incident.Upload{FileName: "trace.txt", MimeType: "text/plain",
		Size: 3, SHA256: "3a6eb0790f39ac87c94f3856b2dd2c5d110e6811602261a9a923d3bb23adc8b7", NoteID: note.ID}, "")
	if err != nil {
		t.Fatal(err)
	}
	from := f.clock().Add(-2 * time.Minute)
	until := from.Add(time.Minute)
	period, _, err := m.AddFreezePeriod(f.ctx, opCaller, other.ID, incident.FreezeInput{StartAt: from, EndAt: &until, Reason: incident.FreezeSiteAccessRefused})
	if err != nil {
		t.Fatal(err)
	}

	all, _ := f.readEvents(operator, "", 100)
	want := []incident.EventType{
		incident.EventCreate, incident.EventCreate, // acme's, globex's
		incident.EventAttributeChange,                                // impact (and priority)
		incident.EventStatusChange,                                   // VALIDATED
		incident.EventStatusChange, incident.EventFreezePeriodChange, // PENDING opens a period
		incident.EventAttributeChange, incident.EventStatusChange, incident.EventResolved, incident.EventFreezePeriodChange, // resolution, RESOLVED, period closed
		incident.EventNoteCreate, incident.EventNoteCreate, incident.EventAttachmentCreate,
		incident.EventFreezePeriodChange, // globex's period
	}
	if got := eventTypes(all); !slices.Equal(got, want) {
		t.Fatalf("operator's events:\n got %v\nwant %v", got, want)
	}
	ids := map[string]bool{}
	for i, e := range all {
		if e.ID == "" || ids[e.ID] || e.Cursor == "" || e.Incident == nil || e.Time.IsZero() {
			t.Errorf("event %d: id %q (seen %v), cursor %q, incident %v, time %v", i, e.ID, ids[e.ID], e.Cursor, e.Incident != nil, e.Time)
		}
		ids[e.ID] = true
		if e.IncidentID != e.Incident.ID || e.CustomerID != e.Incident.Customer.ID {
			t.Errorf("event %d: incident %s of %s, carrying %s of %s", i, e.IncidentID, e.CustomerID, e.Incident.ID, e.Incident.Customer.ID)
		}
	}
	if e := all[0]; e.CorrelationID != "req-create" || e.Incident.Status != incident.StatusNew || e.CustomerID != acme || !e.Time.Equal(start) {
		t.Errorf("create event: correlation %q, status %s, customer %s, time %v", e.CorrelationID, e.Incident.Status, e.CustomerID, e.Time)
	}
	if e := all[2]; !slices.Equal(e.ChangedFields, []string{"impact", "priority"}) || e.CorrelationID != "req-impact" || e.Incident.Impact != incident.ImpactS1 || e.Incident.Version != 2 {
		t.Errorf("attribute change: fields %v, correlation %q, impact %s, version %d", e.ChangedFields, e.CorrelationID, e.Incident.Impact, e.Incident.Version)
	}
	if e := all[5]; e.FreezePeriod == nil || e.FreezePeriod.ID == 0 || e.FreezePeriod.EndAt != nil {
		t.Errorf("period opened by PENDING: %+v", e.FreezePeriod)
	}
	if e := all[6]; !slices.Equal(e.ChangedFields, []string{"resolution.code", "resolution.text"}) {
		t.Errorf("resolution's attribute change: %v", e.ChangedFields)
	}
	if e := all[8]; e.CorrelationID != "req-resolve" || e.Incident.Status != incident.StatusResolved {
		t.Errorf("resolved event: correlation %q, status %s", e.CorrelationID, e.Incident.Status)
	}
	if e := all[9]; e.FreezePeriod == nil || e.FreezePeriod.EndAt == nil {
		t.Errorf("period closed by RESOLVED: %+v", e.FreezePeriod)
	}
	if e := all[10]; e.Note == nil || e.Note.ID != note.ID || !e.Internal || e.Note.Text != "internal remark" {
		t.Errorf("internal note event: %+v, internal %v", e.Note, e.Internal)
	}
	if e := all[12]; e.Attachment == nil || e.Attachment.ID != file.ID || !e.Internal || e.Attachment.Name != "trace.txt" {
		t.Errorf("attachment event: %+v, internal %v", e.Attachment, e.Internal)
	}
	if e := all[13]; e.FreezePeriod == nil || e.FreezePeriod.ID != period.ID || e.CustomerID != globex || e.Incident.ID != other.ID {
		t.Errorf("globex's period event: %+v of %s", e.FreezePeriod, e.CustomerID)
	}

	// A customer sees its own incidents' events, internal ones never.
	acmeEvents, _ := f.readEvents(acmeScope, "", 3)
	var wantAcme []string
	for _, e := range all {
		if e.CustomerID == acme && !e.Internal {
			wantAcme = append(wantAcme, e.ID)
		}
	}
	var gotAcme []string
	for _, e := range acmeEvents {
		gotAcme = append(gotAcme, e.ID)
	}
	if !slices.Equal(gotAcme, wantAcme) || len(gotAcme) != 10 {
		t.Errorf("acme's events: got %d, want %d (%v / %v)", len(gotAcme), len(wantAcme), gotAcme, wantAcme)
	}
	globexEvents, _ := f.readEvents(globexScope, "", 100)
	if len(globexEvents) != 2 || globexEvents[0].IncidentID != other.ID {
		t.Errorf("globex's events: %v", eventTypes(globexEvents))
	}

	// Paging by one from every cursor gives the same sequence.
	for i := range all {
		page, next, err := f.s.Events(f.ctx, operator, all[i].Cursor, 1)
		if err != nil {
			t.Fatal(err)
		}
		if i+1 < len(all) && (len(page) != 1 || page[0].ID != all[i+1].ID || next != all[i+1].Cursor) {
			t.Fatalf("after event %d: %v, next %q", i, eventTypes(page), next)
		}
		if i+1 == len(all) && (len(page) != 0 || next != all[i].Cursor) {
			t.Fatalf("after the last event: %v, next %q", eventTypes(page), next)
		}
	}
	// A customer's read past events it may not see moves its cursor on.
	if page, next, err := f.s.Events(f.ctx, globexScope, all[0].Cursor, 1); err != nil || len(page) != 1 || next != all[1].Cursor {
		t.Errorf("globex after acme's first event: %v, next %q (%v)", eventTypes(page), next, err)
	}
	// A cursor past the last event was never given by this database.
	if _, _, err := f.s.Events(f.ctx, operator, "e"+strconv.FormatInt(int64(len(all)+1), 36), 10); incident.ErrorCode(err) != incident.CodeInvalidQueryParam {
		t.Errorf("cursor past the last event: %v, want code 28", err)
	}
	for _, bad := range []string{"x", "e", "e-1", "eZZ", "E1", "e1 ", "e0001"} {
		if _, _, err := f.s.Events(f.ctx, operator, bad, 10); incident.ErrorCode(err) != incident.CodeInvalidQueryParam {
			t.Errorf("cursor %q: %v, want code 28", bad, err)
		}
	}

	// Retention: events older than the cut are purged; a cursor among them
	// is expired, one at the edge is not.
	f.advance(time.Hour)
	if all[9].Time.Equal(all[10].Time) {
		t.Fatalf("the test needs the resolution before the notes")
	}
	removed, err := f.s.PurgeEvents(f.ctx, all[9].Time.Add(time.Millisecond))
	if err != nil || removed != 10 {
		t.Fatalf("purge: %d removed, %v", removed, err)
	}
	if _, _, err := f.s.Events(f.ctx, operator, all[0].Cursor, 10); !isGone(err) {
		t.Errorf("cursor of a purged event: %v, want 410", err)
	}
	if page, _, err := f.s.Events(f.ctx, operator, all[9].Cursor, 10); err != nil || len(page) != 4 {
		t.Errorf("cursor of the last purged event: %d events, %v", len(page), err)
	}
	if page, _ := f.readEvents(operator, "", 100); len(page) != 4 || page[0].ID != all[10].ID {
		t.Errorf("from the oldest retained: %v", eventTypes(page))
	}
	if _, _, err := f.s.Events(f.ctx, acmeScope, all[2].Cursor, 10); !isGone(err) {
		t.Errorf("customer's cursor of a purged event: %v, want 410", err)
	}
}

func isGone(err error) bool {
	e, ok := err.(*incident.Error)
	return ok && e.Code == incident.CodeNotFound && e.Gone
}

// testEventsChanged: the signal fires once an event commits, not before.
func testEventsChanged(t *testing.T, f *fixture) {
	ch := f.s.EventsChanged()
	select {
	case <-ch:
		// The poller's first read wakes the waiting readers once.
		ch = f.s.EventsChanged()
	case <-time.After(time.Second):
	}
	select {
	case <-ch:
		t.Fatal("signal without an event")
	case <-time.After(100 * time.Millisecond):
	}
	f.create(newIncident(acme)) // through the store: no event
	inc, _, err := f.manager().Create(f.ctx, acmeCaller, incident.NewIncident{Description: "x", Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, "")
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatalf("no signal within a second of the event of %s", inc.ID)
	}
}

// testEventsConcurrent: writers commit concurrently, some in slow
// transactions that overlap the others (an alert's transaction that waits
// before it commits), while a reader follows the cursor: the reader sees
// every acknowledged change's event exactly once, and each incident's
// events in the order of its versions.
func testEventsConcurrent(t *testing.T, f *fixture) {
	m := f.manager()
	const incidents, writers, perWriter = 4, 8, 12
	var ids []string
	for i := range incidents {
		inc, _, err := m.Create(f.ctx, opCaller, incident.NewIncident{CustomerID: acme, Description: fmt.Sprintf("shared %d", i),
			Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, "")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, inc.ID)
	}
	_, start, err := f.s.Events(f.ctx, operator, "", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.s.CreateIntegration(f.ctx, alerts.Integration{ID: "slow", Name: "slow", CustomerID: acme, CreatedAt: f.clock()},
		alerts.Key{ID: "slow-key", IntegrationID: "slow", Hash: "slow-hash"}); err != nil {
		t.Fatal(err)
	}

	var (
		mu    sync.Mutex
		acked = map[string]int64{} // "incident/version" of each acknowledged update
		wg    sync.WaitGroup
		done  = make(chan struct{})
	)
	for w := range writers {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for i := range perWriter {
				id := ids[rng.IntN(len(ids))]
				text := fmt.Sprintf("writer %d change %d", w, i)
				update := func(ctx context.Context) (*incident.Incident, error) {
					inc, _, err := m.Update(ctx, opCaller, id, incident.Patch{Description: &text}, incident.Precondition{})
					return inc, err
				}
				var inc *incident.Incident
				var err error
				if w%2 == 0 {
					// Slow: the change is made, then the transaction waits
					// before committing while the others go on.
					err = f.s.WithAlert(f.ctx, "slow", fmt.Sprintf("%d-%d", w, i), func(ctx context.Context, st *alerts.State) error {
						inc, err = update(ctx)
						time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
						return err
					})
				} else {
					inc, err = update(f.ctx)
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
				mu.Lock()
				acked[fmt.Sprintf("%s/%d", inc.ID, inc.Version)]++
				mu.Unlock()
			}
		})
	}
	go func() { wg.Wait(); close(done) }()

	seen := map[string]int{}
	lastVersion := map[string]int64{}
	cursor := start
	read := func() int {
		page, next, err := f.s.Events(f.ctx, operator, cursor, 7)
		if err != nil {
			t.Fatalf("follow: %v", err)
		}
		for _, e := range page {
			seen[e.ID]++
			v := e.Incident.Version
			if v <= lastVersion[e.IncidentID] {
				t.Errorf("incident %s: version %d after %d", e.IncidentID, v, lastVersion[e.IncidentID])
			}
			lastVersion[e.IncidentID] = v
			key := fmt.Sprintf("%s/%d", e.IncidentID, v)
			mu.Lock()
			acked[key]--
			mu.Unlock()
		}
		cursor = next
		return len(page)
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
		}
		if read() == 0 && !finished {
			time.Sleep(time.Millisecond)
		}
	}
	for read() > 0 {
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s seen %d times", id, n)
		}
	}
	for key, n := range acked {
		if n != 0 {
			t.Errorf("change %s: acknowledged minus seen = %d", key, n)
		}
	}
	if len(seen) != writers*perWriter {
		t.Errorf("%d events seen, want %d", len(seen), writers*perWriter)
	}
}

// testEventsBreach: an incident's breach is reported once, by the job when
// time passes the deadline, or by the change that moved the deadline
// before now; concurrent jobs report it once.
func testEventsBreach(t *testing.T, f *fixture) {
	m := f.manager()
	m.Breaches = f.s
	create := func(impact incident.Impact, urgency incident.Urgency) *incident.Incident {
		inc, _, err := m.Create(f.ctx, acmeCaller, incident.NewIncident{Description: "x", Impact: impact, Urgency: urgency}, "")
		if err != nil {
			t.Fatal(err)
		}
		return inc
	}
	urgent := create(incident.ImpactS1, incident.UrgencyU1) // P1: 4 h
	slow := create(incident.ImpactS4, incident.UrgencyU3)   // P4: 72 h
	_, from, _ := f.s.Events(f.ctx, operator, "", 100)
	f.advance(4 * time.Hour)
	if n, err := m.ReportBreaches(f.ctx); err != nil || n != 0 {
		t.Fatalf("at the deadline: %d reported, %v", n, err)
	}
	f.advance(time.Second)
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() {
			if _, err := m.ReportBreaches(f.ctx); err != nil {
				t.Errorf("report breaches: %v", err)
			}
		})
	}
	wg.Wait()
	if n, err := m.ReportBreaches(f.ctx); err != nil || n != 0 {
		t.Fatalf("again: %d reported, %v", n, err)
	}
	events, from := f.readEvents(operator, from, 100)
	if len(events) != 1 || events[0].Type != incident.EventSlaBreach || events[0].IncidentID != urgent.ID ||
		events[0].Incident.Version != urgent.Version || events[0].CorrelationID != "" {
		t.Fatalf("breach events: %v", eventTypes(events))
	}

	// Raising the priority of the 5-hour-old P4 incident to P1 moves its
	// deadline before now: the change reports the breach.
	impact, urgency := incident.ImpactS1, incident.UrgencyU1
	if _, _, err := m.Update(f.ctx, withRequest(opCaller, "req-raise"), slow.ID, incident.Patch{Impact: &impact, Urgency: &urgency}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	if n, err := m.ReportBreaches(f.ctx); err != nil || n != 0 {
		t.Fatalf("after the change: %d reported, %v", n, err)
	}
	events, _ = f.readEvents(operator, from, 100)
	if got := eventTypes(events); !slices.Equal(got, []incident.EventType{incident.EventAttributeChange, incident.EventSlaBreach}) ||
		events[1].CorrelationID != "req-raise" || events[1].Incident.Priority != incident.PriorityP1 {
		t.Fatalf("events of the change: %v", got)
	}
}

// testEventsAutoClose: the auto-close job's change has its event, without a
// correlation id.
func testEventsAutoClose(t *testing.T, f *fixture) {
	m := f.manager()
	inc, _, err := m.Create(f.ctx, opCaller, incident.NewIncident{CustomerID: acme, Description: "x", Impact: incident.ImpactS3, Urgency: incident.UrgencyU3}, "")
	if err != nil {
		t.Fatal(err)
	}
	resolved, code := incident.StatusResolved, incident.ResolutionCode("FIXED")
	if _, _, err := m.Update(f.ctx, opCaller, inc.ID, incident.Patch{Status: &resolved, Resolution: &incident.ResolutionPatch{Code: &code}}, incident.Precondition{}); err != nil {
		t.Fatal(err)
	}
	_, from, _ := f.s.Events(f.ctx, acmeScope, "", 100)
	f.advance(8 * 24 * time.Hour)
	if n, err := m.AutoClose(f.ctx, 7*24*time.Hour); err != nil || n != 1 {
		t.Fatalf("auto-close: %d, %v", n, err)
	}
	events, _ := f.readEvents(acmeScope, from, 100)
	if len(events) != 1 || events[0].Type != incident.EventStatusChange || events[0].Incident.Status != incident.StatusClosed || events[0].CorrelationID != "" {
		t.Fatalf("auto-close events: %v", eventTypes(events))
	}
}
