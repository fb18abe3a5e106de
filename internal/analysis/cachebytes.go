package analysis

// A Cache is bounded by bytes as well as by entries: a result that knows its size (Sizer —
// a one-mode projection of 2,000,000 shared neighbours holds ~20 MB) is charged that much
// against the cache's budget, the least recently used results are evicted beyond it, and a
// result over a quarter of the budget is answered but not kept. Results without a size
// count against the entry limit only.

// DefaultCacheBytes is each cache's budget of sized results.
const DefaultCacheBytes = 128 << 20

// Sizer is a cached result that knows roughly how many bytes it holds.
type Sizer interface{ CacheBytes() int64 }

func resultBytes(v any) int64 {
	if s, ok := v.(Sizer); ok {
		return max(0, s.CacheBytes())
	}
	return 0
}

// add keeps v under key within the budget.
func (c *Cache) add(key string, v any) {
	n := resultBytes(v)
	if n > c.budget/4 {
		return
	}
	if old, ok := c.lru.Peek(key); ok {
		c.used.Add(-resultBytes(old)) // Add replaces it without calling the eviction callback
	}
	c.used.Add(n)
	c.lru.Add(key, v)
	for c.used.Load() > c.budget && c.lru.Len() > 0 {
		c.lru.RemoveOldest()
	}
}

// Bytes is the size of the sized results cached now.
func (c *Cache) Bytes() int64 { return c.used.Load() }

// CacheBytes is the size of the projection's slices.
func (o *OneMode) CacheBytes() int64 {
	return int64(4*len(o.Nodes) + 16*len(o.Ties) + 4*len(o.shared))
}
