package bench_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/bench"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/memstore"
)

// fixture is one generated graph served two ways: the store, and the whole HTTP+GraphQL
// handler over it (uncached, as the engine target measures; and with the response cache).
type fixture struct {
	store    *memstore.Store
	lm       gen.Landmarks
	handler  http.Handler
	cached   http.Handler
	buildErr error
}

var (
	fixMu    sync.Mutex
	fixtures = map[int]*fixture{}
)

// fixtureFor builds the graph of n nodes once per test binary, only when a benchmark of that
// size runs (so -bench 'size=1k' never pays for 1M).
func fixtureFor(tb testing.TB, n int) *fixture {
	tb.Helper()
	fixMu.Lock()
	defer fixMu.Unlock()
	if f, ok := fixtures[n]; ok {
		if f.buildErr != nil {
			tb.Fatal(f.buildErr)
		}
		return f
	}
	g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
	st, err := memstore.New(g)
	f := &fixture{store: st, lm: lm, buildErr: err}
	if err == nil {
		// The loader window kg serve uses with the embedded store.
		f.handler = httpapi.New(httpapi.Config{Store: st, LoaderWait: 200 * time.Microsecond})
		f.cached = httpapi.New(httpapi.Config{Store: st, LoaderWait: 200 * time.Microsecond, ResponseCacheBytes: 64 << 20})
	}
	fixtures[n] = f
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

func sizes() []int {
	s := []int{1000, 100000}
	if os.Getenv("KG_BENCH_1M") == "1" {
		s = append(s, 1000000)
	}
	return s
}

func requestBody(tb testing.TB, c bench.Case) []byte {
	b, err := json.Marshal(map[string]any{"query": c.Query, "variables": c.Variables})
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// recorder is a reusable http.ResponseWriter, so the benchmark measures the server, not
// the growth of a fresh buffer per request.
type recorder struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if r.code == 0 {
		r.code = code
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	if r.code == 0 {
		r.code = http.StatusOK
	}
	return r.body.Write(b)
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

// serve runs one GraphQL request through h and returns the body; it fails on anything but a
// clean success.
func serve(tb testing.TB, h http.Handler, body []byte, rec *recorder) []byte {
	rec.code = 0
	rec.body.Reset()
	clear(rec.header)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	out := rec.body.Bytes()
	if rec.code != http.StatusOK || !bytes.HasPrefix(out, []byte(`{"data":`)) || bytes.Contains(out, []byte(`"errors":`)) {
		tb.Fatalf("status %d: %.300s", rec.code, out)
	}
	return out
}

// BenchmarkWorkload answers each question of bench.Cases at each size three or four ways:
// level=store (the direct store calls), level=floor (the same calls and hand-written JSON,
// for the cases that have a floor), level=graphql (full in-process HTTP + GraphQL
// execution, uncached) and level=cached (the same with the response cache, after one miss).
// scripts/bench.sh runs it and computes medians and ratios.
func BenchmarkWorkload(b *testing.B) {
	ctx := context.Background()
	for _, n := range sizes() {
		for _, c := range bench.Cases(gen.Landmarks{}) {
			b.Run("size="+gen.SizeName(n)+"/case="+c.Name+"/level=store", func(b *testing.B) {
				f := fixtureFor(b, n)
				c := caseFor(f, c.Name)
				b.ReportAllocs()
				for b.Loop() {
					items, err := c.Direct(ctx, f.store)
					if err != nil || items == 0 {
						b.Fatalf("%s: %d items, %v", c.Name, items, err)
					}
				}
			})
			if c.Floor != nil {
				b.Run("size="+gen.SizeName(n)+"/case="+c.Name+"/level=floor", func(b *testing.B) {
					f := fixtureFor(b, n)
					c := caseFor(f, c.Name)
					var buf bytes.Buffer
					b.ReportAllocs()
					for b.Loop() {
						buf.Reset()
						if err := c.Floor(ctx, f.store, &buf); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
			for _, level := range []string{"graphql", "cached"} {
				b.Run("size="+gen.SizeName(n)+"/case="+c.Name+"/level="+level, func(b *testing.B) {
					f := fixtureFor(b, n)
					c := caseFor(f, c.Name)
					h := f.handler
					if level == "cached" {
						h = f.cached
					}
					body := requestBody(b, c)
					rec := newRecorder()
					out := serve(b, h, body, rec) // also fills the cache
					b.SetBytes(int64(len(out)))
					b.ReportAllocs()
					for b.Loop() {
						serve(b, h, body, rec)
					}
				})
			}
		}
	}
}

func caseFor(f *fixture, name string) bench.Case {
	for _, c := range bench.Cases(f.lm) {
		if c.Name == name {
			return c
		}
	}
	panic("no case " + name)
}

// TestWorkloadAnswers holds the two levels to the same answers on a 1k graph, so the
// benchmarks compare equal work.
func TestWorkloadAnswers(t *testing.T) {
	f := fixtureFor(t, 1000)
	ctx := context.Background()
	for _, c := range bench.Cases(f.lm) {
		t.Run(c.Name, func(t *testing.T) {
			items, err := c.Direct(ctx, f.store)
			if err != nil || items == 0 {
				t.Fatalf("direct: %d items, %v", items, err)
			}
			out := serve(t, f.handler, requestBody(t, c), newRecorder())
			var resp struct {
				Data struct {
					Mandates struct {
						Nodes []struct {
							Person struct{ ID string }
							Body   struct{ ID string }
						}
					}
					Node *struct {
						Mandates struct {
							Nodes []struct {
								Body struct {
									Members struct {
										Nodes []struct{ Node struct{ ID string } }
									}
								}
							}
						}
					}
					Search struct {
						Nodes []struct{ Node struct{ ID string } }
					}
					Path          *struct{ Nodes []struct{ ID string } }
					Neighbourhood *struct{ Nodes []struct{ ID string } }
				}
			}
			if err := json.Unmarshal(out, &resp); err != nil {
				t.Fatal(err)
			}
			d := resp.Data
			var got int
			switch c.Name {
			case "WhoRepresentsWhom":
				got = len(d.Mandates.Nodes)
				if got != gen.BusySeats {
					t.Errorf("busy body has %d mandates in GraphQL, want %d", got, gen.BusySeats)
				}
			case "ThreeLevels":
				members := map[string]bool{}
				for _, m := range d.Node.Mandates.Nodes {
					for _, mem := range m.Body.Members.Nodes {
						members[mem.Node.ID] = true
					}
				}
				got = len(members)
			case "Search":
				got = len(d.Search.Nodes)
				if got == 0 || !strings.Contains(string(out), f.lm.Center) {
					t.Errorf("search for %q misses %s", f.lm.SearchText, f.lm.Center)
				}
			case "Path":
				got = len(d.Path.Nodes)
			case "Neighbourhood2", "NeighbourhoodFixed":
				got = len(d.Neighbourhood.Nodes)
			}
			if got != items {
				t.Errorf("GraphQL answered %d items, the store %d", got, items)
			}
		})
	}
}

// TestFloorIsTheGraphQLAnswer holds each floor to the GraphQL answer byte for byte (no
// canonicalisation), on two graph sizes, uncached and cached, so the floor measures the same
// answer and the edge's output cannot drift from it unnoticed.
func TestFloorIsTheGraphQLAnswer(t *testing.T) {
	ns := []int{1000}
	if !testing.Short() {
		ns = append(ns, 100000)
	}
	ctx := context.Background()
	floored := 0
	for _, n := range ns {
		f := fixtureFor(t, n)
		for _, c := range bench.Cases(f.lm) {
			if c.Floor == nil {
				continue
			}
			floored++
			t.Run(gen.SizeName(n)+"/"+c.Name, func(t *testing.T) {
				var floor bytes.Buffer
				if err := c.Floor(ctx, f.store, &floor); err != nil {
					t.Fatal(err)
				}
				for _, h := range []http.Handler{f.handler, f.cached, f.cached} {
					got := serve(t, h, requestBody(t, c), newRecorder())
					if !bytes.Equal(got, floor.Bytes()) {
						i := 0
						for i < len(got) && i < floor.Len() && got[i] == floor.Bytes()[i] {
							i++
						}
						lo := max(0, i-80)
						t.Fatalf("GraphQL and floor differ at byte %d of %d/%d:\ngraphql: %.200s\nfloor:   %.200s",
							i, len(got), floor.Len(), got[lo:], floor.Bytes()[lo:])
					}
				}
			})
		}
	}
	if floored < 3 {
		t.Fatalf("only %d cases have a floor", floored)
	}
}

// BenchmarkStoreBuild measures building the embedded store from a generated graph (the
// graph is generated once, outside the timer) and reports the live heap the built store
// holds, graph included, as heap-MiB.
func BenchmarkStoreBuild(b *testing.B) {
	for _, n := range sizes() {
		b.Run("size="+gen.SizeName(n), func(b *testing.B) {
			g, _ := gen.Generate(gen.Config{Nodes: n, Seed: 1})
			var st *memstore.Store
			for b.Loop() {
				st = nil
				runtime.GC()
				var err error
				if st, err = memstore.New(g); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(float64(ms.HeapAlloc)/(1<<20), "heap-MiB")
			runtime.KeepAlive(st)
		})
	}
}
