package httpapi

import (
	"errors"
	"testing"
)

func TestNegotiateMediaType(t *testing.T) {
	for accept, want := range map[string]string{
		"":                                    jsonMediaType,
		"*/*":                                 jsonMediaType,
		"text/csv":                            csvMediaType,
		"text/csv, */*;q=0.1":                 csvMediaType,
		"application/x-ndjson, text/csv":      csvMediaType, // a tie: the server's order
		"application/*":                       jsonMediaType,
		"application/*, application/json;q=0": ndjsonMediaType,
		"text/csv;q=0.2, application/x-ndjson;q=0.3": ndjsonMediaType,
		"image/png": "",
		"text/csv;q=0, application/json;q=0, application/x-ndjson;q=0": "",
	} {
		var headers []string
		if accept != "" {
			headers = []string{accept}
		}
		if got := negotiateMediaType(headers, listMediaTypes); got != want {
			t.Errorf("Accept %q: %q, want %q", accept, got, want)
		}
	}
}

func TestResultCount(t *testing.T) {
	for _, c := range []struct{ total, offset, limit, want int }{
		{10, 0, 0, 10}, {10, 4, 0, 6}, {10, 12, 0, 0}, {10, 2, 5, 5}, {10, 8, 5, 2}, {0, 0, 0, 0},
	} {
		if got := resultCount(c.total, c.offset, c.limit); got != c.want {
			t.Errorf("resultCount(%d, %d, %d) = %d, want %d", c.total, c.offset, c.limit, got, c.want)
		}
	}
}

// A client that goes away stops the export: the error of the write is
// remembered and every later write fails at once.
func TestClientWriterRemembersTheFirstError(t *testing.T) {
	gone := errors.New("connection reset")
	w := &clientWriter{w: failingWriter{gone}}
	if _, err := w.Write([]byte("a")); !errors.Is(err, gone) {
		t.Errorf("first write: %v", err)
	}
	if _, err := w.Write([]byte("b")); !errors.Is(err, gone) || !errors.Is(w.err, gone) {
		t.Errorf("second write: %v, remembered %v", err, w.err)
	}
}

type failingWriter struct{ err error }

func (f failingWriter) Write([]byte) (int, error) { return 0, f.err }
