package httpapi

import (
	"encoding/json"
	"net/http"
	"strconv"
)

const jsonContentType = "application/json; charset=utf-8"

// writeJSON encodes v as the response body. Values of this package always
// encode; a failure would be a programming error, answered as a 500.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	writeJSONBytes(w, status, b)
	return nil
}

// writeJSONBytes writes an encoded JSON body with its length.
func writeJSONBytes(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", jsonContentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}
