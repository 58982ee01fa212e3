package incident

import (
	"errors"
	"fmt"

	"github.com/incidentd/incidentd/text"
)

// Error codes of the Incident API (spec §7). The transport maps each code to
// its status and short message; the domain and the contract choose the
// code and the detail.
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

// Error is an error with an API code and a detail that can be told in every
// supported language: Detail is a registered text and Args its arguments.
type Error struct {
	Code   int
	Detail text.Key
	Args   []any
	// Refusal, on a refused status change (code 101), says where the
	// incident stands and where the caller may take it.
	Refusal *TransitionRefusal
	// Gone, on CodeNotFound, says that what was asked for existed and is
	// no longer kept (410): an expired event cursor.
	Gone bool
}

// TransitionRefusal are the facts of a refused status change that a client
// may act on.
type TransitionRefusal struct {
	Current Status
	// Allowed are the statuses the caller may choose from Current, in the
	// order of Statuses; empty from a final status.
	Allowed []Status
}

func (e *Error) Error() string {
	return fmt.Sprintf("code %d: %s", e.Code, e.Describe(text.English))
}

// Describe renders the detail in a language.
func (e *Error) Describe(lang text.Language) string {
	return text.Message(lang, e.Detail, e.Args...)
}

// Errorf builds an *Error.
func Errorf(code int, detail text.Key, args ...any) *Error {
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
