package httpapi

import "time"

// timeLayout is RFC 3339 in UTC with milliseconds, the one time format of
// the representation.
const timeLayout = "2006-01-02T15:04:05.000Z"

// timestamp renders a time in timeLayout; a nil *timestamp is null.
type timestamp time.Time

// MarshalText rather than MarshalJSON: encoding/json quotes text itself,
// whereas it re-scans and compacts every MarshalJSON output, a cost paid for
// each of the seven times of every incident in a list.
func (t timestamp) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(make([]byte, 0, len(timeLayout)), timeLayout), nil
}

// stamp converts a time for the representation.
func stamp(t time.Time) timestamp { return timestamp(t) }

// optionalStamp converts an optional time: nil stays nil, rendered null.
func optionalStamp(t *time.Time) *timestamp {
	if t == nil {
		return nil
	}
	s := timestamp(*t)
	return &s
}
