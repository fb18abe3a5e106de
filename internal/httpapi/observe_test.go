package httpapi_test

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/obs"
)

// plainClient neither asks for nor undoes compression, so tests see the bytes sent.
var plainClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

type rawResponse struct {
	status int
	header http.Header
	body   string
}

// send makes one request with header pairs and returns what came back, undecoded.
func send(t *testing.T, method, u, body string, header ...string) rawResponse {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := plainClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return rawResponse{res.StatusCode, res.Header, string(b)}
}

const statsQuery = `{"query":"query Counts { stats { nodes edges } }"}`

// TestCacheHonoursAccept: the negotiated media type is part of the response-cache key, so
// whichever client comes first, each gets the Content-Type it asked for, on a miss and on
// a hit alike.
func TestCacheHonoursAccept(t *testing.T) {
	orders := [][]string{
		{"application/graphql-response+json", "application/json", "", "*/*", "text/html, application/graphql-response+json;q=0.9"},
		{"application/json", "application/graphql-response+json", "*/*", "", "application/json;q=0.5, application/graphql-response+json"},
	}
	want := func(accept string) string {
		switch accept {
		case "", "*/*", "application/json":
			return "application/json"
		}
		if strings.HasPrefix(accept, "application/json") {
			return "application/json" // the first listed type wins (gqlgen ignores q)
		}
		return "application/graphql-response+json"
	}
	for i, order := range orders {
		s := newServer(t, httpapi.Config{ResponseCacheBytes: 1 << 20})
		for round, state := range []string{"first", "again"} {
			for _, accept := range order {
				r := send(t, http.MethodPost, s.URL+"/graphql", statsQuery, "Content-Type", "application/json", "Accept", accept)
				if r.status != 200 || r.header.Get("Content-Type") != want(accept) {
					t.Errorf("order %d, %s, Accept %q: %d %q, want 200 %q", i, state, accept, r.status, r.header.Get("Content-Type"), want(accept))
				}
				if round == 1 && r.header.Get("X-Cache") != "HIT" {
					t.Errorf("order %d, Accept %q: repeat was %s", i, accept, r.header.Get("X-Cache"))
				}
			}
		}
	}
}

// TestCacheNeverAnswersWhatTheEngineRefuses: a request that the engine refuses gets the same
// refusal whether or not an equal, acceptable request was cached before or after it.
func TestCacheNeverAnswersWhatTheEngineRefuses(t *testing.T) {
	get := "/graphql?query=" + url.QueryEscape(`{ stats { nodes } }`)
	cases := []struct {
		name     string
		method   string
		path     string
		header   []string // of the refused request
		okHeader []string // of the acceptable twin
		status   int
	}{
		{"JSON body as text/plain", http.MethodPost, "/graphql", []string{"Content-Type", "text/plain"}, []string{"Content-Type", "application/json"}, 415},
		{"JSON body as form", http.MethodPost, "/graphql", []string{"Content-Type", "application/x-www-form-urlencoded"}, []string{"Content-Type", "application/json"}, 415},
		{"JSON body without type", http.MethodPost, "/graphql", nil, []string{"Content-Type", "application/json"}, 415},
		{"GET with Upgrade", http.MethodGet, get, []string{"Upgrade", "websocket"}, nil, 400},
	}
	for _, c := range cases {
		for _, refusedFirst := range []bool{true, false} {
			s := newServer(t, httpapi.Config{ResponseCacheBytes: 1 << 20})
			body := ""
			if c.method == http.MethodPost {
				body = statsQuery
			}
			refused := func() rawResponse { return send(t, c.method, s.URL+c.path, body, c.header...) }
			var r rawResponse
			if refusedFirst {
				r = refused()
				send(t, c.method, s.URL+c.path, body, c.okHeader...)
			} else {
				if ok := send(t, c.method, s.URL+c.path, body, c.okHeader...); ok.status != 200 {
					t.Fatalf("%s: the acceptable twin got %d %s", c.name, ok.status, ok.body)
				}
				send(t, c.method, s.URL+c.path, body, c.okHeader...) // now certainly cached
				r = refused()
			}
			if r.status != c.status || r.header.Get("X-Cache") == "HIT" {
				t.Errorf("%s (refused first %v): %d X-Cache %q, want %d and no hit", c.name, refusedFirst, r.status, r.header.Get("X-Cache"), c.status)
			}
		}
	}
}

// TestETag: GET queries and exports carry a weak ETag keyed by the graph version and the
// request; If-None-Match with it answers 304 until the graph changes; errors carry none.
func TestETag(t *testing.T) {
	vs := &versionedStore{Store: kgtest.New(shippedStore(t))}
	vs.version.Store("v1")
	for _, cacheBytes := range []int64{0, 1 << 20} {
		s := newServer(t, httpapi.Config{Store: vs, ResponseCacheBytes: cacheBytes})
		q := s.URL + "/graphql?query=" + url.QueryEscape(`query Counts { stats { nodes } }`)
		other := s.URL + "/graphql?query=" + url.QueryEscape(`{ stats { edges } }`)
		bad := s.URL + "/graphql?query=" + url.QueryEscape(`{ nope }`)
		export := s.URL + "/export/graph.graphml"

		first := send(t, http.MethodGet, q, "")
		tag := first.header.Get("ETag")
		if first.status != 200 || !strings.HasPrefix(tag, `W/"`) {
			t.Fatalf("cache %d: GET: %d ETag %q", cacheBytes, first.status, tag)
		}
		exp := send(t, http.MethodGet, export, "")
		etag := exp.header.Get("ETag")
		if exp.status != 200 || etag == "" || etag == tag {
			t.Fatalf("cache %d: export: %d ETag %q", cacheBytes, exp.status, etag)
		}
		cases := []struct {
			name, url, ifNoneMatch string
			header                 []string
			status                 int
			tagged                 bool
		}{
			{"same tag", q, tag, nil, 304, true},
			{"tag among others", q, `"x", ` + tag, nil, 304, true},
			{"strong spelling of the weak tag", q, strings.TrimPrefix(tag, "W/"), nil, 304, true},
			{"star", q, "*", nil, 304, true},
			{"stale tag", q, `W/"0000"`, nil, 200, true},
			{"other query", other, tag, nil, 200, true},
			{"other media type", q, tag, []string{"Accept", "application/graphql-response+json"}, 200, true},
			{"contact access", q, tag, []string{"Authorization", "Bearer nobody-knows-this-token"}, 304, true},
			{"validation error", bad, "", nil, 422, false},
			{"export, same tag", export, etag, nil, 304, true},
			{"export, other format", s.URL + "/export/graph.gexf", etag, nil, 200, true},
		}
		for _, c := range cases {
			h := append([]string{"If-None-Match", c.ifNoneMatch}, c.header...)
			r := send(t, http.MethodGet, c.url, "", h...)
			if r.status != c.status || (r.header.Get("ETag") != "") != c.tagged {
				t.Errorf("cache %d, %s: %d ETag %q, want %d tagged %v", cacheBytes, c.name, r.status, r.header.Get("ETag"), c.status, c.tagged)
			}
			if r.status == 304 && r.body != "" {
				t.Errorf("%s: 304 with a body", c.name)
			}
		}
		vs.version.Store("v2-" + strings.Repeat("x", int(cacheBytes%7)))
		if r := send(t, http.MethodGet, q, "", "If-None-Match", tag); r.status != 200 || r.header.Get("ETag") == tag {
			t.Errorf("cache %d: after a write: %d ETag %q (was %q)", cacheBytes, r.status, r.header.Get("ETag"), tag)
		}
		vs.version.Store("v1")
	}
}

// TestCompression: every response of 1 KiB or more is gzipped for a client that accepts it
// (GraphQL misses, hits, exports), never for one that does not, and says Vary.
func TestCompression(t *testing.T) {
	s := newServer(t, httpapi.Config{ResponseCacheBytes: 1 << 20})
	big := `{"query":"{ allNodes(first: 50) { nodes { id name } } }"}`
	cases := []struct {
		name, method, path, body string
		gzip                     bool
	}{
		{"graphql miss", http.MethodPost, "/graphql", big, true},
		{"graphql hit", http.MethodPost, "/graphql", big, true},
		{"export", http.MethodGet, "/export/graph.graphml", "", true},
		{"metrics", http.MethodGet, "/metrics", "", true},
		{"small answer", http.MethodPost, "/graphql", statsQuery, false},
	}
	for _, c := range cases {
		for _, accept := range []bool{true, false} {
			h := []string{"Content-Type", "application/json"}
			if accept {
				h = append(h, "Accept-Encoding", "gzip")
			}
			r := send(t, c.method, s.URL+c.path, c.body, h...)
			gz := r.header.Get("Content-Encoding") == "gzip"
			if r.status != 200 || gz != (accept && c.gzip) {
				t.Errorf("%s, accepts gzip %v: %d Content-Encoding %q", c.name, accept, r.status, r.header.Get("Content-Encoding"))
			}
			if vary := strings.Join(r.header.Values("Vary"), ","); !strings.Contains(vary, "Accept-Encoding") {
				t.Errorf("%s: Vary %q lacks Accept-Encoding", c.name, vary)
			}
			if c.path != "/metrics" {
				if vary := strings.Join(r.header.Values("Vary"), ","); !strings.Contains(vary, "Accept") || !strings.Contains(vary, "Authorization") {
					t.Errorf("%s: Vary %q lacks Accept or Authorization", c.name, vary)
				}
			}
		}
	}
}

// logLines returns the access-log records of a test server.
func logLines(t *testing.T, s *testServer) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s.logs.String()))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var m map[string]any
		if json.Unmarshal(sc.Bytes(), &m) == nil && m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

// TestRequestLogLine: each request's one log line names the operation, a hash of the query
// (never its text), the error codes and the response-cache state.
func TestRequestLogLine(t *testing.T) {
	cases := []struct {
		name, body string
		header     []string
		want       map[string]any
		absent     []string
	}{
		{"miss", statsQuery, nil, map[string]any{"operation": "Counts", "cache": "MISS", "status": 200.0}, []string{"error_codes"}},
		{"hit", statsQuery, nil, map[string]any{"operation": "Counts", "cache": "HIT"}, []string{"error_codes"}},
		{"validation error", `{"query":"query Oops { nope }"}`, nil, map[string]any{"operation": "Oops", "error_codes": "GRAPHQL_VALIDATION_FAILED"}, nil},
		{"refused media type", statsQuery, []string{"Content-Type", "text/plain"}, map[string]any{"error_codes": "UNSUPPORTED_MEDIA_TYPE", "status": 415.0}, []string{"cache", "operation"}},
		{"not found", `{"query":"{ node(id: \"no-such-node\") { id } }"}`, nil, map[string]any{"cache": "MISS"}, []string{"operation"}},
		{"invalid operation name", `{"query":"{ stats { nodes } }","operationName":"a b@c.se"}`, nil, map[string]any{"operation": "invalid"}, nil},
	}
	s := newServer(t, httpapi.Config{ResponseCacheBytes: 1 << 20})
	for i, c := range cases {
		h := append([]string{"Content-Type", "application/json"}, c.header...)
		send(t, http.MethodPost, s.URL+"/graphql", c.body, h...)
		lines := logLines(t, s)
		if len(lines) != i+1 {
			t.Fatalf("%s: %d log lines, want %d", c.name, len(lines), i+1)
		}
		line := lines[i]
		for k, v := range c.want {
			if got := line[k]; got != v && !(k == "error_codes" && strings.Contains(asString(got), asString(v))) {
				t.Errorf("%s: %s = %v, want %v (%v)", c.name, k, got, v, line)
			}
		}
		for _, k := range c.absent {
			if _, ok := line[k]; ok {
				t.Errorf("%s: %s = %v, want none", c.name, k, line[k])
			}
		}
		if strings.Contains(s.logs.String(), "nope") || strings.Contains(s.logs.String(), "@c.se") {
			t.Fatalf("%s: the log holds query text or client text", c.name)
		}
		if qh, _ := line["query_hash"].(string); c.name != "refused media type" && len(qh) != 16 {
			t.Errorf("%s: query_hash %q", c.name, qh)
		}
	}
	if lines := logLines(t, s); lines[0]["query_hash"] != lines[1]["query_hash"] {
		t.Errorf("a hit logs another query hash than its miss")
	}
}

func asString(v any) string { s, _ := v.(string); return s }

// TestMetrics: /metrics exposes the request, error, cache, store and rate-limit metrics
// with the values the requests made.
func TestMetrics(t *testing.T) {
	m := obs.NewMetrics(obs.BuildInfo{Version: "v1.2.3", Commit: "abc", GoVersion: "go1.26.8"})
	s := newServer(t, httpapi.Config{Metrics: m, ResponseCacheBytes: 1 << 20, RateLimit: 0.001, RateBurst: 6})
	for range 2 {
		send(t, http.MethodPost, s.URL+"/graphql", statsQuery, "Content-Type", "application/json") // miss, hit
	}
	send(t, http.MethodPost, s.URL+"/graphql", `{"query":"query Near { neighbourhood(id: \"vaxjo-kommun\", hops: 1, limit: 10) { nodes { id edges(first: 5) { nodes { type } } } } }"}`, "Content-Type", "application/json")
	send(t, http.MethodPost, s.URL+"/graphql", `{"query":"{ nope }"}`, "Content-Type", "application/json")
	send(t, http.MethodPost, s.URL+"/graphql", statsQuery, "Content-Type", "text/plain")
	send(t, http.MethodGet, s.URL+"/export/graph.json", "")
	for range 3 { // the bucket (6) is empty before these: three refusals
		send(t, http.MethodGet, s.URL+"/healthz", "") // never limited
		send(t, http.MethodGet, s.URL+"/graphql?query=%7Bstats%7Bnodes%7D%7D", "")
	}
	r := send(t, http.MethodGet, s.URL+"/metrics", "")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %s", r.status, r.header.Get("Content-Type"))
	}
	for _, want := range []string{
		`kg_build_info{build_date="",commit="abc",goversion="go1.26.8",version="v1.2.3"} 1`,
		`kg_http_request_duration_seconds_count{handler="graphql",operation="Counts",outcome="ok"} 2`,
		`kg_http_request_duration_seconds_count{handler="graphql",operation="anonymous",outcome="client_error"}`,
		`kg_http_request_duration_seconds_count{handler="export",operation="",outcome="ok"} 1`,
		`kg_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"} 1`,
		`kg_graphql_errors_total{code="UNSUPPORTED_MEDIA_TYPE"} 1`,
		`kg_graphql_errors_total{code="RATE_LIMITED"} 3`,
		`kg_response_cache_requests_total{result="hit"}`,
		`kg_response_cache_requests_total{result="miss"}`,
		`kg_response_cache_entries`,
		`kg_response_cache_evictions_total 0`,
		`kg_store_calls_per_request_count`,
		`kg_store_call_duration_seconds_count{method="Stats",outcome="ok"}`,
		`kg_store_call_duration_seconds_count{method="Neighbourhood",outcome="ok"} 1`,
		`kg_loader_batch_size_count{method="EdgePages"}`,
		`kg_rate_limited_total 3`,
		`go_goroutines`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("/metrics lacks %s", want)
			if testing.Verbose() {
				t.Log(r.body)
			}
		}
	}
	if n := testutil.CollectAndCount(m.Registry(), "kg_http_request_duration_seconds"); n == 0 {
		t.Error("no request durations collected")
	}
}

// TestTracing: with a tracer provider, an incoming W3C traceparent is honoured — the
// request's server span continues the caller's trace — and every store call is a child
// span of it. The exporter is in memory (tracetest).
func TestTracing(t *testing.T) {
	rec := tracetest.NewSpanRecorder()
	tp, err := obs.NewTracerProvider(context.Background(), rec, obs.BuildInfo{Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	s := newServer(t, httpapi.Config{TracerProvider: tp})
	const traceID = "4bf92f3577b34da6a3ce929d0e0e4736"
	r := send(t, http.MethodPost, s.URL+"/graphql", `{"query":"query Near { neighbourhood(id: \"vaxjo-kommun\", hops: 1) { nodes { id } } }"}`,
		"Content-Type", "application/json", "traceparent", "00-"+traceID+"-00f067aa0ba902b7-01")
	if r.status != 200 {
		t.Fatalf("%d %s", r.status, r.body)
	}
	spans := rec.Ended()
	var server sdktrace.ReadOnlySpan
	stores := 0
	for _, sp := range spans {
		if sp.SpanKind() == trace.SpanKindServer {
			server = sp
		}
	}
	if server == nil {
		t.Fatalf("no server span among %d", len(spans))
	}
	if server.SpanContext().TraceID().String() != traceID || server.Parent().SpanID().String() != "00f067aa0ba902b7" {
		t.Errorf("server span %s (parent %s) does not continue the incoming trace", server.SpanContext().TraceID(), server.Parent().SpanID())
	}
	if server.Name() != "POST graphql" {
		t.Errorf("server span named %q", server.Name())
	}
	for _, sp := range spans {
		if strings.HasPrefix(sp.Name(), "kg.Store/") {
			stores++
			if sp.Parent().SpanID() != server.SpanContext().SpanID() {
				t.Errorf("%s is not a child of the request span", sp.Name())
			}
		}
	}
	if stores == 0 {
		t.Errorf("no store spans among %v", spanNames(spans))
	}
	found := false
	for _, a := range server.Attributes() {
		if a.Key == "graphql.operation.name" && a.Value.AsString() == "Near" {
			found = true
		}
	}
	if !found {
		t.Errorf("server span lacks graphql.operation.name: %v", server.Attributes())
	}
	// The trace id reaches the access log.
	if !strings.Contains(s.logs.String(), `"trace_id":"`+traceID+`"`) {
		t.Errorf("log lacks the trace id:\n%s", s.logs.String())
	}
}

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

// TestTracingOffStillLogsTraceID: without a tracer provider (the default) the incoming trace
// id is still logged, so logs can be joined with the caller's trace.
func TestTracingOffStillLogsTraceID(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	send(t, http.MethodGet, s.URL+"/healthz", "", "traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
	if !strings.Contains(s.logs.String(), `"trace_id":"0af7651916cd43dd8448eb211c80319c"`) {
		t.Errorf("log lacks the trace id:\n%s", s.logs.String())
	}
}
