package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
)

// listIncidents answers GET /incidents: filter, sort, page and project
// (spec §4). The representation uses the instant the query was evaluated
// at, so that sla.isBreached agrees with the filter that selected it.
func (s *server) listIncidents(w http.ResponseWriter, r *http.Request) error {
	state := stateOf(r.Context())
	values, err := queryValues(r)
	if err != nil {
		return err
	}
	q, err := contract.ParseIncidentQuery(values, state.caller.Role)
	if err != nil {
		return err
	}
	q.Now = s.now()
	// One incident more than the page tells whether another page follows.
	probe := q
	probe.Limit++
	page, total, err := s.incidents.ListIncidents(r.Context(), state.caller.Scope, probe)
	if err != nil {
		return err
	}
	var next string
	if len(page) > q.Limit {
		page = page[:q.Limit]
		next = contract.NextCursor(q, page[len(page)-1])
	}
	body := contract.NewIncidentWriter(q.Now, state.language, q.Fields).AppendJSONArray(nil, page)
	return writePage(w, r, q, body, total, len(page), next)
}
