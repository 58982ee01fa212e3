package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/contract"
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
	caller := stateOf(r.Context()).caller
	cmd, err := contract.DecodeCreate(body, caller.Role)
	if err != nil {
		return err
	}
	inc, replayed, err := s.manager.Create(r.Context(), caller, cmd, key)
	if err != nil {
		return err
	}
	// A replay answers exactly as the first request did, with a marker.
	if replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	w.Header().Set("Location", contract.IncidentPath(inc.ID))
	return s.writeIncident(w, r, http.StatusCreated, inc)
}

func (s *server) patchIncident(w http.ResponseWriter, r *http.Request) error {
	pre, err := parseIfMatch(r.Header.Values("If-Match"))
	if err != nil {
		return err
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	patch, err := contract.DecodePatch(body)
	if err != nil {
		return err
	}
	inc, _, err := s.manager.Update(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), patch, contract.IfMatch(pre))
	if err != nil {
		return err
	}
	return s.writeIncident(w, r, http.StatusOK, inc)
}

// writeIncident answers one incident with its ETag.
func (s *server) writeIncident(w http.ResponseWriter, r *http.Request, status int, inc *incident.Incident) error {
	w.Header().Set("ETag", contract.ETag(inc))
	writeJSONBytes(w, status, contract.NewIncidentWriter(s.now(), stateOf(r.Context()).language, nil).AppendJSON(nil, inc))
	return nil
}
