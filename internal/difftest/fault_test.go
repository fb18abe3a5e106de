package difftest

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/neo4jstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// neo4jScript runs scripts/neo4j.sh for a private server of this test (its own port and
// directory; data kept across stop so that a restart serves the same graph).
func neo4jScript(t *testing.T, dir, port, cmd string) string {
	t.Helper()
	c := exec.Command("../../scripts/neo4j.sh", cmd)
	c.Env = append(os.Environ(), "KG_NEO4J_PORT="+port, "KG_NEO4J_DIR="+dir, "KG_NEO4J_KEEP=1",
		"NEO4J_AUTH_ENABLED=false", "KG_NEO4J_HEAP=768m")
	out, err := c.CombinedOutput()
	if err != nil {
		t.Fatalf("scripts/neo4j.sh %s: %v\n%s", cmd, err, out)
	}
	return string(out)
}

// TestNeo4jStopsUnderLoad stops the real server while clients send requests: /readyz turns
// false, every request gets an answer (UNAVAILABLE once the server is gone, never a hang
// past the request timeout), and once the server is back the same handler and store serve
// again without a restart. It starts its own server with scripts/neo4j.sh, so it runs only
// with KG_NEO4J_FAULTS=1 (CI sets it).
func TestNeo4jStopsUnderLoad(t *testing.T) {
	if os.Getenv("KG_NEO4J_FAULTS") != "1" {
		t.Skip("KG_NEO4J_FAULTS not set: skipping the Neo4j fault test (it starts and stops its own server with scripts/neo4j.sh)")
	}
	port := os.Getenv("KG_NEO4J_FAULT_PORT")
	if port == "" {
		port = "17688"
	}
	dir := filepath.Join(t.TempDir(), "neo4j")
	neo4jScript(t, dir, port, "start")
	t.Cleanup(func() {
		c := exec.Command("../../scripts/neo4j.sh", "stop")
		c.Env = append(os.Environ(), "KG_NEO4J_PORT="+port, "KG_NEO4J_DIR="+dir)
		_ = c.Run()
	})
	ctx := context.Background()
	// bolt:// by default: over neo4j:// the driver (v5.28.4) has a data race of its own when
	// the server goes away under load (router.(*Router).InvalidateServer rewrites the routing
	// table's slices in place while readers use them), which -race reports; see docs/neo4j.md.
	scheme := envOr("KG_NEO4J_FAULT_SCHEME", "bolt")
	st, err := neo4jstore.Open(ctx, neo4jstore.Config{URI: scheme + "://127.0.0.1:" + port, QueryTimeout: 3 * time.Second,
		ConnectionAcquisitionTimeout: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close(context.Background()) })
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Load(ctx, g); err != nil {
		t.Fatal(err)
	}
	const timeout = 5 * time.Second
	srv := httptest.NewServer(httpapi.New(httpapi.Config{Store: st, Ready: st.Ready, Timeout: timeout}))
	defer srv.Close()
	client := &http.Client{Timeout: 3 * timeout} // a hung request shows as a client timeout

	query := func() (code string, took time.Duration, err error) {
		start := time.Now()
		body, _ := json.Marshal(map[string]any{"query": `{ node(id: "vaxjo-kommun") { id name ... on Municipality { memberships { nodes { node { id } } } } } }`})
		resp, err := client.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
		if err != nil {
			return "", time.Since(start), err
		}
		defer resp.Body.Close()
		var out struct {
			Data   map[string]any
			Errors []struct{ Extensions struct{ Code string } }
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			return "", time.Since(start), err
		}
		if len(out.Errors) > 0 {
			return out.Errors[0].Extensions.Code, time.Since(start), nil
		}
		return "OK", time.Since(start), nil
	}
	ready := func() int {
		resp, err := client.Get(srv.URL + "/readyz")
		if err != nil {
			return 0
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if c, _, err := query(); c != "OK" || err != nil || ready() != http.StatusOK {
		t.Fatalf("before the fault: %s %v, readyz %d", c, err, ready())
	}

	// Load: 4 clients until told to stop; every answer is recorded.
	var (
		stop    atomic.Bool
		wg      sync.WaitGroup
		mu      sync.Mutex
		codes   = map[string]int{}
		slowest time.Duration
		failed  []error
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				c, took, err := query()
				mu.Lock()
				codes[c]++
				slowest = max(slowest, took)
				if err != nil {
					failed = append(failed, err)
				}
				mu.Unlock()
			}
		}()
	}
	neo4jScript(t, dir, port, "stop")
	// Readiness must turn false, and requests must keep getting answers meanwhile.
	waitFor(t, "readyz false after Neo4j stopped", 60*time.Second, func() bool { return ready() != http.StatusOK })
	waitFor(t, "UNAVAILABLE answers after Neo4j stopped", 60*time.Second, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return codes["UNAVAILABLE"] > 3
	})
	neo4jScript(t, dir, port, "start")
	waitFor(t, "readyz true after Neo4j is back", 120*time.Second, func() bool { return ready() == http.StatusOK })
	waitFor(t, "answers after Neo4j is back", 60*time.Second, func() bool { c, _, _ := query(); return c == "OK" })
	stop.Store(true)
	wg.Wait()
	t.Logf("answers during the fault: %v; slowest request %v", codes, slowest)
	if len(failed) > 0 {
		t.Errorf("%d requests got no answer (hung or broken), first: %v", len(failed), failed[0])
	}
	if slowest > timeout+2*time.Second {
		t.Errorf("slowest request took %v, beyond the %v request timeout: a hung request", slowest, timeout)
	}
	for c := range codes {
		if c != "OK" && c != "UNAVAILABLE" && c != "TIMEOUT" {
			t.Errorf("unexpected answer code %q during the fault (%v)", c, codes)
		}
	}
	if !strings.Contains(neo4jScript(t, dir, port, "status"), "NEO4J_URI=") {
		t.Error("server not running at the end")
	}
}

// waitFor polls cond until it holds or the bound passes.
func waitFor(t *testing.T, what string, bound time.Duration, cond func() bool) {
	t.Helper()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(bound)
	for !cond() {
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("%s: not within %v", what, bound)
		}
	}
}
