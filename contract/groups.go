package contract

import (
	"bytes"
	"encoding/json"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// labelled are the attributes the incident representation gives a label
// for (its labels object): a group keyed by one of them labels its value.
var labelled = map[string]bool{
	"status": true, "impact": true, "urgency": true, "priority": true,
	"serviceCondition": true, "origin": true, "type": true,
}

// MarshalGroups renders the groups of an aggregation as a JSON array: each
// group's key attributes by their dot-notation name, in the order of
// groupBy ("location.address.country": "FR", "createdAt": "2026-11"; an
// unset value is null), then count, the requested metrics (mttrSeconds,
// null when no incident of the group is resolved; breachedCount), and the
// labels of the keys that have one, in the language given.
func MarshalGroups(groups []incident.Group, a *incident.Aggregation, lang text.Language) ([]byte, error) {
	items := make([]groupJSON, len(groups))
	for i, g := range groups {
		items[i] = groupJSON{group: g, a: a, lang: lang}
	}
	return json.Marshal(items)
}

type groupJSON struct {
	group incident.Group
	a     *incident.Aggregation
	lang  text.Language
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

// MarshalMatrix renders the priority matrix with its labels in a language.
func MarshalMatrix(m incident.Matrix, lang text.Language) ([]byte, error) {
	out := matrixJSON{DefaultServiceCondition: m.DefaultServiceCondition, Labels: map[string]string{}}
	for _, c := range m.Cells() {
		out.Cells = append(out.Cells, matrixCellJSON{c.Impact, c.Urgency, c.Priority, c.TargetSeconds})
	}
	for _, values := range [][]string{incident.Impacts, incident.Urgencies, incident.Priorities, incident.ServiceConditions} {
		for _, v := range values {
			out.Labels[v] = incident.Label(lang, v)
		}
	}
	return json.Marshal(out)
}
