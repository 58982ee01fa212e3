package httpapi

import (
	"errors"
	"net/http"

	"github.com/incidentd/incidentd/contract"
	"github.com/incidentd/incidentd/incident"
)

// aggregateIncidents answers GET /aggregation (spec §6): the groups of the
// caller's incidents matching the listing's filters, largest first. Both
// count headers give the number of groups, the aggregation having no page.
func (s *server) aggregateIncidents(w http.ResponseWriter, r *http.Request) error {
	state := stateOf(r.Context())
	values, err := queryValues(r)
	if err != nil {
		return err
	}
	a, err := contract.ParseIncidentAggregation(values, state.caller.Role)
	if err != nil {
		return err
	}
	a.Now = s.now()
	aggregator, ok := s.incidents.(incident.Aggregator)
	if !ok {
		return errors.New("the incident store does not aggregate")
	}
	groups, err := aggregator.AggregateIncidents(r.Context(), state.caller.Scope, a)
	if err != nil {
		return err
	}
	body, err := contract.MarshalGroups(groups, &a, state.language)
	if err != nil {
		return err
	}
	setCountHeaders(w, len(groups), len(groups))
	writeJSONBytes(w, http.StatusOK, body)
	return nil
}
