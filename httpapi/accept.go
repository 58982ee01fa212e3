package httpapi

import (
	"net/http"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// withAcceptJSON refuses (406, code 62) a request whose Accept header
// excludes application/json, the one type every endpoint produces. An
// absent header, */* and application/* are all fine.
func withAcceptJSON(errs errorWriter, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !acceptsMediaType(r.Header.Values("Accept"), "application", "json") {
			errs.write(w, r, fail(incident.CodeNotAcceptable, MsgNotAcceptable, "application/json"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// acceptsMediaType reports whether the Accept headers leave type/subtype a
// weight above 0.
func acceptsMediaType(headers []string, typ, subtype string) bool {
	return mediaTypeWeight(headers, typ, subtype) > 0
}

// mediaTypeWeight applies RFC 9110 §12.5.1: the most specific media range
// matching type/subtype gives its weight, 0 when none matches; no header
// (or an empty one) accepts anything, with weight 1. Unreadable items are
// skipped rather than failing the whole request.
func mediaTypeWeight(headers []string, typ, subtype string) float64 {
	if len(headers) == 0 {
		return 1
	}
	bestSpecificity, weight, seen := -1, 0.0, false
	for _, header := range headers {
		for _, item := range strings.Split(header, ",") {
			if strings.TrimSpace(item) == "" {
				continue
			}
			seen = true
			mediaRange, q, ok := parseWeighted(item)
			if !ok {
				continue
			}
			rt, rs, found := strings.Cut(strings.ToLower(mediaRange), "/")
			if !found {
				continue
			}
			rt, rs = strings.TrimSpace(rt), strings.TrimSpace(rs)
			specificity := -1
			switch {
			case rt == typ && rs == subtype:
				specificity = 2
			case rt == typ && rs == "*":
				specificity = 1
			case rt == "*" && rs == "*":
				specificity = 0
			}
			if specificity > bestSpecificity {
				bestSpecificity, weight = specificity, q
			}
		}
	}
	switch {
	case !seen:
		return 1 // an empty header says nothing
	case bestSpecificity < 0:
		return 0
	}
	return weight
}
