package httpapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"

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
	a, err := incident.IncidentAttributes.ParseAggregation(values, state.caller.Role)
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
	items := make([]groupJSON, len(groups))
	for i, g := range groups {
		items[i] = groupJSON{group: g, a: &a, lang: state.language}
	}
	setCountHeaders(w, len(items), len(items))
	return writeJSON(w, http.StatusOK, items)
}

// labelled are the attributes the incident representation gives a label
// for (its labels object): a group keyed by one of them labels its value.
var labelled = map[string]bool{
	"status": true, "impact": true, "urgency": true, "priority": true,
	"serviceCondition": true, "origin": true, "type": true,
}

// groupJSON is one group as the API shows it: the key attributes by their
// dot-notation name, in the order of groupBy ("location.address.country":
// "FR", "createdAt": "2026-11"; an unset value is null), then count, the
// requested metrics (mttrSeconds, null when no incident of the group is
// resolved; breachedCount), and the labels of the keys that have one, in
// the request's language.
type groupJSON struct {
	group incident.Group
	a     *incident.Aggregation
	lang  incident.Language
}

func (g groupJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	member := func(name string, v any) error {
		if b.Len() > 1 {
			b.WriteByte(',')
		}
		key, _ := json.Marshal(name)
		value, err := json.Marshal(v)
		if err != nil {
			return err
		}
		b.Write(key)
		b.WriteByte(':')
		b.Write(value)
		return nil
	}
	labels := map[string]string{}
	for i, k := range g.a.GroupBy {
		var v any // null
		if key := g.group.Keys[i]; key != nil {
			if k.Attr.Kind == incident.KindBool {
				v = key.Bool
			} else {
				v = key.Str
			}
			if labelled[k.Attr.Name] {
				labels[k.Attr.Name] = incident.Label(g.lang, key.Str)
			}
		}
		if err := member(k.Attr.Name, v); err != nil {
			return nil, err
		}
	}
	if err := member("count", g.group.Count); err != nil {
		return nil, err
	}
	if g.a.Wants(incident.MetricMTTR) {
		var mttr any // null
		if s, ok := g.group.MTTRSeconds(); ok {
			mttr = s
		}
		if err := member("mttrSeconds", mttr); err != nil {
			return nil, err
		}
	}
	if g.a.Wants(incident.MetricBreached) {
		if err := member("breachedCount", g.group.Breached); err != nil {
			return nil, err
		}
	}
	if len(labels) > 0 {
		if err := member("labels", labels); err != nil {
			return nil, err
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}
