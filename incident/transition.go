package incident

import (
	"strings"
	"time"
)

// transitionError refuses a status change with code 101, naming the
// current status and the targets the caller's role may choose.
func transitionError(role Role, from, to Status) *Error {
	allowed := append([]Status{}, AllowedTargets(role, from)...)
	e := Errorf(CodeInvalidTransition, MsgInvalidTransition, from, to, "["+strings.Join(statusNames(allowed), ", ")+"]")
	e.Refusal = &TransitionRefusal{Current: from, Allowed: allowed}
	return e
}

// finalError refuses any change of a CLOSED or CANCELLED incident with code
// 101: no status is reachable from there.
func finalError(current Status) *Error {
	e := Errorf(CodeInvalidTransition, MsgIncidentFinal, current)
	e.Refusal = &TransitionRefusal{Current: current, Allowed: []Status{}}
	return e
}

func statusNames(statuses []Status) []string {
	out := make([]string, 0, len(statuses))
	for _, s := range statuses {
		out = append(out, string(s))
	}
	return out
}

// changeStatus applies the side effects of a status change: inc already
// has its new status, from is the previous one. Entering PENDING opens a
// freeze period (unless one is open already); leaving PENDING, resolving
// and cancelling close the open period; resolving, closing and reopening
// set or clear their times. It returns the periods.
func changeStatus(inc *Incident, from Status, periods []FreezePeriod, reason FreezeReason, actor Actor, now time.Time) []FreezePeriod {
	to := inc.Status
	inc.StatusChangedAt = now
	if from == StatusPending || to == StatusResolved || to == StatusCancelled {
		closeOpenPeriod(periods, now)
	}
	switch to {
	case StatusPending:
		if openPeriod(periods) < 0 {
			if reason == "" {
				reason = FreezePendingCustomer
			}
			periods = append(periods, FreezePeriod{StartAt: now, Reason: reason, CreatedBy: actor})
		}
	case StatusResolved:
		inc.ResolvedAt = &now
	case StatusClosed, StatusCancelled:
		// A cancellation closes the incident too: its clock stops there.
		inc.ClosedAt = &now
	case StatusInProgress:
		if from == StatusResolved { // reopened
			inc.ResolvedAt, inc.Resolution = nil, nil
		}
	}
	return periods
}

// openPeriod is the index of the open period, -1 when none is open.
func openPeriod(periods []FreezePeriod) int {
	for i, p := range periods {
		if p.EndAt == nil {
			return i
		}
	}
	return -1
}

// closeOpenPeriod ends the open period, if any, at now (at its start if
// now is earlier, so that no period ever ends before it starts).
func closeOpenPeriod(periods []FreezePeriod, now time.Time) {
	if i := openPeriod(periods); i >= 0 {
		end := now
		if end.Before(periods[i].StartAt) {
			end = periods[i].StartAt
		}
		periods[i].EndAt = &end
	}
}
