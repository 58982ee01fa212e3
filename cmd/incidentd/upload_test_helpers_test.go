package main

import (
	"encoding/json"
	"io"
	"io/fs"
	"mime/multipart"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
)

// demoIncident returns a token of the demo customer's client and the id of
// one of its incidents, on a server started with --demo.
func demoIncident(t *testing.T, srv *server) (token, id string) {
	t.Helper()
	token = demoToken(t, srv.URL, "demo-client")
	resp, body := get(t, srv.URL+"/incident/b2b/v1/incidents?limit=1&fields=id", token, "demo-api-key")
	var list []struct{ ID string }
	if resp.StatusCode != http.StatusOK || json.Unmarshal(body, &list) != nil || len(list) != 1 {
		t.Fatalf("demo incident: %d %s", resp.StatusCode, body)
	}
	return token, list[0].ID
}

// uploadRequest is a POST of an upload form whose file part is read from
// content as the request is sent.
func uploadRequest(t *testing.T, srv *server, token, id string, content io.Reader) *http.Request {
	t.Helper()
	pr, pw := io.Pipe()
	form := multipart.NewWriter(pw)
	go func() {
		part, err := form.CreateFormFile("file", "capture.pdf")
		if err == nil {
			_, err = io.Copy(part, content)
		}
		if err == nil {
			err = form.Close()
		}
		pw.CloseWithError(err)
	}()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/incident/b2b/v1/incidents/"+id+"/attachments", pr)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", form.FormDataContentType())
	req.Header.Set("Authorization", token)
	req.Header.Set("X-API-key", "demo-api-key")
	return req
}

// pdfStream is n bytes of an accepted type, produced as they are read.
func pdfStream(n int64) io.Reader {
	return io.MultiReader(strings.NewReader("%PDF-1.7\n"), io.LimitReader(pattern{}, n-9))
}

type pattern struct{}

func (pattern) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(i * 7)
	}
	return len(p), nil
}

// regularFiles lists the files under dir, relative to it.
func regularFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			rel, _ := filepath.Rel(dir, path)
			out = append(out, rel)
		}
		return err
	})
	if err != nil && !strings.Contains(err.Error(), "no such file") {
		t.Fatal(err)
	}
	return out
}
