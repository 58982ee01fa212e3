package console

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/httpapi"
	"github.com/incidentd/incidentd/incident"
)

// Files: the upload form streams the file into the blob store, sniffs and
// checks its type as the API does, and records it through the domain; a
// download reads the metadata within the user's scope before any byte.

// uploadOverhead is what the form may hold besides the file.
const uploadOverhead = 64 << 10

func (s *server) upload(w http.ResponseWriter, r *http.Request, v *viewer) {
	id := r.PathValue("id")
	caller := v.caller()
	if err := s.Manager.CanAttach(r.Context(), caller, id, 0); err != nil {
		s.refused(w, r, v, err)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, s.MaxAttachmentBytes+uploadOverhead)
	reader, err := r.MultipartReader()
	if err != nil {
		s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
		return
	}
	var (
		u    incident.Upload
		file blob.Writer
		key  string
	)
	defer func() {
		if file != nil {
			file.Close()
		}
	}()
	for {
		part, err := reader.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.uploadFailed(w, r, v, err)
			return
		}
		switch part.FormName() {
		case "file":
			if file != nil {
				s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
				return
			}
			_, params, _ := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
			u.FileName = params["filename"]
			if file, err = s.receive(part, &u); err != nil {
				s.uploadFailed(w, r, v, err)
				return
			}
		case "description":
			if u.Description, err = smallField(part, "description"); err != nil {
				s.uploadFailed(w, r, v, err)
				return
			}
			u.Description = strings.TrimSpace(u.Description)
		case "form_key":
			if key, err = smallField(part, "form_key"); err != nil {
				s.uploadFailed(w, r, v, err)
				return
			}
		}
		part.Close()
	}
	if file == nil {
		s.refused(w, r, v, incident.Errorf(incident.CodeMissingBodyField, incident.MsgMissingField, "file"))
		return
	}
	stored, err := file.Commit()
	if err != nil {
		s.internalError(w, r, v, err)
		return
	}
	u.SHA256, u.Size = stored.Digest, stored.Size
	if _, _, err := s.Manager.AddAttachment(r.Context(), caller, id, u, key); err != nil {
		s.refused(w, r, v, err)
		return
	}
	done(w, r, id, "file")
}

// uploadFailed answers a form that could not be read: too large, or
// broken.
func (s *server) uploadFailed(w http.ResponseWriter, r *http.Request, v *viewer, err error) {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		err = incident.Errorf(incident.CodeTooLarge, key("error_file_size"), s.MaxAttachmentBytes>>20)
	}
	var e *incident.Error
	if errors.As(err, &e) {
		s.refused(w, r, v, e)
		return
	}
	s.renderError(w, r, v, http.StatusBadRequest, "error_bad_form")
}

// receive streams the file part into a new blob, refusing an empty file,
// a type outside the allow-list and a file over the size limit.
func (s *server) receive(part io.Reader, u *incident.Upload) (blob.Writer, error) {
	src := io.LimitReader(part, s.MaxAttachmentBytes+1)
	head := make([]byte, 512)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, err
	}
	if n == 0 {
		return nil, incident.Errorf(incident.CodeInvalidBodyField, incident.MsgAttachmentEmpty)
	}
	u.MimeType = httpapi.SniffAttachmentType(head[:n], "", u.FileName)
	if !httpapi.AttachmentTypeAllowed(s.AttachmentTypes, u.MimeType) {
		return nil, incident.Errorf(incident.CodeUnsupportedMedia, key("error_file_type"), u.MimeType)
	}
	w, err := s.Blobs.Create()
	if err != nil {
		return nil, err
	}
	written, err := w.Write(head[:n])
	size := int64(written)
	if err == nil {
		var rest int64
		rest, err = io.Copy(w, src)
		size += rest
	}
	if err == nil && size > s.MaxAttachmentBytes {
		err = incident.Errorf(incident.CodeTooLarge, key("error_file_size"), s.MaxAttachmentBytes>>20)
	}
	if err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// smallField reads a form field other than the file: at most 8 KiB, which
// holds the longest description in any UTF-8.
func smallField(part io.Reader, name string) (string, error) {
	b, err := io.ReadAll(io.LimitReader(part, 8<<10+1))
	if err == nil && len(b) > 8<<10 {
		err = incident.Errorf(incident.CodeInvalidBodyField, incident.MsgFieldLength, name, 0, incident.MaxAttachmentDescription)
	}
	return string(b), err
}

// download answers a file's bytes, offered for saving, never rendered by
// the browser as a page of the console.
func (s *server) download(w http.ResponseWriter, r *http.Request, v *viewer) {
	attachmentID, err := strconv.ParseInt(r.PathValue("attachmentID"), 10, 64)
	if err != nil || attachmentID <= 0 {
		s.notFound(w, r, v)
		return
	}
	a, err := s.Manager.Attachments.GetAttachment(r.Context(), v.caller().Scope, r.PathValue("id"), attachmentID)
	if s.readFailed(w, r, v, err) {
		return
	}
	content, err := s.Blobs.Open(a.SHA256)
	if err != nil {
		s.internalError(w, r, v, fmt.Errorf("attachment %d of incident %s: %w", a.ID, a.IncidentID, err))
		return
	}
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", a.MimeType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": a.Name}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Cache-Control", "private, no-cache")
	h.Set("ETag", `"`+a.SHA256+`"`)
	http.ServeContent(w, r, "", a.CreatedAt, content)
}
