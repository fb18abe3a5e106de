package httpapi_test

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
)

// TestDeadlineStopsExecution: when the deadline passes mid-execution, no further field
// resolves, the answer is one TIMEOUT error (not one UNAVAILABLE per cut field), and the
// request leaves one log line, its access line, saying why.
func TestDeadlineStopsExecution(t *testing.T) {
	// EdgesOf blocks until the request's deadline and then fails the way the real stores do
	// (UNAVAILABLE wrapping the context error); every NodesByIDs call counted after that
	// moment is a late one.
	st := kgtest.New(shippedStore(t))
	var atDeadline atomic.Int64
	var once sync.Once
	st.UntilDone(kgtest.EdgePages, func(ctxErr error) error {
		once.Do(func() { atDeadline.Store(int64(st.Calls(kgtest.NodesByIDs))) })
		return kg.WrapError(kg.EUNAVAILABLE, ctxErr, "request cancelled or timed out")
	})
	s := newServer(t, httpapi.Config{Store: st, Timeout: 100 * time.Millisecond})
	r := s.post(t, `{ search(text: "a", first: 20) { nodes { node { id edges(first: 5) { nodes { id from { id name } } } relationships { nodes { node { name } } } } } } }`, nil)
	if len(r.Errors) != 1 || r.Errors[0].Code() != "TIMEOUT" {
		t.Fatalf("errors = %+v, want exactly one TIMEOUT", r.Errors)
	}
	if string(r.Data) != "null" && len(r.Data) != 0 {
		t.Errorf("partial data after a timeout: %s", r.Data)
	}
	if n := int64(st.Calls(kgtest.NodesByIDs)) - atDeadline.Load(); n != 0 {
		t.Errorf("%d store calls after the deadline", n)
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(s.logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil {
			lines = append(lines, m)
		}
	}
	if len(lines) != 1 || lines[0]["msg"] != "request" || lines[0]["stopped"] != "timeout" {
		t.Errorf("want one access line with stopped=timeout, got:\n%s", s.logs.String())
	}
}

// TestFieldBudget: an execution that resolves more fields than allowed stops with one
// RESPONSE_TOO_LARGE error; under the budget the same query is answered.
func TestFieldBudget(t *testing.T) {
	q := `{ allNodes(first: 100) { nodes { id name kind aliases } } }`
	for _, tc := range []struct {
		budget int
		want   string
	}{{100, "RESPONSE_TOO_LARGE"}, {25_000, ""}} {
		s := newServer(t, httpapi.Config{MaxResponseFields: tc.budget})
		r := s.post(t, q, nil)
		switch {
		case tc.want == "" && len(r.Errors) > 0:
			t.Errorf("budget %d: %+v", tc.budget, r.Errors)
		case tc.want != "" && (len(r.Errors) != 1 || r.Errors[0].Code() != tc.want):
			t.Errorf("budget %d: errors %+v, want one %s", tc.budget, r.Errors, tc.want)
		}
	}
}

// TestValidationErrorsCapped: a document with thousands of independent validation errors is
// answered with the first 100 and one saying validation stopped.
func TestValidationErrorsCapped(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	for _, n := range []int{5, 100, 101, 1500} {
		vars := rep(n, func(i int) string { return fmt.Sprintf("$v%d: Int", i) })
		r := s.post(t, "query("+vars+") { stats { nodes } }", nil)
		want := min(n, 100)
		if n > 100 {
			want = 101
		}
		if len(r.Errors) != want {
			t.Errorf("%d unused variables: %d errors, want %d", n, len(r.Errors), want)
			continue
		}
		last := r.Errors[len(r.Errors)-1]
		if n > 100 && !strings.Contains(last.Message, "too many validation errors") {
			t.Errorf("%d unused variables: last error %q", n, last.Message)
		}
		if last.Code() != "GRAPHQL_VALIDATION_FAILED" {
			t.Errorf("code %q", last.Code())
		}
	}
}

// TestPreValidationLimits: each shape limit refuses just past its value, with a code and a
// message naming the limit, and accepts the value itself.
func TestPreValidationLimits(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	node := `node(id: "vaxjo-kommun")`
	cases := []struct {
		name, ok, over, code, msg string
	}{
		{"fields per response name",
			"{ " + node + " { " + rep(20, func(int) string { return "id" }) + "} }",
			"{ " + node + " { " + rep(21, func(int) string { return "id" }) + "} }", "COMPLEXITY_LIMIT_EXCEEDED", `"id" is selected 21 times`},
		{"fields per selection set",
			"{ " + node + " { " + rep(200, func(i int) string { return fmt.Sprintf("f%d: id", i) }) + "} }",
			"{ " + node + " { " + rep(201, func(i int) string { return fmt.Sprintf("f%d: id", i) }) + "} }", "COMPLEXITY_LIMIT_EXCEEDED", "201 fields in one selection set"},
		{"aliases",
			"{ x: stats { " + rep(99, func(i int) string { return fmt.Sprintf("a%d: nodes", i) }) + "} y: stats { " + rep(99, func(i int) string { return fmt.Sprintf("a%d: nodes", i) }) + "} }",
			"{ x: stats { " + rep(100, func(i int) string { return fmt.Sprintf("a%d: nodes", i) }) + "} y: stats { " + rep(99, func(i int) string { return fmt.Sprintf("a%d: nodes", i) }) + "} }", "COMPLEXITY_LIMIT_EXCEEDED", "201 aliases"},
		{"inline nesting",
			"{ " + node + " { " + nest(4, "... on Node { ", "id", " }") + " } }",
			"{ " + node + " { " + nest(5, "... on Node { ", "id", " }") + " } }", "COMPLEXITY_LIMIT_EXCEEDED", "nested 5 deep"},
		{"one __schema", `{ __schema { queryType { name } } }`, `{ a: __schema { queryType { name } } b: __schema { queryType { name } } }`, "COMPLEXITY_LIMIT_EXCEEDED", "__schema is selected 2 times"},
		{"__schema through fragments", `{ ...S } fragment S on Query { __schema { queryType { name } } }`, `{ ...S ... on Query { ...S } } fragment S on Query { __schema { queryType { name } } }`, "COMPLEXITY_LIMIT_EXCEEDED", "__schema is selected 2 times"},
		{"depth", "{ " + node + " { " + nest(10, "relationships(first: 1) { node { ", "id", " } }")[:0] + nest(3, "relationships(first: 1) { nodes { node { ", "id", " } } }") + " } }",
			"{ " + node + " { " + nest(4, "relationships(first: 1) { nodes { node { ", "id", " } } }") + " } }", "DEPTH_LIMIT_EXCEEDED", "depth exceeds the limit of 12"},
		{"introspection counted in depth", `{ __type(name: "Node") { ` + nest(14, "ofType { ", "name", " }") + ` } }`,
			`{ __type(name: "Node") { ` + nest(15, "ofType { ", "name", " }") + ` } }`, "DEPTH_LIMIT_EXCEEDED", "introspection depth exceeds the limit of 16"},
		{"expanded selections", branches(8), branches(12), "COMPLEXITY_LIMIT_EXCEEDED", "fragments expanded; the limit is 5000"},
		{"directives", `{ stats { nodes @include(if: true) } }`, `{ stats { nodes ` + rep(11, func(i int) string { return fmt.Sprintf("@skip(if: %v)", i < 0) }) + ` } }`, "COMPLEXITY_LIMIT_EXCEEDED", "11 directives"},
		{"query text", "{ stats { nodes } }" + strings.Repeat("#", 60<<10), "{ stats { nodes } }" + strings.Repeat("#", 64<<10), "REQUEST_TOO_LARGE", "the limit is 65536"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := s.post(t, c.ok, nil)
			for _, e := range r.Errors {
				if strings.Contains(e.Code(), "LIMIT") || e.Code() == "REQUEST_TOO_LARGE" {
					t.Errorf("at the limit: refused: %+v", r.Errors)
				}
			}
			r = s.post(t, c.over, nil)
			if len(r.Errors) != 1 || r.Errors[0].Code() != c.code || !strings.Contains(r.Errors[0].Message, c.msg) {
				t.Errorf("over the limit: %+v, want one %s mentioning %q", r.Errors, c.code, c.msg)
			}
		})
	}
}

// branches is a document whose fragments each select the next through b differently aliased
// fields, three levels deep (each a relationships → nodes → node connection, 3 deep): b³
// paths, each fragment written once.
func branches(b int) string {
	frag := func(i int) string {
		return fmt.Sprintf("fragment F%d on Node { %s }", i, rep(b, func(j int) string {
			return fmt.Sprintf("b%d: relationships(first: 1) { nodes { node { ...F%d } } }", j, i+1) // 3 levels each
		}))
	}
	return `{ node(id: "vaxjo-kommun") { ...F0 } } ` + rep(3, frag) + "fragment F3 on Node { id }"
}

// TestComplexityWeighsLists: lists cost their size argument times their items, so the
// same shape is accepted small and refused large; honest queries (the README's examples,
// dashboard-sized neighbourhoods) stay under the default limit.
func TestComplexityWeighsLists(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	honest := []string{
		`{ neighbourhood(id: "vaxjo-kommun", hops: 2, limit: 500) { truncated nodes { id name kind } edges { id type role since from { id } to { id } } } }`,
		`{ neighbourhood(id: "vaxjo-kommun", hops: 3, limit: 1000) { nodes { id name kind } edges { id type from { id } to { id } } } }`,
		`{ projects(first: 10, filter: { activeIn: 2016 }) { totalCount pageInfo { hasNextPage endCursor }
		   nodes { name since until participants { totalCount nodes { role node { name } } } funders { nodes { node { name } } } contacts { nodes { node { name } } } } } }`,
		`{ node(id: "euroregion-baltic") { ... on Network { representativesByPrincipal(first: 10) { nodes { onBehalfOf { name }
		   mandates(first: 20) { nodes { person { name } role party { abbreviation } evidence { quote } } } } } } } }`,
		`{ node(id: "bo-frank") { name ... on Person { party { abbreviation } mandates { nodes { role since until onBehalfOf { name } body { name }
		   evidence { quote asOf source { title publisher } } } } affiliations { nodes { role node { name } } } } } }`,
		`{ path(from: "roland-gustbee", to: "vaxjo-kommun", maxHops: 6) { length nodes { id name kind } edges { type role from { id } to { id } evidence { quote } } } }`,
		`{ search(text: "Borgmästaravtalet") { nodes { score node { id name kind aliases } } } }`,
		introspectionQuery,
	}
	for _, q := range honest {
		if r := s.post(t, q, nil); len(r.Errors) > 0 {
			t.Errorf("honest query refused: %+v\n%s", r.Errors, q)
		}
	}
	for _, tc := range []struct {
		query string
		ok    bool
	}{
		{`{ search(text: "a", first: 10) { nodes { node { edges(first: 10) { nodes { from { edges(first: 10) { nodes { id } } } } } } } } }`, true},
		{`{ search(text: "a", first: 100) { nodes { node { edges(first: 10) { nodes { from { edges(first: 10) { nodes { id } } } } } } } } }`, false},
		{`{ nodes(ids: ["a", "b"]) { relationships(first: 100) { nodes { node { relationships(first: 10) { nodes { node { id } } } } } } } }`, true},
		{`{ nodes(ids: ["a", "b", "c", "d", "e"]) { relationships(first: 100) { nodes { node { relationships(first: 10) { nodes { node { id } } } } } } } }`, false},
		{`{ neighbourhood(id: "x", limit: 1000) { nodes { id } } }`, true},
		{`{ neighbourhood(id: "x", limit: 1000) { nodes { relationships(first: 5) { nodes { node { id } } } } } }`, false},
		{`{ mandates(person: "bo-frank", first: 10) { nodes { body { ... on Organisation { representatives(first: 10) { nodes { id } } } } } } }`, true},
		{`{ mandates(first: 100) { nodes { body { ... on Organisation { representatives(first: 100) { nodes { body { ... on Organisation { representatives(first: 100) { nodes { id } } } } } } } } } } }`, false},
	} {
		r := s.post(t, tc.query, nil)
		refused := len(r.Errors) > 0 && r.Errors[0].Code() == "COMPLEXITY_LIMIT_EXCEEDED"
		if refused == tc.ok {
			t.Errorf("ok=%v but errors %+v:\n%s", tc.ok, r.Errors, tc.query)
		}
	}
}

func TestIntrospectionSwitch(t *testing.T) {
	for _, off := range []bool{false, true} {
		s := newServer(t, httpapi.Config{DisableIntrospection: off})
		for _, q := range []string{`{ __schema { queryType { name } } }`, `{ __type(name: "Node") { name } }`} {
			r := s.post(t, q, nil)
			refused := len(r.Errors) == 1 && r.Errors[0].Code() == "FORBIDDEN"
			if refused != off {
				t.Errorf("DisableIntrospection=%v: %s → %+v", off, q, r.Errors)
			}
		}
		if r := s.post(t, `{ stats { __typename nodes } }`, nil); len(r.Errors) > 0 {
			t.Errorf("__typename refused: %+v", r.Errors)
		}
	}
}

// TestContentTypeAndBody: POST bodies must be declared JSON (what a cross-site form or
// text/plain post cannot do without a CORS preflight), and a malformed body is never
// echoed back.
func TestContentTypeAndBody(t *testing.T) {
	h := httpapi.New(httpapi.Config{Store: shippedStore(t), ResponseCacheBytes: 1 << 20})
	body := `{"query":"{ stats { nodes } }"}`
	for _, tc := range []struct {
		ctype, body string
		status      int
	}{
		{"application/json", body, 200},
		{"application/json; charset=utf-8", body, 200},
		{"application/graphql-response+json", body, 200},
		{"text/plain", body, 415},
		{"text/plain;charset=UTF-8", body, 415},
		{"application/x-www-form-urlencoded", body, 415},
		{"multipart/form-data; boundary=x", body, 415},
		{"", body, 415},
		{"application/json", `{"query": "{ stats } SECRET-MARKER`, 400},
	} {
		for i := 0; i < 2; i++ { // the second time, a cached answer would be a hit
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("%q: status %d, want %d: %s", tc.ctype, rec.Code, tc.status, rec.Body.String())
			}
			if strings.Contains(rec.Body.String(), "SECRET-MARKER") {
				t.Errorf("body echoed: %s", rec.Body.String())
			}
			wantCode := `"code":"INVALID"`
			if tc.status == http.StatusUnsupportedMediaType {
				wantCode = `"code":"UNSUPPORTED_MEDIA_TYPE"`
			}
			if tc.status != 200 && !strings.Contains(rec.Body.String(), wantCode) {
				t.Errorf("%q: no code: %s", tc.ctype, rec.Body.String())
			}
		}
	}
}

// TestInFlightLimit: with every execution slot taken, a request is answered at once with 503
// and Retry-After; response-cache hits and health checks still pass; when a slot frees, the
// next request runs.
func TestInFlightLimit(t *testing.T) {
	st := kgtest.New(shippedStore(t))
	s := newServer(t, httpapi.Config{Store: st, MaxInFlight: 1, ResponseCacheBytes: 1 << 20})
	s.post(t, `{ stats { nodes } }`, nil) // cached from now on
	done := make(chan gqlResponse, 1)
	gate := st.Gate(kgtest.Search)
	go func() { done <- s.post(t, `{ search(text: "vaxjo") { nodes { node { id } } } }`, nil) }()
	<-gate.Entered()
	r := s.post(t, `{ node(id: "vaxjo-kommun") { id } }`, nil)
	if r.Status != http.StatusServiceUnavailable || len(r.Errors) != 1 || r.Errors[0].Code() != "OVERLOADED" {
		t.Errorf("over the limit: status %d %+v", r.Status, r.Errors)
	}
	if r := s.post(t, `{ stats { nodes } }`, nil); r.Status != 200 {
		t.Errorf("cache hit refused while full: %d", r.Status)
	}
	gate.Release()
	if r := <-done; r.Status != 200 || len(r.Errors) > 0 {
		t.Errorf("in-flight request: %d %+v", r.Status, r.Errors)
	}
	if r := s.post(t, `{ node(id: "vaxjo-kommun") { id } }`, nil); r.Status != 200 {
		t.Errorf("after a slot freed: %d %+v", r.Status, r.Errors)
	}
}

// failingWriter is a response writer whose client goes away after limit bytes.
type failingWriter struct {
	*httptest.ResponseRecorder
	limit int
}

func (w *failingWriter) Write(b []byte) (int, error) {
	if w.Body.Len()+len(b) > w.limit {
		return 0, fmt.Errorf("connection reset by peer")
	}
	return w.ResponseRecorder.Write(b)
}

// TestAbortedExportIsLogged: an export whose client disappears mid-stream is aborted (the
// handler panics with http.ErrAbortHandler, so the client sees a broken download, not a
// truncated file that looks whole) and still leaves its one access-log line.
func TestAbortedExportIsLogged(t *testing.T) {
	logs := &syncBuffer{}
	h := httpapi.New(httpapi.Config{Store: shippedStore(t), Logger: slog.New(slog.NewJSONHandler(logs, nil))})
	req := httptest.NewRequest(http.MethodGet, "/export/graph.graphml", nil)
	func() {
		defer func() {
			if p := recover(); p != http.ErrAbortHandler {
				t.Errorf("panic %v, want http.ErrAbortHandler", p)
			}
		}()
		h.ServeHTTP(&failingWriter{ResponseRecorder: httptest.NewRecorder(), limit: 4096}, req)
	}()
	var access int
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["msg"] == "request" && m["path"] == "/export/graph.graphml" && m["aborted"] == true {
			access++
		}
	}
	if access != 1 {
		t.Errorf("want one access line for the aborted export, logs:\n%s", logs.String())
	}
}
