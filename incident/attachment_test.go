package incident_test

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/incidentd/incidentd/incident"
)

func TestSanitizeFileName(t *testing.T) {
	long := strings.Repeat("a", 300)
	for _, tc := range []struct{ in, want string }{
		{"report.pdf", "report.pdf"},
		{"../../etc/passwd", "passwd"},
		{"/etc/passwd", "passwd"},
		{`a\b`, "b"},
		{`C:\Users\jane\Desktop\trace.pcap`, "trace.pcap"},
		{`..\..\windows\win.ini`, "win.ini"},
		{"dir/", "dir"},
		{"..", incident.DefaultAttachmentName},
		{".", incident.DefaultAttachmentName},
		{"../..", incident.DefaultAttachmentName},
		{"", incident.DefaultAttachmentName},
		{"   ", incident.DefaultAttachmentName},
		{"a\x00b\x1fc\x7fd\u0085e.txt", "abcde.txt"},
		{"line\r\nbreak.txt", "linebreak.txt"},
		{"evil\u202Etxt.exe", "eviltxt.exe"}, // right-to-left override
		{"zero\u200Bwidth.txt", "zerowidth.txt"},
		{`what?.txt`, "what_.txt"},
		{`a<b>c:d"e|f*g.txt`, "a_b_c_d_e_f_g.txt"},
		{"name. . .", "name"},
		{"  spaced.txt  ", "spaced.txt"},
		{".hidden", ".hidden"},
		{"café crème.txt", "café crème.txt"},
		{"bad\xffutf8.txt", "bad\uFFFDutf8.txt"},
		{"\x00\x01", incident.DefaultAttachmentName},
	} {
		if got := incident.SanitizeFileName(tc.in); got != tc.want {
			t.Errorf("SanitizeFileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}

	got := incident.SanitizeFileName(long + ".pdf")
	if utf8.RuneCountInString(got) != incident.MaxAttachmentName || !strings.HasSuffix(got, ".pdf") {
		t.Errorf("300-character name: %q (%d characters)", got, utf8.RuneCountInString(got))
	}
	got = incident.SanitizeFileName(strings.Repeat("é", 300))
	if utf8.RuneCountInString(got) != incident.MaxAttachmentName || !utf8.ValidString(got) {
		t.Errorf("300 two-byte characters: %d characters, valid %v", utf8.RuneCountInString(got), utf8.ValidString(got))
	}
	got = incident.SanitizeFileName("x." + long)
	if utf8.RuneCountInString(got) != incident.MaxAttachmentName {
		t.Errorf("long extension: %d characters", utf8.RuneCountInString(got))
	}
}

// Every sanitized name is a plain, bounded name, whatever came in.
func FuzzSanitizeFileName(f *testing.F) {
	for _, s := range []string{"../../etc/passwd", `a\b`, "a\x00b", strings.Repeat("x", 300), "\u202E", ". .", "é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := incident.SanitizeFileName(in)
		if got == "" || got == "." || got == ".." || strings.ContainsAny(got, "/\\\x00") || !utf8.ValidString(got) ||
			utf8.RuneCountInString(got) > incident.MaxAttachmentName || got != strings.TrimSpace(got) {
			t.Fatalf("SanitizeFileName(%q) = %q", in, got)
		}
		for _, r := range got {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("SanitizeFileName(%q) = %q keeps a control character", in, got)
			}
		}
		if incident.SanitizeFileName(got) != got {
			t.Fatalf("SanitizeFileName is not stable on %q", got)
		}
	})
}

func TestCheckAttachmentDescription(t *testing.T) {
	for _, ok := range []string{"", "Trace of the outage", strings.Repeat("é", incident.MaxAttachmentDescription)} {
		if err := incident.CheckAttachmentDescription(ok); err != nil {
			t.Errorf("%.20q: %v", ok, err)
		}
	}
	for _, bad := range []string{"a\x00b", "\xff", strings.Repeat("x", incident.MaxAttachmentDescription+1)} {
		if err := incident.CheckAttachmentDescription(bad); incident.ErrorCode(err) != incident.CodeInvalidBodyField {
			t.Errorf("%.20q: %v, want code 24", bad, err)
		}
	}
}

func upload() incident.Upload {
	return incident.Upload{FileName: "../trace.txt", Description: "capture", SHA256: strings.Repeat("ab", 32), Size: 10, MimeType: "text/plain; charset=utf-8"}
}

func TestAddAttachment(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()
	a, _, err := m.AddAttachment(ctx, customerCaller, "2611N00001", upload(), "")
	if err != nil {
		t.Fatal(err)
	}
	if a.Name != "trace.txt" || a.Author != customerCaller.Actor || a.NoteID != 0 || a.Description != "capture" || a.Size != 10 {
		t.Errorf("stored %+v", a)
	}

	u := upload()
	u.NoteID = 1
	if a, _, err = m.AddAttachment(ctx, customerCaller, "2611N00001", u, ""); err != nil || a.NoteID != 1 {
		t.Errorf("with the customer's note: %+v %v", a, err)
	}
	u.NoteID = 2
	if _, _, err = m.AddAttachment(ctx, customerCaller, "2611N00001", u, ""); incident.ErrorCode(err) != incident.CodeInvalidBodyField {
		t.Errorf("customer file on a provider note: %v, want code 24", err)
	}
	if a, _, err = m.AddAttachment(ctx, operatorCaller, "2611N00001", u, ""); err != nil || a.NoteID != 2 {
		t.Errorf("operator file on a provider note: %+v %v", a, err)
	}
	for _, id := range []int64{3, 99} { // internal to a customer, missing
		u.NoteID = id
		if _, _, err = m.AddAttachment(ctx, customerCaller, "2611N00001", u, ""); incident.ErrorCode(err) != incident.CodeNotFound {
			t.Errorf("note %d: %v, want code 60", id, err)
		}
	}

	r.added = nil
	for _, bad := range []func(*incident.Upload){
		func(u *incident.Upload) { u.Size = 0 },
		func(u *incident.Upload) { u.Description = strings.Repeat("x", incident.MaxAttachmentDescription+1) },
	} {
		u := upload()
		bad(&u)
		if _, _, err := m.AddAttachment(ctx, customerCaller, "2611N00001", u, ""); incident.ErrorCode(err) != incident.CodeInvalidBodyField {
			t.Errorf("%+v: %v, want code 24", u, err)
		}
	}
	if r.added != nil {
		t.Errorf("a refused upload was stored: %+v", r.added)
	}
}

func TestAttachmentIdempotencyHash(t *testing.T) {
	ctx := context.Background()
	m, r := newNoteManager()
	hash := func(u incident.Upload, incidentID string) string {
		t.Helper()
		if _, _, err := m.AddAttachment(ctx, customerCaller, incidentID, u, "k"); err != nil {
			t.Fatal(err)
		}
		return r.idem.RequestHash
	}
	first := hash(upload(), "2611N00001")
	if hash(upload(), "2611N00001") != first {
		t.Error("the same upload hashes differently")
	}
	for name, change := range map[string]func(*incident.Upload){
		"content":     func(u *incident.Upload) { u.SHA256 = strings.Repeat("cd", 32) },
		"name":        func(u *incident.Upload) { u.FileName = "other.txt" },
		"description": func(u *incident.Upload) { u.Description = "" },
		"note":        func(u *incident.Upload) { u.NoteID = 1 },
	} {
		u := upload()
		change(&u)
		if hash(u, "2611N00001") == first {
			t.Errorf("another %s hashes the same", name)
		}
	}
	if hash(upload(), "2611N00002") == first {
		t.Error("another incident hashes the same")
	}
}
