package auth

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
)

// TokenRequest is a client-credentials token request, decoded.
type TokenRequest struct {
	ClientID     string
	ClientSecret string
	// Scope is the requested scope, space-separated; empty asks for every
	// scope of the client.
	Scope string
}

// ParseTokenRequest decodes a token request (spec §1.1, RFC 6749 §4.4)
// from the form values of its body (r.PostForm: never the query string)
// and its Authorization header:
//   - grant_type must be present once and be client_credentials
//     (invalid_request, unsupported_grant_type);
//   - no parameter may be repeated (invalid_request); an empty parameter
//     counts as absent;
//   - the client authenticates with HTTP Basic, id and secret
//     form-urlencoded as RFC 6749 §2.3.1 requires, or with the client_id
//     and client_secret parameters, not both (invalid_request); an
//     undecodable header or no client authentication is invalid_client.
//
// It checks the shape only; Service.IssueToken checks the credentials.
func ParseTokenRequest(form url.Values, authorization string) (TokenRequest, *OAuthError) {
	for name, values := range form {
		if len(values) > 1 {
			return TokenRequest{}, invalidRequest("parameter " + name + " is repeated")
		}
	}
	switch grant := form.Get("grant_type"); grant {
	case "":
		return TokenRequest{}, invalidRequest("grant_type is required")
	case GrantClientCredentials:
	default:
		return TokenRequest{}, &OAuthError{Status: http.StatusBadRequest, Code: ErrUnsupportedGrantType,
			Description: "only the client_credentials grant is supported"}
	}
	req := TokenRequest{Scope: form.Get("scope")}
	formID, formSecret := form.Get("client_id"), form.Get("client_secret")
	if strings.TrimSpace(authorization) == "" {
		if formID == "" || formSecret == "" {
			return TokenRequest{}, invalidClient(ReasonMalformedClientAuth, "client authentication is required: HTTP Basic or client_id and client_secret")
		}
		req.ClientID, req.ClientSecret = formID, formSecret
		return req, nil
	}
	id, secret, err := parseBasic(authorization)
	if err != nil {
		return TokenRequest{}, err
	}
	if formSecret != "" {
		return TokenRequest{}, invalidRequest("the client authenticated twice: HTTP Basic and client_secret")
	}
	if formID != "" && formID != id {
		return TokenRequest{}, invalidRequest("client_id differs from the HTTP Basic client")
	}
	req.ClientID, req.ClientSecret = id, secret
	return req, nil
}

// parseBasic decodes an HTTP Basic Authorization header whose user and
// password are the form-urlencoded client id and secret.
func parseBasic(authorization string) (id, secret string, _ *OAuthError) {
	scheme, payload, _ := strings.Cut(strings.TrimSpace(authorization), " ")
	if !strings.EqualFold(scheme, "Basic") {
		return "", "", invalidClient(ReasonMalformedClientAuth, "the Authorization header must use the Basic scheme")
	}
	payload = strings.TrimSpace(payload)
	raw, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		// Some clients leave the padding out.
		if raw, err = base64.RawStdEncoding.DecodeString(payload); err != nil {
			return "", "", invalidClient(ReasonMalformedClientAuth, "the Basic credentials are not valid base64")
		}
	}
	user, pass, ok := strings.Cut(string(raw), ":")
	if !ok {
		return "", "", invalidClient(ReasonMalformedClientAuth, "the Basic credentials must be client_id:client_secret")
	}
	id, err1 := url.QueryUnescape(user)
	secret, err2 := url.QueryUnescape(pass)
	if err1 != nil || err2 != nil {
		return "", "", invalidClient(ReasonMalformedClientAuth, "the Basic credentials are not form-urlencoded")
	}
	if id == "" || secret == "" {
		return "", "", invalidClient(ReasonMalformedClientAuth, "the Basic credentials must name a client and its secret")
	}
	return id, secret, nil
}
