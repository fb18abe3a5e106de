package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/kommunkg/kg/graph"
)

// Execution guard: the limits that hold while a query runs. The complexity estimate is made
// before execution and may be wrong (a list without a size argument is assumed to hold
// graph.UnsizedListWeight items), so execution itself is bounded too:
//
//   - the request deadline stops execution, not only store calls: once it has passed no
//     further field resolves, and the response is one TIMEOUT error (no data), whatever
//     number of fields were cut;
//   - a field budget: an execution that resolves more than maxFields fields (scalars
//     included; every list item counts once more when its list arrives) stops the same way,
//     with one RESPONSE_TOO_LARGE error;
//   - the finished response's data is at most maxResponseBytes.
//
// The request's access-log line says why it was stopped ("stopped"); nothing else is logged
// for it.

const codeResponseTooLarge = "RESPONSE_TOO_LARGE"

// Reasons an execution was stopped (reqInfo.stopped).
const (
	stopNone int32 = iota
	stopTimeout
	stopTooLarge
)

// reqInfo is per-request state shared by the access log and the execution guard.
type reqInfo struct {
	fields  atomic.Int64
	stopped atomic.Int32
}

type reqInfoKey struct{}

func reqInfoFrom(ctx context.Context) *reqInfo {
	ri, _ := ctx.Value(reqInfoKey{}).(*reqInfo)
	return ri
}

func (ri *reqInfo) stop(reason int32) { ri.stopped.CompareAndSwap(stopNone, reason) }

func stopReason(r int32) string {
	switch r {
	case stopTimeout:
		return "timeout"
	case stopTooLarge:
		return "response too large"
	}
	return ""
}

// errStopped is what every field cut after a stop returns. It is one shared, read-only value
// (Path and Locations are preset, so gqlgen never writes to it) and the error presenter
// drops every error of a stopped request: cutting 50,000 fields costs no 50,000 errors.
// The response middleware then answers one error.
var errStopped = &gqlerror.Error{Message: "execution stopped", Path: ast.Path{}, Locations: []gqlerror.Location{},
	Extensions: map[string]any{"code": codeTimeout}}

// stopped reports whether the request's execution was stopped (its errors are then dropped).
func stopped(ctx context.Context) bool {
	ri := reqInfoFrom(ctx)
	return ri != nil && ri.stopped.Load() != stopNone
}

type execGuard struct {
	maxFields        int64
	maxResponseBytes int
	directLists      bool // plain lists written by graph.DirectList
}

// ExtensionName, Validate and MutateOperationContext make execGuard a gqlgen extension
// that installs the one field middleware of an operation (see field).
func (execGuard) ExtensionName() string                   { return "ExecutionGuard" }
func (execGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext sets the operation's field middleware: the guard's checks around
// graph.RedactPersonalFields. It is set per operation, with the request's state bound
// once, rather than registered as two AroundFields middlewares because every field of
// every list element runs it: through AroundFields each middleware costs a closure per
// field, and finding the request state in a field's context walks a chain as deep as the
// field (together ~5 % of an uncached who-represents-whom request, issue 21).
func (g execGuard) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	ri := reqInfoFrom(ctx)
	if ri == nil { // not behind the HTTP edge's request state: redaction only
		oc.ResolverMiddleware = graph.RedactPersonalFields
		return nil
	}
	redact := !graph.HasContactAccess(ctx)
	oc.ResolverMiddleware = func(fctx context.Context, next graphql.Resolver) (any, error) {
		return g.field(ctx, ri, redact, fctx, next)
	}
	return nil
}

// field runs one field under the guard: reqCtx is the request's context (its deadline and
// cancellation are the fields'), ri its state, redact whether the caller lacks contact
// access, fctx and next the field's own. A list that graph.DirectList can write comes back
// as its marshaller, charged the fields it wrote.
func (g execGuard) field(reqCtx context.Context, ri *reqInfo, redact bool, fctx context.Context, next graphql.Resolver) (any, error) {
	if ri.stopped.Load() != stopNone {
		return nil, errStopped
	}
	if reqCtx.Err() != nil {
		ri.stop(stopTimeout)
		return nil, errStopped
	}
	if ri.fields.Add(1) > g.maxFields {
		ri.stop(stopTooLarge)
		return nil, errStopped
	}
	res, err := graph.RedactPersonalFields(fctx, next)
	if err != nil && reqCtx.Err() != nil {
		// A store call cut by the deadline (stores report it as UNAVAILABLE): a timeout.
		ri.stop(stopTimeout)
		return nil, errStopped
	}
	// A list's items are charged as they arrive, before gqlgen starts work on each of them:
	// one resolver returning 30,000 items is stopped here, not after 30,000 goroutines.
	if v := reflect.ValueOf(res); v.Kind() == reflect.Slice && v.Len() > 0 {
		if ri.fields.Add(int64(v.Len())) > g.maxFields {
			ri.stop(stopTooLarge)
			return nil, errStopped
		}
		if g.directLists && err == nil {
			if m, n, ok := graph.DirectList(fctx, res, redact); ok {
				if ri.fields.Add(n) > g.maxFields {
					ri.stop(stopTooLarge)
					return nil, errStopped
				}
				return m, nil
			}
		}
	}
	return res, err
}

func (g execGuard) response(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	ri := reqInfoFrom(ctx)
	if resp == nil || ri == nil {
		return resp
	}
	if ri.stopped.Load() == stopNone && len(resp.Data) > g.maxResponseBytes {
		ri.stop(stopTooLarge)
	}
	var e *gqlerror.Error
	switch ri.stopped.Load() {
	case stopNone:
		return resp
	case stopTimeout:
		e = &gqlerror.Error{Message: "request timed out; execution was stopped", Extensions: map[string]any{"code": codeTimeout}}
	default:
		e = &gqlerror.Error{Message: fmt.Sprintf("the response would exceed %d fields or %d bytes; ask for less (smaller first/limit, fewer levels)", g.maxFields, g.maxResponseBytes),
			Extensions: map[string]any{"code": codeResponseTooLarge}}
	}
	return &graphql.Response{Errors: gqlerror.List{e}, Extensions: resp.Extensions}
}

// inFlight caps concurrent executions: when all slots are taken a request is answered at
// once with HTTP 503 and Retry-After (it never queues behind the work that filled them).
type inFlight chan struct{}

func (s inFlight) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case s <- struct{}{}:
			defer func() { <-s }()
			next.ServeHTTP(w, r)
		default:
			w.Header().Set("Retry-After", "1")
			writeError(w, codeOverloaded, "the server is at its limit of concurrent requests; retry shortly")
		}
	})
}
