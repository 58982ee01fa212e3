package console_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/console"
)

// upload posts the upload form of an incident's page with one file.
func (c *client) upload(incidentID, name string, content []byte) response {
	c.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	part, err := w.CreateFormFile("file", name)
	if err != nil {
		c.e.t.Fatal(err)
	}
	part.Write(content)
	w.WriteField("description", "from the test")
	w.Close()
	req, err := http.NewRequest(http.MethodPost, c.e.base+incidentPath(incidentID)+"/attachments", &body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Origin", c.e.base)
	return c.do(req)
}

func TestUploadRefusals(t *testing.T) {
	e := newEnv(t, func(c *console.Config) { c.MaxAttachmentBytes = 1 << 10 })
	inc := e.report(demoReporter, newIncident("Router down"))
	c := e.signIn(demoReporter)
	for _, tc := range []struct {
		name, file string
		content    []byte
		status     int
		says       string
	}{
		{"a web page", "page.html", []byte("<!doctype html><script>alert(1)</script>"), http.StatusUnsupportedMediaType, "text/html"},
		{"too large", "big.log", bytes.Repeat([]byte("x"), 2<<10), http.StatusRequestEntityTooLarge, "exceeds"},
		{"empty", "empty.log", nil, http.StatusUnprocessableEntity, "empty"},
	} {
		r := c.upload(inc.ID, tc.file, tc.content)
		if r.status != tc.status || !strings.Contains(r.body, tc.says) {
			t.Errorf("%s: status %d, want %d saying %q", tc.name, r.status, tc.status, tc.says)
		}
	}
	if r := c.upload(inc.ID, "ok.log", []byte("fine\n")); r.status != http.StatusSeeOther {
		t.Fatalf("a small text file: status %d", r.status)
	}
	files, err := e.db.ListAttachments(context.Background(), e.caller(demoReporter).Scope, inc.ID)
	if err != nil || len(files) != 1 || files[0].Name != "ok.log" {
		t.Errorf("attachments after the refusals: %+v, %v", files, err)
	}
	if r := c.get(incidentPath(inc.ID) + "/attachments/" + "1"); r.status != http.StatusOK || r.body != "fine\n" ||
		r.header.Get("Content-Disposition") != "attachment; filename=ok.log" || r.header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: status %d, headers %v", r.status, r.header)
	}
}
