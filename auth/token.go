package auth

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/incidentd/incidentd/incident"
)

// Token answers a token request given as its body's form values
// (r.PostForm) and its Authorization header: ParseTokenRequest, then
// IssueToken.
func (s *Service) Token(ctx context.Context, form url.Values, authorization string) (TokenResponse, *OAuthError) {
	req, oerr := ParseTokenRequest(form, authorization)
	if oerr != nil {
		return TokenResponse{}, oerr
	}
	return s.IssueToken(ctx, req.ClientID, req.ClientSecret, req.Scope)
}

// IssueToken authenticates a client and issues it an access token for the
// requested scope (space-separated, a subset of the client's scopes; empty
// for all of them). Only the token's hash is stored.
//
// Errors: invalid_client (401) for an unknown client, a wrong secret or a
// revoked client; invalid_scope (400); server_error (500) when the store
// fails, with the failure in Cause.
func (s *Service) IssueToken(ctx context.Context, clientID, clientSecret, scope string) (TokenResponse, *OAuthError) {
	const failed = "client authentication failed"
	if clientID == "" || clientSecret == "" {
		return TokenResponse{}, invalidClient(ReasonMalformedClientAuth, failed)
	}
	client, err := s.store.GetClient(ctx, clientID)
	if err != nil {
		if incident.ErrorCode(err) != incident.CodeNotFound {
			return TokenResponse{}, serverError(err)
		}
		// Spend the time a real check takes: response times must not tell
		// which client ids exist.
		if _, busy := s.verifySecret(ctx, clientSecret, dummySecretHash()); busy != nil {
			return TokenResponse{}, busy
		}
		return TokenResponse{}, invalidClient(ReasonUnknownClient, failed)
	}
	ok, busy := s.verifySecret(ctx, clientSecret, client.SecretHash)
	if busy != nil {
		return TokenResponse{}, busy
	}
	if !ok {
		return TokenResponse{}, invalidClient(ReasonBadSecret, failed)
	}
	if client.RevokedAt != nil {
		return TokenResponse{}, invalidClient(ReasonRevokedClient, "the client has been revoked")
	}
	granted, ok := grantScopes(scope, client.Scopes)
	if !ok {
		return TokenResponse{}, &OAuthError{Status: http.StatusBadRequest, Code: ErrInvalidScope,
			Description: "the scope must be a space-separated subset of: " + strings.Join(client.Scopes, " ")}
	}
	token := newRandomString()
	now := s.opts.now()
	err = s.store.CreateToken(ctx, Token{
		Hash:      HashCredential(token),
		ClientID:  client.ID,
		Scopes:    granted,
		IssuedAt:  now,
		ExpiresAt: now.Add(s.opts.TokenLifetime),
	}, client.SecretHash)
	if incident.ErrorCode(err) == incident.CodeNotFound {
		// The secret was rotated while this request checked the old one.
		return TokenResponse{}, invalidClient(ReasonBadSecret, failed)
	}
	if err != nil {
		return TokenResponse{}, serverError(err)
	}
	return TokenResponse{
		TokenType:   "Bearer",
		AccessToken: token,
		ExpiresIn:   int(s.opts.TokenLifetime / time.Second),
		Scope:       strings.Join(granted, " "),
	}, nil
}

// PurgeExpiredTokens deletes the tokens expired for longer than
// ExpiredTokenRetention and returns how many went. Run it now and then.
func (s *Service) PurgeExpiredTokens(ctx context.Context) (int64, error) {
	return s.store.DeleteExpiredTokens(ctx, s.opts.now().Add(-ExpiredTokenRetention))
}
