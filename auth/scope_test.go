package auth

import (
	"slices"
	"testing"
)

func TestGrantScopes(t *testing.T) {
	client := []string{ScopeIncident, ScopeReadOnly}
	for _, tc := range []struct {
		requested string
		want      []string
		ok        bool
	}{
		{"", client, true},
		{"   ", client, true},
		{ScopeReadOnly, []string{ScopeReadOnly}, true},
		{ScopeReadOnly + " " + ScopeIncident, []string{ScopeReadOnly, ScopeIncident}, true},
		{ScopeIncident + "  " + ScopeIncident, []string{ScopeIncident}, true},
		{ScopeOperator, nil, false},
		{ScopeIncident + " " + ScopeOperator, nil, false},
		{"b2b:incident\tb2b:incident:readonly", nil, false},
		{"B2B:INCIDENT", nil, false},
		{"unknown", nil, false},
	} {
		got, ok := grantScopes(tc.requested, client)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("grantScopes(%q) = %v, %v; want %v, %v", tc.requested, got, ok, tc.want, tc.ok)
		}
	}
	if _, ok := grantScopes("", nil); ok {
		t.Error("a client without scopes was granted a token")
	}
}
