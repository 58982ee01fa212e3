package sqlstore

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// FuzzParseEventCursor: a cursor is accepted only in the form the store
// writes it, and names the position it was made from.
func FuzzParseEventCursor(f *testing.F) {
	for _, s := range []string{"", "e0", "e1", "ez", "e2s", "e1y2p0ij32e8e7", "E1", "e-1", "e+1", "e01", "x", "e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seq, err := parseEventCursor(s)
		if err != nil {
			if incident.ErrorCode(err) != incident.CodeInvalidQueryParam {
				t.Fatalf("%q: %v is not code 28", s, err)
			}
			return
		}
		if s == "" {
			if seq != 0 {
				t.Fatalf("empty cursor: %d", seq)
			}
			return
		}
		if seq < 0 || eventCursor(seq) != s {
			t.Fatalf("%q: seq %d, written back %q", s, seq, eventCursor(seq))
		}
	})
}
