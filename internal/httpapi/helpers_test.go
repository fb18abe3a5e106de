package httpapi_test

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

var (
	seedOnce  sync.Once
	seedStore *memstore.Store
	seedErr   error
)

// shippedStore is the embedded store over the shipped seeds, built once per test binary.
func shippedStore(t testing.TB) *memstore.Store {
	t.Helper()
	seedOnce.Do(func() {
		var g *kg.Graph
		g, seedErr = seed.Load(seeds.FS)
		if seedErr == nil {
			seedStore, seedErr = memstore.New(g)
		}
	})
	if seedErr != nil {
		t.Fatalf("shipped seeds do not load: %v", seedErr)
	}
	return seedStore
}

// syncBuffer is a log sink safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

type testServer struct {
	*httptest.Server
	logs *syncBuffer
}

// newServer serves the shipped graph (or cfg.Store when set) with cfg over httptest.
func newServer(t *testing.T, cfg httpapi.Config) *testServer {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = shippedStore(t)
	}
	logs := &syncBuffer{}
	cfg.Logger = slog.New(slog.NewJSONHandler(logs, nil))
	srv := httptest.NewServer(httpapi.New(cfg))
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, logs: logs}
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) Code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

type gqlResponse struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

// codes lists the extensions.code of every error, in order.
func (r gqlResponse) codes() []string {
	var out []string
	for _, e := range r.Errors {
		out = append(out, e.Code())
	}
	return out
}

// post sends a GraphQL POST and decodes the response. header may add request headers.
func (s *testServer) post(t *testing.T, query string, vars map[string]any, header ...string) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return s.postRaw(t, body, header...)
}

func (s *testServer) postRaw(t *testing.T, body []byte, header ...string) gqlResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return s.do(t, req)
}

func (s *testServer) get(t *testing.T, query string) gqlResponse {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+"/graphql?query="+url.QueryEscape(query), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s.do(t, req)
}

func (s *testServer) do(t *testing.T, req *http.Request) gqlResponse {
	t.Helper()
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var out gqlResponse
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("status %d, body not JSON: %v\n%s", res.StatusCode, err, b)
	}
	out.Status = res.StatusCode
	return out
}

// mustData fails on any error and decodes data into v.
func (r gqlResponse) mustData(t *testing.T, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("unexpected errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decoding data: %v\n%s", err, r.Data)
	}
}

// callCounts is the calls the double has seen so far, per method.
func callCounts(s *kgtest.Store) map[string]int {
	out := map[string]int{}
	for _, c := range s.Log() {
		out[string(c.Method)]++
	}
	return out
}

// secretPanic is what a store panics with in the error-presentation tests: it must never
// reach a client.
const secretPanic = "secret internal detail /home/kg/data.db"

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func hasSub(s, sub string) bool { return strings.Contains(s, sub) }

func listen(t *testing.T) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln
}
