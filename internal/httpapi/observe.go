package httpapi

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/trace"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/obs"
)

// reqObs is what one request's access-log line and metrics say beyond method, path and
// status: the GraphQL operation, a hash of its query, the error codes answered, the
// response-cache state and the store calls made. Filled by the response hook, the response
// cache and writeError; read once, when the request ends.
type reqObs struct {
	calls *atomic.Int64 // store calls (obs.WithCallCounter)

	mu        sync.Mutex
	operation string // as the client named it ("" = anonymous)
	queryHash string
	cache     string // HIT, MISS or "" (not looked up)
	codes     []string
}

type reqObsKey struct{}

func reqObsFrom(ctx context.Context) *reqObs {
	o, _ := ctx.Value(reqObsKey{}).(*reqObs)
	return o
}

// maxLoggedCodes bounds the distinct codes one log line lists.
const maxLoggedCodes = 8

func (o *reqObs) addCode(code string) {
	if o == nil || code == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if !slices.Contains(o.codes, code) && len(o.codes) < maxLoggedCodes {
		o.codes = append(o.codes, code)
	}
}

func noteCache(ctx context.Context, state string) {
	if o := reqObsFrom(ctx); o != nil {
		o.mu.Lock()
		o.cache = state
		o.mu.Unlock()
	}
}

func noteOperation(ctx context.Context, name, queryHash string) {
	if o := reqObsFrom(ctx); o != nil {
		o.mu.Lock()
		o.operation, o.queryHash = name, queryHash
		o.mu.Unlock()
	}
}

// loggedOperation is the operation name and query hash recorded for ctx's request.
func loggedOperation(ctx context.Context) (string, string) {
	o := reqObsFrom(ctx)
	if o == nil {
		return "", ""
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.operation, o.queryHash
}

// queryHash names a query text in logs without logging it: the first 16 hex digits of its
// SHA-256 (the text may hold personal data in literals).
func queryHash(q string) string {
	if q == "" {
		return ""
	}
	h := sha256.Sum256([]byte(q))
	return hex.EncodeToString(h[:8])
}

// noteCode records an error code answered through w: writeError has only the writer, so it
// walks the wrappers (gzip, the cache's capture) down to the access log's statusWriter.
func noteCode(w http.ResponseWriter, code kg.Code) {
	for w != nil {
		switch x := w.(type) {
		case *statusWriter:
			x.obs.addCode(string(code))
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

// observeResponse is the gqlgen response hook: it records the operation, the query hash and
// every error code of the response for the access log and metrics, and names the operation
// on the request's span.
func observeResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	o := reqObsFrom(ctx)
	if o == nil {
		return resp
	}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name := oc.OperationName
		if name == "" && oc.Operation != nil {
			name = oc.Operation.Name
		}
		if name == "" && oc.Doc == nil && oc.RawQuery != "" && resp != nil && len(resp.Errors) > 0 {
			name = soleOperationName(oc.RawQuery) // a document that failed validation
		}
		noteOperation(ctx, name, queryHash(oc.RawQuery))
		if span := trace.SpanFromContext(ctx); span.IsRecording() && name != "" {
			span.SetAttributes(attribute.String("graphql.operation.name", name))
		}
	}
	if resp != nil {
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if code == "" {
				code = string(kg.EINVALID)
			}
			o.addCode(code)
		}
	}
	return resp
}

// soleOperationName is the name of the one operation of a query document that parses but
// failed validation (gqlgen keeps no document then); "" otherwise. The text is bounded by
// the query-size and token limits that ran before.
func soleOperationName(query string) string {
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: query}, maxNameParseTokens)
	if err != nil || len(doc.Operations) != 1 {
		return ""
	}
	return doc.Operations[0].Name
}

const maxNameParseTokens = 10000

// handlerLabel is the bounded "handler" label of a path.
func handlerLabel(path string) string {
	switch {
	case path == "/graphql":
		return "graphql"
	case strings.HasPrefix(path, "/export/"):
		return "export"
	case path == "/healthz" || path == "/readyz":
		return "health"
	case path == "/metrics":
		return "metrics"
	case path == "/" || path == "/explore" || strings.HasPrefix(path, "/ui/"):
		return "ui"
	}
	return "other"
}

// outcome classifies a finished request for the metrics.
func outcome(status int, codes []string) string {
	server := status >= 500
	for _, c := range codes {
		switch kg.Code(c) {
		case kg.EINTERNAL, kg.EUNAVAILABLE, kg.ETIMEOUT, codeOverloaded:
			server = true
		}
	}
	switch {
	case server:
		return obs.OutcomeServerError
	case status >= 400 || len(codes) > 0:
		return obs.OutcomeClientError
	}
	return obs.OutcomeOK
}

// Media types of GraphQL responses.
const (
	mediaJSON         = "application/json"
	mediaGraphQLReply = "application/graphql-response+json"
)

// negotiatedType is the Content-Type gqlgen's GET and POST transports answer r with (their
// determineResponseContentType with the default settings): the first of application/json or
// application/graphql-response+json that Accept lists, application/json for no Accept,
// */* or application/*, and application/graphql-response+json otherwise.
func negotiatedType(r *http.Request) string {
	accept := r.Header.Get("Accept")
	if accept == "" {
		return mediaJSON
	}
	for part := range strings.SplitSeq(accept, ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "*/*", "application/*", mediaJSON:
			return mediaJSON
		case mediaGraphQLReply:
			return mediaGraphQLReply
		}
	}
	return mediaGraphQLReply
}

// cacheableTransport reports whether r is one that gqlgen's GET or POST transport takes
// (a response-cache hit must never answer a request the engine would refuse or treat
// differently): a GET, or a POST with a JSON body, and no Upgrade header.
func cacheableTransport(r *http.Request) bool {
	if r.Header.Get("Upgrade") != "" {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		return true
	case http.MethodPost:
		mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
		return err == nil && mt == mediaJSON
	}
	return false
}

type versionKey struct{}

// graphVersion is the store's graph version, read once per request (the ETag and the
// response cache both key on it).
func graphVersion(ctx context.Context, store kg.Store) (string, error) {
	if v, ok := ctx.Value(versionKey{}).(string); ok {
		return v, nil
	}
	st, err := store.Stats(ctx)
	return st.Version, err
}

// withVary names the request headers /graphql and /export answers depend on, besides
// Accept-Encoding (gzhttp) and Origin (CORS): the negotiated media type and the bearer
// token (contact data).
func withVary(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/graphql" || strings.HasPrefix(r.URL.Path, "/export/") {
			w.Header().Add("Vary", "Accept, Authorization")
		}
		next.ServeHTTP(w, r)
	})
}

// logAttrs finishes a request: it records its metrics and returns the access-log
// attributes beyond the basic ones (operation, query_hash, error_codes, cache, store_calls,
// trace_id; each only when there is something to say).
func (o *reqObs) logAttrs(ctx context.Context, m *obs.Metrics, path string, status int, elapsed time.Duration) []any {
	o.mu.Lock()
	op, qh, cache, codes := o.operation, o.queryHash, o.cache, slices.Clone(o.codes)
	o.mu.Unlock()
	handler := handlerLabel(path)
	var attrs []any
	opLabel, calls := "", -1
	if handler == "graphql" || handler == "export" {
		calls = int(o.calls.Load())
	}
	if handler == "graphql" {
		opLabel = m.Operation(op)
		switch {
		case op == "":
		case obs.ValidOperationName(op):
			attrs = append(attrs, "operation", op)
		default:
			attrs = append(attrs, "operation", obs.OpInvalid) // never log arbitrary client text
		}
		if qh != "" {
			attrs = append(attrs, "query_hash", qh)
		}
	}
	for _, c := range codes {
		m.Error(c)
	}
	m.Request(handler, opLabel, outcome(status, codes), elapsed, calls)
	if len(codes) > 0 {
		attrs = append(attrs, "error_codes", strings.Join(codes, ","))
	}
	if cache != "" {
		attrs = append(attrs, "cache", cache)
	}
	if calls >= 0 {
		attrs = append(attrs, "store_calls", calls)
	}
	if sc := trace.SpanContextFromContext(ctx); sc.HasTraceID() {
		attrs = append(attrs, "trace_id", sc.TraceID().String())
	}
	return attrs
}
