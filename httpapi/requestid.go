package httpapi

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
)

const (
	requestIDHeader       = "X-OAPI-Request-Id"
	clientRequestIDHeader = "X-Request-Id"
	maxClientRequestID    = 128
)

// withRequestID gives every request an id, answered in X-OAPI-Request-Id on
// every response: the client's X-Request-Id when it is usable, else a new
// random one. It also installs the request state the other layers fill in.
func withRequestID(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(clientRequestIDHeader)
		if !validClientRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set(requestIDHeader, id)
		state := &requestState{requestID: id}
		next.ServeHTTP(w, r.WithContext(withState(r.Context(), state)))
	})
}

// validClientRequestID accepts 1 to 128 printable ASCII characters, so that
// an echoed id can never split a header or pollute a log line.
func validClientRequestID(id string) bool {
	return printableASCII(id, maxClientRequestID)
}

func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b) // never fails: crypto/rand aborts the program instead
	return hex.EncodeToString(b)
}
