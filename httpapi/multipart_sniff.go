package httpapi

import (
	"mime"
	"net/http"
	"path"
	"strings"
)

// sniffLen is how many first bytes of a file decide its type (the most
// http.DetectContentType reads).
const sniffLen = 512

// DefaultAttachmentTypes are the media types of the files accepted when the
// configuration does not say: text, CSV and JSON, PDF, the common image
// formats and ZIP and gzip archives (office documents are ZIP files).
// Types a browser would render as active content (HTML, XML, SVG) and
// unrecognized binary data (application/octet-stream) are left out.
var DefaultAttachmentTypes = []string{
	"text/plain", "text/csv", "application/json", "application/pdf",
	"image/png", "image/jpeg", "image/gif", "image/webp",
	"application/zip", "application/x-gzip",
}

// sniffType names the type of a file from its first bytes, by the rules of
// the WHATWG MIME sniffing standard (http.DetectContentType), whatever the
// client declared. Sniffing cannot tell CSV or JSON from other text: a
// file sniffed as UTF-8 text is CSV or JSON when its part's Content-Type
// or its name's extension says so.
func sniffType(head []byte, declared, fileName string) string {
	sniffed := http.DetectContentType(head)
	if sniffed != "text/plain; charset=utf-8" {
		return sniffed
	}
	declaredType, _, _ := mime.ParseMediaType(declared)
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(fileName, `\`, "/")))
	switch {
	case declaredType == "text/csv" || ext == ".csv":
		return "text/csv; charset=utf-8"
	case declaredType == "application/json" || ext == ".json":
		return "application/json"
	}
	return sniffed
}

// typeList is an allow-list of media types; an entry "type/*" takes every
// subtype of the type.
type typeList []string

// allows reports whether a media type (parameters ignored) is listed.
func (l typeList) allows(mediaType string) bool {
	base, _, _ := strings.Cut(mediaType, ";")
	base = strings.ToLower(strings.TrimSpace(base))
	major, _, _ := strings.Cut(base, "/")
	for _, t := range l {
		t = strings.ToLower(t)
		if t == base || t == "*/*" || t == major+"/*" {
			return true
		}
	}
	return false
}

func (l typeList) String() string { return strings.Join(l, ", ") }
