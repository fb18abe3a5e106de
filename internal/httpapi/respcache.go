package httpapi

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/singleflight"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/obs"
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
	store   kg.Store
	budget  int64
	flight  singleflight.Group
	metrics *obs.Metrics // nil: none

	// beforeFlight, when set (tests), runs just before a miss joins or leads a flight.
	beforeFlight func()

	mu    sync.Mutex
	used  int64
	lru   *list.List // front = most recent; values are *cacheEntry
	byKey map[[32]byte]*list.Element
}

type cacheEntry struct {
	keys        [][32]byte // the canonical key, then up to maxAliases raw-byte aliases
	body        []byte
	gzipped     []byte // body, gzip-compressed once when stored (nil if it did not shrink)
	contentType string
	operation   string // operation name and query hash, for the request log of a hit
	queryHash   string
}

// maxAliases bounds the raw-request spellings remembered per entry, so a client sending one
// query in endless whitespace variants cannot grow the index without bound.
const maxAliases = 4

// entryCost is what an entry is charged against the budget: its body plus bookkeeping.
func entryCost(e *cacheEntry) int64 {
	return int64(len(e.body)+len(e.gzipped)) + 128 + 64*int64(len(e.keys))
}

// compress gzips body once, at store time, so every later hit from a client that accepts
// gzip (browsers and most HTTP libraries do) sends a fraction of the bytes for no CPU.
func compress(body []byte) []byte {
	compressions.Add(1)
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
	_, _ = zw.Write(body)
	if zw.Close() != nil || b.Len() >= len(body) {
		return nil
	}
	return b.Bytes()
}

// compressions counts compress calls (tests check that each engine run compresses once).
var compressions atomic.Int64

// acceptsGzip reports whether the request's Accept-Encoding allows gzip (and does not refuse
// it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, v := range r.Header.Values("Accept-Encoding") {
		for _, part := range strings.Split(v, ",") {
			coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
			if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
				continue
			}
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

func newRespCache(store kg.Store, budget int64, m *obs.Metrics) *respCache {
	return &respCache{store: store, budget: budget, metrics: m, lru: list.New(), byKey: map[[32]byte]*list.Element{}}
}

// cacheableRequest is the part of a GraphQL request that determines its answer.
type cacheableRequest struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     json.RawMessage `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// requestKeys derives two keys for r: raw, a hash of the request's exact bytes (cheap — a
// repeated request is found without parsing JSON), and canonical, a hash of what determines
// the answer (query, operation, variables with sorted keys, extensions), so differently
// spelled equal requests share an entry. Both include the graph version and access level.
// ok is false when r cannot be cached (unreadable or non-JSON body, store unavailable): the
// engine then answers it, with the right error if there is one. r.Body is restored.
func (c *respCache) requestKeys(ctx context.Context, r *http.Request) (raw [32]byte, canonicalKey func() ([32]byte, bool), ok bool) {
	if !cacheableTransport(r) {
		return raw, nil, false // the engine refuses or treats it differently: let it answer
	}
	version, err := graphVersion(ctx, c.store)
	if err != nil {
		return raw, nil, false // the engine will report the outage properly
	}
	// The negotiated media type is part of the key: a client asking for
	// application/graphql-response+json never gets an entry stored as application/json.
	prefix := []string{version, strconv.FormatBool(graph.HasContactAccess(ctx)), negotiatedType(r)}
	var body []byte
	switch r.Method {
	case http.MethodGet:
		raw = hashParts(append(prefix, "GET", r.URL.RawQuery)...)
	case http.MethodPost:
		if r.Body == nil {
			return raw, nil, false
		}
		body, err = io.ReadAll(r.Body) // already bounded and buffered by limitBody
		r.Body = io.NopCloser(bytes.NewReader(body))
		if err != nil {
			return raw, nil, false
		}
		raw = hashParts(append(prefix, "POST", string(body))...)
	default:
		return raw, nil, false
	}
	canonicalKey = func() ([32]byte, bool) {
		var req cacheableRequest
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			req.Query, req.OperationName = q.Get("query"), q.Get("operationName")
			req.Variables, req.Extensions = json.RawMessage(q.Get("variables")), json.RawMessage(q.Get("extensions"))
		} else if json.Unmarshal(body, &req) != nil {
			return [32]byte{}, false
		}
		vars, ok := canonical(req.Variables)
		if !ok {
			return [32]byte{}, false
		}
		ext, ok := canonical(req.Extensions)
		if !ok {
			return [32]byte{}, false
		}
		return hashParts(append(prefix, "Q", req.OperationName, req.Query, vars, ext)...), true
	}
	return raw, canonicalKey, true
}

// hashParts hashes length-prefixed parts, so no two different lists concatenate alike.
func hashParts(parts ...string) (k [32]byte) {
	h := sha256.New()
	for _, part := range parts {
		h.Write([]byte(strconv.Itoa(len(part))))
		h.Write([]byte{':'})
		h.Write([]byte(part))
	}
	copy(k[:], h.Sum(nil))
	return k
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

// alias lets raw find the entry stored under key (a new spelling of a cached request).
func (c *respCache) alias(key, raw [32]byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return
	}
	e := el.Value.(*cacheEntry)
	if _, dup := c.byKey[raw]; dup || len(e.keys) > maxAliases {
		return
	}
	e.keys = append(e.keys, raw)
	c.byKey[raw] = el
	c.used += 64
	c.evict()
}

// put stores e under its keys (canonical first), evicting the least recently used entries
// beyond the budget.
func (c *respCache) put(e *cacheEntry) {
	if entryCost(e) > c.budget/8 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, k := range e.keys {
		if _, ok := c.byKey[k]; ok {
			return
		}
	}
	el := c.lru.PushFront(e)
	for _, k := range e.keys {
		c.byKey[k] = el
	}
	c.used += entryCost(e)
	c.evict()
}

func (c *respCache) evict() {
	defer func() { c.metrics.CacheSize(c.used, c.lru.Len()) }()
	for c.used > c.budget {
		c.metrics.CacheEvicted(1)
		old := c.lru.Back()
		oe := old.Value.(*cacheEntry)
		c.lru.Remove(old)
		for _, k := range oe.keys {
			delete(c.byKey, k)
		}
		c.used -= entryCost(oe)
	}
}

// captured is a response the engine produced for a miss.
type captured struct {
	parent http.ResponseWriter // the leader's writer (only for Unwrap)
	op, qh string              // the operation and query hash the leader's run recorded
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

// Unwrap lets writeError find the request's log record through a captured response.
func (w *captured) Unwrap() http.ResponseWriter { return w.parent }

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
		raw, canonicalKey, ok := c.requestKeys(r.Context(), r)
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, hit := c.get(raw); hit {
			c.metrics.CacheLookup(true)
			writeCached(w, r, e, "HIT")
			return
		}
		k, ok := canonicalKey()
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if e, hit := c.get(k); hit {
			c.metrics.CacheLookup(true)
			c.alias(k, raw)
			writeCached(w, r, e, "HIT")
			return
		}
		c.metrics.CacheLookup(false)
		noteCache(r.Context(), "MISS")
		// One engine run per key at a time; followers share its result. Only the leader stores
		// (and so compresses) the entry; followers write the captured answer as it is. A
		// leader's failure is not shared: each follower then runs the engine itself under its
		// own context.
		if c.beforeFlight != nil {
			c.beforeFlight()
		}
		leader := false
		v, _, _ := c.flight.Do(string(k[:]), func() (any, error) {
			leader = true // runs in the leader's goroutine only
			cw := &captured{parent: w, header: http.Header{}}
			next.ServeHTTP(cw, r)
			cw.op, cw.qh = loggedOperation(r.Context())
			if cw.success() {
				keys := [][32]byte{k}
				if raw != k {
					keys = append(keys, raw)
				}
				body := cw.body.Bytes()
				c.put(&cacheEntry{keys: keys, body: body, gzipped: compress(body), contentType: cw.header.Get("Content-Type"),
					operation: cw.op, queryHash: cw.qh})
			}
			return cw, nil
		})
		cw := v.(*captured)
		if !leader && !cw.success() {
			next.ServeHTTP(w, r)
			return
		}
		if !leader {
			noteOperation(r.Context(), cw.op, cw.qh) // a follower's log line names it too
		}
		for name, vs := range cw.header {
			w.Header()[name] = slices.Clone(vs) // followers share cw: never alias its slices
		}
		w.Header().Set("X-Cache", "MISS")
		if cw.status == 0 {
			cw.status = http.StatusOK
		}
		w.WriteHeader(cw.status)
		_, _ = w.Write(cw.body.Bytes())
	})
}

func writeCached(w http.ResponseWriter, r *http.Request, e *cacheEntry, state string) {
	noteCache(r.Context(), state)
	noteOperation(r.Context(), e.operation, e.queryHash)
	h := w.Header()
	body := e.body
	if e.gzipped != nil && acceptsGzip(r) {
		body = e.gzipped
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("Content-Type", e.contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("X-Cache", state)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
}
