package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

func TestAcceptsGzip(t *testing.T) {
	for _, tc := range []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{"gzip"}, true},
		{[]string{"gzip, deflate, br"}, true},
		{[]string{"br;q=1.0, GZIP;q=0.5"}, true},
		{[]string{"deflate", "gzip"}, true},
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"identity"}, false},
		{[]string{"x-gzip"}, false},
	} {
		r, _ := http.NewRequest(http.MethodGet, "/", nil)
		for _, v := range tc.header {
			r.Header.Add("Accept-Encoding", v)
		}
		if got := acceptsGzip(r); got != tc.want {
			t.Errorf("Accept-Encoding %q: %v, want %v", tc.header, got, tc.want)
		}
	}
}

// TestSingleFlightFollowersDoNotCompress: concurrent misses of one key run the engine once,
// and the answer is compressed once — by the leader, when it stores the entry. Followers
// used to gzip the shared body again and throw the copy away (put found the key taken).
func TestSingleFlightFollowersDoNotCompress(t *testing.T) {
	const n = 8
	st := newStatsOnly()
	c := newRespCache(st, 1<<20, nil)
	var arrived sync.WaitGroup
	arrived.Add(n)
	c.beforeFlight = arrived.Done
	var runs atomic.Int64
	engine := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		runs.Add(1)
		arrived.Wait() // every request has reached the flight before the leader answers
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":{"x":"` + strings.Repeat("compressible ", 200) + `"}}`))
	})
	h := c.wrap(engine)
	before := compressions.Load()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ x }"}`))
			req.Header.Set("Content-Type", "application/json") // as limitBody leaves it
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != 200 || !strings.Contains(rec.Body.String(), "compressible") {
				t.Errorf("status %d: %s", rec.Code, rec.Body.String())
			}
		}()
	}
	wg.Wait()
	if got, want := compressions.Load()-before, runs.Load(); got != want {
		t.Errorf("%d compressions for %d engine runs (%d requests)", got, want, n)
	}
}

// statsOnly is a store that only answers Stats (all the cache asks of it).
type statsOnly struct{ kg.Store }

func newStatsOnly() statsOnly { return statsOnly{} }

func (statsOnly) Stats(context.Context) (kg.Stats, error) { return kg.Stats{Version: "v1"}, nil }

// TestByteLRUBounded: the parsed-query and persisted-query caches are bounded by bytes, not
// entries: 2,000 distinct 60 KiB queries leave at most the budget charged, the newest kept.
func TestByteLRUBounded(t *testing.T) {
	const budget = 4 << 20
	c := newByteLRU(budget, func(k, v string) int64 { return int64(len(k) + len(v)) })
	ctx := context.Background()
	pad := strings.Repeat("#", 60<<10)
	for i := 0; i < 2000; i++ {
		q := fmt.Sprintf("{ stats { nodes } } # %d\n%s", i, pad)
		c.Add(ctx, q, q)
		if c.Used() > budget {
			t.Fatalf("after %d entries: %d bytes charged, budget %d", i+1, c.Used(), budget)
		}
	}
	last := fmt.Sprintf("{ stats { nodes } } # %d\n%s", 1999, pad)
	if _, ok := c.Get(ctx, last); !ok {
		t.Error("newest entry evicted")
	}
	if _, ok := c.Get(ctx, fmt.Sprintf("{ stats { nodes } } # %d\n%s", 0, pad)); ok {
		t.Error("oldest entry kept")
	}
	huge := strings.Repeat("x", budget/8)
	c.Add(ctx, huge, huge)
	if _, ok := c.Get(ctx, huge); ok {
		t.Error("an entry over 1/16 of the budget was kept")
	}
}
