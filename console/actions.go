package console

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// The actions of the detail page. Each one is a form posted to the
// incident's address, turned into the domain's typed command for the
// signed-in user; success goes back to the page (POST, redirect, GET),
// a refusal shows the page again with the domain's reason.

// maxFormBytes bounds the forms other than uploads.
const maxFormBytes = 64 << 10

// readForm parses a small url-encoded form.
func readForm(w http.ResponseWriter, r *http.Request) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	return r.ParseForm()
}

// done goes back to the incident's page, confirming the action.
func done(w http.ResponseWriter, r *http.Request, id, what string) {
	http.Redirect(w, r, Prefix+"incidents/"+url.PathEscape(id)+"?done="+what, http.StatusSeeOther)
}

// refused shows the incident's page with the reason an action was
// refused: the domain's words, in the page's language.
func (s *server) refused(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	var e *incident.Error
	if !errors.As(err, &e) {
		s.internalError(w, r, v, err)
		return
	}
	status := http.StatusUnprocessableEntity
	message := e.Describe(v.lang)
	switch e.Code {
	case incident.CodeNotFound:
		s.notFound(w, r, v)
		return
	case incident.CodePreconditionFailed:
		status, message = http.StatusConflict, text.Message(v.lang, key("error_changed_meanwhile"))
	case incident.CodeAccessDenied:
		status = http.StatusForbidden
	case incident.CodeTooLarge:
		status = http.StatusRequestEntityTooLarge
	case incident.CodeUnsupportedMedia:
		status = http.StatusUnsupportedMediaType
	}
	s.showDetail(w, r, v, status, "", "", message)
}

func (s *server) changeStatus(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := readForm(w, r); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	f := r.PostForm
	status := incident.Status(f.Get("status"))
	p := incident.Patch{Status: &status, StatusChangeReason: strings.TrimSpace(f.Get("reason"))}
	if status == incident.StatusResolved {
		code, note := incident.ResolutionCode(f.Get("resolution_code")), strings.TrimSpace(f.Get("resolution_text"))
		p.Resolution = &incident.ResolutionPatch{Code: &code}
		if note != "" {
			p.Resolution.Text = &note
		}
	}
	if status == incident.StatusPending {
		p.FreezeReason = incident.FreezeReason(f.Get("freeze_reason"))
	}
	if _, _, err := s.Manager.Update(r.Context(), v.caller(), r.PathValue("id"), p, precondition(f)); err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, r.PathValue("id"), "status")
}

// precondition is the version of the incident the form was made from: a
// change made meanwhile by someone else refuses the action (code 65).
func precondition(f url.Values) incident.Precondition {
	if tag := f.Get("version"); tag != "" {
		return incident.Precondition{Tags: []string{tag}}
	}
	return incident.Precondition{}
}

func (s *server) escalate(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := readForm(w, r); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	yes := true
	if _, _, err := s.Manager.Update(r.Context(), v.caller(), r.PathValue("id"), incident.Patch{IsEscalated: &yes}, precondition(r.PostForm)); err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, r.PathValue("id"), "escalated")
}

func (s *server) addNote(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := readForm(w, r); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	n := incident.NewNote{Text: r.PostForm.Get("text"), Internal: r.PostForm.Get("internal") == "on"}
	if _, _, err := s.Manager.AddNote(r.Context(), v.caller(), r.PathValue("id"), n, r.PostForm.Get("form_key")); err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, r.PathValue("id"), "note")
}

// formTime reads a datetime-local field, in UTC; empty is nil.
func formTime(f url.Values, name string) (*time.Time, error) {
	raw := f.Get(name)
	if raw == "" {
		return nil, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, raw, time.UTC); err == nil {
			return &t, nil
		}
	}
	return nil, incident.Errorf(incident.CodeInvalidBodyField, key("error_time"), name)
}

func (s *server) addFreeze(w http.ResponseWriter, r *http.Request, v *viewer) {
	if err := readForm(w, r); err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	f := r.PostForm
	in := incident.FreezeInput{Reason: incident.FreezeReason(f.Get("reason")), Comment: strings.TrimSpace(f.Get("comment"))}
	start, err := formTime(f, "start")
	if err == nil && start == nil {
		err = incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, "start")
	}
	if err == nil {
		in.StartAt = *start
		in.EndAt, err = formTime(f, "end")
	}
	if err == nil {
		_, _, err = s.Manager.AddFreezePeriod(r.Context(), v.caller(), r.PathValue("id"), in)
	}
	if err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, r.PathValue("id"), "freeze")
}

func (s *server) endFreeze(w http.ResponseWriter, r *http.Request, v *viewer) {
	periodID, err := strconv.ParseInt(r.PathValue("periodID"), 10, 64)
	if err != nil {
		s.notFound(w, r, v)
		return
	}
	now := s.now()
	if _, _, err := s.Manager.UpdateFreezePeriod(r.Context(), v.caller(), r.PathValue("id"), periodID, incident.FreezePatch{EndAt: &now}); err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, r.PathValue("id"), "freeze_end")
}
