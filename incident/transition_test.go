package incident_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// lifecycleTable is the table of spec §3.2 as published: for each status,
// each target and the roles allowed ("c" customer, "o" operator).
var lifecycleTable = map[incident.Status]map[incident.Status]string{
	incident.StatusNew:        {incident.StatusValidated: "o", incident.StatusCancelled: "co"},
	incident.StatusValidated:  {incident.StatusInProgress: "o", incident.StatusPending: "o", incident.StatusResolved: "o", incident.StatusCancelled: "co"},
	incident.StatusInProgress: {incident.StatusPending: "o", incident.StatusResolved: "o", incident.StatusCancelled: "o"},
	incident.StatusPending:    {incident.StatusInProgress: "o", incident.StatusResolved: "o", incident.StatusCancelled: "o"},
	incident.StatusResolved:   {incident.StatusInProgress: "co", incident.StatusClosed: "co"},
	incident.StatusClosed:     {},
	incident.StatusCancelled:  {},
}

func allowedBySpec(role incident.Role, from, to incident.Status) bool {
	letter := "c"
	if role == incident.RoleOperator {
		letter = "o"
	}
	return strings.Contains(lifecycleTable[from][to], letter)
}

// TestLifecycleTable checks every cell of the table for both roles, on
// incident.CanTransition and through a PATCH of the status: an allowed change
// happens, a refused one answers code 101 with the current status and
// the targets the role may choose.
func TestLifecycleTable(t *testing.T) {
	now := t0.Add(3 * time.Hour)
	for _, role := range []incident.Role{incident.RoleCustomer, incident.RoleOperator} {
		for _, f := range incident.Statuses {
			from := incident.Status(f)
			var allowed []string
			for _, to := range incident.Statuses {
				if allowedBySpec(role, from, incident.Status(to)) {
					allowed = append(allowed, to)
				}
			}
			if got := statusNames(incident.AllowedTargets(role, from)); !reflect.DeepEqual(got, append([]string{}, allowed...)) {
				t.Errorf("role %d from %s: incident.AllowedTargets %v, spec %v", role, from, got, allowed)
			}
			for _, to := range incident.Statuses {
				to := incident.Status(to)
				want := allowedBySpec(role, from, to)
				if got := incident.CanTransition(role, from, to); got != want {
					t.Errorf("role %d %s → %s: incident.CanTransition %v, spec %v", role, from, to, got, want)
				}
				body := `{"status":"` + string(to) + `"}`
				if to == incident.StatusResolved {
					body = `{"status":"RESOLVED","resolution":{"code":"FIXED"}}`
				}
				if role == incident.RoleCustomer && to == incident.StatusResolved {
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
				case incident.IsFinal(from):
					checkError(t, err, incident.CodeInvalidTransition, incident.MsgIncidentFinal, string(from))
				default:
					checkError(t, err, incident.CodeInvalidTransition, incident.MsgInvalidTransition, string(from))
					refusal := err.(*incident.Error).Refusal
					if refusal.Current != from || !reflect.DeepEqual(statusNames(refusal.Allowed), append([]string{}, allowed...)) {
						t.Errorf("role %d %s → %s: refusal %+v", role, from, to, refusal)
					}
				}
			}
		}
	}
}

func TestIsFinal(t *testing.T) {
	for _, s := range incident.Statuses {
		want := len(lifecycleTable[incident.Status(s)]) == 0
		if incident.IsFinal(incident.Status(s)) != want {
			t.Errorf("%s: incident.IsFinal %v", s, !want)
		}
	}
}

func statusNames(statuses []incident.Status) []string {
	out := make([]string, 0, len(statuses))
	for _, s := range statuses {
		out = append(out, string(s))
	}
	return out
}
