package httpapi

import (
	"net/http"
	"strconv"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// listFreezePeriods answers an incident's periods by start time.
func (s *server) listFreezePeriods(w http.ResponseWriter, r *http.Request) error {
	if err := refuseQuery(r); err != nil {
		return err
	}
	caller := stateOf(r.Context()).caller
	periods, err := s.incidents.ListFreezePeriods(r.Context(), caller.Scope, r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeAll(w, periods, func(dst []byte, p incident.FreezePeriod) []byte {
		return contract.AppendFreezePeriodJSON(dst, &p)
	})
}

// addFreezePeriod adds a period (operators) → 201 with the period and the
// Location of its resource.
func (s *server) addFreezePeriod(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	in, err := contract.DecodeFreezePeriod(body)
	if err != nil {
		return err
	}
	period, inc, err := s.manager.AddFreezePeriod(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), in)
	if err != nil {
		return err
	}
	w.Header().Set("Location", contract.FreezePeriodPath(inc.ID, period.ID))
	writeJSONBytes(w, http.StatusCreated, contract.AppendFreezePeriodJSON(nil, &period))
	return nil
}

// patchFreezePeriod closes or corrects a period (operators) → 200.
func (s *server) patchFreezePeriod(w http.ResponseWriter, r *http.Request) error {
	periodID, err := strconv.ParseInt(r.PathValue("freezeId"), 10, 64)
	if err != nil || periodID <= 0 {
		return incident.NotFound("freeze period") // no such id can exist
	}
	body, err := readBody(r)
	if err != nil {
		return err
	}
	patch, err := contract.DecodeFreezePatch(body)
	if err != nil {
		return err
	}
	period, _, err := s.manager.UpdateFreezePeriod(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), periodID, patch)
	if err != nil {
		return err
	}
	writeJSONBytes(w, http.StatusOK, contract.AppendFreezePeriodJSON(nil, &period))
	return nil
}
