package breaker

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

// backend is a store that can be taken down and brought back (every call then fails as a
// real store's does when its database is unreachable), counting the calls that reach it,
// and the readiness check that goes with it.
type backend struct {
	*kgtest.Store
	down atomic.Bool
}

func (f *backend) setDown(down bool) {
	f.down.Store(down)
	if down {
		f.Fail(kgtest.All, kgtest.Unavailable(errors.New("connection refused")))
	} else {
		f.Fail(kgtest.All, nil)
	}
}

// setSearchDown takes only Search down: other calls still reach the store, which rejects a
// bad cursor itself, as a real store does before any round trip to its database.
func (f *backend) setSearchDown(down bool) {
	f.down.Store(down)
	if down {
		f.Fail(kgtest.Search, kgtest.Unavailable(errors.New("connection refused")))
	} else {
		f.Fail(kgtest.Search, nil)
	}
}

func (f *backend) ready(ctx context.Context) error {
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
	f := &backend{Store: kgtest.New(ms)}
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
	f.setDown(true)
	for i := 0; i < 2; i++ {
		if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE {
			t.Fatalf("outage call %d: %v", i, err)
		}
	}
	if b.State() != Open {
		t.Fatalf("state after %d failures = %v", 2, b.State())
	}
	// Open: calls fail fast without reaching the backend.
	before := f.Calls(kgtest.All)
	for i := 0; i < 100; i++ {
		if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE {
			t.Fatalf("open circuit let an error through: %v", err)
		}
	}
	if f.Calls(kgtest.All) != before {
		t.Errorf("open circuit made %d backend calls", f.Calls(kgtest.All)-before)
	}
	if err := b.Ready(ctx, f.ready); err == nil {
		t.Error("ready during outage")
	}
	// After the cooldown one probe goes through; it fails, so the circuit opens again.
	clock = clock.Add(time.Minute)
	if b.State() != HalfOpen {
		t.Fatalf("state after cooldown = %v", b.State())
	}
	if err := search(); kg.ErrorCode(err) != kg.EUNAVAILABLE || f.Calls(kgtest.All) != before+1 {
		t.Fatalf("probe: %v, calls %d", err, f.Calls(kgtest.All)-before)
	}
	if b.State() != Open {
		t.Fatalf("failed probe left state %v", b.State())
	}
	// The backend returns: a readiness check closes the circuit without waiting for traffic.
	f.setDown(false)
	if err := b.Ready(ctx, f.ready); err != nil {
		t.Fatalf("ready after recovery: %v", err)
	}
	if err := search(); err != nil || b.State() != Closed {
		t.Fatalf("after recovery: %v %v", err, b.State())
	}
	// Or by traffic: outage, cooldown, successful probe.
	f.setDown(true)
	_, _ = search(), search()
	f.setDown(false)
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
	f := &backend{Store: kgtest.New(ms)}
	b := New(f, 1, time.Minute)
	clock := time.Unix(1000, 0)
	b.now = func() time.Time { return clock }
	ctx := context.Background()
	f.setSearchDown(true)
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
	calls := f.Calls(kgtest.All)
	if _, err := b.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1}); kg.ErrorCode(err) != kg.EUNAVAILABLE || f.Calls(kgtest.All) != calls+1 {
		t.Fatalf("next call must probe the backend: %v, %d calls", err, f.Calls(kgtest.All)-calls)
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
			f := &backend{Store: kgtest.New(ms)}
			b := New(f, 2, time.Minute)
			for _, s := range c.steps {
				switch s {
				case 'U', 'S':
					f.setSearchDown(s == 'U')
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
