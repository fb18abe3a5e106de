package breaker

import (
	"context"
	"sync"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// Backend is a store with a connection that can be checked and closed, such as
// *neo4jstore.Store.
type Backend interface {
	kg.Store
	Ready(context.Context) error
	Close(context.Context) error
}

// Lazy is a kg.Store whose backend is opened when it can be rather than once at start-up,
// so that a service whose database is down when it starts still starts: it reports
// not-ready, answers UNAVAILABLE at once, and serves as soon as an attempt to open the
// backend succeeds — triggered by a call, by a readiness check, or by the background retry
// (Retry) — without a restart. Once open, the backend is kept; reconnecting after a later
// outage is the backend's own business (the Neo4j driver's pool does it) and failing fast
// meanwhile the breaker's (put Lazy under New).
//
// At most one attempt to open runs at a time. A caller that starts one waits for it (within
// its own context); callers that arrive while it runs fail at once with UNAVAILABLE rather
// than queue behind a connection attempt.
type Lazy struct {
	open func(context.Context) (Backend, error)

	life   context.Context // ends with Close; attempts to open run under it
	cancel context.CancelFunc
	bg     sync.WaitGroup

	mu      sync.Mutex
	backend Backend
	attempt chan struct{} // closed when the running attempt ends; nil when none runs
	lastErr error
	closed  bool
}

var _ kg.Store = (*Lazy)(nil)

// NewLazy returns a Lazy that opens its backend with open. Nothing is attempted until the
// first call, Connect, Ready or Retry.
func NewLazy(open func(context.Context) (Backend, error)) *Lazy {
	life, cancel := context.WithCancel(context.Background())
	return &Lazy{open: open, life: life, cancel: cancel}
}

var (
	errConnecting = kg.Errorf(kg.EUNAVAILABLE, "the graph database is not reachable yet; retry shortly")
	errClosed     = kg.Errorf(kg.EUNAVAILABLE, "the graph database connection is closed")
)

// Connect makes one attempt to open the backend now, unless it is open already (nil) or an
// attempt is running (UNAVAILABLE at once). It returns the opener's error unchanged, so a
// caller can tell a configuration error (INVALID) from an outage (UNAVAILABLE).
func (l *Lazy) Connect(ctx context.Context) error {
	_, err := l.get(ctx)
	return err
}

func (l *Lazy) get(ctx context.Context) (Backend, error) {
	l.mu.Lock()
	switch {
	case l.backend != nil:
		b := l.backend
		l.mu.Unlock()
		return b, nil
	case l.closed:
		l.mu.Unlock()
		return nil, errClosed
	case l.attempt != nil:
		l.mu.Unlock()
		return nil, errConnecting
	}
	done := make(chan struct{})
	l.attempt = done
	l.mu.Unlock()

	go l.try(done)
	select {
	case <-done:
	case <-ctx.Done():
		return nil, kg.WrapError(kg.EUNAVAILABLE, ctx.Err(), "the graph database is not reachable yet; retry shortly")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.backend != nil {
		return l.backend, nil
	}
	return nil, l.lastErr
}

// try runs one attempt under the Lazy's lifetime (not the caller's context: a caller that
// gives up does not waste an attempt that is about to succeed).
func (l *Lazy) try(done chan struct{}) {
	b, err := l.open(l.life)
	l.mu.Lock()
	defer l.mu.Unlock()
	defer close(done)
	l.attempt = nil
	if err != nil {
		l.lastErr = err
		return
	}
	if l.closed {
		_ = b.Close(context.Background())
		return
	}
	l.backend, l.lastErr = b, nil
}

// store returns the backend for a kg.Store call: any failure to open is UNAVAILABLE to the
// caller (the opener's own message and cause stay in Err, for logs).
func (l *Lazy) store(ctx context.Context) (kg.Store, error) {
	b, err := l.get(ctx)
	if err != nil {
		if kg.ErrorCode(err) != kg.EUNAVAILABLE {
			err = kg.WrapError(kg.EUNAVAILABLE, err, "the graph database is not reachable yet; retry shortly")
		}
		return nil, err
	}
	return b, nil
}

// Opened reports whether the backend has been opened.
func (l *Lazy) Opened() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.backend != nil
}

// Ready opens the backend if need be and asks it whether it can serve.
func (l *Lazy) Ready(ctx context.Context) error {
	b, err := l.get(ctx)
	if err != nil {
		return err
	}
	return b.Ready(ctx)
}

// Retry keeps trying to open the backend in the background, at once and then every
// interval, until an attempt succeeds or the Lazy is closed.
func (l *Lazy) Retry(every time.Duration) {
	l.bg.Add(1)
	go func() {
		defer l.bg.Done()
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			if _, err := l.get(l.life); err == nil {
				return
			}
			select {
			case <-l.life.Done():
				return
			case <-t.C:
			}
		}
	}()
}

// Close stops the background retry, cancels a running attempt and closes the backend if it
// was opened.
func (l *Lazy) Close(ctx context.Context) error {
	l.mu.Lock()
	l.closed = true
	attempt := l.attempt
	l.mu.Unlock()
	l.cancel()
	l.bg.Wait()
	if attempt != nil {
		<-attempt
	}
	l.mu.Lock()
	b := l.backend
	l.backend = nil
	l.mu.Unlock()
	if b == nil {
		return nil
	}
	return b.Close(ctx)
}

func (l *Lazy) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.NodesByIDs(ctx, ids)
}

func (l *Lazy) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.EdgesByIDs(ctx, ids)
}

func (l *Lazy) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.MandatesByIDs(ctx, ids)
}

func (l *Lazy) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.EdgesOf(ctx, ids, f)
}

func (l *Lazy) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Mandates(ctx, f)
}

func (l *Lazy) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Search(ctx, q)
}

func (l *Lazy) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Path(ctx, q)
}

func (l *Lazy) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Neighbourhood(ctx, q)
}

func (l *Lazy) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.ListNodes(ctx, q)
}

func (l *Lazy) Sources(ctx context.Context) ([]*kg.Source, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Sources(ctx)
}

func (l *Lazy) Stats(ctx context.Context) (kg.Stats, error) {
	s, err := l.store(ctx)
	if err != nil {
		return kg.Stats{}, err
	}
	return s.Stats(ctx)
}
