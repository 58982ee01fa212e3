package incident

import (
	"fmt"
	"regexp"
	"time"
)

// FormatID renders the human id of an incident: YYMM of creation, "N", and
// the sequence number zero-padded to five digits at least ("2611N00042").
func FormatID(seq int64, createdAt time.Time) string {
	return fmt.Sprintf("%sN%05d", createdAt.UTC().Format("0601"), seq)
}

var idPattern = regexp.MustCompile(`^[0-9]{4}N[0-9]{5,18}$`)

// ValidID reports whether s has the shape of an incident id.
func ValidID(s string) bool { return idPattern.MatchString(s) }

// Created stamps a new incident inside the creating transaction: its
// allocated sequence number and id, its times, its repair clock. It returns
// the first history entry (the initial status).
func (inc *Incident) Created(seq int64, now time.Time, actor Actor) ([]Change, error) {
	if inc.DetectedAt != nil && inc.DetectedAt.After(now) {
		return nil, Errorf(CodeInvalidBodyField, MsgDetectedAfterCreated)
	}
	inc.Seq = seq
	inc.ID = FormatID(seq, now)
	inc.CreatedAt, inc.UpdatedAt, inc.StatusChangedAt = now, now, now
	if inc.IsEscalated {
		inc.EscalatedAt = &now // reported as escalated: escalated when created
	}
	inc.Version = 1
	inc.Clock = ComputeClock(inc.ClockStart(), inc.ClockStop(), inc.Clock.TargetSeconds, nil)
	status := string(inc.Status)
	return []Change{{At: now, Actor: actor, Field: "status", To: &status}}, nil
}

func itoa(n int64) string { return fmt.Sprint(n) }
