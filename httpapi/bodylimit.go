package httpapi

import (
	"errors"
	"io"
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// withBodyLimit refuses (413, code 66) a body announced larger than the
// limit and caps the reading of the others, so that a body without length
// cannot grow past it either (readBody reports that case).
func withBodyLimit(errs errorWriter, limit int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > limit {
			errs.write(w, r, fail(incident.CodeTooLarge, MsgBodyTooLarge, limit))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// readBody reads the whole request body; past the limit of withBodyLimit it
// answers code 66.
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, fail(incident.CodeTooLarge, MsgBodyTooLarge, tooLarge.Limit)
		}
		return nil, fail(incident.CodeInvalidBody, MsgBodyUnreadable)
	}
	return body, nil
}
