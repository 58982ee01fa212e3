package httpapi_test

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incidentd/incidentd/auth"
)

// download fetches an attachment's bytes as c.
func (e *env) download(c caller, href string, headers ...string) reply {
	e.t.Helper()
	return e.call(c, http.MethodGet, href, nil, headers...)
}

// checkFileHeaders checks the headers of a whole-file download.
func checkFileHeaders(t *testing.T, r reply, a map[string]any) {
	t.Helper()
	h := r.header
	if h.Get("Content-Type") != a["mimeType"] {
		t.Errorf("Content-Type %q, metadata says %v", h.Get("Content-Type"), a["mimeType"])
	}
	if h.Get("Content-Length") != strconv.Itoa(int(a["size"].(float64))) {
		t.Errorf("Content-Length %q, size %v", h.Get("Content-Length"), a["size"])
	}
	if h.Get("ETag") != `"`+a["sha256"].(string)+`"` {
		t.Errorf("ETag %q, sha256 %v", h.Get("ETag"), a["sha256"])
	}
	if h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("X-Content-Type-Options %q", h.Get("X-Content-Type-Options"))
	}
	name := a["name"].(string)
	got := h.Get("Content-Disposition")
	fallback, encoded, ok := strings.Cut(strings.TrimPrefix(got, "attachment; filename=\""), "\"; filename*=UTF-8''")
	decoded, err := url.PathUnescape(encoded)
	if !strings.HasPrefix(got, "attachment; ") || !ok || fallback != asciiName(name) || err != nil || decoded != name {
		t.Errorf("Content-Disposition %q for name %q", got, name)
	}
}

func asciiName(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r < 0x20 || r > 0x7e || r == '"' || r == '\\' || r == '%' {
			b.WriteByte('_')
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Spec §9 and the limits of the upload: byte-identical round trips up
// to the limit, one byte more refused, an empty file refused.
func TestAttachmentRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		for _, size := range []int{1, 1 << 20, 20 << 20} {
			content := fileOfSize(size)
			a := e.uploadFile(acme.customer, id, "capture.pdf", content, formPart{name: "description", content: []byte("size " + strconv.Itoa(size))})
			if a["size"] != float64(size) || a["sha256"] != sha256Hex(content) || a["name"] != "capture.pdf" {
				t.Fatalf("size %d: metadata %v", size, a)
			}
			r := e.download(acme.customer, a["href"].(string))
			if r.status != http.StatusOK || !bytes.Equal(r.body, content) {
				t.Fatalf("size %d: download %d, %d bytes, identical %t", size, r.status, len(r.body), bytes.Equal(r.body, content))
			}
			checkFileHeaders(t, r, a)
		}
		checkError(t, e.upload(acme.customer, id, nil, fileField("big.pdf", fileOfSize(20<<20+1))), 413, 66)
		checkError(t, e.upload(acme.customer, id, nil, fileField("empty.bin", nil)), 400, 24)

		list := e.call(acme.customer, http.MethodGet, attachmentsPath(id), nil)
		if total, count := countHeaders(t, list); total != 3 || count != 3 || len(list.list(t)) != 3 {
			t.Errorf("list: %d/%d", total, count)
		}
		// Only the three stored files are in the blob store.
		if n := blobFiles(t, e); n != 3 {
			t.Errorf("%d files in the blob store, want 3", n)
		}
	})
}

// blobFiles counts the files of the environment's blob store, temporary
// files included.
func blobFiles(t *testing.T, e *env) int {
	t.Helper()
	n := 0
	filepath.WalkDir(e.blobs.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			n++
		}
		return err
	})
	return n
}

// The upload is refused as soon as the file passes the limit: the server
// does not read the rest of a body much larger than the limit.
func TestUploadRefusedEarly(t *testing.T) {
	eachBackendWith(t, options{maxAttachmentBytes: 1 << 20}, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		body, contentType := endlessFile(1 << 30)
		counted := &countingReader{r: body}
		req := e.request(http.MethodPost, attachmentsPath(acme.ids[0]), nil)
		req.Body = readCloser{counted}
		req.ContentLength = -1 // chunked: the size is not announced
		req.Header.Set("Content-Type", contentType)
		req.Header.Set("Authorization", "Bearer "+acme.customer.token)
		req.Header.Set("X-Api-Key", acme.customer.key)
		resp, err := e.client.Do(req)
		if err != nil {
			t.Fatalf("upload: %v (read %d bytes of the body)", err, counted.n.Load())
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusRequestEntityTooLarge {
			t.Fatalf("status %d, want 413", resp.StatusCode)
		}
		if counted.n.Load() > 32<<20 {
			t.Errorf("the client sent %d bytes before the answer: the server read on past the 1 MiB limit", counted.n.Load())
		}
		if n := blobFiles(t, e); n != 0 {
			t.Errorf("%d files left in the blob store", n)
		}

		// A body announced larger than the limit is refused before it is read.
		r := e.call(acme.customer, http.MethodPost, attachmentsPath(acme.ids[0]), bytes.Repeat([]byte("x"), 2<<20),
			"Content-Type", "multipart/form-data; boundary=x")
		checkError(t, r, 413, 66)
	})
}

type readCloser struct{ r *countingReader }

func (r readCloser) Read(p []byte) (int, error) { return r.r.Read(p) }
func (readCloser) Close() error                 { return nil }

// File names are stored safely: no path, no control character, bounded.
func TestAttachmentNames(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		long := strings.Repeat("n", 300) + ".txt"
		for _, tc := range []struct{ given, stored string }{
			{"../../etc/passwd", "passwd"},
			{`a\b`, "b"},
			{`C:\Users\jane\trace.txt`, "trace.txt"},
			{long, strings.Repeat("n", 196) + ".txt"},
			{"bell\x07tab\tnew\nline.txt", "belltabnewline.txt"},
			{"rtl\u202Etxt.exe", "rtltxt.exe"},
			{"rapport d'incident – été.txt", "rapport d'incident – été.txt"},
			{`quote".txt`, "quote_.txt"},
			{"..", "attachment"},
		} {
			a := e.uploadFile(acme.customer, id, tc.given, []byte("content of "+tc.stored))
			if a["name"] != tc.stored {
				t.Errorf("name %q stored as %q, want %q", tc.given, a["name"], tc.stored)
				continue
			}
			if utf8.RuneCountInString(tc.stored) > 200 {
				t.Errorf("stored name of %d characters", utf8.RuneCountInString(tc.stored))
			}
			r := e.download(acme.customer, a["href"].(string))
			cd := r.header.Get("Content-Disposition")
			if strings.ContainsAny(cd, "\r\n\x00/\\") || strings.Count(cd, `"`) != 2 {
				t.Errorf("Content-Disposition %q", cd)
			}
			_, encoded, _ := strings.Cut(cd, "filename*=UTF-8''")
			if decoded, err := url.PathUnescape(encoded); err != nil || decoded != tc.stored {
				t.Errorf("filename* %q decodes to %q (%v), want %q", encoded, decoded, err, tc.stored)
			}
		}
		// Names never reach the file system: the store holds digests only.
		filepath.WalkDir(e.blobs.Dir(), func(path string, d fs.DirEntry, err error) error {
			if err == nil && d.Type().IsRegular() && len(d.Name()) != 64 {
				t.Errorf("blob store file %s is not named by a digest", path)
			}
			return err
		})
		// A file name given in RFC 2231 form is read too.
		body := "--x\r\nContent-Disposition: form-data; name=\"file\"; filename*=UTF-8''%C3%A9t%C3%A9.txt\r\n\r\nsummer\r\n--x--\r\n"
		r := e.call(acme.customer, http.MethodPost, attachmentsPath(id), body, "Content-Type", "multipart/form-data; boundary=x")
		if r.status != http.StatusCreated || r.object(t)["name"] != "été.txt" {
			t.Errorf("RFC 2231 name: %d %s", r.status, r.body)
		}
	})
}

var pngHeader = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")

// The type is sniffed from the content and checked against the allow-list.
func TestAttachmentTypes(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		for _, tc := range []struct {
			name, declared string
			content        []byte
			want           string
		}{
			{"photo.txt", "text/plain", pngHeader, "image/png"},
			{"doc.pdf", "application/octet-stream", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), "application/pdf"},
			{"notes.txt", "", []byte("plain words\n"), "text/plain; charset=utf-8"},
			{"export.csv", "application/octet-stream", []byte("id,status\n1,NEW\n"), "text/csv; charset=utf-8"},
			{"data", "text/csv", []byte("id,status\n1,NEW\n"), "text/csv; charset=utf-8"},
			{"payload.json", "", []byte(`{"a":1}`), "application/json"},
			{"archive.zip", "", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "application/zip"},
		} {
			r := e.upload(acme.customer, id, nil, formPart{name: "file", fileName: tc.name, contentType: tc.declared, content: tc.content})
			if r.status != http.StatusCreated {
				t.Errorf("%s: %d %s", tc.name, r.status, r.body)
				continue
			}
			a := r.object(t)
			if a["mimeType"] != tc.want {
				t.Errorf("%s: mimeType %v, want %s", tc.name, a["mimeType"], tc.want)
			}
			if got := e.download(acme.customer, a["href"].(string)).header.Get("Content-Type"); got != tc.want {
				t.Errorf("%s: served as %q", tc.name, got)
			}
		}
		for name, content := range map[string][]byte{
			"page.html":  []byte("<!DOCTYPE html><html><script>alert(1)</script></html>"),
			"image.svg":  []byte(`<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>`),
			"binary.bin": {0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10},
		} {
			r := checkError(t, e.upload(acme.customer, id, nil, formPart{name: "file", fileName: name, contentType: "image/png", content: content}), 415, 68)
			if !strings.Contains(r["description"].(string), "image/png") {
				t.Errorf("%s: %v does not list the accepted types", name, r["description"])
			}
		}
		if n := blobFiles(t, e); n != 6 {
			t.Errorf("%d files in the blob store, want the 6 accepted contents", n)
		}
	})
}

// The allow-list is configurable.
func TestAttachmentTypesConfigured(t *testing.T) {
	eachBackendWith(t, options{attachmentTypes: []string{"application/octet-stream", "image/*"}}, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		e.uploadFile(acme.customer, id, "capture.pcap", []byte{0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00})
		e.uploadFile(acme.customer, id, "photo.png", pngHeader)
		checkError(t, e.upload(acme.customer, id, nil, fileField("notes.txt", []byte("plain words"))), 415, 68)
	})
}

// Range, conditional requests and errors of a download.
func TestAttachmentDownload(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		content := []byte("0123456789abcdefghij")
		a := e.uploadFile(acme.customer, acme.ids[0], "digits.txt", content)
		href := a["href"].(string)
		etag := `"` + a["sha256"].(string) + `"`

		r := e.download(acme.customer, href, "Range", "bytes=2-5")
		if r.status != http.StatusPartialContent || string(r.body) != "2345" || r.header.Get("Content-Range") != "bytes 2-5/20" || r.header.Get("Content-Length") != "4" {
			t.Errorf("bytes=2-5: %d %q %v", r.status, r.body, r.header)
		}
		r = e.download(acme.customer, href, "Range", "bytes=-3")
		if r.status != http.StatusPartialContent || string(r.body) != "hij" {
			t.Errorf("bytes=-3: %d %q", r.status, r.body)
		}
		r = e.download(acme.customer, href, "Range", "bytes=15-")
		if r.status != http.StatusPartialContent || string(r.body) != "fghij" {
			t.Errorf("bytes=15-: %d %q", r.status, r.body)
		}
		r = e.download(acme.customer, href, "Range", "bytes=0-1,4-5")
		if r.status != http.StatusPartialContent || !strings.HasPrefix(r.header.Get("Content-Type"), "multipart/byteranges") {
			t.Errorf("two ranges: %d %s", r.status, r.header.Get("Content-Type"))
		}
		checkError(t, e.download(acme.customer, href, "Range", "bytes=20-30"), 416, 26)
		if got := e.download(acme.customer, href, "Range", "bytes=20-30").header.Get("Content-Range"); got != "bytes */20" {
			t.Errorf("416 Content-Range %q", got)
		}
		// If-Range with the current tag honours the range, another sends the whole file.
		if r := e.download(acme.customer, href, "Range", "bytes=0-0", "If-Range", etag); r.status != 206 {
			t.Errorf("If-Range current: %d", r.status)
		}
		if r := e.download(acme.customer, href, "Range", "bytes=0-0", "If-Range", `"other"`); r.status != 200 || !bytes.Equal(r.body, content) {
			t.Errorf("If-Range other: %d", r.status)
		}
		if r := e.download(acme.customer, href, "If-None-Match", etag); r.status != http.StatusNotModified || len(r.body) != 0 {
			t.Errorf("If-None-Match: %d", r.status)
		}
		checkError(t, e.download(acme.customer, href, "If-Match", `"other"`), 412, 65)
		if r := e.download(acme.customer, href, "If-Match", etag); r.status != 200 {
			t.Errorf("If-Match current: %d", r.status)
		}
		// The file is served whatever Accept says; HEAD has the headers only.
		if r := e.download(acme.customer, href, "Accept", "application/json"); r.status != 200 || !bytes.Equal(r.body, content) {
			t.Errorf("Accept: application/json: %d", r.status)
		}
		head := e.send(withCredentials(e.request(http.MethodHead, href, nil), acme.customer))
		if head.status != 200 || len(head.body) != 0 || head.header.Get("Content-Length") != "20" || head.header.Get("ETag") != etag {
			t.Errorf("HEAD: %d %v", head.status, head.header)
		}
		// French errors on downloads too.
		fr := checkError(t, e.download(acme.customer, href, "Range", "bytes=99-", "Accept-Language", "fr"), 416, 26)
		if !strings.Contains(fr["description"].(string), "octets") {
			t.Errorf("French description %v", fr["description"])
		}

		for _, bad := range []string{"0", "-1", "x", "99999999"} {
			checkError(t, e.download(acme.customer, attachmentsPath(acme.ids[0])+"/"+bad), 404, 60)
		}
		checkError(t, e.call(acme.customer, http.MethodGet, attachmentsPath(acme.ids[0])+"?limit=1", nil), 400, 28)
	})
}

func withCredentials(req *http.Request, c caller) *http.Request {
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("X-Api-Key", c.key)
	return req
}

// Another customer's attachments do not exist; a read-only client cannot
// upload; the files of internal notes are the provider's only.
func TestAttachmentIsolation(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		globex := e.reportFleet("globex", 1)
		operator := e.login(e.newOperator(), auth.ScopeOperator)
		readonly := e.login(acme.customer.party, auth.ScopeReadOnly)
		id := acme.ids[0]
		mine := e.uploadFile(acme.customer, id, "mine.txt", []byte("mine"))
		theirs := e.uploadFile(globex.customer, globex.ids[0], "theirs.txt", []byte("theirs"))
		theirNote := e.addNote(globex.customer, globex.ids[0], map[string]any{"text": "ours"})

		// Another customer's: the same 404 as a missing one, on every route.
		checkError(t, e.download(acme.customer, theirs["href"].(string)), 404, 60)
		checkError(t, e.call(acme.customer, http.MethodGet, attachmentsPath(globex.ids[0]), nil), 404, 60)
		checkError(t, e.upload(acme.customer, globex.ids[0], nil, fileField("x.txt", []byte("x"))), 404, 60)
		// Their attachment id or note id under my incident.
		checkError(t, e.download(acme.customer, attachmentsPath(id)+"/"+sprintID(theirs["id"])), 404, 60)
		checkError(t, e.upload(acme.customer, id, nil, textField("noteId", sprintID(theirNote["id"])), fileField("x.txt", []byte("x"))), 404, 60)

		// Read-only: reads, never writes.
		if r := e.download(readonly, mine["href"].(string)); r.status != 200 {
			t.Errorf("read-only download: %d", r.status)
		}
		checkError(t, e.upload(readonly, id, nil, fileField("x.txt", []byte("x"))), 403, 50)

		// An internal note's file: listed, counted and served for the
		// operator only, and absent from the note's list for the customer.
		internal := e.addNote(operator, id, map[string]any{"text": "Vendor case opened", "internal": true})
		hidden := e.uploadFile(operator, id, "vendor.txt", []byte("vendor ticket 42"), textField("noteId", sprintID(internal["id"])))
		public := e.addNote(operator, id, map[string]any{"text": "Fixed"})
		e.uploadFile(operator, id, "report.txt", []byte("report"), textField("noteId", sprintID(public["id"])))

		r := e.call(acme.customer, http.MethodGet, attachmentsPath(id), nil)
		for _, a := range r.list(t) {
			if a["id"] == hidden["id"] {
				t.Error("the customer lists an internal note's file")
			}
		}
		if total, _ := countHeaders(t, r); total != 2 {
			t.Errorf("customer counts %d attachments, want 2", total)
		}
		if total, _ := countHeaders(t, e.call(operator, http.MethodGet, attachmentsPath(id), nil)); total != 3 {
			t.Errorf("operator counts %d attachments, want 3", total)
		}
		checkError(t, e.download(acme.customer, hidden["href"].(string)), 404, 60)
		if r := e.download(operator, hidden["href"].(string)); r.status != 200 || string(r.body) != "vendor ticket 42" {
			t.Errorf("operator download: %d", r.status)
		}
		for _, n := range e.call(acme.customer, http.MethodGet, notesPath(id), nil).list(t) {
			if n["id"] == internal["id"] {
				t.Error("the customer lists the internal note")
			}
		}
		// The customer can neither attach to the internal note nor to a provider note.
		checkError(t, e.upload(acme.customer, id, nil, textField("noteId", sprintID(internal["id"])), fileField("x.txt", []byte("x"))), 404, 60)
		checkError(t, e.upload(acme.customer, id, nil, textField("noteId", sprintID(public["id"])), fileField("x.txt", []byte("x"))), 400, 24)
	})
}

func TestAttachmentIdempotency(t *testing.T) {
	eachBackend(t, func(t *testing.T, e *env) {
		acme := e.reportFleet("acme", 1)
		id := acme.ids[0]
		key := []string{"Idempotency-Key", "upload-1"}
		first := e.upload(acme.customer, id, key, fileField("a.txt", []byte("first")))
		again := e.upload(acme.customer, id, key, fileField("a.txt", []byte("first")))
		if first.status != 201 || again.status != 201 || first.object(t)["id"] != again.object(t)["id"] ||
			again.header.Get("Idempotent-Replayed") != "true" || again.header.Get("Location") != first.header.Get("Location") {
			t.Fatalf("retry: %d %s / %d %s %v", first.status, first.body, again.status, again.body, again.header)
		}
		checkError(t, e.upload(acme.customer, id, key, fileField("a.txt", []byte("second"))), 422, 102)
		checkError(t, e.upload(acme.customer, id, key, fileField("b.txt", []byte("first"))), 422, 102)
		checkError(t, e.upload(acme.customer, id, []string{"Idempotency-Key", strings.Repeat("k", 256)}, fileField("a.txt", []byte("x"))), 400, 26)
		if total, _ := countHeaders(t, e.call(acme.customer, http.MethodGet, attachmentsPath(id), nil)); total != 1 {
			t.Errorf("%d attachments, want 1", total)
		}
		// The refused uploads' bytes are not kept once swept.
		swept, err := e.blobs.Sweep(context.Background(), e.db.BlobReferenced)
		if err != nil || swept.Blobs != 1 {
			t.Errorf("sweep: %+v %v, want the one refused content removed", swept, err)
		}
		if n := blobFiles(t, e); n != 1 {
			t.Errorf("%d files in the blob store, want 1", n)
		}
	})
}
