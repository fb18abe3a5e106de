package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/breaker"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// envOf is a getenv over the given key/value pairs (and nothing else: the tests never
// depend on the machine's environment).
func envOf(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// served is a running kg serve.
type served struct {
	url  string
	logs *lockedBuffer
	stop func() int // cancels (as SIGTERM does) and returns the exit code
}

// startServe runs serve with args and env until the test ends, and waits until it listens.
func startServe(t *testing.T, args []string, getenv func(string) string, deps serveDeps) *served {
	t.Helper()
	cfg, err := parseServe(append([]string{"-addr", "127.0.0.1:0", "-log-format", "text"}, args...), getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	addrs := make(chan net.Addr, 1)
	deps.listening = func(a net.Addr) { addrs <- a }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	logs := &lockedBuffer{}
	go func() { done <- serve(ctx, cfg, deps, io.Discard, logs) }()
	s := &served{logs: logs}
	var once atomic.Bool
	code := -1
	s.stop = func() int {
		if once.CompareAndSwap(false, true) {
			cancel()
			select {
			case code = <-done:
			case <-time.After(20 * time.Second):
				t.Error("serve did not stop on cancel")
			}
		}
		return code
	}
	t.Cleanup(func() { s.stop() })
	select {
	case a := <-addrs:
		s.url = "http://" + a.String()
	case code := <-done:
		t.Fatalf("serve exited with %d before listening:\n%s", code, logs.String())
	case <-time.After(20 * time.Second):
		t.Fatalf("serve did not start:\n%s", logs.String())
	}
	return s
}

func (s *served) status(t *testing.T, path string) int {
	t.Helper()
	res, err := http.Get(s.url + path)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

// query posts a GraphQL query and returns data and the error codes.
func (s *served) query(t *testing.T, q string) (json.RawMessage, []string) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": q})
	res, err := http.Post(s.url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Extensions map[string]any }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		codes = append(codes, c)
	}
	return r.Data, codes
}

const statsQuery = `{ stats { nodes } }`

func TestServeRefusesBadSeedsAndShutsDown(t *testing.T) {
	bad := copySeeds(t)
	if err := os.WriteFile(filepath.Join(bad, "graph", "zz-bad.yaml"), []byte("nodes:\n  - id: Bad Id\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := cmdServe(context.Background(), []string{"-seeds", bad, "-addr", "127.0.0.1:0"}, envOf(), &out, &errb); code != 1 {
		t.Fatalf("serve on bad seeds: exit %d\n%s", code, errb.String())
	}
	if !strings.Contains(errb.String(), "graph/zz-bad.yaml:2") || !strings.Contains(errb.String(), "nothing loaded") {
		t.Errorf("serve did not name the problem:\n%s", errb.String())
	}

	s := startServe(t, nil, envOf(), defaultServeDeps)
	if got := s.status(t, "/readyz"); got != 200 {
		t.Errorf("embedded store not ready: %d", got)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("graceful shutdown exit %d:\n%s", code, s.logs.String())
	}
}

func TestServeSynthetic(t *testing.T) {
	for _, tc := range []struct {
		size, want string
	}{{"10", "at least 300 nodes"}, {"lots", "not a size"}} {
		var out, errb bytes.Buffer
		if code := cmdServe(context.Background(), []string{"-synthetic", tc.size, "-addr", "127.0.0.1:0", "-log-format", "text"}, envOf(), &out, &errb); code != 2 {
			t.Errorf("-synthetic %s: exit %d", tc.size, code)
		}
		if !strings.Contains(errb.String(), tc.want) {
			t.Errorf("-synthetic %s: stderr %q, want %q", tc.size, errb.String(), tc.want)
		}
	}
	// A valid size serves, logs the landmarks a load test needs, and shuts down cleanly.
	s := startServe(t, []string{"-synthetic", "1k"}, envOf(), defaultServeDeps)
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d:\n%s", code, s.logs.String())
	}
	for _, want := range []string{"synthetic=1k", "nodes=1000", "busy_body=organ-", "search_text=", "backend=synthetic"} {
		if !strings.Contains(s.logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, s.logs.String())
		}
	}
}

// Neo4j down at start-up, with the real adapter dialling a closed loopback port: kg serve
// starts, /readyz says 503, GraphQL answers UNAVAILABLE at once, /healthz says the process
// is up, and the password is never logged.
func TestServeNeo4jUnreachableAtStartup(t *testing.T) {
	if testing.Short() {
		t.Skip("dials a closed port")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String()
	ln.Close()
	const password = "hunter2-secret-password"
	s := startServe(t, nil, envOf(envNeo4jURI, "bolt://"+closed, envNeo4jPassword, password, envNeo4jQueryTimeout, "2s"), defaultServeDeps)
	if got := s.status(t, "/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz %d, want 503", got)
	}
	if got := s.status(t, "/healthz"); got != 200 {
		t.Errorf("/healthz %d", got)
	}
	start := time.Now()
	for range 5 {
		if _, codes := s.query(t, statsQuery); len(codes) != 1 || codes[0] != "UNAVAILABLE" {
			t.Fatalf("codes %v, want [UNAVAILABLE]", codes)
		}
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("5 requests took %s; they must fail fast", d)
	}
	if code := s.stop(); code != 0 {
		t.Errorf("exit %d", code)
	}
	if logs := s.logs.String(); strings.Contains(logs, password) || !strings.Contains(logs, "Neo4j is unreachable") {
		t.Errorf("logs:\n%s", logs)
	}
}

// neo4jBackend stands in for an opened *neo4jstore.Store.
type neo4jBackend struct{ kg.Store }

func (neo4jBackend) Ready(context.Context) error { return nil }
func (neo4jBackend) Close(context.Context) error { return nil }

// Neo4j down at start-up and reachable later: kg serve recovers without a restart.
func TestServeNeo4jRecoversWithoutRestart(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	var up atomic.Bool
	opened := make(chan struct{})
	var gotCfg neo4jstore.Config
	deps := defaultServeDeps
	deps.retryEvery = 5 * time.Millisecond
	deps.openNeo4j = func(ctx context.Context, cfg neo4jstore.Config) (breaker.Backend, error) {
		if !up.Load() {
			return nil, kg.WrapError(kg.EUNAVAILABLE, errors.New("dial tcp 127.0.0.1:7687: connection refused"), "the graph database is unavailable")
		}
		gotCfg = cfg
		defer close(opened)
		return neo4jBackend{ms}, nil
	}
	s := startServe(t, nil, envOf(envNeo4jURI, "neo4j://db.example:7687", envNeo4jDatabase, "graph"), deps)
	if got := s.status(t, "/readyz"); got != http.StatusServiceUnavailable {
		t.Errorf("/readyz while down: %d", got)
	}
	if _, codes := s.query(t, statsQuery); len(codes) != 1 || codes[0] != "UNAVAILABLE" {
		t.Errorf("while down: codes %v", codes)
	}
	up.Store(true)
	select {
	case <-opened:
	case <-time.After(20 * time.Second):
		t.Fatalf("the background retry never connected:\n%s", s.logs.String())
	}
	// The opener has returned; the backend is installed right after it (the opener's own
	// Stats call comes first), so readiness may take one more check. Probe it a bounded
	// number of times: this waits for a condition, it does not order goroutines.
	ready := false
	tick := time.NewTicker(10 * time.Millisecond)
	for i := 0; i < 500 && !ready; i++ {
		if ready = s.status(t, "/readyz") == 200; !ready {
			<-tick.C
		}
	}
	tick.Stop()
	if !ready {
		t.Errorf("/readyz never became ready after recovery:\n%s", s.logs.String())
	}
	data, codes := s.query(t, statsQuery)
	if len(codes) != 0 || !strings.Contains(string(data), `"nodes":`) {
		t.Errorf("after recovery: %s %v", data, codes)
	}
	if gotCfg.URI != "neo4j://db.example:7687" || gotCfg.Database != "graph" || gotCfg.Logger == nil {
		t.Errorf("opened with %v", gotCfg)
	}
}

// A configuration error is not an outage: kg serve exits.
func TestServeNeo4jBadURIExits(t *testing.T) {
	var out, errb bytes.Buffer
	code := cmdServe(context.Background(), []string{"-addr", "127.0.0.1:0", "-log-format", "text"},
		envOf(envNeo4jURI, "http://localhost:7474"), &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "not a valid Neo4j URI") {
		t.Errorf("exit %d:\n%s", code, errb.String())
	}
}
