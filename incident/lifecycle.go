package incident

// Role is the side of the API a caller is on.
type Role int

const (
	RoleCustomer Role = iota
	RoleOperator
)

// transitions is the lifecycle table of spec §3.2: for each status, the
// targets each role may choose.
var transitions = map[Status]map[Status][]Role{
	StatusNew: {
		StatusValidated: {RoleOperator},
		StatusCancelled: {RoleCustomer, RoleOperator},
	},
	StatusValidated: {
		StatusInProgress: {RoleOperator},
		StatusPending:    {RoleOperator},
		StatusResolved:   {RoleOperator},
		StatusCancelled:  {RoleCustomer, RoleOperator},
	},
	StatusInProgress: {
		StatusPending:   {RoleOperator},
		StatusResolved:  {RoleOperator},
		StatusCancelled: {RoleOperator},
	},
	StatusPending: {
		StatusInProgress: {RoleOperator},
		StatusResolved:   {RoleOperator},
		StatusCancelled:  {RoleOperator},
	},
	StatusResolved: {
		StatusInProgress: {RoleCustomer, RoleOperator},
		StatusClosed:     {RoleCustomer, RoleOperator},
	},
}

// CanTransition reports whether role may move an incident from one status
// to another.
func CanTransition(role Role, from, to Status) bool {
	for _, r := range transitions[from][to] {
		if r == role {
			return true
		}
	}
	return false
}

// AllowedTargets lists, in the order of Statuses, the statuses role may move
// an incident to from the given one.
func AllowedTargets(role Role, from Status) []Status {
	var out []Status
	for _, s := range Statuses {
		if CanTransition(role, from, Status(s)) {
			out = append(out, Status(s))
		}
	}
	return out
}

// IsFinal reports whether no transition leaves the status.
func IsFinal(s Status) bool { return s == StatusClosed || s == StatusCancelled }
