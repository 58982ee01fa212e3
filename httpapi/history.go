package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// listHistory answers an incident's changes, oldest first.
func (s *server) listHistory(w http.ResponseWriter, r *http.Request) error {
	if err := refuseQuery(r); err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	changes, err := s.incidents.ListHistory(r.Context(), caller.Scope, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeAll(w, changes, func(dst []byte, c incident.Change) []byte {
		return contract.AppendChangeJSON(dst, &c)
	})
}
