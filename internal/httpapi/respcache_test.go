package httpapi_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
)

// versionedStore lets a test change the graph version, as a write to Neo4j would.
type versionedStore struct {
	*kgtest.Store
	version atomic.Value // string
}

func (v *versionedStore) Stats(ctx context.Context) (kg.Stats, error) {
	st, err := v.Store.Stats(ctx)
	st.Version = v.version.Load().(string)
	return st, err
}

// rawPost sends body and returns the X-Cache header, status and body.
func rawPost(t *testing.T, s *testServer, body string, header ...string) (string, int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.Header.Get("X-Cache"), res.StatusCode, string(b)
}

func TestResponseCache(t *testing.T) {
	vs := &versionedStore{Store: kgtest.New(shippedStore(t))}
	vs.version.Store("v1")
	s := newServer(t, httpapi.Config{Store: vs, ResponseCacheBytes: 1 << 20, ContactTokens: []string{"s3cret-token-0123456789"}})

	const who = `{"query":"query($b: ID!) { mandates(body: $b) { nodes { role person { name } onBehalfOf { name } } } }","variables":{"b":"energy-cities-styrelse","x":1}}`
	// Same request, variables reordered and re-spaced: same answer, same entry.
	const whoReordered = `{ "variables": {"x":1, "b":"energy-cities-styrelse"}, "query":"query($b: ID!) { mandates(body: $b) { nodes { role person { name } onBehalfOf { name } } } }"}`
	const other = `{"query":"query($b: ID!) { mandates(body: $b) { nodes { role person { name } onBehalfOf { name } } } }","variables":{"b":"sbhss-styrgrupp"}}`
	const bad = `{"query":"{ path(from: \"vaxjo-kommun\", to: \"lulea-kommun\", maxHops: 99) { length } }"}`
	const email = `{"query":"{ node(id: \"jan-johansson\") { ... on Person { email } } }"}`

	state, status, first := rawPost(t, s, who)
	if state != "MISS" || status != 200 || !strings.Contains(first, "Bo Frank") {
		t.Fatalf("first: %s %d %s", state, status, first)
	}
	calls := vs.Calls(kgtest.All) - vs.Calls(kgtest.Stats)
	for _, body := range []string{who, whoReordered} {
		state, _, got := rawPost(t, s, body)
		if state != "HIT" || got != first {
			t.Errorf("repeat: X-Cache %s, same body %v", state, got == first)
		}
	}
	// Many spellings of one request (more than the aliases an entry remembers) all hit.
	for i := range 10 {
		body := strings.Replace(whoReordered, `"x":1`, `"x":1`+strings.Repeat(" ", i+1), 1)
		if state, _, got := rawPost(t, s, body); state != "HIT" || got != first {
			t.Errorf("spelling %d: X-Cache %s", i, state)
		}
	}
	if n := vs.Calls(kgtest.All) - vs.Calls(kgtest.Stats) - calls; n != 0 {
		t.Errorf("hits made %d store calls (beyond Stats), want 0", n)
	}
	if state, _, got := rawPost(t, s, other); state != "MISS" || got == first {
		t.Errorf("other variables: %s, same body %v", state, got == first)
	}
	// Errors are never cached: a limit error stays a fresh MISS.
	for range 2 {
		if state, _, got := rawPost(t, s, bad); state != "MISS" || !strings.Contains(got, "INVALID") {
			t.Errorf("error response: %s %s", state, got)
		}
	}
	// Personal data: the authorised answer is cached under the authorised key only.
	if state, _, got := rawPost(t, s, email, "Authorization", "Bearer s3cret-token-0123456789"); state != "MISS" || !strings.Contains(got, "@vaxjo.se") {
		t.Fatalf("authorised: %s %s", state, got)
	}
	if state, _, got := rawPost(t, s, email, "Authorization", "Bearer s3cret-token-0123456789"); state != "HIT" || !strings.Contains(got, "@vaxjo.se") {
		t.Errorf("authorised repeat: %s %s", state, got)
	}
	if _, _, got := rawPost(t, s, email); strings.Contains(got, "@") || !strings.Contains(got, "FORBIDDEN") {
		t.Errorf("anonymous caller got a cached authorised answer: %s", got)
	}
	// A write changes the version: the next request is answered afresh.
	vs.version.Store("v2")
	if state, _, got := rawPost(t, s, who); state != "MISS" || got != first {
		t.Errorf("after a version change: %s, same body %v", state, got == first)
	}
	// GET shares entries with other GETs of the same query.
	q := url.QueryEscape(`{ stats { nodes } }`)
	for i, want := range []string{"MISS", "HIT"} {
		res, err := http.Get(s.URL + "/graphql?query=" + q)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("X-Cache"); got != want {
			t.Errorf("GET #%d: X-Cache %q, want %q", i+1, got, want)
		}
	}
}

func TestResponseCacheOffByDefault(t *testing.T) {
	s := newServer(t, httpapi.Config{})
	if state, _, _ := rawPost(t, s, `{"query":"{ stats { nodes } }"}`); state != "" {
		t.Errorf("X-Cache = %q with the cache off", state)
	}
}

// TestResponseCacheBounded: many distinct answers never hold more than the budget, and the
// most recent stay.
func TestResponseCacheBounded(t *testing.T) {
	s := newServer(t, httpapi.Config{ResponseCacheBytes: 16 << 10})
	body := func(i int) string {
		return fmt.Sprintf(`{"query":"query($t: String!) { search(text: $t, first: 20) { nodes { node { id name aliases } } } }","variables":{"t":"v%d"}}`, i)
	}
	for i := range 200 {
		rawPost(t, s, body(i))
	}
	if state, _, _ := rawPost(t, s, body(199)); state != "HIT" {
		t.Errorf("most recent entry evicted: %s", state)
	}
	if state, _, _ := rawPost(t, s, body(0)); state != "MISS" {
		t.Errorf("oldest entry kept beyond a 16 KiB budget: %s", state)
	}
}

// TestResponseCacheSingleFlight: concurrent identical misses run the engine once.
func TestResponseCacheSingleFlight(t *testing.T) {
	gs := kgtest.New(shippedStore(t))
	s := newServer(t, httpapi.Config{Store: gs, ResponseCacheBytes: 1 << 20})
	const body = `{"query":"{ mandates(person: \"bo-frank\") { nodes { role } } }"}`
	const n = 8
	keys, engine := gateKeysThenEngine(gs)
	var wg sync.WaitGroup
	bodies := make([]string, n)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := http.Post(s.URL+"/graphql", "application/json", bytes.NewReader([]byte(body)))
			if err != nil {
				t.Error(err)
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			bodies[i] = string(b)
		}()
	}
	awaitMisses(t, keys, engine, n)
	wg.Wait()
	if n := gs.Calls(kgtest.MandatePage); n != 1 {
		t.Errorf("engine ran %d times for 8 identical concurrent requests, want 1", n)
	}
	for i, b := range bodies {
		if b != bodies[0] || !strings.Contains(b, "vice president") {
			t.Errorf("response %d differs or is wrong: %s", i, b)
		}
	}
}

// TestResponseCacheGzip: a hit for a client that accepts gzip is the same answer, compressed
// once at store time; a client that does not gets it plain.
func TestResponseCacheGzip(t *testing.T) {
	s := newServer(t, httpapi.Config{ResponseCacheBytes: 1 << 20})
	const body = `{"query":"{ mandates(person: \"bo-frank\") { nodes { role body { name } evidence { quote } } } }"}`
	_, _, plain := rawPost(t, s, body) // MISS, fills the cache
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	for _, enc := range []string{"gzip", ""} {
		req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if enc != "" {
			req.Header.Set("Accept-Encoding", enc)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		vary := strings.Join(res.Header.Values("Vary"), ", ")
		if res.Header.Get("X-Cache") != "HIT" || !strings.Contains(vary, "Accept-Encoding") {
			t.Errorf("%q: X-Cache %q, Vary %q", enc, res.Header.Get("X-Cache"), vary)
		}
		got := string(raw)
		if enc == "gzip" {
			if res.Header.Get("Content-Encoding") != "gzip" || len(raw) >= len(plain) {
				t.Fatalf("gzip: Content-Encoding %q, %d bytes vs %d plain", res.Header.Get("Content-Encoding"), len(raw), len(plain))
			}
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(zr)
			got = string(b)
		} else if res.Header.Get("Content-Encoding") != "" {
			t.Errorf("plain client got Content-Encoding %q", res.Header.Get("Content-Encoding"))
		}
		if got != plain {
			t.Errorf("%q: answer differs from the plain one", enc)
		}
	}
}

// TestResponseCacheLeaderFailureNotShared: when the request that ran the engine fails, the
// requests that waited for it do not inherit its error; each runs the engine itself.
func TestResponseCacheLeaderFailureNotShared(t *testing.T) {
	fs := kgtest.New(shippedStore(t))
	fs.FailOnce(kgtest.MandatePage, kg.Errorf(kg.EUNAVAILABLE, "backend unavailable"))
	s := newServer(t, httpapi.Config{Store: fs, ResponseCacheBytes: 1 << 20})
	const n = 6
	keys, engine := gateKeysThenEngine(fs)
	const body = `{"query":"{ mandates(person: \"bo-frank\") { nodes { role } } }"}`
	var wg sync.WaitGroup
	var failed, ok atomic.Int64
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _, got := rawPost(t, s, body)
			switch {
			case strings.Contains(got, "UNAVAILABLE"):
				failed.Add(1)
			case strings.Contains(got, "vice president"):
				ok.Add(1)
			}
		}()
	}
	awaitMisses(t, keys, engine, n)
	wg.Wait()
	if failed.Load() != 1 || ok.Load() != 5 {
		t.Errorf("%d failed, %d succeeded; want exactly the leader to fail and 5 to succeed", failed.Load(), ok.Load())
	}
}

// gateKeysThenEngine gates the two store calls a cache miss makes, in order: Stats (the
// cache's key needs the graph version) and Mandates (the engine answering the query).
func gateKeysThenEngine(s *kgtest.Store) (keys, engine *kgtest.Gate) {
	return s.Gate(kgtest.Stats), s.Gate(kgtest.MandatePage)
}

// awaitMisses orders n identical concurrent requests without sleeping: all n reach the
// cache's key lookup (Stats) first; then, released, they look the key up while the engine
// is still held, so every one of them misses and must join the one flight; once the leader
// is in the store, the engine is released.
func awaitMisses(t *testing.T, keys, engine *kgtest.Gate, n int) {
	t.Helper()
	for range n {
		<-keys.Entered()
	}
	keys.Release()
	<-engine.Entered()
	engine.Release()
}
