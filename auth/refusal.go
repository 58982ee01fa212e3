package auth

import (
	"errors"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Reason tells why credentials were refused. It is for the server's log
// and metrics only: a client gets the error's code and message, which say
// no more than the specification does (an unknown client and a wrong
// secret, for one, get the same answer).
type Reason string

// Reasons an API call's credentials are refused (Authenticate).
const (
	ReasonNoAccessToken        Reason = "no_access_token"
	ReasonNoAPIKey             Reason = "no_api_key"
	ReasonMalformedAccessToken Reason = "malformed_access_token" // not a token this server issues, or another scheme than Bearer
	ReasonUnknownAccessToken   Reason = "unknown_access_token"
	ReasonExpiredAccessToken   Reason = "expired_access_token"
	ReasonUnknownClient        Reason = "unknown_client"
	ReasonRevokedClient        Reason = "revoked_client"
	ReasonInconsistentToken    Reason = "inconsistent_token" // scopes that do not fit its client
	ReasonUnknownAPIKey        Reason = "unknown_api_key"
	ReasonRevokedAPIKey        Reason = "revoked_api_key"
	ReasonExpiredAPIKey        Reason = "expired_api_key"
	ReasonKeyOfAnotherCustomer Reason = "api_key_of_another_customer"
	ReasonOperatorCustomerMix  Reason = "operator_and_customer_credentials_mixed"
	// ReasonInsufficientScope is the 403 of a token whose scopes do not
	// allow the operation; the transport checks scopes.
	ReasonInsufficientScope Reason = "insufficient_scope"
)

// Reasons a token request is refused (IssueToken, ParseTokenRequest),
// beyond the OAuth error codes that already tell them (invalid_request,
// unsupported_grant_type, invalid_scope).
const (
	ReasonMalformedClientAuth Reason = "malformed_client_authentication"
	ReasonBadSecret           Reason = "bad_secret"
)

// CallRefusalReasons lists every reason an API call can be refused with.
var CallRefusalReasons = []Reason{
	ReasonNoAccessToken, ReasonNoAPIKey, ReasonMalformedAccessToken, ReasonUnknownAccessToken,
	ReasonExpiredAccessToken, ReasonUnknownClient, ReasonRevokedClient, ReasonInconsistentToken,
	ReasonUnknownAPIKey, ReasonRevokedAPIKey, ReasonExpiredAPIKey, ReasonKeyOfAnotherCustomer,
	ReasonOperatorCustomerMix, ReasonInsufficientScope,
}

// TokenRefusalReasons lists every reason (OAuthError.LogReason) a token
// request can be refused with.
var TokenRefusalReasons = []Reason{
	ErrInvalidRequest, ErrUnsupportedGrantType, ErrInvalidScope,
	ReasonMalformedClientAuth, ReasonUnknownClient, ReasonBadSecret, ReasonRevokedClient,
}

// Refusal is the error of refused credentials: the API error the client
// sees, and why, for the log.
type Refusal struct {
	Err    *incident.Error
	Reason Reason
	// ClientID and CustomerID name the caller when the refusal came after
	// its access token was recognised (an API key of another customer, an
	// expired key…); empty otherwise.
	ClientID   string
	CustomerID string
}

func (r *Refusal) Error() string { return r.Err.Error() + " (" + string(r.Reason) + ")" }

// Unwrap makes the API error reachable by errors.As: the transport
// answers it as any other.
func (r *Refusal) Unwrap() error { return r.Err }

// RefusalOf finds the Refusal in err's chain.
func RefusalOf(err error) (*Refusal, bool) {
	var r *Refusal
	ok := errors.As(err, &r)
	return r, ok
}

func refuse(reason Reason, code int, key text.Key) *Refusal {
	return &Refusal{Err: incident.Errorf(code, key), Reason: reason}
}

// of names the caller a refusal came after.
func (r *Refusal) of(p Principal) *Refusal {
	r.ClientID, r.CustomerID = p.ClientID, p.CustomerID
	return r
}

// ReasonNames turns reasons into strings, for metrics labels.
func ReasonNames(reasons []Reason) []string {
	names := make([]string, len(reasons))
	for i, r := range reasons {
		names[i] = string(r)
	}
	return names
}
