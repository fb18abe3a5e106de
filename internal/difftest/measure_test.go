package difftest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/bench"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/neo4jstore"
)

// TestMeasure prints, for each internal/bench workload case on a generated graph, the
// Cypher round trips of one GraphQL request, the latency of one request (sequential), and
// HTTP requests/s with 64 clients, on Neo4j and on the embedded store, in one run. A
// measurement, not a test: it asserts nothing about speed and runs only with
// KG_NEO4J_MEASURE=1 (size KG_MEASURE_SIZE, default 10k, e.g. 100k; KG_MEASURE_SECONDS per
// case and store, default 2; KG_MEASURE_CASE=Name measures that case only). It also prints the names of the statements the counted request
// sent (from the adapter's debug log), so that each round trip can be traced to its port
// call. Reproduce: scripts/neo4j.sh start, then
//
//	KG_NEO4J_MEASURE=1 NEO4J_URI=bolt://127.0.0.1:17687 go test -run TestMeasure -v ./internal/difftest/
//
// At 100k the first load takes minutes (KG_NEO4J_HEAP=4g or more for scripts/neo4j.sh; a
// graph already loaded, e.g. by scripts/peer.sh, is reported unchanged and not rewritten):
//
//	KG_NEO4J_MEASURE=1 KG_MEASURE_SIZE=100k NEO4J_URI=… go test -timeout 60m -run TestMeasure -v ./internal/difftest/
func TestMeasure(t *testing.T) {
	if os.Getenv("KG_NEO4J_MEASURE") != "1" {
		t.Skip("KG_NEO4J_MEASURE not set: skipping the Neo4j measurement")
	}
	size, err := gen.ParseSize(envOr("KG_MEASURE_SIZE", "10k"))
	if err != nil {
		t.Fatal(err)
	}
	secs := 2 * time.Second
	if s := os.Getenv("KG_MEASURE_SECONDS"); s != "" {
		d, err := time.ParseDuration(s + "s")
		if err != nil {
			t.Fatal(err)
		}
		secs = d
	}
	g, lm := gen.Generate(gen.Config{Nodes: size, Seed: 1})
	ctx := context.Background()
	cfg := realServer(t)
	cfg.LoadTimeout = 30 * time.Minute // 100k nodes in one transaction take minutes here
	stmts := &statementLog{}
	cfg.Logger = slog.New(stmts)
	st, err := neo4jstore.Open(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close(ctx)
	rep, err := st.Load(ctx, g)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("loaded %d nodes into Neo4j in %s (unchanged %v)", size, rep.Took, rep.Unchanged)
	mem, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	stores := []struct {
		name string
		h    http.Handler
		rt   func() int64
	}{
		{"embedded", httpapi.New(httpapi.Config{Store: mem, LoaderWait: 200 * time.Microsecond}), nil},
		{"neo4j", httpapi.New(httpapi.Config{Store: st, LoaderWait: 2 * time.Millisecond}), st.RoundTrips},
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| case (%s nodes) | store | round trips / request | latency / request (sequential) | requests/s (64 clients) |\n|---|---|---|---|---|\n", gen.SizeName(size))
	var sent strings.Builder             // the statements of each counted request, in order
	only := os.Getenv("KG_MEASURE_CASE") // one case by name; all when empty
	for _, c := range bench.Cases(lm) {
		if only != "" && c.Name != only {
			continue
		}
		body, _ := json.Marshal(map[string]any{"query": c.Query, "variables": c.Variables})
		for _, s := range stores {
			srv := httptest.NewServer(s.h)
			post := func(cl *http.Client) error {
				resp, err := cl.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
				if err != nil {
					return err
				}
				defer resp.Body.Close()
				var out struct{ Errors []any }
				if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
					return err
				}
				if resp.StatusCode != 200 || len(out.Errors) > 0 {
					return fmt.Errorf("status %d, errors %v", resp.StatusCode, out.Errors)
				}
				return nil
			}
			cl := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 128}}
			if err := post(cl); err != nil { // warm
				t.Fatalf("%s on %s: %v", c.Name, s.name, err)
			}
			rt := "0"
			if s.rt != nil {
				before := s.rt()
				stmts.start()
				_ = post(cl)
				rt = fmt.Sprint(s.rt() - before)
				fmt.Fprintf(&sent, "%s: %s\n", c.Name, stmts.stop())
			}
			// Sequential latency.
			n, start := 0, time.Now()
			for time.Since(start) < secs/2 {
				if err := post(cl); err != nil {
					t.Fatalf("%s on %s: %v", c.Name, s.name, err)
				}
				n++
			}
			lat := time.Since(start) / time.Duration(n)
			// Throughput with 64 clients.
			var done, errs atomic.Int64
			var firstErr sync.Once
			var wg sync.WaitGroup
			start = time.Now()
			for range 64 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for time.Since(start) < secs {
						if err := post(cl); err != nil {
							errs.Add(1)
							firstErr.Do(func() { t.Logf("%s on %s, 64 clients: first error: %v", c.Name, s.name, err) })
						} else {
							done.Add(1)
						}
					}
				}()
			}
			wg.Wait()
			rps := float64(done.Load()) / time.Since(start).Seconds()
			srv.Close()
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %.0f (errors %d) |\n", c.Name, s.name, rt, lat.Round(10*time.Microsecond), rps, errs.Load())
		}
	}
	t.Log(b.String())
	t.Log("statements sent for one request (in the order they completed):\n" + sent.String())
}

// statementLog is a slog.Handler that, between start and stop, records the name of every
// statement the adapter reports in its debug log ("neo4j query", attribute "query").
type statementLog struct {
	mu    sync.Mutex
	on    bool
	names []string
}

func (l *statementLog) start() { l.mu.Lock(); l.on, l.names = true, nil; l.mu.Unlock() }

// stop ends recording and returns the names, runs of the same name folded ("EdgesOf ×3").
func (l *statementLog) stop() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.on = false
	var out []string
	for i := 0; i < len(l.names); {
		j := i
		for j < len(l.names) && l.names[j] == l.names[i] {
			j++
		}
		if j-i > 1 {
			out = append(out, fmt.Sprintf("%s ×%d", l.names[i], j-i))
		} else {
			out = append(out, l.names[i])
		}
		i = j
	}
	return strings.Join(out, ", ")
}

func (l *statementLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *statementLog) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l *statementLog) WithGroup(string) slog.Handler            { return l }
func (l *statementLog) Handle(_ context.Context, r slog.Record) error {
	if r.Message != "neo4j query" && r.Message != "neo4j query failed" {
		return nil
	}
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "query" {
			l.mu.Lock()
			if l.on {
				l.names = append(l.names, a.Value.String())
			}
			l.mu.Unlock()
			return false
		}
		return true
	})
	return nil
}

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}
