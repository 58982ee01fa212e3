package httpapi

import (
	"net/url"
	"strings"
	"testing"
)

func TestTypeListAllows(t *testing.T) {
	list := typeList{"text/plain", "image/*", "Application/PDF"}
	for mediaType, want := range map[string]bool{
		"text/plain; charset=utf-8": true,
		"TEXT/PLAIN":                true,
		"image/png":                 true,
		"image/svg+xml":             true,
		"application/pdf":           true,
		"text/html; charset=utf-8":  false,
		"application/octet-stream":  false,
		"imagex/png":                false,
		"":                          false,
	} {
		if got := list.allows(mediaType); got != want {
			t.Errorf("allows(%q) = %t", mediaType, got)
		}
	}
	if !(typeList{"*/*"}).allows("application/octet-stream") {
		t.Error("*/* does not take everything")
	}
}

func TestSniffType(t *testing.T) {
	for _, tc := range []struct {
		head, declared, name, want string
	}{
		{"a,b\n1,2\n", "", "export.CSV", "text/csv; charset=utf-8"},
		{"a,b\n1,2\n", "text/csv; charset=utf-8", "export", "text/csv; charset=utf-8"},
		{`{"a":1}`, "", `C:\data\x.json`, "application/json"},
		{`{"a":1}`, "application/json", "x", "application/json"},
		{"plain", "text/csv", "x.txt", "text/csv; charset=utf-8"},
		{"plain", "", "x.txt", "text/plain; charset=utf-8"},
		// Declarations never turn binary or markup into an accepted text type.
		{"<html><body>x</body></html>", "text/csv", "x.csv", "text/html; charset=utf-8"},
		{"\x00\x01\x02\x03", "application/json", "x.json", "application/octet-stream"},
		{"%PDF-1.7", "text/plain", "x.txt", "application/pdf"},
	} {
		if got := sniffType([]byte(tc.head), tc.declared, tc.name); got != tc.want {
			t.Errorf("sniffType(%q, %q, %q) = %q, want %q", tc.head, tc.declared, tc.name, got, tc.want)
		}
	}
}

func TestContentDisposition(t *testing.T) {
	for name, fallback := range map[string]string{
		"report.pdf":            "report.pdf",
		"été 2026.txt":          "_t_ 2026.txt",
		"100% done.txt":         "100_ done.txt",
		"a'b;c=d.txt":           "a'b;c=d.txt",
		"日本語.txt":               "___.txt",
		"emoji \U0001F600.png":  "emoji _.png",
		"back`tick|pipe~ok.txt": "back`tick|pipe~ok.txt",
	} {
		got := contentDisposition(name)
		prefix := `attachment; filename="` + fallback + `"; filename*=UTF-8''`
		if !strings.HasPrefix(got, prefix) {
			t.Errorf("%q: %q, want prefix %q", name, got, prefix)
			continue
		}
		encoded := strings.TrimPrefix(got, prefix)
		for _, c := range encoded {
			if c != '%' && !isAttrChar(byte(c)) {
				t.Errorf("%q: %q holds %q, not an RFC 8187 attr-char", name, encoded, c)
			}
		}
		if decoded, err := url.PathUnescape(encoded); err != nil || decoded != name {
			t.Errorf("%q: filename* decodes to %q (%v)", name, decoded, err)
		}
	}
}
