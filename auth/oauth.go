package auth

import "net/http"

// OAuth 2.0 error codes of the token endpoint (RFC 6749 §5.2), plus
// server_error for a failure of the server itself.
const (
	ErrInvalidRequest       = "invalid_request"
	ErrInvalidClient        = "invalid_client"
	ErrUnsupportedGrantType = "unsupported_grant_type"
	ErrInvalidScope         = "invalid_scope"
	ErrServerError          = "server_error"
	// ErrTemporarilyUnavailable is a request held back (a TryLater), never
	// a judgement of the credentials.
	ErrTemporarilyUnavailable = "temporarily_unavailable"
)

// GrantClientCredentials is the only grant type served (RFC 6749 §4.4).
const GrantClientCredentials = "client_credentials"

// TokenResponse is the body of a successful token request (RFC 6749 §5.1).
type TokenResponse struct {
	TokenType   string `json:"token_type"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	Scope       string `json:"scope"`
}

// OAuthError is a refused token request, in the shape of RFC 6749 §5.2.
// Status is the HTTP status to answer; a 401 also carries
// `WWW-Authenticate: Basic` (see Challenge). Cause is set when the request
// was not judged as a grant: for server_error the underlying failure, for
// the log and never for the client; for temporarily_unavailable the
// *TryLater to answer. Reason tells an invalid_client apart (unknown
// client, wrong secret…), for the log only.
type OAuthError struct {
	Status      int    `json:"-"`
	Code        string `json:"error"`
	Description string `json:"error_description"`
	Cause       error  `json:"-"`
	Reason      Reason `json:"-"`
}

func (e *OAuthError) Error() string {
	msg := e.Code + ": " + e.Description
	if e.Cause != nil {
		msg += ": " + e.Cause.Error()
	}
	return msg
}

func (e *OAuthError) Unwrap() error { return e.Cause }

// LogReason is why the request was refused, for the log and metrics: the
// Reason when there is one, else the OAuth error code, which tells it.
func (e *OAuthError) LogReason() Reason {
	if e.Reason != "" {
		return e.Reason
	}
	return Reason(e.Code)
}

// Challenge is the WWW-Authenticate value to send with the error, empty
// when none is due.
func (e *OAuthError) Challenge() string {
	if e.Status == http.StatusUnauthorized {
		return `Basic realm="incidentd"`
	}
	return ""
}

func invalidRequest(description string) *OAuthError {
	return &OAuthError{Status: http.StatusBadRequest, Code: ErrInvalidRequest, Description: description}
}

func invalidClient(reason Reason, description string) *OAuthError {
	return &OAuthError{Status: http.StatusUnauthorized, Code: ErrInvalidClient, Description: description, Reason: reason}
}

func serverError(cause error) *OAuthError {
	return &OAuthError{Status: http.StatusInternalServerError, Code: ErrServerError, Description: "the token could not be issued", Cause: cause}
}

// MalformedTokenRequest is the error for a token request whose body cannot
// be read as a form (wrong Content-Type, bad encoding, too large).
func MalformedTokenRequest(detail string) *OAuthError {
	return invalidRequest("malformed request body: " + detail)
}
