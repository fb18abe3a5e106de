// Package obs is the service's observability: Prometheus metrics (client_golang), OpenTelemetry
// tracing (set up from the standard OTEL_* variables) and a kg.Store decorator that measures
// and traces every store call. It knows nothing of HTTP or GraphQL beyond the names it is
// given; internal/httpapi records requests, cmd/kg wires tracing and build information.
//
// Every metric is documented in docs/operations.md. Label values are bounded: operation
// names are client-chosen, so only the first MaxOperations distinct valid names are kept as
// labels and every later one is counted as "other".
package obs

import (
	"regexp"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"net/http"
)

// MaxOperations caps the distinct operation-name label values of one process.
const MaxOperations = 100

// Operation label values that are not client-chosen names.
const (
	OpAnonymous = "anonymous" // no operation name
	OpOther     = "other"     // a valid name beyond the first MaxOperations
	OpInvalid   = "invalid"   // not a GraphQL name (or longer than 64 bytes)
)

// Outcomes of a request (label "outcome").
const (
	OutcomeOK          = "ok"           // 2xx/3xx without GraphQL errors
	OutcomeClientError = "client_error" // 4xx, or GraphQL errors the caller can fix
	OutcomeServerError = "server_error" // 5xx, or INTERNAL/UNAVAILABLE/TIMEOUT errors
)

// BuildInfo describes the running binary.
type BuildInfo struct {
	Version   string // module version, "(devel)" for a local build
	Commit    string // VCS revision, "" when unknown
	BuildDate string // VCS commit time (RFC 3339), "" when unknown
	GoVersion string
}

// Metrics holds the service's collectors in its own registry (no global state: every test
// server has its own). A nil *Metrics records nothing.
type Metrics struct {
	reg *prometheus.Registry

	requestDuration *prometheus.HistogramVec
	graphqlErrors   *prometheus.CounterVec
	cacheRequests   *prometheus.CounterVec
	cacheEvictions  prometheus.Counter
	cacheBytes      prometheus.Gauge
	cacheEntries    prometheus.Gauge
	storeCalls      prometheus.Histogram
	storeDuration   *prometheus.HistogramVec
	batchSize       *prometheus.HistogramVec
	rateLimited     prometheus.Counter

	mu  sync.Mutex
	ops map[string]struct{}

	roundTrips sync.Once // CypherRoundTrips registers once
}

// NewMetrics registers every collector, the Go runtime and process collectors and
// kg_build_info.
func NewMetrics(b BuildInfo) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{reg: reg, ops: map[string]struct{}{}}
	f := func(c prometheus.Collector) { reg.MustRegister(c) }
	m.requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "kg_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by handler (graphql, export, health, metrics, other), GraphQL operation name (bounded) and outcome.",
		// 1ms … ~16s: cache hits are sub-millisecond, Neo4j traversals take tens of milliseconds.
		Buckets: prometheus.ExponentialBuckets(0.001, 2, 15),
	}, []string{"handler", "operation", "outcome"})
	m.graphqlErrors = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kg_graphql_errors_total",
		Help: "Errors answered, by extensions.code (GraphQL errors and HTTP-level refusals alike).",
	}, []string{"code"})
	m.cacheRequests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "kg_response_cache_requests_total",
		Help: "Response-cache lookups of cacheable GraphQL requests, by result (hit, miss).",
	}, []string{"result"})
	m.cacheEvictions = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kg_response_cache_evictions_total",
		Help: "Response-cache entries evicted to stay within the memory budget.",
	})
	m.cacheBytes = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kg_response_cache_bytes",
		Help: "Bytes charged to the response cache (bodies, gzipped copies and bookkeeping).",
	})
	m.cacheEntries = prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kg_response_cache_entries",
		Help: "Responses held by the response cache.",
	})
	m.storeCalls = prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "kg_store_calls_per_request",
		Help:    "Store calls made to answer one GraphQL or export request (0 for a response-cache hit that needed only the version).",
		Buckets: []float64{0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144},
	})
	m.storeDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kg_store_call_duration_seconds",
		Help:    "Latency of one store call, by store method and outcome (ok, error).",
		Buckets: prometheus.ExponentialBuckets(0.0001, 2, 16),
	}, []string{"method", "outcome"})
	m.batchSize = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "kg_loader_batch_size",
		Help:    "Ids per batched store call (what one dataloader batch asks for), by store method.",
		Buckets: prometheus.ExponentialBuckets(1, 2, 12),
	}, []string{"method"})
	m.rateLimited = prometheus.NewCounter(prometheus.CounterOpts{
		Name: "kg_rate_limited_total",
		Help: "Requests refused with 429 by the per-client rate limit.",
	})
	for _, c := range []prometheus.Collector{m.requestDuration, m.graphqlErrors, m.cacheRequests, m.cacheEvictions,
		m.cacheBytes, m.cacheEntries, m.storeCalls, m.storeDuration, m.batchSize, m.rateLimited} {
		f(c)
	}
	info := prometheus.NewGauge(prometheus.GaugeOpts{
		Name: "kg_build_info",
		Help: "Always 1; the labels describe the running binary.",
		ConstLabels: prometheus.Labels{"version": b.Version, "commit": b.Commit, "build_date": b.BuildDate,
			"goversion": b.GoVersion},
	})
	info.Set(1)
	f(info)
	f(collectors.NewGoCollector())
	f(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the registry in the Prometheus exposition formats (text and, when asked,
// OpenMetrics / protobuf), gzipped when the scraper accepts it.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Registry is the registry the metrics live in (tests gather from it).
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// BreakerState exposes the state of a circuit breaker as kg_store_breaker_state
// (0 closed, 1 open, 2 half-open), read at each scrape.
func (m *Metrics) BreakerState(state func() int) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "kg_store_breaker_state",
		Help: "State of the circuit breaker in front of Neo4j: 0 closed, 1 open, 2 half-open.",
	}, func() float64 { return float64(state()) }))
}

// CypherRoundTrips exposes the Neo4j store's count of statements sent (one per round trip)
// as kg_neo4j_round_trips_total, read at each scrape; with the count of
// kg_http_request_duration_seconds it gives round trips per request. Only the first call registers (the store opens
// once).
func (m *Metrics) CypherRoundTrips(count func() int64) {
	if m == nil {
		return
	}
	m.roundTrips.Do(func() {
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "kg_neo4j_round_trips_total",
			Help: "Cypher statements sent to Neo4j (each one round trip), reads and loads.",
		}, func() float64 { return float64(count()) }))
	})
}

var graphQLName = regexp.MustCompile(`^[_A-Za-z][_0-9A-Za-z]{0,63}$`)

// ValidOperationName reports whether name is a GraphQL name of at most 64 bytes (what may
// appear in a label or a log line).
func ValidOperationName(name string) bool { return graphQLName.MatchString(name) }

// Operation maps a client-chosen operation name to a bounded label value.
func (m *Metrics) Operation(name string) string {
	switch {
	case name == "":
		return OpAnonymous
	case !graphQLName.MatchString(name):
		return OpInvalid
	case m == nil:
		return name
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.ops[name]; ok {
		return name
	}
	if len(m.ops) >= MaxOperations {
		return OpOther
	}
	m.ops[name] = struct{}{}
	return name
}

// Request records one finished HTTP request. operation is a value from Operation (or ""
// for requests that are not GraphQL), storeCalls < 0 means "not measured".
func (m *Metrics) Request(handler, operation, outcome string, d time.Duration, storeCalls int) {
	if m == nil {
		return
	}
	m.requestDuration.WithLabelValues(handler, operation, outcome).Observe(d.Seconds())
	if storeCalls >= 0 {
		m.storeCalls.Observe(float64(storeCalls))
	}
}

// Error counts one error answered with code.
func (m *Metrics) Error(code string) {
	if m == nil {
		return
	}
	m.graphqlErrors.WithLabelValues(code).Inc()
}

// CacheLookup counts a response-cache hit or miss.
func (m *Metrics) CacheLookup(hit bool) {
	if m == nil {
		return
	}
	if hit {
		m.cacheRequests.WithLabelValues("hit").Inc()
	} else {
		m.cacheRequests.WithLabelValues("miss").Inc()
	}
}

// CacheEvicted counts n evicted entries.
func (m *Metrics) CacheEvicted(n int) {
	if m == nil || n == 0 {
		return
	}
	m.cacheEvictions.Add(float64(n))
}

// CacheSize sets the cache's current size.
func (m *Metrics) CacheSize(bytes int64, entries int) {
	if m == nil {
		return
	}
	m.cacheBytes.Set(float64(bytes))
	m.cacheEntries.Set(float64(entries))
}

// RateLimited counts one refused request.
func (m *Metrics) RateLimited() {
	if m == nil {
		return
	}
	m.rateLimited.Inc()
}

func (m *Metrics) storeCall(method string, d time.Duration, err error, batch int) {
	if m == nil {
		return
	}
	outcome := "ok"
	if err != nil {
		outcome = "error"
	}
	m.storeDuration.WithLabelValues(method, outcome).Observe(d.Seconds())
	if batch >= 0 {
		m.batchSize.WithLabelValues(method).Observe(float64(batch))
	}
}
