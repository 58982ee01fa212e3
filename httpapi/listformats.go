package httpapi

import (
	"net/http"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// Media types of the incident list besides JSON: the export formats, which
// stream the whole result of the query (export.go).
const (
	jsonMediaType   = "application/json"
	csvMediaType    = "text/csv"
	ndjsonMediaType = "application/x-ndjson"
)

// listMediaTypes are the types the incident list answers in, in the order
// the server prefers them when the client likes several as much.
var listMediaTypes = []string{jsonMediaType, csvMediaType, ndjsonMediaType}

// incidentList is the route of the incident list, which negotiates its
// media type.
const incidentList = "GET " + basePath + "/incidents"

// withAcceptOneOf refuses (406, code 62) a request whose Accept header
// excludes every one of the offered media types.
func withAcceptOneOf(errs errorWriter, offered []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if negotiateMediaType(r.Header.Values("Accept"), offered) == "" {
			errs.write(w, r, fail(incident.CodeNotAcceptable, MsgNotAcceptable, strings.Join(offered, ", ")))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// negotiateMediaType chooses among the offered media types the one the
// Accept headers weigh most (RFC 9110 §12.5.1), the first offered on a tie;
// "" when every one has weight 0.
func negotiateMediaType(headers []string, offered []string) string {
	best, bestWeight := "", 0.0
	for _, mt := range offered {
		typ, subtype, _ := strings.Cut(mt, "/")
		if w := mediaTypeWeight(headers, typ, subtype); w > bestWeight {
			best, bestWeight = mt, w
		}
	}
	return best
}

// listOrExportIncidents answers the incident list in the negotiated media
// type: a page of JSON, or the export of the whole result. The answer
// depends on Accept, which Vary says to caches.
func (s *server) listOrExportIncidents(w http.ResponseWriter, r *http.Request) error {
	w.Header().Add("Vary", "Accept")
	switch mt := negotiateMediaType(r.Header.Values("Accept"), listMediaTypes); mt {
	case csvMediaType, ndjsonMediaType:
		return s.exportIncidents(w, r, mt)
	default:
		return s.listIncidents(w, r)
	}
}
