package sqlstore

import (
	"context"
	"slices"
	"strings"

	"github.com/incidentd/incidentd/incident"
)

// UpdateIncident reads the incident within the scope, locked (PostgreSQL:
// FOR UPDATE; SQLite: the single writer's IMMEDIATE transaction), with its
// periods; calls edit; and stores what edit changed in the same
// transaction. An error from edit is returned unchanged and nothing is
// written; so is nothing when edit recorded no change and touched no
// period.
func (db *DB) UpdateIncident(ctx context.Context, scope incident.Scope, id string, edit func(*incident.Edit) error) (*incident.Incident, error) {
	var out *incident.Incident
	err := db.write(ctx, "update incident", func(tx *txn) error {
		inc, err := tx.incident(ctx, scope, id, true)
		if err != nil {
			return err
		}
		seq := inc.Seq
		// edit changes inc in place: the counters' key is taken first.
		counts := countChanges{}
		counts.add(inc, -1)
		before, err := tx.periods(ctx, seq)
		if err != nil {
			return err
		}
		e := &incident.Edit{Incident: inc, Periods: slices.Clone(before), Now: tx.now}
		if err := edit(e); err != nil {
			return err
		}
		wrotePeriods, err := tx.savePeriods(ctx, seq, before, e.Periods)
		if err != nil {
			return err
		}
		if len(e.Changes) == 0 && !wrotePeriods {
			// Nothing to record: answer with the stored incident, not with
			// whatever the callback did to the one it was given; events
			// alone (an SLA breach) describe it as it is.
			if out, err = tx.incidentBySeq(ctx, seq); err != nil {
				return err
			}
			return tx.queueEvents(ctx, e.Events, eventObjects{incident: out})
		}
		inc = e.Incident
		inc.Seq = seq
		inc.Version++
		inc.UpdatedAt = tx.now
		if err := tx.updateIncident(ctx, inc); err != nil {
			return err
		}
		if err := tx.insertHistory(ctx, inc.Seq, e.Changes); err != nil {
			return err
		}
		counts.add(inc, 1)
		if err := tx.markChanged(ctx, inc.Customer.ID, 1); err != nil {
			return err
		}
		if err := tx.saveCounts(ctx, counts); err != nil {
			return err
		}
		out = inc
		return tx.queueEvents(ctx, e.Events, eventObjects{incident: inc})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// updateIncident rewrites the mutable columns of an incident and its texts.
func (tx *txn) updateIncident(ctx context.Context, inc *incident.Incident) error {
	values := make([]any, len(incidentColumns))
	incidentValues(inc, values)
	args := make([]any, 0, len(values))
	for i, c := range incidentColumns {
		if !immutableColumns[c] {
			args = append(args, values[i])
		}
	}
	args = append(args, inc.Seq)
	if _, err := tx.exec(ctx, updateIncidentSQL, args...); err != nil {
		return err
	}
	texts := make([]any, len(textColumns))
	textValues(inc, texts)
	_, err := tx.exec(ctx, "UPDATE incident_texts SET description = ?, resolution_text = ? WHERE incident_seq = ?",
		texts[1], texts[2], texts[0])
	return err
}

// updateIncidentSQL sets every mutable column by seq.
var updateIncidentSQL = func() string {
	var set []string
	for _, c := range incidentColumns {
		if !immutableColumns[c] {
			set = append(set, c+" = ?")
		}
	}
	return "UPDATE incidents SET " + strings.Join(set, ", ") + " WHERE seq = ?"
}()
