package auth

import (
	"testing"

	"github.com/incidentd/incidentd/incident"
)

func TestPrincipalPermissions(t *testing.T) {
	for _, tc := range []struct {
		name                  string
		p                     Principal
		read, write, operator bool
	}{
		{"customer read-write", Principal{CustomerID: "acme", Scopes: []string{ScopeIncident}}, true, true, false},
		{"customer both scopes", Principal{CustomerID: "acme", Scopes: []string{ScopeIncident, ScopeReadOnly}}, true, true, false},
		{"customer read-only", Principal{CustomerID: "acme", Scopes: []string{ScopeReadOnly}}, true, false, false},
		{"operator", Principal{Operator: true, Scopes: []string{ScopeOperator}}, true, true, true},
		{"operator scope on a customer client", Principal{CustomerID: "acme", Scopes: []string{ScopeOperator}}, false, false, false},
		{"no scope", Principal{CustomerID: "acme"}, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.CanRead(); got != tc.read {
				t.Errorf("CanRead = %v", got)
			}
			if got := tc.p.CanWrite(); got != tc.write {
				t.Errorf("CanWrite = %v", got)
			}
			if got := tc.p.IsOperator(); got != tc.operator {
				t.Errorf("IsOperator = %v", got)
			}
		})
	}
}

func TestPrincipalCaller(t *testing.T) {
	customer := Principal{ClientID: "c1", ClientName: "Acme portal", CustomerID: "acme", Scopes: []string{ScopeIncident}}
	want := incident.Caller{
		Role:     incident.RoleCustomer,
		Scope:    incident.Scope{CustomerID: "acme"},
		Actor:    incident.Actor{Type: incident.ActorCustomer, Name: "Acme portal"},
		ClientID: "c1",
	}
	if got := customer.Caller(); got != want {
		t.Errorf("customer caller %+v, want %+v", got, want)
	}
	operator := Principal{ClientID: "op1", Operator: true, Scopes: []string{ScopeOperator}}
	want = incident.Caller{
		Role:     incident.RoleOperator,
		Scope:    incident.Scope{Operator: true},
		Actor:    incident.Actor{Type: incident.ActorProvider, Name: "op1"},
		ClientID: "op1",
	}
	if got := operator.Caller(); got != want {
		t.Errorf("operator caller %+v, want %+v", got, want)
	}
}
