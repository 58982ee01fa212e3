package console

import (
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// incidentRow is an incident as the lists show it, with its repair clock
// at the instant of the page.
type incidentRow struct {
	*incident.Incident
	SLA incident.SLA
	// RemainingSeconds is the time left before the GTR deadline; negative
	// once it passed. Meaningless once the clock stopped.
	RemainingSeconds int64
	Open             bool
}

func newRow(inc *incident.Incident, now time.Time) incidentRow {
	sla := inc.SLA(now)
	return incidentRow{Incident: inc, SLA: sla, RemainingSeconds: int64(sla.GTRDeadline.Sub(now) / time.Second),
		Open: inc.ClockStop() == nil && inc.Status != incident.StatusResolved}
}

func rowsOf(list []*incident.Incident, now time.Time) []incidentRow {
	rows := make([]incidentRow, len(list))
	for i, inc := range list {
		rows[i] = newRow(inc, now)
	}
	return rows
}

// option is a choice of a form control.
type option struct {
	Value, Label string
	Selected     bool
}

// enumOptions are the choices of an enumeration, labelled.
func enumOptions(lang text.Language, values []string, selected func(string) bool) []option {
	out := make([]option, len(values))
	for i, v := range values {
		out[i] = option{Value: v, Label: labelOf(lang, v), Selected: selected != nil && selected(v)}
	}
	return out
}

// labelOf is the label of an enumeration value: the console's own for
// the values the domain does not label (resolution codes, freeze reasons).
func labelOf(lang text.Language, value string) string {
	if k := key("value_" + value); text.Registered(k) {
		return text.Message(lang, k)
	}
	return incident.Label(lang, value)
}

// formatDuration shows seconds as "2 d 3 h", "3 h 05 min" or "12 min".
func formatDuration(lang text.Language, seconds int64) string {
	if seconds < 0 {
		seconds = -seconds
	}
	d, h, m := seconds/86400, seconds%86400/3600, seconds%3600/60
	switch {
	case d > 0:
		return text.Message(lang, key("duration_days"), d, h)
	case h > 0:
		return text.Message(lang, key("duration_hours"), h, m)
	default:
		return text.Message(lang, key("duration_minutes"), m)
	}
}
