package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
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
	scope := state.caller.Scope
	key, keep := pageKey(scope, r.URL.RawQuery, q)
	var marker int64
	if keep {
		// Read before the page: a change committed meanwhile moves it.
		if marker, err = s.incidents.ChangeMarker(r.Context(), scope); err != nil {
			keep = false
		}
	}
	if keep {
		etag := listETag(marker, key, state.language)
		w.Header().Set("ETag", etag)
		if unchanged, err := notModified(w, r, etag); unchanged || err != nil {
			return err
		}
	}
	page, total, cached := []*incident.Incident(nil), 0, false
	if keep {
		page, total, cached = s.pages.get(key, marker)
	}
	if !cached {
		if page, total, err = s.incidents.ListIncidents(r.Context(), scope, probe); err != nil {
			return err
		}
		if keep {
			s.pages.put(key, marker, page, total)
		}
	}
	var next string
	if len(page) > q.Limit {
		page = page[:q.Limit]
		next = contract.NextCursor(q, page[len(page)-1])
	}
	body := contract.NewIncidentWriter(q.Now, state.language, q.Fields).AppendJSONArray(nil, page)
	return writePage(w, r, q, body, total, len(page), next)
}
