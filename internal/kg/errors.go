package kg

import (
	"errors"
	"fmt"
)

// Code classifies an Error for clients. The GraphQL edge maps it to extensions.code; nothing
// else about an internal error crosses that boundary.
type Code string

const (
	ENOTFOUND    Code = "NOT_FOUND"
	EINVALID     Code = "INVALID"
	EFORBIDDEN   Code = "FORBIDDEN"
	EUNAVAILABLE Code = "UNAVAILABLE"
	// ETIMEOUT: the request's deadline passed before the work finished. Stores report a
	// context deadline with this code (not EUNAVAILABLE: the backend may be fine, the
	// question was too expensive for the time allowed).
	ETIMEOUT  Code = "TIMEOUT"
	EINTERNAL Code = "INTERNAL"
	// ETOOLARGE: the question needs more of the graph than the server computes over in one
	// request (an analysis projection above MaxAnalysisNodes, a neighbourhood above
	// MaxScopedNodes, betweenness above its own bound). The message names the bound; fewer
	// types, fewer hops or a centre answers it.
	ETOOLARGE Code = "TOO_LARGE"
)

// Error is the one error type of the domain. Message is safe to show to a client; the
// wrapped Err (driver errors, file paths …) is for logs only.
type Error struct {
	Code    Code
	Message string
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an Error with a client-safe message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WrapError attaches an internal cause to a client-safe message.
func WrapError(code Code, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, or EINTERNAL.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the client-safe message of err, or a generic one for non-domain errors
// so that internals never leak.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
