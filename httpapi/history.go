package httpapi

import (
	"net/http"

	"github.com/incidentd/incidentd/incident"
)

// changeJSON is one entry of an incident's history.
type changeJSON struct {
	At     timestamp      `json:"at"`
	Actor  incident.Actor `json:"actor"`
	Field  string         `json:"field"`
	From   *string        `json:"from"`
	To     *string        `json:"to"`
	Reason *string        `json:"reason"`
}

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
	return writeAll(w, changes, representChange)
}

// representChange is one history entry; an empty reason is null.
func representChange(c incident.Change) changeJSON {
	item := changeJSON{At: stamp(c.At), Actor: c.Actor, Field: c.Field, From: c.From, To: c.To}
	if c.Reason != "" {
		reason := c.Reason
		item.Reason = &reason
	}
	return item
}
