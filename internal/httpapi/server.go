// Package httpapi serves the knowledge graph over HTTP: GraphQL at /graphql (POST and GET),
// the web pages at / and /explore (ui.go), /healthz and /readyz. It owns everything between the socket and
// the resolvers — CORS, limits, request ids, logging, authorisation of personal data, and
// the mapping of domain errors to GraphQL error codes — so that package graph stays a set
// of thin resolvers and cmd/kg only wires configuration.
package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/klauspost/compress/gzhttp"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/graph/generated"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/obs"
)

// Config configures the handler. Zero values take the defaults noted on each field.
type Config struct {
	Store  kg.Store
	Logger *slog.Logger // default: discard
	// Ready reports whether the backend can serve (e.g. Neo4j reachable); nil = always ready.
	Ready func(context.Context) error
	// CORSOrigins lists the origins browsers may call from; default ["*"] (a public,
	// read-only API that uses no cookies).
	CORSOrigins []string
	// ContactTokens are the bearer tokens that may read personal contact data. Empty: nobody.
	ContactTokens []string
	Timeout       time.Duration // per request; default 10s
	MaxBodyBytes  int64         // default 1 MiB
	MaxDepth      int           // default 12
	MaxComplexity int           // default 10000 (graph.Complexity's model: objects, lists × size)
	LoaderWait    time.Duration // dataloader batching window; default 2ms
	// MaxTokens caps the lexer tokens of one query document (default 10000): alias floods and
	// fragment bombs are refused while parsing, before validation could spend time on them.
	MaxTokens int
	// RateLimit is the sustained requests per second allowed per client (a configured contact
	// token, else the remote address, IPv6 by /64); RateBurst the bucket size. 0 turns
	// limiting off (the default).
	RateLimit float64
	RateBurst int
	// ResponseCacheBytes enables the whole-response cache (see respCache) with this memory
	// budget; 0 turns it off (the default here; kg serve turns it on).
	ResponseCacheBytes int64

	// Limits against hostile queries (SECURITY.md). Zero values take the defaults.
	MaxQueryBytes     int // query text, apart from the body limit; default 64 KiB
	MaxSelections     int // fields selected with fragments expanded; default 5000
	MaxMergeWork      int // Σ k² over fields merged under one response name; default 10000
	MaxResponseFields int // fields one execution may resolve (list items count too); default 25000
	MaxResponseBytes  int // JSON data of one response; default 8 MiB
	// GqlgenLists turns off graph.DirectList (plain lists written by the GraphQL edge
	// itself) so that gqlgen marshals every list: the same bytes, slower. For comparison
	// and as an escape hatch.
	GqlgenLists     bool
	MaxInFlight     int   // concurrent GraphQL executions and exports; default 64; over it: 503
	QueryCacheBytes int64 // parsed-query cache budget; default 32 MiB
	APQCacheBytes   int64 // persisted-query cache budget; default 8 MiB
	// DisableIntrospection refuses __schema and __type (FORBIDDEN). Introspection is on by
	// default for GraphiQL and the explorer; public production deployments may turn it off.
	DisableIntrospection bool

	// Metrics receives the request, cache, store and rate-limit metrics and is served at
	// /metrics; default: a fresh registry without build information.
	Metrics *obs.Metrics
	// TracerProvider makes the per-request and per-store-call spans; nil (the default): no
	// spans, and an incoming W3C traceparent still reaches the logs.
	TracerProvider trace.TracerProvider
}

func (c *Config) defaults() {
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if len(c.CORSOrigins) == 0 {
		c.CORSOrigins = []string{"*"}
	}
	if c.Timeout <= 0 {
		c.Timeout = 10 * time.Second
	}
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = 1 << 20
	}
	if c.MaxDepth <= 0 {
		c.MaxDepth = 12
	}
	if c.MaxComplexity <= 0 {
		c.MaxComplexity = 10000
	}
	if c.LoaderWait <= 0 {
		c.LoaderWait = 2 * time.Millisecond
	}
	if c.MaxTokens <= 0 {
		c.MaxTokens = 10000
	}
	setDefault(&c.MaxQueryBytes, 64<<10)
	setDefault(&c.MaxSelections, 5000)
	setDefault(&c.MaxMergeWork, 10000)
	setDefault(&c.MaxResponseFields, 25_000)
	setDefault(&c.MaxResponseBytes, 8<<20)
	setDefault(&c.MaxInFlight, 64)
	setDefault(&c.QueryCacheBytes, 32<<20)
	setDefault(&c.APQCacheBytes, 8<<20)
	if c.RateBurst <= 0 {
		c.RateBurst = int(2*c.RateLimit) + 1
	}
	if c.Metrics == nil {
		c.Metrics = obs.NewMetrics(obs.BuildInfo{})
	}
}

func setDefault[T int | int64](v *T, def T) {
	if *v <= 0 {
		*v = def
	}
}

// New builds the whole HTTP handler.
func New(cfg Config) http.Handler {
	cfg.defaults()
	// Every store call is measured and traced (obs.Store embeds the port: a method added to
	// kg.Store passes through until obs instruments it).
	cfg.Store = obs.Instrument(cfg.Store, cfg.Metrics, cfg.TracerProvider)
	gql := newGraphQL(cfg)

	mux := http.NewServeMux()
	slots := make(inFlight, cfg.MaxInFlight)
	var engine http.Handler = slots.wrap(withLoaders(cfg, gql))
	if cfg.ResponseCacheBytes > 0 {
		engine = newRespCache(cfg.Store, cfg.ResponseCacheBytes, cfg.Metrics).wrap(engine) // hits take no slot
	}
	mux.Handle("/graphql", limitBody(cfg.MaxBodyBytes, etags{store: cfg.Store, graphql: true}.wrap(engine)))
	// Exports run without the fixed per-request timeout: they are cut only when they stop
	// making progress for that long (a slow reader of the whole graph gets all of it).
	mux.Handle("/export/", progressDeadline(cfg.Timeout, etags{store: cfg.Store}.wrap(slots.wrap(newExportHandler(cfg.Store, graph.HasContactAccess, cfg.Logger)))))
	mux.Handle("/export/projection/", progressDeadline(cfg.Timeout, etags{store: cfg.Store}.wrap(slots.wrap(newProjectionHandler(cfg.Store, cfg.Logger))))) // projection.go
	mux.Handle("GET /metrics", cfg.Metrics.Handler())
	mountUI(mux) // GraphiQL at /, the network explorer at /explore (ui.go)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if cfg.Ready != nil {
			ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
			defer cancel()
			if err := cfg.Ready(ctx); err != nil {
				cfg.Logger.Warn("not ready", "request_id", requestID(r.Context()), "err", err)
				writeError(w, kg.EUNAVAILABLE, msgUnavailable)
				return
			}
		}
		_, _ = io.WriteString(w, "ready\n")
	})

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.CORSOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders: []string{"Content-Type", "Authorization", "X-Request-Id", "Accept"},
		ExposedHeaders: []string{"X-Request-Id", "Content-Disposition", "X-Export-Truncated", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "Retry-After"},
		MaxAge:         600,
	})
	var h http.Handler = mux
	h = withGraphQLContext(cfg, h)
	if cfg.RateLimit > 0 {
		rl := newRateLimiter(cfg.RateLimit, cfg.RateBurst, cfg.ContactTokens)
		rl.refused = cfg.Metrics.RateLimited
		h = rl.wrap(h)
	}
	h = c.Handler(h)
	h = withVary(h)
	h = withSecurityHeaders(h)
	h = compressResponses(h)
	h = withRequestLog(cfg.Logger, cfg.Metrics, h)
	// The outermost layer: W3C traceparent in, one server span per request. With tracing
	// off only the incoming trace context is read (for the log line): otelhttp's per-request
	// work is then skipped altogether.
	if cfg.TracerProvider == nil {
		return withTraceContext(h)
	}
	return otelhttp.NewHandler(h, "kg", otelhttp.WithTracerProvider(cfg.TracerProvider),
		otelhttp.WithPropagators(obs.Propagator()),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string { return r.Method + " " + handlerLabel(r.URL.Path) }))
}

// withTraceContext reads an incoming W3C traceparent into the request's context.
func withTraceContext(next http.Handler) http.Handler {
	prop := obs.Propagator()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("traceparent") != "" {
			r = r.WithContext(prop.Extract(r.Context(), propagation.HeaderCarrier(r.Header)))
		}
		next.ServeHTTP(w, r)
	})
}

// compressResponses gzips every response whose client accepts it (gzhttp: at least 1 KiB,
// not already encoded — response-cache hits arrive gzipped — and not an already compressed
// type such as a zip export). Streams (exports) are compressed as they flush.
func compressResponses(next http.Handler) http.Handler {
	wrap, err := gzhttp.NewWrapper(gzhttp.MinSize(1024))
	if err != nil {
		panic(err) // only for invalid options
	}
	return wrap(next)
}

// newGraphQL assembles the gqlgen server: transports (GET for queries, POST JSON), the
// parsed-query cache, APQ, introspection, depth and complexity limits, and the error
// presenter / recover function that keep internals out of responses.
func newGraphQL(cfg Config) *handler.Server {
	gcfg := generated.Config{Resolvers: &graph.Resolver{Store: cfg.Store}}
	graph.Complexity(&gcfg.Complexity)
	es := generated.NewExecutableSchema(gcfg)
	srv := handler.New(es)
	srv.AddTransport(transport.GET{})
	srv.AddTransport(postJSON{})
	// Both caches are bounded by bytes: a parsed document is charged ~16× its text.
	queries := newByteLRU(cfg.QueryCacheBytes, func(q string, _ *ast.QueryDocument) int64 { return 1024 + 17*int64(len(q)) })
	srv.AroundResponses(observeResponse) // first: it sees the final response (codes, operation)
	srv.SetQueryCache(queries)
	srv.SetParserTokenLimit(cfg.MaxTokens)
	srv.SetValidationRulesFn(validationRules)
	if !cfg.DisableIntrospection {
		srv.Use(extension.Introspection{})
	}
	guard := guardConfig{
		maxQueryBytes: cfg.MaxQueryBytes, maxTokens: cfg.MaxTokens, maxDepth: cfg.MaxDepth,
		maxComplexity: cfg.MaxComplexity, maxSelections: cfg.MaxSelections, maxMergeWork: cfg.MaxMergeWork,
		introspection: !cfg.DisableIntrospection,
	}
	// Order matters: the size check runs before APQ stores a query, the linear pass after APQ
	// has looked one up and before gqlgen parses and validates it.
	srv.Use(querySize{max: cfg.MaxQueryBytes})
	srv.Use(extension.AutomaticPersistedQuery{Cache: newByteLRU(cfg.APQCacheBytes, func(k, q string) int64 { return 128 + int64(len(k)+len(q)) })})
	srv.Use(preValidate{cfg: guard, cache: queries})
	srv.Use(complexityLimit{es: es, max: cfg.MaxComplexity})
	eg := execGuard{maxFields: int64(cfg.MaxResponseFields), maxResponseBytes: cfg.MaxResponseBytes, directLists: !cfg.GqlgenLists}
	srv.Use(eg) // every field: deadline, field budget, and no contact data in public text for anonymous callers
	srv.AroundResponses(eg.response)
	srv.SetErrorPresenter(presentError(cfg.Logger))
	srv.SetRecoverFunc(func(ctx context.Context, p any) error {
		cfg.Logger.Error("panic in resolver", "request_id", requestID(ctx), "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
		return kg.Errorf(kg.EINTERNAL, "internal error (request id %s)", requestID(ctx))
	})
	return srv
}

// limitBody rejects bodies over max with a GraphQL-shaped 413 before gqlgen reads them, so a
// client gets a clear error with a code rather than a JSON decoding failure.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			// gqlgen's GET transport answers a malformed variables or extensions parameter
			// with an error that has no code; refuse it here like a malformed body.
			q := r.URL.Query()
			for _, name := range []string{"variables", "extensions"} {
				if v := q.Get(name); v != "" && !jsonObjectOrNull(v) {
					writeError(w, kg.EINVALID, name+": must be a JSON object")
					return
				}
			}
			next.ServeHTTP(w, r)
			return
		}
		if r.Body == nil {
			next.ServeHTTP(w, r)
			return
		}
		if !jsonContentType(r) {
			writeError(w, codeUnsupportedMedia, "Content-Type must be application/json")
			return
		}
		r.Header.Set("Content-Type", "application/json") // what gqlgen's POST transport expects
		if r.ContentLength > max {
			writeError(w, codeTooLarge, fmt.Sprintf("request body exceeds %d bytes", max))
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, max+1))
		if err != nil {
			writeError(w, kg.EINVALID, "could not read request body")
			return
		}
		if int64(len(body)) > max {
			writeError(w, codeTooLarge, fmt.Sprintf("request body exceeds %d bytes", max))
			return
		}
		if !json.Valid(body) {
			// Never echo the body back (gqlgen's own decoder error would).
			writeError(w, kg.EINVALID, "request body is not valid JSON")
			return
		}
		if !requestShaped(body) { // bodyshape.go
			writeError(w, kg.EINVALID, `request body must be a JSON object with a string "query" (and optionally "operationName", and "variables" and "extensions" objects); batches are not supported`)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		next.ServeHTTP(w, r)
	})
}

// jsonContentType reports whether a POST body is declared as JSON. Only JSON is accepted:
// text/plain, form and multipart bodies are what a browser may send cross-site without a
// CORS preflight, so refusing them keeps other sites from making a visitor's browser post
// queries here.
func jsonContentType(r *http.Request) bool {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && (mt == "application/json" || mt == "application/graphql-response+json")
}

// withGraphQLContext prepares each request's context: a deadline and, for a valid bearer
// token, access to personal contact data.
func withGraphQLContext(cfg Config, next http.Handler) http.Handler {
	tokens := make([][32]byte, len(cfg.ContactTokens))
	for i, t := range cfg.ContactTokens {
		tokens[i] = sha256.Sum256([]byte(t))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		if !strings.HasPrefix(r.URL.Path, "/export/") { // exports: progressDeadline
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, cfg.Timeout)
			defer cancel()
		}
		if authorised(r, tokens) {
			ctx = graph.WithContactAccess(ctx)
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// withLoaders gives each GraphQL execution fresh dataloaders, so nothing is cached across
// requests or callers (a response-cache hit never gets this far, and never pays for them).
func withLoaders(cfg Config, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx := graph.WithLoaders(r.Context(), graph.NewLoaders(cfg.Store, cfg.LoaderWait))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// authorised compares the bearer token with every configured token in constant time (on
// fixed-length hashes, so neither content nor length leaks through timing).
func authorised(r *http.Request, tokens [][32]byte) bool {
	if len(tokens) == 0 {
		return false
	}
	h := r.Header.Get("Authorization")
	const prefix = "Bearer "
	if len(h) <= len(prefix) || !strings.EqualFold(h[:len(prefix)], prefix) {
		return false
	}
	got := sha256.Sum256([]byte(strings.TrimSpace(h[len(prefix):])))
	ok := 0
	for _, t := range tokens {
		ok |= subtle.ConstantTimeCompare(got[:], t[:])
	}
	return ok == 1
}

type requestIDKey struct{}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

func requestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// statusWriter records the status and size for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
	obs    *reqObs
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// withRequestLog gives every request an id (a sane incoming X-Request-Id is kept, so ids
// can be traced across proxies) and logs one line per request. It logs method, path,
// status, size and duration — never query text, variables or headers, which may carry
// personal data or tokens.
func withRequestLog(log *slog.Logger, m *obs.Metrics, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := r.Header.Get("X-Request-Id")
		if !validRequestID.MatchString(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		ctx, calls := obs.WithCallCounter(r.Context())
		ro := &reqObs{calls: calls}
		sw := &statusWriter{ResponseWriter: w, obs: ro}
		ri := &reqInfo{}
		ctx = context.WithValue(context.WithValue(context.WithValue(ctx, requestIDKey{}, id), reqInfoKey{}, ri), reqObsKey{}, ro)
		defer func() {
			// Logged even when the handler panics or the client went away mid-response (an
			// aborted export), so every request leaves exactly one line.
			p := recover()
			if sw.status == 0 {
				sw.status = http.StatusOK
			}
			elapsed := time.Since(start)
			attrs := []any{"request_id", id, "method", r.Method, "path", r.URL.Path,
				"status", sw.status, "bytes", sw.bytes, "duration_ms", float64(elapsed.Microseconds()) / 1000}
			attrs = append(attrs, ro.logAttrs(ctx, m, r.URL.Path, sw.status, elapsed)...)
			if why := stopReason(ri.stopped.Load()); why != "" {
				attrs = append(attrs, "stopped", why)
			}
			if p != nil {
				attrs = append(attrs, "aborted", true)
			}
			log.Info("request", attrs...)
			if p != nil {
				panic(p)
			}
		}()
		next.ServeHTTP(sw, r.WithContext(ctx))
	})
}
