package httpapi_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// The resource bounds every request must stay within, whatever its content (SECURITY.md):
// answered, or refused with a coded error, within maxCPU of CPU and maxAlloc of heap
// allocation. Allocation is counted, not sampled: the bytes allocated while the request runs
// are an upper bound on the extra memory it can hold. CPU is the process's user + system
// time (getrusage) around the request, so it includes any work the request left running.
// Under the race detector every instruction costs 2–20× more, so the CPU bound is scaled.
const (
	maxCPU   = time.Second
	maxAlloc = 64 << 20
)

func cpuBound() time.Duration {
	if raceEnabled {
		return 10 * maxCPU
	}
	return maxCPU
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var allocSample = []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}

func allocated() uint64 {
	metrics.Read(allocSample)
	return allocSample[0].Value.Uint64()
}

type usage struct {
	cpu   time.Duration
	alloc uint64
}

type outcome struct {
	status int
	body   []byte
	resp   struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	use usage
}

// serve runs one request through h in-process and measures it (after a GC, so earlier
// garbage is not collected on its time).
func serve(h http.Handler, body []byte) outcome {
	runtime.GC()
	return serveNoGC(h, body)
}

func serveNoGC(h http.Handler, body []byte) outcome {
	c0, a0 := cpuTime(), allocated()
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var o outcome
	o.use = usage{cpu: cpuTime() - c0, alloc: allocated() - a0}
	o.status, o.body = rec.Code, rec.Body.Bytes()
	_ = json.Unmarshal(o.body, &o.resp)
	return o
}

// checkBounds asserts the properties every request must have.
func checkBounds(t *testing.T, name string, o outcome) {
	t.Helper()
	if o.use.cpu > cpuBound() {
		t.Errorf("%s: %v of CPU, bound %v", name, o.use.cpu, cpuBound())
	}
	if o.use.alloc > maxAlloc {
		t.Errorf("%s: %d MiB allocated, bound %d MiB", name, o.use.alloc>>20, maxAlloc>>20)
	}
	if o.status >= 500 {
		t.Errorf("%.300s: status %d: %.300s", name, o.status, o.body)
	}
	if !json.Valid(o.body) {
		t.Fatalf("%s: response is not JSON: %.300s", name, o.body)
	}
	if len(o.resp.Errors) == 0 && (len(o.resp.Data) == 0 || string(o.resp.Data) == "null") {
		t.Errorf("%s: neither data nor errors: %.300s", name, o.body)
	}
	if len(o.resp.Errors) > 101 {
		t.Errorf("%s: %d errors in one response", name, len(o.resp.Errors))
	}
	for _, e := range o.resp.Errors {
		if e.Message == "" || e.Code() == "" {
			t.Errorf("%s: error without message or code: %+v", name, e)
			break
		}
	}
}

// attack is one generated hostile request. want is the error code it must be refused with
// (a large variant may instead be refused by the size limits, REQUEST_TOO_LARGE or the
// parser's token limit); "" means it may be answered or refused, as long as it stays in
// bounds.
type attack struct {
	class, name string
	query       string
	want        string
}

// ids are node ids that exist in the graph under attack.
type ids struct{ node, busy string } // busy: a network with many members

func rep(n int, f func(i int) string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		b.WriteString(f(i))
		b.WriteByte(' ')
	}
	return b.String()
}

func nest(n int, open, leaf, close string) string {
	return strings.Repeat(open, n) + leaf + strings.Repeat(close, n)
}

// attacks generates each class of hostile document at several sizes, from small to past
// every limit (the largest reach the 1 MiB body limit).
func attacks(id ids) []attack {
	var out []attack
	add := func(class, name, query, want string) {
		out = append(out, attack{class: class, name: name, query: query, want: want})
	}
	nodeQ := fmt.Sprintf(`node(id: %q)`, id.node)
	// 1. One response name, many fields: the overlapping-fields rule reports every pair.
	for _, n := range []int{30, 300, 3000} {
		add("overlap", fmt.Sprintf("%d×x: stats{nodes|edges}", n), "{"+rep(n, func(i int) string {
			return []string{"x: stats { nodes }", "x: stats { edges }"}[i%2]
		})+"}", "COMPLEXITY_LIMIT_EXCEEDED")
		add("overlap", fmt.Sprintf("%d×x: node(id: distinct)", n), "{"+rep(n, func(i int) string {
			return fmt.Sprintf(`x: node(id: "n%d") { id }`, i)
		})+"}", "COMPLEXITY_LIMIT_EXCEEDED")
		add("overlap", fmt.Sprintf("%d×x: different scalars", n), "{ "+nodeQ+" {"+rep(n, func(i int) string {
			return []string{"x: id", "x: name", "x: kind"}[i%3]
		})+"} }", "COMPLEXITY_LIMIT_EXCEEDED")
	}
	for _, n := range []int{5, 19, 60} {
		// Same name at every level: pairs multiply with depth.
		lvl := strings.TrimSpace(rep(n, func(int) string { return "a: relationships(first: 1) { nodes { node { ...L } } }" }))
		add("overlap", fmt.Sprintf("%d×a per level, fragment recursion 6 deep", n),
			"{ "+nodeQ+" { ...L0 } } "+rep(6, func(i int) string {
				return fmt.Sprintf("fragment L%d on Node { %s }", i, strings.ReplaceAll(lvl, "...L", fmt.Sprintf("...L%d", i+1)))
			})+"fragment L6 on Node { id }", "")
	}
	// 2. Lists multiply: every list weighs its size argument.
	for d := 1; d <= 3; d++ { // 3 levels of connection (relationships, nodes, node) each: d = 4 is past the depth limit
		add("lists", fmt.Sprintf("neighbourhood(limit 1000) × relationships(first 100)^%d", d),
			fmt.Sprintf(`{ neighbourhood(id: %q, hops: 3, limit: 1000) { nodes { %s } } }`, id.node,
				nest(d, "relationships(first: 100) { nodes { node { ", "id", " } } }")), "COMPLEXITY_LIMIT_EXCEEDED")
	}
	for d := 1; d <= 2; d++ { // search is a connection too (nodes { node }): d = 3 is past the depth limit
		add("lists", fmt.Sprintf("search(first 100) × edges(first 100)^%d", d),
			fmt.Sprintf(`{ search(text: "a", first: 100) { nodes { node { %s } } } }`, nest(d, "edges(first: 100) { nodes { from { ", "id", " } } }")), "COMPLEXITY_LIMIT_EXCEEDED")
	}
	for d := 1; d <= 4; d++ {
		// Typed lists and mandates are connections: 50 items by default, at most 100; the
		// estimate and the field budget bound them.
		add("lists", fmt.Sprintf("members × memberships, %d rounds", d),
			fmt.Sprintf(`{ node(id: %q) { ... on Network { %s } } }`, id.busy,
				nest(d, "members { nodes { node { name ... on Municipality { memberships { nodes { node { name ... on Network { ", "id", " } } } } } } } }")), "")
		add("lists", fmt.Sprintf("mandates × representatives, %d rounds", d),
			fmt.Sprintf(`{ mandates { nodes { %s } } }`, nest(d, "body { ... on Organisation { representatives { nodes { ", "id role", " } } } }")), "")
	}
	add("lists", "all mandates with people and bodies", `{ mandates(first: 100) { nodes { id role person { name } body { name } onBehalfOf { name } } } }`, "")
	add("lists", "mandates(first 100) × representatives(first 100)^2", fmt.Sprintf(`{ mandates(first: 100) { nodes { %s } } }`,
		nest(2, "body { ... on Organisation { representatives(first: 100) { nodes { ", "id", " } } } }")), "COMPLEXITY_LIMIT_EXCEEDED")
	add("lists", "the whole neighbourhood at the limits", fmt.Sprintf(`{ neighbourhood(id: %q, hops: 3, limit: 1000) { nodes { id name kind aliases } edges { id type role from { id } to { id } evidence { quote } } } }`, id.node), "")
	// 3. Fragment bombs: each fragment spreads the next twice (2^n expansions).
	for _, n := range []int{10, 20, 40, 200} {
		add("fragment bomb", fmt.Sprintf("...F×2, %d levels", n), "{ "+nodeQ+" { ...F0 } } "+rep(n, func(i int) string {
			return fmt.Sprintf("fragment F%d on Node { ...F%d ...F%d }", i, i+1, i+1)
		})+fmt.Sprintf("fragment F%d on Node { id }", n), "COMPLEXITY_LIMIT_EXCEEDED")
		add("fragment bomb", fmt.Sprintf("fields and spreads, %d levels", n), "{ "+nodeQ+" { ...F0 } } "+rep(n, func(i int) string {
			return fmt.Sprintf("fragment F%d on Node { id name ...F%d ... on Node { kind ...F%d } }", i, i+1, i+1)
		})+fmt.Sprintf("fragment F%d on Node { id }", n), "COMPLEXITY_LIMIT_EXCEEDED")
	}
	// 4. Nested inline fragments (cubic in the overlapping-fields rule).
	for _, n := range []int{3, 30, 300, 3000} {
		add("inline nesting", fmt.Sprintf("%d deep", n), "{ "+nodeQ+" { "+nest(n, "... on Node { id ", "name", " }")+" } }", wantIf(n > 4, "COMPLEXITY_LIMIT_EXCEEDED"))
	}
	for _, n := range []int{50, 500} {
		add("inline nesting", fmt.Sprintf("%d siblings of 4-deep nests", n), "{ "+nodeQ+" { "+rep(n, func(int) string {
			return nest(4, "... on Node { __typename ", "id", " }")
		})+" } }", "COMPLEXITY_LIMIT_EXCEEDED")
	}
	// 5. Duplicate fields (quadratic).
	for _, n := range []int{20, 200, 9990} {
		add("duplicates", fmt.Sprintf("%d×__typename", n), "{"+rep(n, func(int) string { return "__typename" })+"}", wantIf(n > 20, "COMPLEXITY_LIMIT_EXCEEDED"))
		add("duplicates", fmt.Sprintf("%d×id under one node", n), "{ "+nodeQ+" {"+rep(n, func(int) string { return "id" })+"} }", wantIf(n > 20, "COMPLEXITY_LIMIT_EXCEEDED"))
	}
	// 6. Introspection: fragment bombs, aliases, depth.
	for _, n := range []int{5, 12, 30} {
		add("introspection", fmt.Sprintf("ofType bomb %d levels", n), "{ __schema { types { ...T0 } } } "+rep(n, func(i int) string {
			return fmt.Sprintf("fragment T%d on __Type { a: ofType { ...T%d } b: ofType { ...T%d } }", i, i+1, i+1)
		})+fmt.Sprintf("fragment T%d on __Type { name }", n), wantIf(n > 12, "DEPTH_LIMIT_EXCEEDED"))
		add("introspection", fmt.Sprintf("fields bomb %d levels", n), "{ __schema { types { ...T0 } } } "+rep(n, func(i int) string {
			return fmt.Sprintf("fragment T%d on __Type { name fields { type { ...T%d ...T%d } } }", i, i+1, i+1)
		})+fmt.Sprintf("fragment T%d on __Type { name }", n), "GRAPHQL_VALIDATION_FAILED")
	}
	for _, n := range []int{2, 560} {
		add("introspection", fmt.Sprintf("%d aliased __schema", n), "{"+rep(n, func(i int) string {
			return fmt.Sprintf("s%d: __schema { types { name fields { name } } }", i)
		})+"}", "COMPLEXITY_LIMIT_EXCEEDED")
	}
	for _, n := range []int{10, 150} {
		add("introspection", fmt.Sprintf("%d aliased __type", n), "{"+rep(n, func(i int) string {
			return fmt.Sprintf(`t%d: __type(name: "Query") { fields { args { type { ofType { ofType { name } } } } } }`, i)
		})+"}", wantIf(n > 10, "COMPLEXITY_LIMIT_EXCEEDED"))
	}
	add("introspection", "GraphiQL's introspection query", introspectionQuery, "")
	// 7. Sizes: comments are free for the parser, aliases and tokens are not.
	for _, n := range []int{60 << 10, 900 << 10} {
		add("size", fmt.Sprintf("%d KiB of comments", n>>10), "{ stats { nodes } }\n"+strings.Repeat("#"+strings.Repeat("x", 99)+"\n", n/100), wantIf(n > 64<<10, "REQUEST_TOO_LARGE"))
	}
	for _, n := range []int{150, 1500} {
		add("size", fmt.Sprintf("%d aliases", n), "{"+rep(n, func(i int) string { return fmt.Sprintf("a%d: stats { nodes }", i) })+"}", wantIf(n > 200, "COMPLEXITY_LIMIT_EXCEEDED"))
	}
	add("size", "10,001 tokens", "{"+rep(3334, func(int) string { return "__typename @skip(if: true)" })+"}", "GRAPHQL_PARSE_FAILED")
	// 8. Validation-error floods: many distinct errors, reported at most 100.
	for _, n := range []int{50, 2000} {
		add("error flood", fmt.Sprintf("%d unknown fields", n), "{"+rep(n, func(i int) string { return fmt.Sprintf("u%d: nope%d", i, i) })+"}", wantIf(n < 200, "GRAPHQL_VALIDATION_FAILED"))
		add("error flood", fmt.Sprintf("%d unused variables", n), "query("+rep(n, func(i int) string { return fmt.Sprintf("$v%d: Int", i) })+") { stats { nodes } }", "GRAPHQL_VALIDATION_FAILED")
		add("error flood", fmt.Sprintf("%d unused fragments", n), "{ stats { nodes } } "+rep(n, func(i int) string { return fmt.Sprintf("fragment U%d on Node { id }", i) }), "GRAPHQL_VALIDATION_FAILED")
	}
	// 9. Directives, operations, depth.
	for _, n := range []int{5, 500} {
		add("directives", fmt.Sprintf("%d directives on one field", n), "{ stats { nodes "+rep(n, func(int) string { return "@include(if: true)" })+"} }", wantIf(n > 5, "COMPLEXITY_LIMIT_EXCEEDED"))
	}
	add("operations", "2000 operations, none chosen", rep(2000, func(i int) string { return fmt.Sprintf("query Q%d { stats { nodes } }", i) }), "GRAPHQL_VALIDATION_FAILED")
	for _, d := range []int{12, 13, 200} {
		add("depth", fmt.Sprintf("depth %d", d), "{ "+nodeQ+" { "+nest(d-2, "relationships(first: 1) { nodes { node { ", "id", " } } }")+" } }", "")
	}
	return out
}

func wantIf(cond bool, code string) string {
	if cond {
		return code
	}
	return ""
}

func gqlBody(query string) []byte {
	b, _ := json.Marshal(map[string]any{"query": query})
	return b
}

// runAttacks sends every attack while an honest client keeps asking its question, and checks
// both: the attack stays in bounds and is refused with the expected code; the honest client
// is answered.
func runAttacks(t *testing.T, store kg.Store, id ids) {
	h := httpapi.New(httpapi.Config{Store: store})
	honest := gqlBody(fmt.Sprintf(`{ node(id: %q) { id name } stats { nodes } }`, id.node))
	for _, a := range attacks(id) {
		t.Run(a.class+"/"+a.name, func(t *testing.T) {
			body := gqlBody(a.query)
			if len(body) > 1<<20 {
				t.Fatalf("generated a %d-byte body, over the body limit", len(body))
			}
			var o outcome
			var wg sync.WaitGroup
			wg.Add(1)
			go func() { defer wg.Done(); o = serve(h, body) }()
			other := serve(h, honest)
			wg.Wait()
			t.Logf("%-16s %-55s status %d codes %v cpu %v alloc %.1f MiB, %d bytes out", a.class, a.name, o.status,
				codesOf(o.resp.Errors), o.use.cpu.Round(time.Millisecond), float64(o.use.alloc)/(1<<20), len(o.body))
			checkBounds(t, a.name, o)
			codes := codesOf(o.resp.Errors)
			sizeRefused := contains(codes, "REQUEST_TOO_LARGE") || contains(codes, "GRAPHQL_PARSE_FAILED")
			if a.want != "" && !contains(codes, a.want) && !(sizeRefused && len(a.query) > 20_000) {
				t.Errorf("codes %v, want %s: %.300s", codesOf(o.resp.Errors), a.want, o.body)
			}
			if other.status != 200 || len(other.resp.Errors) > 0 || !bytes.Contains(other.resp.Data, []byte(id.node)) {
				t.Errorf("honest client alongside: status %d %.300s", other.status, other.body)
			}
		})
	}
}

func codesOf(errs []gqlError) []string {
	var out []string
	seen := map[string]bool{}
	for _, e := range errs {
		if c := e.Code(); !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	return out
}

func TestHostileBoundsSeeds(t *testing.T) {
	runAttacks(t, shippedStore(t), ids{node: "vaxjo-kommun", busy: "euroregion-baltic"})
}

var (
	bigOnce  sync.Once
	bigStore *memstore.Store
	bigMarks gen.Landmarks
)

// syntheticStore is a 100k-node generated graph, built once per test binary (~8 s with -race).
func syntheticStore(t *testing.T) (*memstore.Store, gen.Landmarks) {
	t.Helper()
	bigOnce.Do(func() {
		g, lm := gen.Generate(gen.Config{Nodes: 100_000, Seed: 1})
		st, err := memstore.New(g)
		if err != nil {
			panic(err)
		}
		bigStore, bigMarks = st, lm
	})
	return bigStore, bigMarks
}

func TestHostileBounds100k(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100k-node graph")
	}
	st, lm := syntheticStore(t)
	runAttacks(t, st, ids{node: lm.Center, busy: lm.BusyNetwork})
}
