package httpapi

import (
	"bytes"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"sync"

	"golang.org/x/sync/singleflight"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/internal/kg"
)

// respCache is a whole-response cache in front of the GraphQL engine. The graph is read-mostly
// and the same questions recur (a dashboard polls one query; many users open the same
// network), so a finished response is worth keeping.
//
// It is never stale: the key includes the store's graph version (kg.Stats.Version, which
// changes with every write — for Neo4j it is read on each request, one indexed lookup), the
// query text, operation name, variables (canonical JSON), APQ extensions, and whether the
// caller may read personal contact data. Only complete successes are kept (HTTP 200, a data
// member, no errors), so a timeout, a limit or a backend outage is never replayed. Concurrent
// misses of one key run the engine once (singleflight). Memory is bounded by bytes (LRU), and
// a single response larger than 1/8 of the budget is not kept.
type respCache struct {
	store  kg.Store
	log    *slog.Logger
	budget int64
	flight singleflight.Group

	mu    sync.Mutex
	used  int64
	lru   *list.List // front = most recent; values are *cacheEntry
	byKey map[[32]byte]*list.Element
}

type cacheEntry struct {
	key         [32]byte
	body        []byte
	contentType string
}

func newRespCache(store kg.Store, budget int64, log *slog.Logger) *respCache {
	return &respCache{store: store, log: log, budget: budget, lru: list.New(), byKey: map[[32]byte]*list.Element{}}
}

// cacheableRequest is the part of a GraphQL request that determines its answer.
type cacheableRequest struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// key derives the cache key of r, or ok=false when r cannot be cached (an unreadable or
// non-JSON body: the engine will answer it with the right error). It restores r.Body.
func (c *respCache) key(ctx context.Context, r *http.Request) (k [32]byte, ok bool) {
	var req cacheableRequest
	switch r.Method {
	case http.MethodGet:
		q := r.URL.Query()
		req.Query, req.OperationName = q.Get("query"), q.Get("operationName")
		req.Variables, req.Extensions = json.RawMessage(q.Get("variables")), json.RawMessage(q.Get("extensions"))
	case http.MethodPost:
		if r.Body == nil {
			return k, false
		}
		body, err := io.ReadAll(r.Body) // already bounded and buffered by limitBody
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil || json.Unmarshal(body, &req) != nil {
			return k, false
		}
	default:
		return k, false
	}
	vars, ok := canonical(req.Variables)
	if !ok {
		return k, false
	}
	ext, ok := canonical(req.Extensions)
	if !ok {
		return k, false
	}
	st, err := c.store.Stats(ctx)
	if err != nil {
		return k, false // the engine will report the outage properly
	}
	h := sha256.New()
	for _, part := range []string{st.Version, strconv.FormatBool(graph.HasContactAccess(ctx)), req.OperationName, req.Query, vars, ext} {
		// Length-prefixed, so no two different requests can concatenate to the same bytes.
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	copy(k[:], h.Sum(nil))
	return k, true
}

// canonical re-encodes a JSON value with sorted object keys, so {"a":1,"b":2} and
// {"b":2, "a":1} share an entry. Numbers keep their text (json.Number).
func canonical(raw json.RawMessage) (string, bool) {
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", true
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return "", false
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", false
	}
	return string(b), true
}

func (c *respCache) get(k [32]byte) (*cacheEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[k]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*cacheEntry), true
}

func (c *respCache) put(e *cacheEntry) {
	size := int64(len(e.body)) + 128
	if size > c.budget/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byKey[e.key]; ok {
		return
	}
	c.byKey[e.key] = c.lru.PushFront(e)
	c.used += size
	for c.used > c.budget {
		old := c.lru.Back()
		oe := old.Value.(*cacheEntry)
		c.lru.Remove(old)
		delete(c.byKey, oe.key)
		c.used -= int64(len(oe.body)) + 128
	}
}

// captured is a response the engine produced for a miss.
type captured struct {
	status int
	header http.Header
	body   bytes.Buffer
}

func (w *captured) Header() http.Header { return w.header }
func (w *captured) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.body.Write(b)
}
func (w *captured) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
}

// success reports whether a response is a complete answer worth replaying.
func (w *captured) success() bool {
	b := w.body.Bytes()
	return w.status == http.StatusOK && bytes.HasPrefix(b, []byte(`{"data":`)) && !bytes.Contains(b, []byte(`"errors":`))
}

// wrap puts the cache in front of next (the GraphQL engine with its loaders). Responses carry
// X-Cache: HIT or MISS so clients and load tests can tell them apart.
func (c *respCache) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k, ok := c.key(r.Context(), r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, hit := c.get(k); hit {
			writeCached(w, e, "HIT")
			return
		}
		// One engine run per key at a time; followers share its result. A leader's failure is
		// not shared: each follower then runs the engine itself under its own context.
		v, _, shared := c.flight.Do(string(k[:]), func() (any, error) {
			cw := &captured{header: http.Header{}}
			next.ServeHTTP(cw, r)
			return cw, nil
		})
		cw := v.(*captured)
		if shared && !cw.success() {
			next.ServeHTTP(w, r)
			return
		}
		if cw.success() {
			c.put(&cacheEntry{key: k, body: cw.body.Bytes(), contentType: cw.header.Get("Content-Type")})
		}
		for name, vs := range cw.header {
			w.Header()[name] = vs
		}
		w.Header().Set("X-Cache", "MISS")
		if cw.status == 0 {
			cw.status = http.StatusOK
		}
		w.WriteHeader(cw.status)
		_, _ = w.Write(cw.body.Bytes())
	})
}

func writeCached(w http.ResponseWriter, e *cacheEntry, state string) {
	h := w.Header()
	h.Set("Content-Type", e.contentType)
	h.Set("Content-Length", strconv.Itoa(len(e.body)))
	h.Set("X-Cache", state)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(e.body)
}
