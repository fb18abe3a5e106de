package breaker

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

// flaky is a backend that can be taken down and brought back, counting the calls that
// actually reach it.
type flaky struct {
	kg.Store
	down  atomic.Bool
	calls atomic.Int64
}

func (f *flaky) err() error {
	f.calls.Add(1)
	if f.down.Load() {
		return kg.WrapError(kg.EUNAVAILABLE, errors.New("connection refused"), "the graph database is unavailable")
	}
	return nil
}

func (f *flaky) Search(ctx context.Context, q kg.SearchQuery) ([]kg.SearchHit, error) {
	if err := f.err(); err != nil {
		return nil, err
	}
	return f.Store.Search(ctx, q)
}

func (f *flaky) ready(ctx context.Context) error {
	if f.down.Load() {
		return errors.New("dial tcp: connection refused")
	}
	return nil
}

func TestBreakerOutageAndRecovery(t *testing.T) {
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	f := &flaky{Store: ms}
	b := New(f, 2, time.Minute)
	clock := time.Unix(1000, 0)
	b.now = func() time.Time { return clock }
	ctx := context.Background()
	search := func() error {
		_, err := b.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1})
		return err
	}

	if err := search(); err != nil || b.State() != Closed {
		t.Fatalf("healthy: %v %v", err, b.State())
	}
	f.down.Store(true)
	for i := 0; i < 2; i++ {
		if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE {
			t.Fatalf("outage call %d: %v", i, err)
		}
	}
	if b.State() != Open {
		t.Fatalf("state after %d failures = %v", 2, b.State())
	}
	// Open: calls fail fast without reaching the backend.
	before := f.calls.Load()
	for i := 0; i < 100; i++ {
		if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE {
			t.Fatalf("open circuit let an error through: %v", err)
		}
	}
	if f.calls.Load() != before {
		t.Errorf("open circuit made %d backend calls", f.calls.Load()-before)
	}
	if err := b.Ready(ctx, f.ready); err == nil {
		t.Error("ready during outage")
	}
	// After the cooldown one probe goes through; it fails, so the circuit opens again.
	clock = clock.Add(time.Minute)
	if b.State() != HalfOpen {
		t.Fatalf("state after cooldown = %v", b.State())
	}
	if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE || f.calls.Load() != before+1 {
		t.Fatalf("probe: %v, calls %d", err, f.calls.Load()-before)
	}
	if b.State() != Open {
		t.Fatalf("failed probe left state %v", b.State())
	}
	// The backend returns: a readiness check closes the circuit without waiting for traffic.
	f.down.Store(false)
	if err := b.Ready(ctx, f.ready); err != nil {
		t.Fatalf("ready after recovery: %v", err)
	}
	if err := search(); err != nil || b.State() != Closed {
		t.Fatalf("after recovery: %v %v", err, b.State())
	}
	// Or by traffic: outage, cooldown, successful probe.
	f.down.Store(true)
	_, _ = search(), search()
	f.down.Store(false)
	clock = clock.Add(time.Minute)
	if err := search(); err != nil || b.State() != Closed {
		t.Fatalf("probe after recovery: %v %v", err, b.State())
	}
}

func TestClientErrorsDoNotOpen(t *testing.T) {
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	b := New(ms, 1, time.Minute)
	for i := 0; i < 5; i++ {
		if _, err := b.ListNodes(context.Background(), kg.ListQuery{First: 1, After: "not-a-cursor"}); kg.ErrorCode(err) != kg.EINVALID {
			t.Fatalf("bad cursor: %v", err)
		}
	}
	if b.State() != Closed {
		t.Errorf("client errors opened the circuit")
	}
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, g *kg.Graph) kg.Store {
		ms, err := memstore.New(g)
		if err != nil {
			t.Fatal(err)
		}
		return New(ms, 3, time.Second)
	})
}

// Only a success proves the backend reachable: a probe that ends with a client error — here
// a bad cursor, rejected before any backend call — leaves the circuit open, and the next
// call probes the backend again.
func TestClientErrorProbeDoesNotClose(t *testing.T) {
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	f := &flaky{Store: ms}
	b := New(f, 1, time.Minute)
	clock := time.Unix(1000, 0)
	b.now = func() time.Time { return clock }
	ctx := context.Background()
	f.down.Store(true)
	if _, err := b.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1}); kg.ErrorCode(err) != kg.EUNAVAILABLE || b.State() != Open {
		t.Fatalf("outage: %v %v", err, b.State())
	}
	clock = clock.Add(time.Minute)
	if _, err := b.ListNodes(ctx, kg.ListQuery{First: 1, After: "not-a-cursor"}); kg.ErrorCode(err) != kg.EINVALID {
		t.Fatalf("probe with a bad cursor: %v", err)
	}
	if s := b.State(); s == Closed {
		t.Fatal("a client error closed the circuit while the backend is down")
	}
	calls := f.calls.Load()
	if _, err := b.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1}); kg.ErrorCode(err) != kg.EUNAVAILABLE || f.calls.Load() != calls+1 {
		t.Fatalf("next call must probe the backend: %v, %d calls", err, f.calls.Load()-calls)
	}
	if b.State() != Open {
		t.Errorf("failed probe left %v", b.State())
	}
}

// Failures count until a success: client errors between them change nothing.
func TestFailureCounting(t *testing.T) {
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		steps string // U: UNAVAILABLE search, I: bad-cursor list, S: successful search
		want  State
	}{
		{"threshold reached", "UU", Open},
		{"client error between", "UIU", Open},
		{"success between", "USU", Closed},
		{"client errors only", "IIII", Closed},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := &flaky{Store: ms}
			b := New(f, 2, time.Minute)
			for _, s := range c.steps {
				switch s {
				case 'U', 'S':
					f.down.Store(s == 'U')
					_, _ = b.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1})
				case 'I':
					_, _ = b.ListNodes(ctx, kg.ListQuery{First: 1, After: "not-a-cursor"})
				}
			}
			if got := b.State(); got != c.want {
				t.Errorf("%s: %v, want %v", c.steps, got, c.want)
			}
		})
	}
}
