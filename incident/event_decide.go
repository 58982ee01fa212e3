package incident

import "slices"

// The events each operation produces (spec §11.1), decided here and written
// by the store in the operation's transaction.

// createEvents are the events of a new incident.
func createEvents(c Caller) []Event {
	return []Event{{Type: EventCreate, CorrelationID: c.RequestID}}
}

// editEvents are the events of an edit, from the history entries it
// recorded and the freeze periods it added or changed (before: the periods
// as read): one attribute change naming every attribute that changed, a
// status change (and a resolution when the status became RESOLVED), one
// freeze period change per period written. A period's event points into
// e.Periods, so that it carries the id the store gives a new period.
func editEvents(e *Edit, before []FreezePeriod, c Caller) []Event {
	var out []Event
	var changed []string
	status := false
	for _, ch := range e.Changes {
		switch ch.Field {
		case "status":
			status = true
		case "freezePeriods":
		default:
			if !slices.Contains(changed, ch.Field) {
				changed = append(changed, ch.Field)
			}
		}
	}
	if len(changed) > 0 {
		out = append(out, Event{Type: EventAttributeChange, CorrelationID: c.RequestID, ChangedFields: changed})
	}
	if status {
		out = append(out, Event{Type: EventStatusChange, CorrelationID: c.RequestID})
		if e.Incident.Status == StatusResolved {
			out = append(out, Event{Type: EventResolved, CorrelationID: c.RequestID})
		}
	}
	for i := range e.Periods {
		p := &e.Periods[i]
		if p.ID != 0 && slices.ContainsFunc(before, func(b FreezePeriod) bool { return b.ID == p.ID && samePeriod(b, *p) }) {
			continue
		}
		out = append(out, Event{Type: EventFreezePeriodChange, CorrelationID: c.RequestID, FreezePeriod: p})
	}
	return out
}

// noteEvent is the event of a new note; the store sets its Note.
func noteEvent(c Caller, n Note) Event {
	return Event{Type: EventNoteCreate, CorrelationID: c.RequestID, Internal: n.Internal}
}

// attachmentEvent is the event of a new file; internal when the note it
// belongs to is.
func attachmentEvent(c Caller, internal bool) Event {
	return Event{Type: EventAttachmentCreate, CorrelationID: c.RequestID, Internal: internal}
}
