package httpapi

import (
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"slices"

	"github.com/incidentd/incidentd/blob"
	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// The upload form (spec §9): multipart/form-data with one part "file" and
// optional parts "noteId" and "description", in any order. The file is
// streamed to the blob store as it arrives, never held in memory; the
// other parts are small and read whole.

var multipartBody = []string{"multipart/form-data"}

const (
	// DefaultMaxAttachmentBytes is the largest file taken when the
	// configuration does not say (20 MiB).
	DefaultMaxAttachmentBytes = 20 << 20
	// multipartOverhead is what an upload body may hold besides the file:
	// boundaries, part headers, noteId and description.
	multipartOverhead = 64 << 10
	// maxFieldBytes bounds a form field other than the file: a description
	// of 1000 characters takes at most 4000 bytes.
	maxFieldBytes = 8 << 10
)

const (
	partFile        = "file"
	partNoteID      = "noteId"
	partDescription = "description"
)

// uploadForm is a read upload form: its fields, and the file written to
// the blob store but not committed yet.
type uploadForm struct {
	upload incident.Upload
	file   blob.Writer
}

// readUploadForm reads the upload form of r. The file part is refused as
// soon as it shows an unaccepted type (415, code 68) or grows past the
// limit (413, code 66), without reading the rest; an empty file is 400
// (code 24). checkNote, called when noteId comes before the file, checks
// the note at once, so that a bad noteId does not cost the upload. On
// success the caller owns form.file and must commit or close it.
func (s *server) readUploadForm(r *http.Request, checkNote func(noteID int64) error) (form uploadForm, err error) {
	defer func() {
		if err != nil && form.file != nil {
			form.file.Close()
			form.file = nil
		}
	}()
	if r.ContentLength == 0 {
		return form, fail(incident.CodeMissingBody, contract.MsgMissingBody)
	}
	reader, err := r.MultipartReader()
	if err != nil {
		return form, fail(incident.CodeInvalidBody, MsgAttachmentForm)
	}
	seen := map[string]bool{}
	for {
		part, err := reader.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return form, bodyError(err)
		}
		name := part.FormName()
		if seen[name] {
			return form, fail(incident.CodeInvalidBodyField, MsgAttachmentPartTwice, name)
		}
		seen[name] = true
		switch name {
		case partFile:
			form.upload.FileName = partFileName(part)
			form.file, err = s.receiveFile(part, &form.upload)
		case partNoteID:
			var noteID string
			if noteID, err = readField(part); err == nil {
				form.upload.NoteID, err = contract.ParseNoteID(noteID)
			}
			if err == nil && form.upload.NoteID != 0 && form.file == nil {
				err = checkNote(form.upload.NoteID)
			}
		case partDescription:
			form.upload.Description, err = readField(part)
			if err == nil {
				err = incident.CheckAttachmentDescription(form.upload.Description)
			}
		default:
			err = fail(incident.CodeInvalidBodyField, contract.MsgUnknownField, name)
		}
		if err != nil {
			// Not part.Close: it would read the rest of the part.
			return form, err
		}
		part.Close()
	}
	if form.file == nil {
		return form, fail(incident.CodeMissingBodyField, incident.MsgMissingField, partFile)
	}
	return form, nil
}

// partFileName is the file name as the client wrote it in the part's
// Content-Disposition (filename, or RFC 2231 filename*), unsanitized:
// multipart.Part.FileName would already have cut it at the system's path
// separator only.
func partFileName(p *multipart.Part) string {
	_, params, err := mime.ParseMediaType(p.Header.Get("Content-Disposition"))
	if err != nil {
		return ""
	}
	return params["filename"]
}

// readField reads a small form field whole.
func readField(p *multipart.Part) (string, error) {
	value, err := io.ReadAll(io.LimitReader(p, maxFieldBytes+1))
	if err != nil {
		return "", bodyError(err)
	}
	if len(value) > maxFieldBytes {
		return "", fail(incident.CodeInvalidBodyField, MsgAttachmentPartLength, p.FormName(), maxFieldBytes)
	}
	return string(value), nil
}

// receiveFile streams the file part into a new blob: the first bytes are
// sniffed and the type checked before anything is written, then the rest
// is copied while hashed, at most s.maxAttachmentBytes of it.
func (s *server) receiveFile(p *multipart.Part, u *incident.Upload) (blob.Writer, error) {
	src := &readErrors{r: io.LimitReader(p, s.maxAttachmentBytes+1)}
	head := make([]byte, sniffLen)
	n, err := io.ReadFull(src, head)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, bodyError(err)
	}
	if n == 0 {
		return nil, fail(incident.CodeInvalidBodyField, incident.MsgAttachmentEmpty)
	}
	u.MimeType = sniffType(head[:n], p.Header.Get("Content-Type"), u.FileName)
	if !s.attachmentTypes.allows(u.MimeType) {
		return nil, fail(incident.CodeUnsupportedMedia, MsgAttachmentType, u.MimeType, s.attachmentTypes)
	}
	w, err := s.blobs.Create()
	if err != nil {
		return nil, blobError(err)
	}
	size, err := w.Write(head[:n])
	if err == nil {
		var rest int64
		rest, err = io.Copy(w, src)
		size += int(rest)
	}
	switch {
	case src.err != nil:
		w.Close()
		return nil, bodyError(src.err)
	case err != nil:
		w.Close()
		return nil, blobError(err)
	case int64(size) > s.maxAttachmentBytes:
		w.Close()
		return nil, fail(incident.CodeTooLarge, MsgAttachmentTooLarge, s.maxAttachmentBytes)
	}
	u.Size = int64(size)
	return w, nil
}

// readErrors remembers the error of its reader, other than the end, so
// that a failed read of the request tells apart from a failed write.
type readErrors struct {
	r   io.Reader
	err error
}

func (e *readErrors) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		e.err = err
	}
	return n, err
}

// bodyError is the answer to a request body that could not be read: past
// the body limit 413 (code 66), else a malformed form (400, code 22).
func bodyError(err error) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return fail(incident.CodeTooLarge, MsgBodyTooLarge, tooLarge.Limit)
	}
	return fail(incident.CodeInvalidBody, MsgAttachmentForm)
}

// bodyLimit is the largest body a route takes: a file and its form on the
// upload route, the JSON limit elsewhere.
func (s *server) bodyLimit(rt route) int64 {
	if slices.Equal(rt.consumes, multipartBody) {
		return s.maxAttachmentBytes + multipartOverhead
	}
	return s.maxBodyBytes
}

// blobError is the answer to a failure of the blob store: when its disk
// is full, 503 (code 5) saying so, the cause going to the log; otherwise
// an internal error.
func blobError(err error) error {
	if errors.Is(err, blob.ErrFull) {
		return fmt.Errorf("%w: %w", incident.Errorf(incident.CodeUnavailable, incident.MsgStorageFull), err)
	}
	return err
}
