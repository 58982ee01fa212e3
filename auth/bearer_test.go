package auth

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestBearerToken(t *testing.T) {
	const tok = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	for _, tc := range []struct {
		header string
		token  string
		code   int
	}{
		{"Bearer " + tok, tok, 0},
		{"bearer " + tok, tok, 0},
		{"BEARER   " + tok + "  ", tok, 0},
		{tok, tok, 0}, // the bare token of the published guide
		{"  " + tok, tok, 0},
		{"", "", incident.CodeMissingCredentials},
		{"   ", "", incident.CodeMissingCredentials},
		{"Bearer", "", incident.CodeMissingCredentials},
		{"Bearer ", "", incident.CodeMissingCredentials},
		{"Basic dXNlcjpwYXNz", "", incident.CodeInvalidCredentials},
		{"Token " + tok, "", incident.CodeInvalidCredentials},
	} {
		got, err := bearerToken(tc.header)
		if tc.code == 0 {
			if err != nil || got != tc.token {
				t.Errorf("bearerToken(%q) = %q, %v; want %q", tc.header, got, err, tc.token)
			}
			continue
		}
		if code := incident.ErrorCode(err); err == nil || code != tc.code {
			t.Errorf("bearerToken(%q) = %q, %v; want code %d", tc.header, got, err, tc.code)
		}
	}
}
