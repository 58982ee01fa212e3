package contract

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// A cursor is where a page of a listing ends, written for the next page's
// URL: the order it belongs to, the values of the sort keys of the page's
// last incident and that incident's sequence number, as base64url JSON.
// It is opaque to clients, who take it from the Link header.

type cursorJSON struct {
	Order string `json:"o"`
	Keys  []any  `json:"k"`
	Seq   int64  `json:"s"`
}

// NextCursor is the cursor of the position after an incident in the order
// of a query, its values read at the query's instant.
func NextCursor(q incident.Query, last *incident.Incident) string {
	c := cursorJSON{Order: orderName(q.Sort), Seq: last.Seq, Keys: make([]any, len(q.Sort))}
	for i, k := range q.Sort {
		v, _ := IncidentAttributeValue(last, k.Attr.Name, q.Now)
		switch {
		case !v.Set:
			c.Keys[i] = nil
		case k.Attr.Kind == incident.KindID:
			c.Keys[i] = last.Seq
		case k.Attr.Kind == incident.KindTime:
			c.Keys[i] = v.Time.UnixMicro()
		case k.Attr.Kind == incident.KindBool:
			c.Keys[i] = v.Bool
		case k.Attr.Kind == incident.KindInt:
			c.Keys[i] = v.Int
		default:
			c.Keys[i] = v.Str
		}
	}
	b, _ := json.Marshal(c) // plain values: encoding cannot fail
	return base64.RawURLEncoding.EncodeToString(b)
}

// orderName is the canonical writing of a sort, -createdAt,priority.
func orderName(keys []incident.SortKey) string {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.Attr.Name
		if k.Desc {
			names[i] = "-" + names[i]
		}
	}
	return strings.Join(names, ",")
}

// decodeCursor reads a cursor of the given order into the position it
// names (code 28 for anything else).
func decodeCursor(s single, order []incident.SortKey) (*incident.Position, error) {
	refused := queryError(MsgQueryCursor, s.param)
	raw, err := base64.RawURLEncoding.DecodeString(s.value)
	if err != nil {
		return nil, refused
	}
	var c cursorJSON
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil || c.Order != orderName(order) || len(c.Keys) != len(order) || c.Seq <= 0 {
		return nil, refused
	}
	p := &incident.Position{Seq: c.Seq, Keys: make([]*incident.Value, len(order))}
	for i, k := range order {
		if c.Keys[i] == nil {
			continue
		}
		v, ok := cursorValue(k.Attr.Kind, c.Keys[i])
		if !ok {
			return nil, refused
		}
		p.Keys[i] = &v
	}
	return p, nil
}

// cursorValue reads one key of a cursor as the value of an attribute of
// the kind: numbers for ids (sequence numbers), times (microseconds) and
// integers, booleans, strings for the rest.
func cursorValue(kind incident.Kind, x any) (incident.Value, bool) {
	switch kind {
	case incident.KindID, incident.KindInt, incident.KindTime:
		n, ok := x.(json.Number)
		if !ok {
			return incident.Value{}, false
		}
		i, err := n.Int64()
		if err != nil {
			return incident.Value{}, false
		}
		if kind == incident.KindTime {
			t := time.UnixMicro(i).UTC()
			return incident.Value{From: t, To: t.Add(time.Microsecond)}, true
		}
		return incident.Value{Int: i}, true
	case incident.KindBool:
		b, ok := x.(bool)
		return incident.Value{Bool: b}, ok
	}
	s, ok := x.(string)
	return incident.Value{Str: s}, ok
}
