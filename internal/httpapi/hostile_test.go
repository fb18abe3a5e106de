package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kgtest"
)

// hostileCases are the inputs a public endpoint meets. Each must be refused before execution
// with a clear message and a code (and a non-5xx status). Durations are logged (go test -v)
// for SECURITY.md; they are not asserted, timing belongs in benchmarks.
func hostileCases() []struct {
	name string
	body []byte
	code string
} {
	q := func(query string, vars map[string]any) []byte {
		b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		return b
	}
	var deep strings.Builder
	deep.WriteString(`{ node(id: "vaxjo-kommun") {`)
	for i := 0; i < 50; i++ {
		deep.WriteString(` relationships { nodes { node {`)
	}
	deep.WriteString(` id`)
	for i := 0; i < 50; i++ {
		deep.WriteString(` } } }`)
	}
	deep.WriteString(` } }`)

	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&aliases, " a%d: stats { nodes }", i)
	}
	aliases.WriteString(" }")

	// A fragment bomb: each fragment spreads the next one through two different fields, so
	// naive expansion is 2^20 selections.
	var bomb strings.Builder
	bomb.WriteString(`{ node(id: "vaxjo-kommun") { ...F0 } }`)
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&bomb, ` fragment F%d on Node { a: relationships { nodes { node { ...F%d } } } b: edges { nodes { from { ...F%d } } } }`, i, i+1, i+1)
	}
	bomb.WriteString(` fragment F20 on Node { id }`)

	var ops strings.Builder
	for i := 0; i < 1000; i++ {
		fmt.Fprintf(&ops, "query Q%d { stats { nodes } }\n", i)
	}

	batch := []byte(`[{"query":"{ stats { nodes } }"},{"query":"{ stats { nodes } }"}]`)
	hugeVar := q(`query($t: String!) { search(text: $t) { nodes { score } } }`, map[string]any{"t": strings.Repeat("x", 900_000)})
	tenMiB := append([]byte(`{"query":"{ stats { nodes } }","variables":{"pad":"`), bytes.Repeat([]byte("x"), 10<<20)...)
	tenMiB = append(tenMiB, []byte(`"}}`)...)

	return []struct {
		name string
		body []byte
		code string
	}{
		{"depth 50", q(deep.String(), nil), "DEPTH_LIMIT_EXCEEDED"},
		{"10,000 aliases (229 kB of query text)", q(aliases.String(), nil), "REQUEST_TOO_LARGE"},
		{"fragment cycle", q(`{ node(id: "x") { ...A } } fragment A on Node { ...B } fragment B on Node { ...A }`, nil), "GRAPHQL_VALIDATION_FAILED"},
		{"fragment bomb", q(bomb.String(), nil), "DEPTH_LIMIT_EXCEEDED"},
		{"huge first", q(`{ search(text: "v", first: 2147483647) { nodes { score } } }`, nil), "INVALID"},
		{"huge hops", q(`{ neighbourhood(id: "vaxjo-kommun", hops: 2147483647) { truncated } }`, nil), "INVALID"},
		{"int overflow", q(`{ search(text: "v", first: 99999999999999999999) { nodes { score } } }`, nil), "GRAPHQL_VALIDATION_FAILED"},
		{"1000 operations, none chosen", q(ops.String(), nil), "GRAPHQL_VALIDATION_FAILED"},
		{"batched array", batch, "INVALID"},
		{"900 kB variable", hugeVar, "INVALID"},
		{"10 MiB body", tenMiB, "REQUEST_TOO_LARGE"},
		{"not JSON", []byte(`{"query": `), "INVALID"},
		{"introspection too deep", q(`{ __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }`, nil), "GRAPHQL_VALIDATION_FAILED"},
	}
}

func TestHostileInputs(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	for _, c := range hostileCases() {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			r := s.postRaw(t, c.body)
			took := time.Since(start)
			t.Logf("%-32s status %d codes %v in %v", c.name, r.Status, r.codes(), took.Round(time.Microsecond))
			if len(r.Errors) == 0 || !contains(r.codes(), c.code) {
				t.Fatalf("status %d errors %+v, want code %s", r.Status, r.Errors, c.code)
			}
			if r.Status >= 500 {
				t.Errorf("status %d", r.Status)
			}
			if len(r.Data) > 0 && string(r.Data) != "null" {
				t.Errorf("hostile request executed: %s", r.Data)
			}
			for _, e := range r.Errors {
				if e.Message == "" {
					t.Error("error without a message")
				}
			}
		})
	}
	// The server is still healthy afterwards.
	var d struct{ Stats struct{ Nodes int } }
	s.post(t, `{ stats { nodes } }`, nil).mustData(t, &d)
	if d.Stats.Nodes == 0 {
		t.Error("server unhealthy after hostile inputs")
	}
}

func TestPlaygroundIntrospectionAllowed(t *testing.T) {
	// GraphiQL's own introspection query must pass the depth and complexity limits.
	s := newServer(t, httpapi.Config{})
	r := s.post(t, introspectionQuery, nil)
	if len(r.Errors) > 0 {
		t.Fatalf("introspection refused: %+v", r.Errors)
	}
}

func TestRateLimit(t *testing.T) {
	const token = "rate-limit-test-token-0123456789"
	s := newServer(t, httpapi.Config{RateLimit: 1, RateBurst: 3, ContactTokens: []string{token}})
	statuses := []int{}
	var retry string
	for i := 0; i < 5; i++ {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+`%7B%20stats%20%7B%20nodes%20%7D%20%7D`, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		statuses = append(statuses, res.StatusCode)
		if res.StatusCode == http.StatusTooManyRequests {
			retry = res.Header.Get("Retry-After")
		}
	}
	if fmt.Sprint(statuses) != "[200 200 200 429 429]" {
		t.Errorf("statuses = %v, want a burst of 3 then 429", statuses)
	}
	if retry == "" {
		t.Error("429 without Retry-After")
	}
	// Another client (a configured token) has its own bucket; health checks are never limited.
	r := s.post(t, `{ stats { nodes } }`, nil, "Authorization", "Bearer "+token)
	if r.Status != 200 {
		t.Errorf("second client got %d", r.Status)
	}
	res, err := http.Get(s.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("healthz limited: %d", res.StatusCode)
	}
}

func TestSecurityHeaders(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	res, err := http.Get(s.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for h, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"X-Frame-Options":        "DENY",
		"Referrer-Policy":        "no-referrer",
	} {
		if got := res.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	if res.Header.Get("X-Request-Id") == "" {
		t.Error("no request id")
	}
}

func TestPanicKeepsServing(t *testing.T) {
	fs := kgtest.New(shippedStore(t))
	fs.Panic(kgtest.Search, secretPanic)
	s := newServer(t, httpapi.Config{Store: fs})
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.post(t, `{ search(text: "x") { nodes { score } } }`, nil)
			if len(r.Errors) != 1 || r.Errors[0].Code() != "INTERNAL" || !strings.Contains(r.Errors[0].Message, "request id") {
				t.Errorf("panic: %+v", r.Errors)
			}
		}()
	}
	wg.Wait()
	var d struct{ Stats struct{ Nodes int } }
	s.post(t, `{ stats { nodes } }`, nil).mustData(t, &d)
	if d.Stats.Nodes == 0 {
		t.Error("server stopped serving after panics")
	}
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	st := kgtest.New(shippedStore(t))
	gate := st.Gate(kgtest.Search)
	h := httpapi.New(httpapi.Config{Store: st})
	srv := &http.Server{Handler: h}
	shuttingDown := make(chan struct{})
	// Runs once Shutdown has closed the listener and begun waiting for connections.
	srv.RegisterOnShutdown(func() { close(shuttingDown) })
	ln := listen(t)
	go func() { _ = srv.Serve(ln) }()

	done := make(chan gqlResponse, 1)
	go func() {
		body, _ := json.Marshal(map[string]any{"query": `{ search(text: "vaxjo") { nodes { node { id } } } }`})
		res, err := http.Post("http://"+ln.Addr().String()+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			done <- gqlResponse{Status: -1}
			return
		}
		defer res.Body.Close()
		var r gqlResponse
		_ = json.NewDecoder(res.Body).Decode(&r)
		r.Status = res.StatusCode
		done <- r
	}()
	<-gate.Entered()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(context.Background()) }()
	<-shuttingDown
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) while a request was in flight", err)
	default:
	}
	gate.Release()
	r := <-done
	if r.Status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "vaxjo-kommun") {
		t.Errorf("in-flight request did not finish: %+v %s", r, r.Data)
	}
	if err := <-shut; err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`
