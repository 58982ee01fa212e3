package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// matrixJSON is the priority matrix in force and its resulting attributes
// (spec §3.3).
type matrixJSON struct {
	Cells                   []matrixCellJSON                              `json:"cells"`
	DefaultServiceCondition map[incident.Impact]incident.ServiceCondition `json:"defaultServiceCondition"`
	// Labels name every value the matrix shows: impacts, urgencies,
	// priorities and service conditions.
	Labels map[string]string `json:"labels"`
}

type matrixCellJSON struct {
	Impact           incident.Impact   `json:"impact"`
	Urgency          incident.Urgency  `json:"urgency"`
	Priority         incident.Priority `json:"priority"`
	GTRTargetSeconds int64             `json:"gtrTargetSeconds"`
}

func (s *server) getPriorityMatrix(w http.ResponseWriter, r *http.Request) error {
	lang := stateOf(r.Context()).language
	out := matrixJSON{
		DefaultServiceCondition: s.matrix.DefaultServiceCondition,
		Labels:                  map[string]string{},
	}
	for _, c := range s.matrix.Cells() {
		out.Cells = append(out.Cells, matrixCellJSON{c.Impact, c.Urgency, c.Priority, c.TargetSeconds})
	}
	for _, values := range [][]string{incident.Impacts, incident.Urgencies, incident.Priorities, incident.ServiceConditions} {
		for _, v := range values {
			out.Labels[v] = incident.Label(lang, v)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
