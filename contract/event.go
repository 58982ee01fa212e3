package contract

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// ParamEventType names the event types a feed or a subscription wants.
const ParamEventType = "eventType"

// AppendEventJSON appends an event's envelope (spec §11.1) as the consumer
// of the role may see it: the incident as it stood right after the change,
// its clock figures at the event's time, labels in English (so that the
// feed and the webhooks carry the same bytes). Callers have already kept
// from customers the events they may not see (EventFilter.Matches); no
// attribute of an incident's representation is an operator's only.
func AppendEventJSON(dst []byte, e *incident.Event, role incident.Role) []byte {
	_ = role // the representations are the same for both roles today
	dst = append(dst, `{"eventId":`...)
	dst = appendString(dst, e.ID)
	dst = append(dst, `,"eventType":`...)
	dst = appendString(dst, string(e.Type))
	dst = append(dst, `,"eventTime":`...)
	dst = appendTime(dst, e.Time)
	dst = append(dst, `,"cursor":`...)
	dst = appendString(dst, e.Cursor)
	dst = append(dst, `,"correlationId":`...)
	if e.CorrelationID == "" {
		dst = append(dst, "null"...)
	} else {
		dst = appendString(dst, e.CorrelationID)
	}
	if e.Type == incident.EventAttributeChange {
		dst = append(dst, `,"changedFields":[`...)
		for i, f := range e.ChangedFields {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, f)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"event":{"incident":`...)
	if e.Incident == nil {
		dst = append(dst, "null"...)
	} else {
		dst = NewIncidentWriter(e.Time, text.English, nil).AppendJSON(dst, e.Incident)
	}
	if e.Note != nil {
		dst = append(dst, `,"note":`...)
		dst = AppendNoteJSON(dst, e.Note, nil)
	}
	if e.Attachment != nil {
		dst = append(dst, `,"attachment":`...)
		dst = AppendAttachmentJSON(dst, e.Attachment)
	}
	if e.FreezePeriod != nil {
		dst = append(dst, `,"freezePeriod":`...)
		dst = AppendFreezePeriodJSON(dst, e.FreezePeriod)
	}
	return append(dst, "}}"...)
}

// ParseEventFilter parses what a feed or a subscription wants: eventType
// (a comma list, or repeated; code 28 for an unknown type) and the listing
// filters of spec §4 over the incident's attributes (sort, offset, limit
// and fields have no meaning here: code 28). The caller removes the
// parameters it reads itself (after, limit, wait).
func ParseEventFilter(params map[string][]string, role incident.Role) (incident.EventFilter, error) {
	var f incident.EventFilter
	rest := make(map[string][]string, len(params))
	for name, values := range params {
		switch {
		case strings.EqualFold(name, ParamEventType):
			for _, v := range values {
				for _, raw := range strings.Split(v, ",") {
					if !slices.Contains(incident.EventTypes, raw) {
						return incident.EventFilter{}, queryError(MsgQueryEnumValue, name, raw, strings.Join(incident.EventTypes, ", "))
					}
					if t := incident.EventType(raw); !slices.Contains(f.Types, t) {
						f.Types = append(f.Types, t)
					}
				}
			}
		case strings.EqualFold(name, ParamSort), strings.EqualFold(name, ParamOffset),
			strings.EqualFold(name, ParamLimit), strings.EqualFold(name, ParamFields):
			return incident.EventFilter{}, queryError(MsgQueryUnknownAttribute, name)
		default:
			rest[name] = values
		}
	}
	slices.SortFunc(f.Types, func(a, b incident.EventType) int {
		return cmp.Compare(slices.Index(incident.EventTypes, string(a)), slices.Index(incident.EventTypes, string(b)))
	})
	if len(rest) == 0 {
		return f, nil
	}
	q, _, err := IncidentAttributes.ParseQueryWith(rest, role, QueryOptions{})
	if err != nil {
		return incident.EventFilter{}, err
	}
	filters := q.Filters
	f.Incident = func(inc *incident.Incident, at time.Time) bool {
		for _, fl := range filters {
			if !FilterMatches(inc, fl, at) {
				return false
			}
		}
		return true
	}
	return f, nil
}

// FilterMatches evaluates a listing filter on one incident as the store's
// SQL does: any of the values (ne: none of them); null never matches. The
// store's contract suite checks the two agree.
func FilterMatches(inc *incident.Incident, f incident.Filter, at time.Time) bool {
	v, ok := IncidentAttributeValue(inc, f.Attr.Name, at)
	if !ok || !v.Set {
		return false
	}
	if f.Op == incident.OpNe {
		eq := f
		eq.Op = incident.OpEq
		return !FilterMatches(inc, eq, at)
	}
	return slices.ContainsFunc(f.Values, func(x incident.Value) bool { return matchesValue(v, f.Attr.Kind, f.Op, x) })
}

func matchesValue(v AttributeValue, kind incident.Kind, op incident.Op, x incident.Value) bool {
	switch kind {
	case incident.KindBool:
		return v.Bool == x.Bool
	case incident.KindTime:
		switch op {
		case incident.OpEq:
			return !v.Time.Before(x.From) && v.Time.Before(x.To)
		case incident.OpGt:
			return !v.Time.Before(x.To)
		case incident.OpGte:
			return !v.Time.Before(x.From)
		case incident.OpLt:
			return v.Time.Before(x.From)
		case incident.OpLte:
			return v.Time.Before(x.To)
		}
		return false
	case incident.KindInt:
		return comparison(op, cmp.Compare(v.Int, x.Int))
	}
	if op == incident.OpContains {
		return strings.Contains(strings.ToLower(v.Str), strings.ToLower(x.Str))
	}
	return comparison(op, strings.Compare(v.Str, x.Str))
}

func comparison(op incident.Op, c int) bool {
	switch op {
	case incident.OpEq:
		return c == 0
	case incident.OpGt:
		return c > 0
	case incident.OpGte:
		return c >= 0
	case incident.OpLt:
		return c < 0
	case incident.OpLte:
		return c <= 0
	}
	return false
}
