// Package breaker wraps a kg.Store so that an outage of its backend (Neo4j down, network
// cut) makes requests fail fast instead of each one waiting out connection timeouts, and so
// that the service recovers by itself when the backend returns — no restart.
//
// It is a plain circuit breaker: after Threshold UNAVAILABLE errors with no success between
// them the circuit opens and every call fails at once with UNAVAILABLE; after Cooldown one
// probe call is let through (half-open); its success closes the circuit, its UNAVAILABLE
// failure opens it again. Only a success proves the backend reachable and only UNAVAILABLE
// counts against it: a bad cursor or a not-found is the client's problem and may be decided
// without asking the backend at all, so it changes nothing (see record).
//
// Lazy (lazy.go) lets the service start while its backend is still unreachable.
package breaker

import (
	"context"
	"sync"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// State of the circuit.
type State int

const (
	Closed State = iota
	Open
	HalfOpen
)

func (s State) String() string {
	return [...]string{"closed", "open", "half-open"}[s]
}

// Store is a kg.Store guarded by a circuit breaker.
type Store struct {
	next      kg.Store
	threshold int
	cooldown  time.Duration
	now       func() time.Time

	mu       sync.Mutex
	state    State
	failures int
	openedAt time.Time
	probing  bool
}

// New guards next. threshold ≤ 0 means 3; cooldown ≤ 0 means 2s.
func New(next kg.Store, threshold int, cooldown time.Duration) *Store {
	if threshold <= 0 {
		threshold = 3
	}
	if cooldown <= 0 {
		cooldown = 2 * time.Second
	}
	return &Store{next: next, threshold: threshold, cooldown: cooldown, now: time.Now}
}

// State reports the circuit's state (for logs and readiness).
func (b *Store) State() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.state == Open && b.now().Sub(b.openedAt) >= b.cooldown {
		return HalfOpen
	}
	return b.state
}

var errOpen = kg.Errorf(kg.EUNAVAILABLE, "the graph database is unavailable; retry shortly")

// admit decides whether a call may go to the backend. A probe call is marked so that only
// one goes through while half-open.
func (b *Store) admit() (probe bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch b.state {
	case Closed:
		return false, nil
	case Open:
		if b.now().Sub(b.openedAt) < b.cooldown || b.probing {
			return false, errOpen
		}
		b.probing = true
		return true, nil
	}
	return false, nil
}

// record updates the circuit after a call.
//
// Only a success proves the backend reachable. A client error (a bad cursor, an unknown id,
// a forbidden field) proves nothing: the stores reject much input before any round trip
// (cursor decoding, limits), so such an error may come back without the backend having been
// asked at all; and a TIMEOUT says the backend was slow, not that it is gone. Those errors
// neither count as failures nor close the circuit — a probe that ends with one leaves the
// circuit open, so the next call probes again.
func (b *Store) record(probe bool, err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if probe {
		b.probing = false
	}
	switch {
	case err == nil:
		b.state = Closed
		b.failures = 0
	case kg.ErrorCode(err) == kg.EUNAVAILABLE:
		b.failures++
		if probe || b.failures >= b.threshold {
			b.state = Open
			b.openedAt = b.now()
		}
	}
}

func guard[T any](ctx context.Context, b *Store, f func() (T, error)) (T, error) {
	probe, err := b.admit()
	if err != nil {
		var zero T
		return zero, err
	}
	v, err := f()
	if err != nil && ctx.Err() != nil {
		// The caller gave up (timeout, disconnect): that says nothing about the backend.
		// A probe cut short leaves the circuit open, so the next call probes again.
		if probe {
			b.mu.Lock()
			b.probing = false
			b.mu.Unlock()
		}
		return v, err
	}
	b.record(probe, err)
	return v, err
}

// Ready reports the backend's readiness: it asks the backend when it has a Ready check
// (and records the answer, so a successful check closes the circuit — recovery does not
// wait for user traffic), else reports the circuit state.
func (b *Store) Ready(ctx context.Context, ready func(context.Context) error) error {
	if ready == nil {
		if b.State() == Open {
			return errOpen
		}
		return nil
	}
	err := ready(ctx)
	if err != nil && kg.ErrorCode(err) != kg.EUNAVAILABLE {
		err = kg.WrapError(kg.EUNAVAILABLE, err, "the graph database is unavailable")
	}
	b.mu.Lock()
	if err == nil {
		b.state, b.failures = Closed, 0
	} else if b.state == Closed {
		b.state, b.openedAt = Open, b.now()
	}
	b.mu.Unlock()
	return err
}

func (b *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	return guard(ctx, b, func() ([]*kg.Node, error) { return b.next.NodesByIDs(ctx, ids) })
}

func (b *Store) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	return guard(ctx, b, func() ([]*kg.Edge, error) { return b.next.EdgesByIDs(ctx, ids) })
}

func (b *Store) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	return guard(ctx, b, func() ([]*kg.Mandate, error) { return b.next.MandatesByIDs(ctx, ids) })
}

func (b *Store) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	return guard(ctx, b, func() ([][]*kg.Edge, error) { return b.next.EdgesOf(ctx, ids, f) })
}

func (b *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	return guard(ctx, b, func() ([]*kg.Mandate, error) { return b.next.Mandates(ctx, f) })
}

func (b *Store) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	return guard(ctx, b, func() (*kg.SearchPage, error) { return b.next.Search(ctx, q) })
}

func (b *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	return guard(ctx, b, func() (*kg.Path, error) { return b.next.Path(ctx, q) })
}

func (b *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	return guard(ctx, b, func() (*kg.Subgraph, error) { return b.next.Neighbourhood(ctx, q) })
}

func (b *Store) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	return guard(ctx, b, func() (*kg.NodePage, error) { return b.next.ListNodes(ctx, q) })
}

func (b *Store) Sources(ctx context.Context) ([]*kg.Source, error) {
	return guard(ctx, b, func() ([]*kg.Source, error) { return b.next.Sources(ctx) })
}

func (b *Store) Stats(ctx context.Context) (kg.Stats, error) {
	return guard(ctx, b, func() (kg.Stats, error) { return b.next.Stats(ctx) })
}
