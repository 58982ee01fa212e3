package incident

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// lifecycleTable is the table of spec §3.2 as published: for each status,
// each target and the roles allowed ("c" customer, "o" operator).
var lifecycleTable = map[Status]map[Status]string{
	StatusNew:        {StatusValidated: "o", StatusCancelled: "co"},
	StatusValidated:  {StatusInProgress: "o", StatusPending: "o", StatusResolved: "o", StatusCancelled: "co"},
	StatusInProgress: {StatusPending: "o", StatusResolved: "o", StatusCancelled: "o"},
	StatusPending:    {StatusInProgress: "o", StatusResolved: "o", StatusCancelled: "o"},
	StatusResolved:   {StatusInProgress: "co", StatusClosed: "co"},
	StatusClosed:     {},
	StatusCancelled:  {},
}

func allowedBySpec(role Role, from, to Status) bool {
	letter := "c"
	if role == RoleOperator {
		letter = "o"
	}
	return strings.Contains(lifecycleTable[from][to], letter)
}

// TestLifecycleTable checks every cell of the table for both roles, on
// CanTransition and through a PATCH of the status: an allowed change
// happens, a refused one answers code 101 with the current status and
// the targets the role may choose.
func TestLifecycleTable(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	for _, role := range []Role{RoleCustomer, RoleOperator} {
		for _, f := range Statuses {
			from := Status(f)
			var allowed []string
			for _, to := range Statuses {
				if allowedBySpec(role, from, Status(to)) {
					allowed = append(allowed, to)
				}
			}
			if got := statusNames(AllowedTargets(role, from)); !reflect.DeepEqual(got, append([]string{}, allowed...)) {
				t.Errorf("role %d from %s: AllowedTargets %v, spec %v", role, from, got, allowed)
			}
			for _, to := range Statuses {
				to := Status(to)
				want := allowedBySpec(role, from, to)
				if got := CanTransition(role, from, to); got != want {
					t.Errorf("role %d %s → %s: CanTransition %v, spec %v", role, from, to, got, want)
				}
				body := `{"status":"` + string(to) + `"}`
				if to == StatusResolved {
					body = `{"status":"RESOLVED","resolution":{"code":"FIXED"}}`
				}
				if role == RoleCustomer && to == StatusResolved {
					body = `{"status":"RESOLVED"}` // customers never write a resolution
				}
				e, err := patchAt(incidentIn(from), nil, role, body, now)
				switch {
				case from == to:
					if err != nil || len(e.Changes) != 0 {
						t.Errorf("role %d %s → itself: %v %+v", role, from, err, e.Changes)
					}
				case want:
					if err != nil || e.Incident.Status != to || !e.Incident.StatusChangedAt.Equal(now) {
						t.Errorf("role %d %s → %s: %v", role, from, to, err)
					}
				case IsFinal(from):
					checkError(t, err, CodeInvalidTransition, MsgIncidentFinal, string(from))
				default:
					checkError(t, err, CodeInvalidTransition, MsgInvalidTransition, string(from))
					data := err.(*Error).Data
					if data["currentStatus"] != string(from) || !reflect.DeepEqual(data["allowedStatuses"], append([]string{}, allowed...)) {
						t.Errorf("role %d %s → %s: data %v", role, from, to, data)
					}
				}
			}
		}
	}
}

func TestIsFinal(t *testing.T) {
	for _, s := range Statuses {
		want := len(lifecycleTable[Status(s)]) == 0
		if IsFinal(Status(s)) != want {
			t.Errorf("%s: IsFinal %v", s, !want)
		}
	}
}
