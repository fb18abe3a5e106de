// Command callgrind answers one workload case (package bench) at each level a given number
// of times, for scripts/callgrind.sh to count instructions under `valgrind --tool=callgrind`.
// It builds everything and warms every level up first, then, per level, answers n requests
// and asks callgrind (a client request, see clientreq_amd64.s) for a dump labelled with the
// level: each dump holds exactly the instructions of those n requests, on every thread (GC
// and the goroutines gqlgen starts included), and nothing of start-up.
//
// Levels: store (the case's direct store calls), floor (the same calls and hand-written
// JSON), graphql (the whole HTTP handler, response cache off) and cached (the handler with
// the response cache on, after one miss). It exits non-zero when an answer is not a clean
// success, so a broken level cannot report a cheap count.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"time"

	"github.com/kommunkg/kg/internal/bench"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/memstore"
)

func main() {
	size := flag.Int("size", 1000, "nodes of the synthetic graph")
	name := flag.String("case", "WhoRepresentsWhom", "workload case")
	levels := flag.String("levels", "store,floor,graphql,cached", "levels to measure, in order")
	warm := flag.Int("warm", 3, "requests per level before the measured ones")
	n := flag.Int("n", 10, "measured requests per level")
	flag.Parse()
	if err := run(*size, *name, strings.Split(*levels, ","), *warm, *n); err != nil {
		fmt.Fprintln(os.Stderr, "callgrind:", err)
		os.Exit(1)
	}
}

func run(size int, name string, levels []string, warm, n int) error {
	g, lm := gen.Generate(gen.Config{Nodes: size, Seed: 1})
	st, err := memstore.New(g)
	if err != nil {
		return err
	}
	var c *bench.Case
	for _, x := range bench.Cases(lm) {
		if x.Name == name {
			c = &x
		}
	}
	if c == nil {
		return fmt.Errorf("no case %q", name)
	}
	ctx := context.Background()
	body, err := json.Marshal(map[string]any{"query": c.Query, "variables": c.Variables})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	rec := &recorder{header: http.Header{}}
	onces := map[string]func() error{}
	for _, level := range levels {
		switch level {
		case "store":
			onces[level] = func() error {
				items, err := c.Direct(ctx, st)
				if err == nil && items == 0 {
					err = fmt.Errorf("no items")
				}
				return err
			}
		case "floor":
			if c.Floor == nil {
				continue // the case has none: no dump
			}
			onces[level] = func() error { buf.Reset(); return c.Floor(ctx, st, &buf) }
		case "graphql", "cached":
			// The loader window kg serve uses with the embedded store.
			cfg := httpapi.Config{Store: st, LoaderWait: 200 * time.Microsecond}
			if level == "cached" {
				cfg.ResponseCacheBytes = 64 << 20
			}
			h := httpapi.New(cfg)
			onces[level] = func() error { return serve(h, body, rec) }
		default:
			return fmt.Errorf("unknown level %q", level)
		}
	}
	times := func(level string, k int) error {
		for i := 0; i < k; i++ {
			if err := onces[level](); err != nil {
				return fmt.Errorf("%s/%s request %d: %w", name, level, i, err)
			}
		}
		return nil
	}
	for _, level := range levels {
		if onces[level] != nil {
			if err := times(level, warm); err != nil {
				return err
			}
		}
	}
	runtime.GC()
	dumpStats("setup")
	for _, level := range levels {
		if onces[level] == nil {
			continue
		}
		if err := times(level, n); err != nil {
			return err
		}
		dumpStats(fmt.Sprintf("%s %s n=%d", name, level, n))
	}
	return nil
}

// recorder is a reusable http.ResponseWriter (as in the Go benchmarks).
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

func serve(h http.Handler, body []byte, rec *recorder) error {
	rec.code = 0
	rec.body.Reset()
	clear(rec.header)
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	h.ServeHTTP(rec, req)
	out := rec.body.Bytes()
	if rec.code != http.StatusOK || !bytes.HasPrefix(out, []byte(`{"data":`)) || bytes.Contains(out, []byte(`"errors":`)) {
		return fmt.Errorf("status %d: %.300s", rec.code, out)
	}
	return nil
}
