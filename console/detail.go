package console

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The detail page: the incident, its repair clock against the GTR
// deadline, one chronological timeline of its history, notes, files and
// freeze periods, and the actions the lifecycle leaves this person.

type detailData struct {
	Row      incidentRow
	Clock    clockView
	Timeline []timelineEntry
	// Targets are the statuses this person may move the incident to.
	Targets       []transition
	CanWrite      bool
	CanEscalate   bool
	Provider      bool
	OpenPeriod    *incident.FreezePeriod
	FreezeReasons []option
	// NoteKey and FileKey make a form sent twice add one note or file:
	// they are the idempotency keys of the additions.
	NoteKey, FileKey string
	Message          string // what the last action did
	Error            string // why the last action was refused
}

// transition is a status the person may choose, with what it asks for.
type transition struct {
	Status     incident.Status
	Label      string
	Resolution bool // RESOLVED needs a resolution
	Freeze     bool // PENDING takes a freeze reason
	Codes      []option
}

// timelineEntry is one event of the incident, whatever its kind.
type timelineEntry struct {
	At       time.Time
	Kind     string // change, note, file, freeze
	Actor    incident.Actor
	Change   *incident.Change
	Note     *incident.Note
	File     *incident.Attachment
	Period   *incident.FreezePeriod
	Internal bool
}

// incidentContent is everything the detail page shows, read within the
// user's scope.
type incidentContent struct {
	inc         *incident.Incident
	history     []incident.Change
	notes       []incident.Note
	noteTotal   int
	attachments []incident.Attachment
	periods     []incident.FreezePeriod
}

// maxTimelineNotes bounds the notes a page shows, newest kept.
const maxTimelineNotes = 500

func (s *server) readIncident(ctx context.Context, caller incident.Caller, id string) (*incidentContent, error) {
	c := &incidentContent{}
	scope, role := caller.Scope, caller.Role
	var err error
	if c.inc, err = s.Manager.Incidents.GetIncident(ctx, scope, id); err != nil {
		return nil, err
	}
	if c.history, err = s.Manager.Incidents.ListHistory(ctx, scope, id); err != nil {
		return nil, err
	}
	if c.periods, err = s.Manager.Incidents.ListFreezePeriods(ctx, scope, id); err != nil {
		return nil, err
	}
	q, err := notesQuery(role)
	if err != nil {
		return nil, err
	}
	if c.notes, c.noteTotal, err = s.Manager.Notes.ListNotes(ctx, scope, id, q); err != nil {
		return nil, err
	}
	if c.attachments, err = s.Manager.Attachments.ListAttachments(ctx, scope, id); err != nil {
		return nil, err
	}
	return c, nil
}

// notesQuery lists the newest notes, in the API's grammar.
func notesQuery(role incident.Role) (incident.Query, error) {
	return contract.ParseNoteQuery(url.Values{"sort": {"-createdAt"}, "limit": {strconv.Itoa(maxTimelineNotes)}}, role)
}

// detailVersion is the version of a detail page: the incident's tag, and
// the number of notes and files.
func (s *server) detailVersion(ctx context.Context, scope incident.Scope, id string) (string, error) {
	inc, err := s.Manager.Incidents.GetIncident(ctx, scope, id)
	if err != nil {
		return "", err
	}
	_, notes, err := s.Manager.Notes.ListNotes(ctx, scope, id, incident.Query{Limit: 1})
	if err != nil {
		return "", err
	}
	files, err := s.Manager.Attachments.ListAttachments(ctx, scope, id)
	if err != nil {
		return "", err
	}
	return newVersion().add(inc.Tag()).addInt(int64(notes)).addInt(int64(len(files))).String(), nil
}

func (s *server) detailPage(w http.ResponseWriter, r *http.Request, v *viewer) {
	id := r.PathValue("id")
	scope := v.caller().Scope
	ver, err := s.detailVersion(r.Context(), scope, id)
	if s.readFailed(w, r, v, err) {
		return
	}
	if unchanged(w, r, ver) {
		return
	}
	msg := r.URL.Query().Get("done")
	if msg != "" && !slices.Contains(doneMessages, msg) {
		msg = ""
	}
	if msg != "" {
		msg = text.Message(v.lang, key("done_"+msg))
	}
	s.showDetail(w, r, v, http.StatusOK, ver, msg, "")
}

// doneMessages are the actions whose success the detail page confirms.
var doneMessages = []string{"reported", "status", "escalated", "note", "file", "freeze", "freeze_end"}

// showDetail renders the detail page, with the outcome of an action.
func (s *server) showDetail(w http.ResponseWriter, r *http.Request, v *viewer, status int, ver, message, failure string) {
	c, err := s.readIncident(r.Context(), v.caller(), r.PathValue("id"))
	if s.readFailed(w, r, v, err) {
		return
	}
	now := s.now()
	data := detailData{
		Row:      newRow(c.inc, now),
		Timeline: timeline(c),
		CanWrite: v.user.Role.CanWrite(),
		Provider: v.provider(),
		Message:  message,
		Error:    failure,
		NoteKey:  rand.Text(),
		FileKey:  rand.Text(),
	}
	data.Clock = newClockView(v.lang, c.inc, c.periods, now)
	if data.CanWrite {
		for _, to := range incident.AllowedTargets(v.caller().Role, c.inc.Status) {
			t := transition{Status: to, Label: text.Message(v.lang, key("to_"+string(to))),
				Resolution: to == incident.StatusResolved, Freeze: to == incident.StatusPending}
			if t.Resolution {
				t.Codes = enumOptions(v.lang, incident.ResolutionCodes, nil)
			}
			data.Targets = append(data.Targets, t)
		}
		data.CanEscalate = !c.inc.IsEscalated && !incident.IsFinal(c.inc.Status) && c.inc.Status != incident.StatusResolved
	}
	for i := range c.periods {
		if c.periods[i].EndAt == nil {
			data.OpenPeriod = &c.periods[i]
		}
	}
	data.FreezeReasons = enumOptions(v.lang, incident.FreezeReasons, nil)
	title := c.inc.ID + " · " + firstLine(c.inc.Description, 60)
	if ver == "" {
		ver, _ = s.detailVersion(r.Context(), v.caller().Scope, c.inc.ID)
	}
	s.renderPage(w, r, v, status, "detail", &page{Title: title, LiveVersion: ver, Data: data})
}

// timeline merges the incident's history, notes, files and freeze
// periods, oldest first; at the same instant, in that order.
func timeline(c *incidentContent) []timelineEntry {
	var out []timelineEntry
	for i := range c.history {
		h := &c.history[i]
		out = append(out, timelineEntry{At: h.At, Kind: "change", Actor: h.Actor, Change: h})
	}
	for i := range c.notes {
		n := &c.notes[i]
		out = append(out, timelineEntry{At: n.CreatedAt, Kind: "note", Actor: n.Author, Note: n, Internal: n.Internal})
	}
	for i := range c.attachments {
		a := &c.attachments[i]
		out = append(out, timelineEntry{At: a.CreatedAt, Kind: "file", Actor: a.Author, File: a})
	}
	for i := range c.periods {
		p := &c.periods[i]
		out = append(out, timelineEntry{At: p.StartAt, Kind: "freeze", Actor: p.CreatedBy, Period: p})
	}
	rank := map[string]int{"change": 0, "note": 1, "file": 2, "freeze": 3}
	slices.SortStableFunc(out, func(a, b timelineEntry) int {
		if c := a.At.Compare(b.At); c != 0 {
			return c
		}
		return rank[a.Kind] - rank[b.Kind]
	})
	return out
}

// firstLine is the start of a text's first line, for titles.
func firstLine(s string, max int) string {
	line, _, _ := strings.Cut(s, "\n")
	r := []rune(line)
	if len(r) > max {
		return string(r[:max]) + "…"
	}
	return line
}
