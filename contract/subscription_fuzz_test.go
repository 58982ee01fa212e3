package contract

import (
	"errors"
	"testing"

	"github.com/incidentd/incidentd/incident"
)

// FuzzSubscriptionBodies feeds the decoders of the /hub bodies: whatever
// the body, the answer is a value or an *incident.Error of the 400 family
// (never a panic, never an internal error); a subscription decoded has a
// callback and a query that parses again.
//
//	go test ./contract -run='^$' -fuzz=FuzzSubscriptionBodies -fuzztime=30s
func FuzzSubscriptionBodies(f *testing.F) {
	f.Add([]byte(`{"callback":"https://hooks.example.com/x","query":"eventType=IncidentStatusChangeEvent,IncidentCreateEvent&priority=P1"}`), false)
	f.Add([]byte(`{"callback":"https://h.example","query":"customer.id=acme&sla.isBreached=true"}`), true)
	f.Add([]byte(`{"callback":"https://h.example","query":"priority=P1&%zz"}`), false)
	f.Add([]byte(`{"status":"disabled","query":"limit=5"}`), false)
	f.Add([]byte(`{"after":"e2s"}`), false)
	f.Add([]byte(`{"since":"2026-11-26T08:00:00Z","after":null}`), true)
	f.Add([]byte(`{"callback":null,"status":7}`), true)
	f.Fuzz(func(t *testing.T, body []byte, operator bool) {
		role := incident.RoleCustomer
		if operator {
			role = incident.RoleOperator
		}
		check := func(what string, err error) {
			var e *incident.Error
			if err != nil && (!errors.As(err, &e) || e.Code < 20 || e.Code > 28 && e.Code != incident.CodeTooLarge) {
				t.Fatalf("%s: %v is not a request error", what, err)
			}
		}
		n, err := DecodeSubscription(body, role)
		check("create", err)
		if err == nil {
			if _, err := ParseSubscriptionQuery(n.Query, role); err != nil {
				t.Fatalf("query %q decoded, then refused: %v", n.Query, err)
			}
		}
		_, err = DecodeSubscriptionPatch(body, role)
		check("patch", err)
		from, err := DecodeReplay(body)
		check("replay", err)
		if err == nil && (from.After == "") == (from.Since == nil) {
			t.Fatalf("replay %+v: not exactly one point", from)
		}
	})
}
