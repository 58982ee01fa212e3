package httpapi

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestParseIfMatch(t *testing.T) {
	valid := map[string][]string{
		`*`:                       {"*"},
		`"2611N00042.7"`:          {`"2611N00042.7"`},
		` "a.1" , "b.2",W/"c.3" `: {`"a.1"`, `"b.2"`, `W/"c.3"`},
		`""`:                      {`""`},
	}
	for header, want := range valid {
		got, err := parseEntityTags("If-Match", []string{header})
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("If-Match %q: %q, %v; want %q", header, got, err, want)
		}
	}
	if got, err := parseEntityTags("If-Match", nil); got != nil || err != nil {
		t.Errorf("no If-Match: %q, %v", got, err)
	}
	for _, header := range []string{``, `abc`, `"a.1" "b.2"`, `,`, `"unterminated`, `W/abc`, "\"a b\"", `*, "a.1"`} {
		if _, err := parseEntityTags("If-Match", []string{header}); incident.ErrorCode(err) != incident.CodeInvalidHeader {
			t.Errorf("If-Match %q: %v, want code 26", header, err)
		}
	}
}

func TestIdempotencyKey(t *testing.T) {
	r, _ := http.NewRequest(http.MethodPost, "/", nil)
	if key, err := idempotencyKey(r); key != "" || err != nil {
		t.Errorf("absent: %q %v", key, err)
	}
	r.Header.Set("Idempotency-Key", "order 42/retry")
	if key, err := idempotencyKey(r); key != "order 42/retry" || err != nil {
		t.Errorf("valid: %q %v", key, err)
	}
	for _, bad := range []string{strings.Repeat("k", 256), "é", "a\tb"} {
		r.Header.Set("Idempotency-Key", bad)
		if _, err := idempotencyKey(r); incident.ErrorCode(err) != incident.CodeInvalidHeader {
			t.Errorf("%q: %v, want code 26", bad, err)
		}
	}
	r.Header["Idempotency-Key"] = []string{"a", "b"}
	if _, err := idempotencyKey(r); incident.ErrorCode(err) != incident.CodeInvalidHeader {
		t.Errorf("repeated header: %v, want code 26", err)
	}
}
