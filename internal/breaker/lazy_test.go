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

// fakeBackend is an opened backend over the embedded store.
type fakeBackend struct {
	kg.Store
	closed atomic.Bool
}

func (f *fakeBackend) Ready(context.Context) error { return nil }
func (f *fakeBackend) Close(context.Context) error { f.closed.Store(true); return nil }

// opener fails with err until up is set, then opens a fakeBackend. gate, when set, holds
// every attempt until it is closed; started receives one value per attempt.
type opener struct {
	up       atomic.Bool
	err      error
	attempts atomic.Int64
	gate     chan struct{}
	started  chan struct{}
	opened   chan *fakeBackend
	store    kg.Store
}

func newOpener(t *testing.T) *opener {
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	return &opener{
		store:  ms,
		err:    kg.WrapError(kg.EUNAVAILABLE, errors.New("dial tcp 127.0.0.1:7687: connection refused"), "the graph database is unavailable"),
		opened: make(chan *fakeBackend, 1),
	}
}

func (o *opener) open(ctx context.Context) (Backend, error) {
	o.attempts.Add(1)
	if o.started != nil {
		o.started <- struct{}{}
	}
	if o.gate != nil {
		select {
		case <-o.gate:
		case <-ctx.Done():
			return nil, kg.WrapError(kg.EUNAVAILABLE, ctx.Err(), "cancelled")
		}
	}
	if !o.up.Load() {
		return nil, o.err
	}
	b := &fakeBackend{Store: o.store}
	select {
	case o.opened <- b:
	default:
	}
	return b, nil
}

// settle waits for a running attempt to finish installing its result. The opener reports
// "opened" from inside open, before Lazy stores the backend; without this a caller that
// races in between is told, correctly, that an attempt is still running.
func settle(l *Lazy) {
	l.mu.Lock()
	a := l.attempt
	l.mu.Unlock()
	if a != nil {
		<-a
	}
}

func search(s kg.Store) error {
	_, err := s.Search(context.Background(), kg.SearchQuery{Text: "vaxjo", First: 1})
	return err
}

// Down at start-up: not ready, UNAVAILABLE at once; up later: ready and serving, without a
// new Lazy — through the breaker, as kg serve wires it.
func TestLazyStartsDownAndRecovers(t *testing.T) {
	o := newOpener(t)
	lz := NewLazy(o.open)
	defer lz.Close(context.Background())
	br := New(lz, 2, time.Minute)
	ready := func() error { return br.Ready(context.Background(), lz.Ready) }

	if err := lz.Connect(context.Background()); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("connect while down: %v", err)
	}
	if err := ready(); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("ready while down: %v", err)
	}
	if err := search(br); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("search while down: %v", err)
	}
	if lz.Opened() {
		t.Fatal("opened while down")
	}
	o.up.Store(true)
	// The circuit is open (the readiness check opened it); a readiness check closes it.
	if err := ready(); err != nil {
		t.Fatalf("ready after the backend came up: %v", err)
	}
	if err := search(br); err != nil {
		t.Fatalf("search after recovery: %v", err)
	}
	n := o.attempts.Load()
	for range 5 {
		if err := search(br); err != nil {
			t.Fatal(err)
		}
	}
	if o.attempts.Load() != n {
		t.Errorf("an open backend was opened again (%d more attempts)", o.attempts.Load()-n)
	}
}

// A configuration error keeps its code for Connect (kg serve exits on it) but is
// UNAVAILABLE to callers of the store.
func TestLazyErrors(t *testing.T) {
	o := newOpener(t)
	o.err = kg.Errorf(kg.EINVALID, "NEO4J_URI is not a valid Neo4j URI")
	lz := NewLazy(o.open)
	defer lz.Close(context.Background())
	if err := lz.Connect(context.Background()); kg.ErrorCode(err) != kg.EINVALID {
		t.Errorf("connect: %v", err)
	}
	if err := search(lz); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Errorf("search: %v", err)
	}
}

// While one attempt runs, other callers fail at once instead of queueing behind it; the
// caller that started it gets its result.
func TestLazyOneAttemptAtATime(t *testing.T) {
	o := newOpener(t)
	o.up.Store(true)
	o.gate, o.started = make(chan struct{}), make(chan struct{}, 4)
	lz := NewLazy(o.open)
	defer lz.Close(context.Background())

	first := make(chan error, 1)
	go func() { first <- search(lz) }()
	<-o.started
	for range 3 {
		if err := search(lz); !errors.Is(err, errConnecting) {
			t.Fatalf("caller during an attempt: %v, want %v", err, errConnecting)
		}
	}
	if got := o.attempts.Load(); got != 1 {
		t.Errorf("%d attempts, want 1", got)
	}
	close(o.gate)
	if err := <-first; err != nil {
		t.Fatalf("the caller that started the attempt: %v", err)
	}
	// A caller that gives up while waiting returns; the attempt still completes.
	o2 := newOpener(t)
	o2.up.Store(true)
	o2.gate, o2.started = make(chan struct{}), make(chan struct{}, 1)
	lz2 := NewLazy(o2.open)
	defer lz2.Close(context.Background())
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { _, err := lz2.Search(ctx, kg.SearchQuery{Text: "vaxjo", First: 1}); done <- err }()
	<-o2.started
	cancel()
	if err := <-done; kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Errorf("cancelled caller: %v", err)
	}
	close(o2.gate)
	<-o2.opened
	settle(lz2)
	if err := search(lz2); err != nil {
		t.Errorf("after the abandoned attempt succeeded: %v", err)
	}
}

// Retry opens the backend in the background once it comes up; Close stops it and closes
// the backend.
func TestLazyRetry(t *testing.T) {
	o := newOpener(t)
	o.started = make(chan struct{}, 100)
	lz := NewLazy(o.open)
	lz.Retry(time.Millisecond)
	<-o.started // a first attempt, while down
	<-o.started // and a retry
	o.up.Store(true)
	var b *fakeBackend
	select {
	case b = <-o.opened:
	case <-time.After(10 * time.Second):
		t.Fatal("the background retry never opened the backend")
	}
	settle(lz)
	if err := lz.Ready(context.Background()); err != nil {
		t.Fatalf("ready: %v", err)
	}
	if err := lz.Close(context.Background()); err != nil || !b.closed.Load() {
		t.Errorf("close: %v, backend closed %v", err, b.closed.Load())
	}
	if err := search(lz); !errors.Is(err, errClosed) {
		t.Errorf("after close: %v", err)
	}
}

// Close while down stops the retry loop (no goroutine keeps dialling).
func TestLazyCloseWhileDown(t *testing.T) {
	o := newOpener(t)
	o.started = make(chan struct{}, 100)
	lz := NewLazy(o.open)
	lz.Retry(time.Millisecond)
	<-o.started
	if err := lz.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
	n := o.attempts.Load()
	if err := lz.Connect(context.Background()); !errors.Is(err, errClosed) || o.attempts.Load() != n {
		t.Errorf("connect after close: %v (%d attempts)", err, o.attempts.Load()-n)
	}
}
