package httpapi

import (
	"net/http"
	"strconv"

	"github.com/incidentd/incidentd/incident"
)

// freezePeriodJSON is a freeze period of an incident's repair clock.
type freezePeriodJSON struct {
	ID        int64                 `json:"id"`
	StartAt   timestamp             `json:"startAt"`
	EndAt     *timestamp            `json:"endAt"`
	Reason    incident.FreezeReason `json:"reason"`
	Comment   *string               `json:"comment"`
	CreatedBy incident.Actor        `json:"createdBy"`
}

func representFreezePeriod(p incident.FreezePeriod) freezePeriodJSON {
	out := freezePeriodJSON{
		ID:        p.ID,
		StartAt:   stamp(p.StartAt),
		EndAt:     optionalStamp(p.EndAt),
		Reason:    p.Reason,
		CreatedBy: p.CreatedBy,
	}
	if p.Comment != "" {
		comment := p.Comment
		out.Comment = &comment
	}
	return out
}

func freezePeriodPath(incidentID string, periodID int64) string {
	return incidentPath(incidentID) + "/freezePeriods/" + strconv.FormatInt(periodID, 10)
}

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
	return writeAll(w, periods, representFreezePeriod)
}

// addFreezePeriod adds a period (operators) → 201 with the period and the
// Location of its resource.
func (s *server) addFreezePeriod(w http.ResponseWriter, r *http.Request) error {
	body, err := readBody(r)
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	period, inc, err := s.manager.AddFreezePeriod(r.Context(), stateOf(r.Context()).caller, id, body)
	if err != nil {
		return err
	}
	w.Header().Set("Location", freezePeriodPath(inc.ID, period.ID))
	return writeJSON(w, http.StatusCreated, representFreezePeriod(period))
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
	period, _, err := s.manager.PatchFreezePeriod(r.Context(), stateOf(r.Context()).caller, r.PathValue("id"), periodID, body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, representFreezePeriod(period))
}
