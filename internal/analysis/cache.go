package analysis

import (
	"context"
	"runtime"
	"sync/atomic"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"
	"golang.org/x/sync/singleflight"

	"github.com/kommunkg/kg/internal/kg"
)

// CacheSize is the number of whole-graph results kept (per process): a few measures × a
// few type filters of the current graph version. Older versions age out.
const CacheSize = 32

// WholeGraphTimeout bounds one whole-graph computation. It runs detached from the request
// that started it, so that a request timing out does not waste the work: the next request
// for the same version finds it cached.
const WholeGraphTimeout = 2 * time.Minute

// Cache holds whole-graph results by key (graph version + question), computing each at
// most once at a time (concurrent requests for the same key share one computation).
//
// Computations run detached from the requests that start them, so the cache also bounds how
// many run at once (slots): a client asking many distinct uncached questions (every subset
// of edge types …) cannot start an unbounded number of minutes-long computations and starve
// the service. A question that finds every slot taken is refused at once with UNAVAILABLE
// ("try again"), rather than queued: nothing waits detached, and requests for a question
// already being computed still join it.
type Cache struct {
	lru   *lru.Cache[string, any]
	group singleflight.Group
	slots chan struct{}

	budget int64        // bytes of Sizer results kept at most (cachebytes.go)
	used   atomic.Int64 // bytes of the Sizer results cached now
}

// DefaultSlots is how many computations one cache runs at once: one per CPU the process may
// use, at least two.
func DefaultSlots() int { return max(2, runtime.GOMAXPROCS(0)) }

// NewCache makes a cache of at most size results running at most DefaultSlots computations
// at once.
func NewCache(size int) *Cache { return NewCacheSlots(size, DefaultSlots()) }

// NewCacheSlots makes a cache of at most size results running at most slots computations at
// once.
func NewCacheSlots(size, slots int) *Cache { return NewCacheBudget(size, slots, DefaultCacheBytes) }

// NewCacheBudget makes a cache of at most size results and budget bytes of sized results
// (Sizer) running at most slots computations at once.
func NewCacheBudget(size, slots int, budget int64) *Cache {
	c := &Cache{slots: make(chan struct{}, slots), budget: budget}
	l, err := lru.NewWithEvict[string, any](size, func(_ string, v any) { c.used.Add(-resultBytes(v)) })
	if err != nil || slots <= 0 || budget <= 0 {
		panic("analysis: cache size, slots and budget must be positive") // a programming error
	}
	c.lru = l
	return c
}

// Shared is the process's cache of whole-graph results; Scoped of neighbourhood ones (kept
// apart, so that many neighbourhood questions do not evict the expensive whole-graph ones).
var (
	Shared = NewCache(CacheSize)
	Scoped = NewCache(4 * CacheSize)
)

// Do returns the cached result for key or computes it with compute, detached from ctx
// (bounded by WholeGraphTimeout); ctx only bounds the wait. Errors are not cached.
func (c *Cache) Do(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	if v, ok := c.lru.Get(key); ok {
		return v, nil
	}
	ch := c.group.DoChan(key, func() (any, error) {
		if v, ok := c.lru.Get(key); ok {
			return v, nil
		}
		select {
		case c.slots <- struct{}{}:
			defer func() { <-c.slots }()
		default:
			return nil, kg.Errorf(kg.EUNAVAILABLE, "the server is already computing %d other analyses; try again shortly", cap(c.slots))
		}
		// Shared by every caller: computed without the starting caller's contact access.
		cctx, cancel := context.WithTimeout(kg.WithoutContactAccess(context.WithoutCancel(ctx)), WholeGraphTimeout)
		defer cancel()
		v, err := compute(cctx)
		if err != nil {
			return nil, err
		}
		c.add(key, v)
		return v, nil
	})
	select {
	case r := <-ch:
		return r.Val, r.Err
	case <-ctx.Done():
		return nil, ctxErr(ctx)
	}
}

// Len is the number of cached results.
func (c *Cache) Len() int { return c.lru.Len() }
