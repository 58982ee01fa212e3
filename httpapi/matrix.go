package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
)

// getPriorityMatrix answers the matrix in force and its resulting
// attributes, with labels in the request's language (spec §3.3).
func (s *server) getPriorityMatrix(w http.ResponseWriter, r *http.Request) error {
	body, err := contract.MarshalMatrix(s.matrix, stateOf(r.Context()).language)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, body)
	return nil
}
