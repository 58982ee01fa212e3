package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// attachmentDownload is the route that answers a file's bytes rather than
// JSON: it serves them whatever the request's Accept says.
const attachmentDownload = "GET " + basePath + "/incidents/{id}/attachments/{attachmentId}"

// listAttachments answers the metadata of an incident's files, in upload
// order. It takes no query parameter.
func (s *server) listAttachments(w http.ResponseWriter, r *http.Request) error {
	if err := s.notesConfigured(); err != nil {
		return err
	}
	if err := refuseQuery(r); err != nil {
		return err
	}
	list, err := s.manager.Attachments.ListAttachments(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeAll(w, list, func(dst []byte, a incident.Attachment) []byte {
		return contract.AppendAttachmentJSON(dst, &a)
	})
}

// uploadAttachment takes one file in a multipart form → 201 with its
// metadata and the Location of its bytes. The incident is checked before
// the body is read; the file is made durable in the blob store before its
// metadata commits, and a failure on the way leaves no metadata (the
// bytes, if any were committed, are swept later).
func (s *server) uploadAttachment(w http.ResponseWriter, r *http.Request) error {
	if err := s.notesConfigured(); err != nil {
		return err
	}
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	incidentID := r.PathValue("id")
	if err := s.manager.CanAttach(r.Context(), caller, incidentID, 0); err != nil {
		return err
	}
	form, err := s.readUploadForm(r, func(noteID int64) error {
		return s.manager.CanAttach(r.Context(), caller, incidentID, noteID)
	})
	if err != nil {
		return err
	}
	// Held until the metadata naming the blob has committed or failed.
	defer form.file.Close()
	stored, err := form.file.Commit()
	if err != nil {
		return blobError(err)
	}
	form.upload.SHA256, form.upload.Size = stored.Digest, stored.Size
	a, replayed, err := s.manager.AddAttachment(r.Context(), caller, incidentID, form.upload, key)
	if err != nil {
		return err
	}
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", contract.AttachmentPath(a.IncidentID, a.ID))
	writeJSONBytes(w, http.StatusCreated, contract.AppendAttachmentJSON(nil, &a))
	return nil
}

// downloadAttachment answers a file's bytes with its sniffed type, its
// name for saving, its SHA-256 as strong ETag, and support for Range,
// If-Range, If-None-Match and If-Match (http.ServeContent).
func (s *server) downloadAttachment(w http.ResponseWriter, r *http.Request) error {
	if err := s.notesConfigured(); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("attachmentId"), 10, 64)
	if err != nil || id <= 0 {
		return incident.NotFound("attachment") // no such id can exist
	}
	a, err := s.manager.Attachments.GetAttachment(r.Context(), stateOf(r.Context()).caller.Scope, r.PathValue("id"), id)
	if err != nil {
		return err
	}
	content, err := s.blobs.Open(a.SHA256)
	if errors.Is(err, blob.ErrNotFound) {
		return fmt.Errorf("attachment %d of incident %s: its blob %s is missing", a.ID, a.IncidentID, a.SHA256)
	}
	if err != nil {
		return err
	}
	defer content.Close()
	h := w.Header()
	h.Set("Content-Type", a.MimeType)
	h.Set("Content-Disposition", contentDisposition(a.Name))
	h.Set("ETag", `"`+a.SHA256+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if rng := r.Header.Get("Range"); rng != "" && !strings.HasPrefix(rng, "bytes=") {
		// A range unit the server does not know is ignored (RFC 9110
		// §14.2): the whole file, where ServeContent would answer 416.
		r.Header.Del("Range")
	}
	http.ServeContent(&fileResponse{ResponseWriter: w, r: r, s: s, size: a.Size, etag: h.Get("ETag")}, r, "", a.CreatedAt, content)
	return nil
}

// fileResponse passes a file answer through, but turns the error answers
// of http.ServeContent, plain text, into the API's JSON errors: a failed
// If-Match (412, code 65) and an unsatisfiable Range (416, code 26 as a
// header value that cannot be served, with Content-Range "bytes */size").
type fileResponse struct {
	http.ResponseWriter
	r        *http.Request
	s        *server
	size     int64
	etag     string
	replaced bool
}

func (f *fileResponse) WriteHeader(status int) {
	if status < http.StatusBadRequest {
		f.ResponseWriter.WriteHeader(status)
		return
	}
	f.replaced = true
	h := f.Header()
	h.Del("Content-Disposition")
	switch status {
	case http.StatusPreconditionFailed:
		f.s.errors.write(f.ResponseWriter, f.r, fail(incident.CodePreconditionFailed, MsgFileChanged, f.etag))
	case http.StatusRequestedRangeNotSatisfiable:
		// ServeContent names the size for a range outside the file only;
		// a malformed range is as unsatisfiable (RFC 9110 §15.5.17).
		h.Set("Content-Range", "bytes */"+strconv.FormatInt(f.size, 10))
		lang := stateOf(f.r.Context()).language
		e := fail(incident.CodeInvalidHeader, MsgRangeNotSatisfiable, f.size)
		body := errorBody{Code: e.Code, Message: text.Message(lang, errorKinds[e.Code].message), Description: e.Describe(lang)}
		writeJSONBytes(f.ResponseWriter, status, errorJSON(body, nil))
	default:
		f.s.errors.write(f.ResponseWriter, f.r, fmt.Errorf("serving attachment: status %d", status))
	}
}

func (f *fileResponse) Write(p []byte) (int, error) {
	if f.replaced {
		return len(p), nil // the plain text of the replaced answer
	}
	return f.ResponseWriter.Write(p)
}

// contentDisposition offers the file for saving under its name (RFC 6266):
// filename* carries it exactly, percent-encoded UTF-8 (RFC 8187), and
// filename an ASCII approximation for older clients.
func contentDisposition(name string) string {
	var ascii, encoded strings.Builder
	for _, r := range name {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			ascii.WriteByte('_')
		} else {
			ascii.WriteRune(r)
		}
	}
	for _, c := range []byte(name) {
		if isAttrChar(c) {
			encoded.WriteByte(c)
		} else {
			fmt.Fprintf(&encoded, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii.String() + `"; filename*=UTF-8''` + encoded.String()
}

// isAttrChar reports whether c may stand unencoded in an RFC 8187 value.
func isAttrChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (f *fileResponse) Unwrap() http.ResponseWriter { return f.ResponseWriter }
