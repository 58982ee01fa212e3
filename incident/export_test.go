package incident

import (
	"time"
)

// The rules the external tests exercise directly, without a store.

func ApplyPatch(e *Edit, c Caller, p Patch) error { return DefaultMatrix().applyPatch(e, c, p) }

func NewIncidentOf(n NewIncident, role Role, now time.Time) (*Incident, error) {
	return DefaultMatrix().newIncident(n, role, now)
}

func AddPeriod(e *Edit, in FreezeInput, actor Actor) error {
	p, err := in.period(actor)
	if err != nil {
		return err
	}
	return addPeriod(e, p, actor)
}

func PatchPeriod(e *Edit, i int, p FreezePatch, actor Actor) (FreezePeriod, error) {
	return patchPeriod(e, i, p, actor)
}

func ChangeStatus(inc *Incident, from Status, periods []FreezePeriod, reason FreezeReason, actor Actor, now time.Time) []FreezePeriod {
	return changeStatus(inc, from, periods, reason, actor, now)
}

func IdempotencyOf(clientID, key, kind string, command ...any) (*Idempotency, error) {
	return idempotencyOf(clientID, key, kind, command...)
}

func OpenPeriod(periods []FreezePeriod) int { return openPeriod(periods) }

func CheckPrecondition(inc *Incident, pre Precondition) error { return checkPrecondition(inc, pre) }

func FreezePeriodOf(in FreezeInput) (FreezePeriod, error) { return in.period(Actor{}) }
