package httpapi

import (
	"sync"
	"time"

	"github.com/incidentd/incidentd/auth"
	"github.com/incidentd/incidentd/incident"
)

// Default bounds of the exports running at once.
const (
	DefaultMaxExports            = 8
	DefaultMaxExportsPerCustomer = 2
)

// exportRetryAfter is the wait suggested to a client refused an export.
const exportRetryAfter = 5 * time.Second

// exportSlots bounds the exports running at once, in total and per party
// (a customer; on the operator side, a client): however many exports one
// customer starts, others keep theirs.
type exportSlots struct {
	maxTotal, maxPerParty int

	mu      sync.Mutex
	total   int
	byParty map[string]int
}

func newExportSlots(maxTotal, maxPerParty int) *exportSlots {
	return &exportSlots{maxTotal: maxTotal, maxPerParty: maxPerParty, byParty: map[string]int{}}
}

// exportParty is whom an export counts against.
func exportParty(c incident.Caller) string {
	if c.Scope.Operator {
		return "operator client " + c.ClientID
	}
	return "customer " + c.Scope.CustomerID
}

// take reserves a slot for party; it returns the function that gives it
// back, or a refusal (429, code 53, with Retry-After) when the party or
// the server has none left.
func (e *exportSlots) take(party string) (release func(), err error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.byParty[party] >= e.maxPerParty {
		return nil, &auth.TryLater{Err: fail(incident.CodeTooManyRequests, MsgExportsPerParty, e.maxPerParty), After: exportRetryAfter}
	}
	if e.total >= e.maxTotal {
		return nil, &auth.TryLater{Err: fail(incident.CodeTooManyRequests, MsgExportsTotal, e.maxTotal), After: exportRetryAfter}
	}
	e.total++
	e.byParty[party]++
	return func() {
		e.mu.Lock()
		defer e.mu.Unlock()
		e.total--
		if e.byParty[party]--; e.byParty[party] == 0 {
			delete(e.byParty, party)
		}
	}, nil
}
