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
			errs.write(w, r, fail(incident.CodeNotAcceptable, incident.MsgNotAcceptable, "application/json"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// acceptsMediaType applies RFC 9110 §12.5.1: the most specific media range
// matching type/subtype gives its weight, and a weight of 0 excludes it.
// Unreadable items are skipped rather than failing the whole request.
func acceptsMediaType(headers []string, typ, subtype string) bool {
	if len(headers) == 0 {
		return true
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
	if !seen {
		return true // an empty header says nothing
	}
	return bestSpecificity >= 0 && weight > 0
}
