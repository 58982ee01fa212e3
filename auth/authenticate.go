package auth

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
	"github.com/incidentd/incidentd/text"
)

// Authenticate verifies the two credentials of an API call (spec §1.2): the
// Authorization header ("Bearer <token>", or the bare token as the
// published guide sends it) and the X-Api-Key header. Errors are
// *incident.Error values:
//   - 40, missing credentials: no or empty Authorization, "Bearer" with
//     nothing after it, no API key;
//   - 41, invalid credentials: unknown or malformed token, revoked client,
//     unknown or revoked key, a key of another customer, an operator token
//     with a customer's key or the reverse;
//   - 42, expired credentials: expired token or key;
//   - anything else is a failure of the store.
//
// A verified pair is cached for CacheTTL (see the package documentation);
// expiry is checked on every call.
func (s *Service) Authenticate(ctx context.Context, authorization, apiKey string) (Principal, error) {
	token, err := bearerToken(authorization)
	if err != nil {
		return Principal{}, err
	}
	apiKey = strings.TrimSpace(apiKey)
	if apiKey == "" {
		return Principal{}, refuse(ReasonNoAPIKey, incident.CodeMissingCredentials, MsgMissingAPIKey)
	}
	if !isRandomString(token) {
		return Principal{}, refuse(ReasonMalformedAccessToken, incident.CodeInvalidCredentials, MsgInvalidAccessToken)
	}
	now := s.opts.now()
	tokenHash, keyHash := HashCredential(token), HashCredential(apiKey)
	cacheKey := tokenHash + keyHash
	v, ok := s.cache.get(cacheKey, now)
	if !ok {
		if v, err = s.verify(ctx, tokenHash, keyHash, now); err != nil {
			return Principal{}, err
		}
		s.cache.put(cacheKey, v, now)
	}
	if r := checkExpiry(v, now); r != nil {
		return Principal{}, r.of(v.principal)
	}
	p := v.principal
	p.Scopes = slices.Clone(p.Scopes)
	return p, nil
}

// bearerToken extracts the access token of an Authorization header.
func bearerToken(authorization string) (string, error) {
	h := strings.TrimSpace(authorization)
	if h == "" {
		return "", refuse(ReasonNoAccessToken, incident.CodeMissingCredentials, MsgMissingAccessToken)
	}
	scheme, rest, spaced := strings.Cut(h, " ")
	switch {
	case strings.EqualFold(scheme, "Bearer"):
		token := strings.TrimSpace(rest)
		if token == "" {
			return "", refuse(ReasonNoAccessToken, incident.CodeMissingCredentials, MsgMissingAccessToken)
		}
		return token, nil
	case spaced: // another scheme, such as Basic
		return "", refuse(ReasonMalformedAccessToken, incident.CodeInvalidCredentials, MsgInvalidAccessToken)
	default: // the bare token
		return h, nil
	}
}

// verify checks a token and a key against the store, in the order of the
// errors a client can act on: the token first, then the key, then whether
// they belong together.
func (s *Service) verify(ctx context.Context, tokenHash, keyHash string, now time.Time) (verified, error) {
	tok, err := s.store.FindToken(ctx, tokenHash)
	if err != nil {
		return lookupFailure(err, ReasonUnknownAccessToken, MsgInvalidAccessToken, Principal{})
	}
	client, err := s.store.GetClient(ctx, tok.ClientID)
	if err != nil {
		return lookupFailure(err, ReasonUnknownClient, MsgInvalidAccessToken, Principal{})
	}
	caller := Principal{ClientID: client.ID, CustomerID: client.CustomerID}
	refused := func(reason Reason, code int, key text.Key) (verified, error) {
		return verified{}, refuse(reason, code, key).of(caller)
	}
	if !now.Before(tok.ExpiresAt) {
		return refused(ReasonExpiredAccessToken, incident.CodeExpiredCredentials, MsgExpiredAccessToken)
	}
	if client.RevokedAt != nil {
		return refused(ReasonRevokedClient, incident.CodeInvalidCredentials, MsgRevokedClient)
	}
	// The token's scopes that the client still holds.
	scopes := slices.DeleteFunc(slices.Clone(tok.Scopes), func(sc string) bool {
		return !slices.Contains(client.Scopes, sc)
	})
	// An operator client holds the operator scope and a customer's client
	// names its customer: anything else was not made by this package.
	if client.Operator != slices.Contains(scopes, ScopeOperator) || (!client.Operator && client.CustomerID == "") {
		return refused(ReasonInconsistentToken, incident.CodeInvalidCredentials, MsgInvalidAccessToken)
	}
	key, err := s.store.FindAPIKey(ctx, keyHash)
	if err != nil {
		return lookupFailure(err, ReasonUnknownAPIKey, MsgInvalidAPIKey, caller)
	}
	if key.RevokedAt != nil {
		return refused(ReasonRevokedAPIKey, incident.CodeInvalidCredentials, MsgRevokedAPIKey)
	}
	if !now.Before(key.ExpiresAt) {
		return refused(ReasonExpiredAPIKey, incident.CodeExpiredCredentials, MsgExpiredAPIKey)
	}
	if key.Operator != client.Operator {
		return refused(ReasonOperatorCustomerMix, incident.CodeInvalidCredentials, MsgAPIKeyMismatch)
	}
	if key.CustomerID != client.CustomerID {
		return refused(ReasonKeyOfAnotherCustomer, incident.CodeInvalidCredentials, MsgAPIKeyMismatch)
	}
	return verified{
		principal: Principal{
			ClientID:   client.ID,
			ClientName: client.Name,
			CustomerID: client.CustomerID,
			Operator:   client.Operator,
			Scopes:     scopes,
		},
		tokenExpiresAt: tok.ExpiresAt,
		keyExpiresAt:   key.ExpiresAt,
	}, nil
}

// lookupFailure turns a store lookup error into code 41 when the row is
// missing, refusing the caller known so far, and into a store failure
// otherwise.
func lookupFailure(err error, reason Reason, invalid text.Key, caller Principal) (verified, error) {
	if incident.ErrorCode(err) == incident.CodeNotFound {
		return verified{}, refuse(reason, incident.CodeInvalidCredentials, invalid).of(caller)
	}
	return verified{}, fmt.Errorf("auth: verifying credentials: %w", err)
}

// checkExpiry refuses a verified pair whose token or key has expired by now.
func checkExpiry(v verified, now time.Time) *Refusal {
	if !now.Before(v.tokenExpiresAt) {
		return refuse(ReasonExpiredAccessToken, incident.CodeExpiredCredentials, MsgExpiredAccessToken)
	}
	if !now.Before(v.keyExpiresAt) {
		return refuse(ReasonExpiredAPIKey, incident.CodeExpiredCredentials, MsgExpiredAPIKey)
	}
	return nil
}
