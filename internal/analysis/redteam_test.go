package analysis

import (
	"context"
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// A cached analysis result is shared by every caller, so its computation must not run with
// the rights of the caller who happened to start it: an authorised caller's computation sees
// no contact access (a store then returns no personal data into the shared result).
func TestCacheComputesWithoutContactAccess(t *testing.T) {
	c := NewCacheSlots(4, 2)
	ctx := kg.WithContactAccess(context.Background())
	v, err := c.Do(ctx, "k", func(ctx context.Context) (any, error) { return kg.HasContactAccess(ctx), nil })
	if err != nil {
		t.Fatal(err)
	}
	if v.(bool) {
		t.Fatal("the detached computation ran with the starting caller's contact access")
	}
}

type sized int64

func (s sized) CacheBytes() int64 { return int64(s) }

// The caches are bounded by bytes as well as entries: one-mode projections of neighbourhoods
// (up to 2,000,000 shared neighbours each, ~20 MB) filled 128 scoped entries — an anonymous
// caller asking for 40 distinct centers grew the 100k-node server's live heap by ~780 MB.
// Sized results count their CacheBytes against the budget; the least recently used go first,
// and a result over a quarter of the budget is answered but not kept.
func TestCacheBoundedByBytes(t *testing.T) {
	c := NewCacheBudget(100, 2, 1000)
	ctx := context.Background()
	for i := range 20 {
		v, err := c.Do(ctx, fmt.Sprint("k", i), func(context.Context) (any, error) { return sized(240), nil })
		if err != nil || v.(sized) != 240 {
			t.Fatalf("Do: %v %v", v, err)
		}
		if c.Bytes() > 1000 {
			t.Fatalf("after %d results: %d bytes cached, budget 1000", i+1, c.Bytes())
		}
	}
	if c.Len() != 4 {
		t.Errorf("%d entries of 240 bytes kept in a budget of 1000, want 4", c.Len())
	}
	v, err := c.Do(ctx, "big", func(context.Context) (any, error) { return sized(251), nil })
	if err != nil || v.(sized) != 251 {
		t.Fatalf("big: %v %v", v, err)
	}
	if c.Len() != 4 || c.Bytes() != 960 {
		t.Errorf("a result over a quarter of the budget was kept: %d entries, %d bytes", c.Len(), c.Bytes())
	}
	// Unsized results (plain values) are bounded by the entry count only.
	for i := range 200 {
		_, _ = c.Do(ctx, fmt.Sprint("u", i), func(context.Context) (any, error) { return i, nil })
	}
	if c.Len() > 100 || c.Bytes() > 1000 {
		t.Errorf("%d entries, %d bytes", c.Len(), c.Bytes())
	}
}
