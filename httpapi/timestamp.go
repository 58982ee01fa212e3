package httpapi

import "time"

// timeLayout is RFC 3339 in UTC with milliseconds, the one time format of
// the representation.
const timeLayout = "2006-01-02T15:04:05.000Z"

// timestamp renders a time in timeLayout; a nil *timestamp is null.
type timestamp time.Time

func (t timestamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format(timeLayout) + `"`), nil
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
