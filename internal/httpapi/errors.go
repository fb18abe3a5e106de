package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kommunkg/kg/internal/kg"
)

// This file is the one place where errors become HTTP: the table from error code to HTTP
// status, the one writer of error bodies, the one decision about deadlines, and the GraphQL
// error presenter. Every refusal of the HTTP edge — transport errors at /graphql, /export,
// /readyz, rate limits and size limits — is written by writeError, in the API's shape
// {"errors":[{"message":…,"extensions":{"code":…}}]}, the same shape GraphQL errors have.

// Error codes of the HTTP layer; the domain's own codes are kg.Code constants.
const (
	codeTooLarge         kg.Code = "REQUEST_TOO_LARGE"
	codeRateLimited      kg.Code = "RATE_LIMITED"
	codeMethodNotAllowed kg.Code = "METHOD_NOT_ALLOWED"
	codeUnsupportedMedia kg.Code = "UNSUPPORTED_MEDIA_TYPE" // a POST body not declared as JSON
	codeOverloaded       kg.Code = "OVERLOADED"             // every execution slot is taken
)

// codeTimeout is kg.ETIMEOUT as the string gqlerror extensions carry.
const codeTimeout = string(kg.ETIMEOUT)

// statusByCode is the HTTP status of every error code. A response that is not a GraphQL
// execution (an export, a health check, a refusal before GraphQL runs) carries this status;
// a GraphQL execution answers 200 with the code in extensions.code, as GraphQL clients
// expect.
var statusByCode = map[kg.Code]int{
	kg.EINVALID:          http.StatusBadRequest,
	kg.ENOTFOUND:         http.StatusNotFound,
	kg.EFORBIDDEN:        http.StatusForbidden,
	kg.EUNAVAILABLE:      http.StatusServiceUnavailable,
	kg.ETIMEOUT:          http.StatusGatewayTimeout,
	kg.EINTERNAL:         http.StatusInternalServerError,
	kg.ETOOLARGE:         http.StatusUnprocessableEntity,
	codeTooLarge:         http.StatusRequestEntityTooLarge,
	codeRateLimited:      http.StatusTooManyRequests,
	codeMethodNotAllowed: http.StatusMethodNotAllowed,
	codeUnsupportedMedia: http.StatusUnsupportedMediaType,
	codeOverloaded:       http.StatusServiceUnavailable,
}

// httpStatus is the status for code; an unknown code is a bug and answers 500.
func httpStatus(code kg.Code) int {
	if s, ok := statusByCode[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

// writeError writes one error in the API's shape with the status of its code. Error bodies
// are never cached (they describe one moment: an outage, a limit).
func writeError(w http.ResponseWriter, code kg.Code, msg string) {
	noteCode(w, code)
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(httpStatus(code))
	_ = json.NewEncoder(w).Encode(map[string]any{
		"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": string(code)}}},
	})
}

// Client-safe messages for the codes whose details stay in the logs.
const (
	msgInternal    = "internal error"
	msgTimeout     = "the request timed out"
	msgUnavailable = "the graph store is unavailable; try again later"
)

// classify decides what a client sees of err, for a request whose context is ctx: its code
// and a client-safe message. It is the one decision about deadlines: when the request's own
// deadline has passed, the answer is TIMEOUT whatever the store wrapped the deadline in (a
// store sees only a cancelled context and may call it UNAVAILABLE). Domain errors keep
// their code and their message (client-safe by kg.Error's contract; the cause stays in
// Err, for logs); anything that is not a domain error is INTERNAL with a generic message,
// so that driver messages, file paths and stack traces never leak.
func classify(ctx context.Context, err error) (kg.Code, string) {
	code := kg.ErrorCode(err)
	var ke *kg.Error
	isDomain := errors.As(err, &ke)
	switch {
	case isClientCode(code) && isDomain:
		return code, ke.Message
	case errors.Is(context.Cause(ctx), context.DeadlineExceeded) || (!isDomain && errors.Is(err, context.DeadlineExceeded)):
		return kg.ETIMEOUT, msgTimeout
	case !isDomain && errors.Is(err, context.Canceled):
		return kg.EUNAVAILABLE, "the request was cancelled"
	case !isDomain:
		return kg.EINTERNAL, msgInternal
	}
	return code, ke.Message
}

// isClientCode reports whether code describes the request (the caller can fix it) rather
// than the service's state.
func isClientCode(code kg.Code) bool {
	switch code {
	case kg.EINVALID, kg.ENOTFOUND, kg.EFORBIDDEN:
		return true
	}
	return false
}

// logFailure logs err when it is the service's problem, not the caller's: at error level for
// INTERNAL, warning for UNAVAILABLE and TIMEOUT. Client errors are not logged.
func logFailure(log *slog.Logger, ctx context.Context, code kg.Code, err error, attrs ...any) {
	attrs = append([]any{"request_id", requestID(ctx), "code", string(code), "err", err}, attrs...)
	switch code {
	case kg.EINTERNAL:
		log.Error("request failed", attrs...)
	case kg.EUNAVAILABLE, kg.ETIMEOUT:
		log.Warn("request failed", attrs...)
	}
}

// fail answers a non-GraphQL request (an export, a health check) with err's code, status and
// client-safe message, and logs what the client does not see.
func fail(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error, attrs ...any) {
	code, msg := classify(r.Context(), err)
	logFailure(log, r.Context(), code, err, append([]any{"path", r.URL.Path}, attrs...)...)
	writeError(w, code, msg)
}

// presentError is the GraphQL error presenter: the same classification as fail, with the
// code in extensions.code. gqlgen's own errors (parse, validation, coercion, limits) are
// client-safe and keep their message, with INVALID as their code unless they carry one; a
// gqlgen error wrapping anything else is classified like that error.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		if stopped(ctx) {
			return nil // replaced by one error for the whole response (execGuard)
		}
		path := graphql.GetPath(ctx)
		var ge *gqlerror.Error
		if errors.As(err, &ge) && (ge.Err == nil || isGQLError(ge.Err)) {
			if ge.Extensions == nil {
				ge.Extensions = map[string]any{}
			}
			if _, ok := ge.Extensions["code"]; !ok {
				ge.Extensions["code"] = string(kg.EINVALID)
			}
			return ge
		}
		if ge != nil && ge.Path != nil {
			path = ge.Path
		}
		code, msg := classify(ctx, err)
		logFailure(log, ctx, code, err)
		return &gqlerror.Error{Message: msg, Path: path, Extensions: map[string]any{"code": string(code)}}
	}
}

func isGQLError(err error) bool {
	var ge *gqlerror.Error
	return errors.As(err, &ge)
}
