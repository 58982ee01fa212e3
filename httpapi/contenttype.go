package httpapi

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// withContentType refuses (415, code 68) a request body whose Content-Type
// is not one the route takes. A charset parameter is accepted when it is
// UTF-8, the only encoding of JSON (RFC 8259 §8.1). A request without body
// and without Content-Type passes, so that the handler can say the body is
// missing.
func withContentType(errs errorWriter, accepted []string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Content-Type")
		if header == "" {
			if r.ContentLength == 0 {
				next.ServeHTTP(w, r)
				return
			}
			errs.write(w, r, fail(incident.CodeUnsupportedMedia, MsgMissingContentType, strings.Join(accepted, ", ")))
			return
		}
		mediaType, params, err := mime.ParseMediaType(header)
		charset, hasCharset := params["charset"]
		if err != nil || !slices.Contains(accepted, mediaType) ||
			(hasCharset && !strings.EqualFold(charset, "utf-8")) {
			errs.write(w, r, fail(incident.CodeUnsupportedMedia, MsgUnsupportedMediaType, header, strings.Join(accepted, ", ")))
			return
		}
		next.ServeHTTP(w, r)
	})
}
