package httpapi

import (
	_ "embed"
	"net/http"
)

// openAPIDocument is the OpenAPI 3 description of exactly what is served.
//
//go:embed openapi.json
var openAPIDocument []byte

// getDocument serves the OpenAPI document.
func (s *server) getDocument(w http.ResponseWriter, r *http.Request) error {
	writeJSONBytes(w, http.StatusOK, openAPIDocument)
	return nil
}
