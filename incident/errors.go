package incident

import (
	"errors"
	"fmt"
)

// Error codes of the Incident API (spec §7). The transport maps each code to
// its HTTP status and short message; the domain only chooses the code and the
// detail.
const (
	CodeInternal            = 1
	CodeUnavailable         = 5
	CodeInvalidURLParameter = 20
	CodeMissingBody         = 21
	CodeInvalidBody         = 22
	CodeMissingBodyField    = 23
	CodeInvalidBodyField    = 24
	CodeMissingHeader       = 25
	CodeInvalidHeader       = 26
	CodeMissingQueryParam   = 27
	CodeInvalidQueryParam   = 28
	CodeMissingCredentials  = 40
	CodeInvalidCredentials  = 41
	CodeExpiredCredentials  = 42
	CodeAccessDenied        = 50
	CodeTooManyRequests     = 53
	CodeNotFound            = 60
	CodeMethodNotAllowed    = 61
	CodeNotAcceptable       = 62
	CodePreconditionFailed  = 65
	CodeTooLarge            = 66
	CodeUnsupportedMedia    = 68
	CodeInvalidTransition   = 101
	CodeIdempotencyReused   = 102
	CodeOverlappingFreeze   = 103
)

// Error is a domain error with an API code and a detail that can be told in
// every supported language. Detail is a message key of the catalog
// (messages.go) and Args its arguments.
type Error struct {
	Code   int
	Detail MessageKey
	Args   []any
	// Data carries structured facts a client may act on, such as the current
	// status and the allowed targets of a refused transition.
	Data map[string]any
}

func (e *Error) Error() string {
	return fmt.Sprintf("code %d: %s", e.Code, e.Describe(English))
}

// Describe renders the detail in a language.
func (e *Error) Describe(lang Language) string {
	return Message(lang, e.Detail, e.Args...)
}

// Errorf builds an *Error.
func Errorf(code int, detail MessageKey, args ...any) *Error {
	return &Error{Code: code, Detail: detail, Args: args}
}

// ErrorCode returns the API code of err: its own for an *Error anywhere in
// the chain, else CodeInternal.
func ErrorCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// NotFound is the one answer for a missing resource and for another
// customer's resource alike: existence is never revealed.
func NotFound(kind string) *Error {
	return Errorf(CodeNotFound, MsgNotFound, kind)
}
