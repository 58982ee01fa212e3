package httpapi

import (
	"net/http"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

const maxIdempotencyKey = 255

// idempotencyKey reads the Idempotency-Key header: absent is fine (empty),
// present it must be 1 to 255 printable ASCII characters (400, code 26).
func idempotencyKey(r *http.Request) (string, error) {
	values := r.Header.Values("Idempotency-Key")
	if len(values) == 0 {
		return "", nil
	}
	key := values[0]
	if len(values) > 1 || !printableASCII(key, maxIdempotencyKey) {
		return "", fail(incident.CodeInvalidHeader, MsgInvalidIdempotency, maxIdempotencyKey)
	}
	return key, nil
}

// parseEntityTags reads If-Match or If-None-Match (RFC 9110 §13.1.1,
// §13.1.2) into its list of entity tags, quotes kept, or ["*"]. Absent
// gives nil; a malformed header is refused (400, code 26) rather than taken
// for a mismatch.
func parseEntityTags(name string, headers []string) ([]string, error) {
	var tags []string
	for _, header := range headers {
		rest := strings.TrimSpace(header)
		if rest == "*" {
			tags = append(tags, "*")
			continue
		}
		for rest != "" {
			tag, after, ok := cutEntityTag(rest)
			if !ok {
				return nil, fail(incident.CodeInvalidHeader, MsgInvalidEntityTags, name)
			}
			tags = append(tags, tag)
			rest = strings.TrimSpace(after)
			if rest == "" {
				break
			}
			if rest[0] != ',' {
				return nil, fail(incident.CodeInvalidHeader, MsgInvalidEntityTags, name)
			}
			rest = strings.TrimSpace(rest[1:])
		}
	}
	if len(headers) > 0 && len(tags) == 0 {
		return nil, fail(incident.CodeInvalidHeader, MsgInvalidEntityTags, name)
	}
	return tags, nil
}

// cutEntityTag cuts one entity tag, optionally weak (W/"…"), off the start
// of s. A weak tag is kept as written: If-Match compares strongly, so it
// never matches.
func cutEntityTag(s string) (tag, rest string, ok bool) {
	start := 0
	if strings.HasPrefix(s, "W/") {
		start = 2
	}
	if len(s) < start+2 || s[start] != '"' {
		return "", "", false
	}
	end := strings.IndexByte(s[start+1:], '"')
	if end < 0 {
		return "", "", false
	}
	end += start + 2
	for i := start + 1; i < end-1; i++ {
		// etagc: visible ASCII but the quote, or obs-text.
		if c := s[i]; c < 0x21 || c == 0x7f {
			return "", "", false
		}
	}
	return s[:end], s[end:], true
}

// printableASCII reports whether s has 1 to maxLen characters from space
// to tilde.
func printableASCII(s string, maxLen int) bool {
	if len(s) == 0 || len(s) > maxLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
