package httpapi_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"sync/atomic"
	"testing"
)

// formPart is one part of an upload form: a file when fileName or
// contentType is set, else a plain field.
type formPart struct {
	name        string
	fileName    string
	contentType string
	content     []byte
}

func fileField(fileName string, content []byte) formPart {
	return formPart{name: "file", fileName: fileName, contentType: "application/octet-stream", content: content}
}

func textField(name, value string) formPart { return formPart{name: name, content: []byte(value)} }

// form encodes parts as multipart/form-data.
func form(t *testing.T, parts ...formPart) (body []byte, contentType string) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		disposition := fmt.Sprintf(`form-data; name=%q`, p.name)
		if p.fileName != "" {
			disposition += "; " + fileNameParam(p.fileName)
		}
		h.Set("Content-Disposition", disposition)
		if p.contentType != "" {
			h.Set("Content-Type", p.contentType)
		}
		pw, err := w.CreatePart(h)
		if err != nil {
			t.Fatal(err)
		}
		pw.Write(p.content)
	}
	w.Close()
	return buf.Bytes(), w.FormDataContentType()
}

// fileNameParam writes a file name as a browser would: a quoted string
// when it is printable ASCII, else RFC 2231 percent-encoded UTF-8
// (filename*), the only way to carry control characters.
func fileNameParam(name string) string {
	printable := true
	for i := 0; i < len(name); i++ {
		if name[i] < 0x20 || name[i] > 0x7e {
			printable = false
		}
	}
	if printable {
		return `filename="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(name) + `"`
	}
	var b strings.Builder
	for _, c := range []byte(name) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return "filename*=UTF-8''" + b.String()
}

// fileOfSize is n bytes of an accepted type: a PDF header followed by a
// binary pattern (one byte: a letter, plain text).
func fileOfSize(n int) []byte {
	if n < 16 {
		return bytes.Repeat([]byte("x"), n)
	}
	return append([]byte("%PDF-1.7\n"), patterned(n-9)...)
}

func attachmentsPath(id string) string { return base + "/incidents/" + id + "/attachments" }

// upload posts a form to an incident's attachments.
func (e *env) upload(c caller, incidentID string, headers []string, parts ...formPart) reply {
	e.t.Helper()
	body, contentType := form(e.t, parts...)
	return e.call(c, http.MethodPost, attachmentsPath(incidentID), body, append([]string{"Content-Type", contentType}, headers...)...)
}

// uploadFile uploads one file and returns its metadata; it fails the test
// unless the answer is 201.
func (e *env) uploadFile(c caller, incidentID, name string, content []byte, more ...formPart) map[string]any {
	e.t.Helper()
	r := e.upload(c, incidentID, nil, append([]formPart{fileField(name, content)}, more...)...)
	if r.status != http.StatusCreated {
		e.t.Fatalf("upload %s: %d %s", name, r.status, r.body)
	}
	return r.object(e.t)
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// patterned is n bytes of a repeating, non-text pattern.
func patterned(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*31 + i/251)
	}
	return b
}

// countingReader counts what the transport read of a request body. The
// transport may still be reading when the response arrives: the count is
// atomic.
type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// endlessFile is a form whose file part never ends before size bytes,
// produced as it is read.
func endlessFile(size int64) (io.Reader, string) {
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() {
		part, err := w.CreateFormFile("file", "big.pdf")
		if err == nil {
			_, err = io.Copy(part, io.MultiReader(strings.NewReader("%PDF-1.7\n"), io.LimitReader(zeroes{}, size)))
		}
		if err == nil {
			err = w.Close()
		}
		pw.CloseWithError(err)
	}()
	return pr, w.FormDataContentType()
}

type zeroes struct{}

func (zeroes) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

func TestUploadFormParts(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		note := e.addNote(acme.customer, id, map[string]any{"text": "Logs attached"})
		noteID := sprintID(note["id"])
		text := []byte("router log line 1\n")

		// noteId and description may come before or after the file.
		before := e.uploadFile(acme.customer, id, "a.txt", text)
		_ = before
		r := e.upload(acme.customer, id, nil, textField("noteId", noteID), textField("description", "Router log"), fileField("b.txt", text))
		after := e.upload(acme.customer, id, nil, fileField("c.txt", text), textField("description", "Router log"), textField("noteId", noteID))
		for _, r := range []reply{r, after} {
			if r.status != http.StatusCreated {
				t.Fatalf("upload: %d %s", r.status, r.body)
			}
			a := r.object(t)
			if sprintID(a["noteId"]) != noteID || a["description"] != "Router log" {
				t.Errorf("metadata %s", r.body)
			}
		}
		// The note lists its files.
		notes := e.call(acme.customer, http.MethodGet, notesPath(id), nil).list(t)
		if got := notes[0]["attachments"].([]any); len(got) != 2 {
			t.Errorf("note attachments %v", got)
		}

		for _, tc := range []struct {
			name   string
			parts  []formPart
			status int
			code   int
		}{
			{"no file", []formPart{textField("description", "x")}, 400, 23},
			{"two files", []formPart{fileField("a.txt", text), fileField("b.txt", text)}, 400, 24},
			{"unknown part", []formPart{fileField("a.txt", text), textField("colour", "red")}, 400, 24},
			{"two descriptions", []formPart{textField("description", "a"), textField("description", "b"), fileField("a.txt", text)}, 400, 24},
			{"long description", []formPart{textField("description", strings.Repeat("x", 1001)), fileField("a.txt", text)}, 400, 24},
			{"huge description", []formPart{textField("description", strings.Repeat("x", 9000)), fileField("a.txt", text)}, 400, 24},
			{"NUL in description", []formPart{fileField("a.txt", text), textField("description", "a\x00b")}, 400, 24},
			{"malformed noteId", []formPart{textField("noteId", "first"), fileField("a.txt", text)}, 400, 24},
			{"missing note before the file", []formPart{textField("noteId", "999999"), fileField("a.txt", text)}, 404, 60},
			{"missing note after the file", []formPart{fileField("a.txt", text), textField("noteId", "999999")}, 404, 60},
			{"empty file", []formPart{fileField("empty.txt", nil)}, 400, 24},
		} {
			t.Run(tc.name, func(t *testing.T) {
				checkError(t, e.upload(acme.customer, id, nil, tc.parts...), tc.status, tc.code)
			})
		}
		checkError(t, e.call(acme.customer, http.MethodPost, attachmentsPath(id), "--x\r\nnot a form", "Content-Type", "multipart/form-data; boundary=x"), 400, 22)
		checkError(t, e.call(acme.customer, http.MethodPost, attachmentsPath(id), "abc", "Content-Type", "multipart/form-data"), 400, 22)
		checkError(t, e.call(acme.customer, http.MethodPost, attachmentsPath(id), "", "Content-Type", "multipart/form-data; boundary=x"), 400, 21)
		checkError(t, e.call(acme.customer, http.MethodPost, attachmentsPath(id), map[string]any{"file": "x"}), 415, 68)
		checkError(t, e.call(acme.customer, http.MethodPost, attachmentsPath(id), "x", "Content-Type", "application/octet-stream"), 415, 68)

		// Only the accepted uploads were stored.
		if total, _ := countHeaders(t, e.call(acme.customer, http.MethodGet, attachmentsPath(id), nil)); total != 3 {
			t.Errorf("%d attachments, want 3", total)
		}
	})
}
