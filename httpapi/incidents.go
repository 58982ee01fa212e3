package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// Handlers of the incident resources (spec §2, §3.4).

func (s *server) getIncident(w http.ResponseWriter, r *http.Request) error {
	caller := stateOf(r.Context()).caller
	inc, err := s.incidents.GetIncident(r.Context(), caller.Scope, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, http.StatusOK, inc)
}

func (s *server) createIncident(w http.ResponseWriter, r *http.Request) error {
	key, err := idempotencyKey(r)
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	inc, replayed, err := s.manager.CreateIncident(r.Context(), stateOf(r.Context()).caller, body, key)
	if err != nil {
		return err
	}
	// A replay answers exactly as the first request did, with a marker.
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", incidentPath(inc.ID))
	return s.writeIncident(w, r, http.StatusCreated, inc)
}

func (s *server) patchIncident(w http.ResponseWriter, r *http.Request) error {
	ifMatch, err := parseIfMatch(r.Header.Values("If-Match"))
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	inc, err := s.manager.PatchIncident(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), body, ifMatch)
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, http.StatusOK, inc)
}

// writeIncident answers one incident with its ETag.
func (s *server) writeIncident(w http.ResponseWriter, r *http.Request, status int, inc *incident.Incident) error {
	w.Header().Set("ETag", incident.ETag(inc))
	return writeJSON(w, status, representIncident(inc, s.now(), stateOf(r.Context()).language))
}
