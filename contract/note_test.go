package contract

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestParseNoteID(t *testing.T) {
	for in, want := range map[string]int64{"": 0, "1": 1, "42": 42, "007": 7} {
		if got, err := ParseNoteID(in); err != nil || got != want {
			t.Errorf("%q: %d %v", in, got, err)
		}
	}
	for _, in := range []string{"0", "-1", "+1", "1.5", "abc", " 1", "99999999999999999999"} {
		if _, err := ParseNoteID(in); incident.ErrorCode(err) != incident.CodeInvalidBodyField {
			t.Errorf("%q: %v, want code 24", in, err)
		}
	}
}
