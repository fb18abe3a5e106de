package httpapi

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
)

// byteLRU is a graphql.Cache bounded by an estimate of the bytes it holds rather than by a
// count of entries: gqlgen's own lru keeps 1,000 entries of any size, and 1,000 parsed
// 1 MiB queries are gigabytes. An entry larger than 1/16 of the budget is not kept.
type byteLRU[T any] struct {
	budget int64
	cost   func(key string, v T) int64

	mu    sync.Mutex
	used  int64
	lru   *list.List // front = most recent; values are *byteEntry[T]
	index map[string]*list.Element
}

type byteEntry[T any] struct {
	key  string
	v    T
	cost int64
}

var _ graphql.Cache[string] = (*byteLRU[string])(nil)

func newByteLRU[T any](budget int64, cost func(key string, v T) int64) *byteLRU[T] {
	return &byteLRU[T]{budget: budget, cost: cost, lru: list.New(), index: map[string]*list.Element{}}
}

func (c *byteLRU[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.index[key]
	if !ok {
		var zero T
		return zero, false
	}
	c.lru.MoveToFront(el)
	return el.Value.(*byteEntry[T]).v, true
}

func (c *byteLRU[T]) Add(_ context.Context, key string, v T) {
	cost := c.cost(key, v)
	if cost > c.budget/16 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.index[key]; ok {
		c.lru.MoveToFront(el)
		return
	}
	c.index[key] = c.lru.PushFront(&byteEntry[T]{key: key, v: v, cost: cost})
	c.used += cost
	for c.used > c.budget {
		old := c.lru.Back()
		e := old.Value.(*byteEntry[T])
		c.lru.Remove(old)
		delete(c.index, e.key)
		c.used -= e.cost
	}
}

// Used reports the bytes charged (for tests).
func (c *byteLRU[T]) Used() int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.used
}
