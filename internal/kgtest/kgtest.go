// Package kgtest is the one test double of the kg.Store port: a Store that passes every call
// to a real store (usually memstore over a fixture) and lets a test count calls and make
// chosen methods fail, panic, stall behind a gate, run slowly, or hold until their context ends.
//
// It behaves like the real stores where a test cannot tell them apart: a call that gives up
// because its context ended returns a *kg.Error (TIMEOUT for a deadline, UNAVAILABLE for a
// cancellation, as kg.ETIMEOUT documents), and the error a test injects is returned exactly
// as given, so a test can also feed the code under test an unclassified error on purpose.
// Use Unavailable for the error a real store gives when its backend is down.
//
// Hooks are set per method (or for All methods) and may be changed while calls run; every
// method is safe for concurrent use. Nothing here sleeps to order goroutines: a Gate reports
// each call that reaches it on a channel, and Slow waits on a timer or the call's context.
package kgtest

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// Method names a kg.Store method.
type Method string

// The methods of kg.Store, and All, which a hook may be set for to apply to every method.
const (
	NodesByIDs    Method = "NodesByIDs"
	EdgesByIDs    Method = "EdgesByIDs"
	MandatesByIDs Method = "MandatesByIDs"
	EdgesOf       Method = "EdgesOf"
	Mandates      Method = "Mandates"
	Search        Method = "Search"
	Path          Method = "Path"
	Neighbourhood Method = "Neighbourhood"
	ListNodes     Method = "ListNodes"
	Sources       Method = "Sources"
	Stats         Method = "Stats"
	All           Method = "*"
)

// Methods lists every method of kg.Store.
var Methods = []Method{NodesByIDs, EdgesByIDs, MandatesByIDs, EdgesOf, Mandates, Search, Path, Neighbourhood, ListNodes, Sources, Stats, Counts, Timeline}

// Call is one recorded call: the method and its argument besides the context (the ids, the
// filter or the query; for EdgesOf an EdgesOfArgs; nil for Sources and Stats).
type Call struct {
	Method Method
	Arg    any
}

// EdgesOfArgs is the recorded argument of an EdgesOf call.
type EdgesOfArgs struct {
	IDs    []string
	Filter kg.EdgeFilter
}

// Unavailable is the error a real store returns when its backend cannot be reached.
func Unavailable(cause error) error {
	return kg.WrapError(kg.EUNAVAILABLE, cause, "the graph database is unavailable")
}

// contextError is what the real stores return when ctx ended before the work did.
func contextError(err error) error {
	if errors.Is(err, context.DeadlineExceeded) {
		return kg.WrapError(kg.ETIMEOUT, err, "the request's deadline passed")
	}
	return kg.WrapError(kg.EUNAVAILABLE, err, "request cancelled")
}

// Store is a kg.Store that forwards to the store it wraps, after counting the call and applying the hooks
// set for its method and for All.
type Store struct {
	next kg.Store

	mu       sync.Mutex
	calls    []Call
	fail     map[Method]error
	failOnce map[Method][]error
	slow     map[Method]time.Duration
	gates    map[Method]*Gate
	panics   map[Method]any
	untilEnd map[Method]func(error) error
}

// New wraps next.
func New(next kg.Store) *Store {
	return &Store{
		next:     next,
		fail:     map[Method]error{},
		failOnce: map[Method][]error{},
		slow:     map[Method]time.Duration{},
		gates:    map[Method]*Gate{},
		panics:   map[Method]any{},
		untilEnd: map[Method]func(error) error{},
	}
}

// Next is the wrapped store.
func (s *Store) Next() kg.Store { return s.next }

// Calls is the number of calls of m so far (of every method for All), including calls that
// failed or are still waiting at a gate.
func (s *Store) Calls(m Method) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if m == All || c.Method == m {
			n++
		}
	}
	return n
}

// Log returns the calls so far, in the order they arrived.
func (s *Store) Log() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// ResetCalls forgets the calls so far (the hooks stay).
func (s *Store) ResetCalls() {
	s.mu.Lock()
	s.calls = nil
	s.mu.Unlock()
}

// Fail makes every later call of m fail with err, until Fail(m, nil).
func (s *Store) Fail(m Method, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err == nil {
		delete(s.fail, m)
		return
	}
	s.fail[m] = err
}

// FailOnce makes the next call of m fail with err; called n times, the next n calls fail.
func (s *Store) FailOnce(m Method, err error) {
	s.mu.Lock()
	s.failOnce[m] = append(s.failOnce[m], err)
	s.mu.Unlock()
}

// Panic makes every later call of m panic with v (after its waits), until Panic(m, nil).
func (s *Store) Panic(m Method, v any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if v == nil {
		delete(s.panics, m)
		return
	}
	s.panics[m] = v
}

// Slow makes every later call of m take d longer (0 removes it). A call whose context ends
// first returns at once with the error a real store gives for that.
func (s *Store) Slow(m Method, d time.Duration) {
	s.mu.Lock()
	s.slow[m] = d
	s.mu.Unlock()
}

// UntilDone makes every later call of m wait until its context ends and then return
// wrap(ctx.Err()), exactly as wrap gives it: a store whose query outlives the request and
// reports that in its own words (a real driver may call a deadline UNAVAILABLE, for one).
// A nil wrap gives the default, the error the real stores return for that. UntilDone(m,
// nil) does not remove the hook; StopUntilDone(m) does.
func (s *Store) UntilDone(m Method, wrap func(ctxErr error) error) {
	if wrap == nil {
		wrap = contextError
	}
	s.mu.Lock()
	s.untilEnd[m] = wrap
	s.mu.Unlock()
}

// StopUntilDone removes the UntilDone hook of m.
func (s *Store) StopUntilDone(m Method) {
	s.mu.Lock()
	delete(s.untilEnd, m)
	s.mu.Unlock()
}

// Gate makes every later call of m stop at a gate until it is released (or the call's
// context ends). It replaces a gate already set for m.
func (s *Store) Gate(m Method) *Gate {
	g := &Gate{entered: make(chan Call, 1024), open: make(chan struct{})}
	s.mu.Lock()
	s.gates[m] = g
	s.mu.Unlock()
	return g
}

// Gate holds calls until Release. Entered receives each call as it reaches the gate, so a
// test waits for "the call is in the store" without sleeping.
type Gate struct {
	entered chan Call
	open    chan struct{}
	once    sync.Once
}

// Entered receives every call that reaches the gate (buffered; calls beyond the buffer are
// not reported but still wait).
func (g *Gate) Entered() <-chan Call { return g.entered }

// Release lets every waiting and every later call through. It may be called more than once.
func (g *Gate) Release() { g.once.Do(func() { close(g.open) }) }

// before records the call and applies the hooks: the call waits at the gates (of m, then
// of All), then out the slowness, and then fails with the injected error or panics, as a
// backend that times out after a while does. Which injected failure a call gets is decided
// when it arrives, so "fail once" goes to the first call in, however the waits end.
func (s *Store) before(ctx context.Context, m Method, arg any) error {
	c := Call{Method: m, Arg: arg}
	s.mu.Lock()
	s.calls = append(s.calls, c)
	var err error
	for _, k := range []Method{m, All} {
		if q := s.failOnce[k]; err == nil && len(q) > 0 {
			err, s.failOnce[k] = q[0], q[1:]
		}
	}
	if err == nil {
		if e, ok := s.fail[m]; ok {
			err = e
		} else if e, ok := s.fail[All]; ok {
			err = e
		}
	}
	panicWith, panics := s.panics[m]
	if !panics {
		panicWith, panics = s.panics[All]
	}
	gates := []*Gate{s.gates[m], s.gates[All]}
	slow := s.slow[m] + s.slow[All]
	untilEnd, waitEnd := s.untilEnd[m]
	if !waitEnd {
		untilEnd, waitEnd = s.untilEnd[All]
	}
	s.mu.Unlock()
	for _, g := range gates {
		if g == nil {
			continue
		}
		select {
		case g.entered <- c:
		default:
		}
		select {
		case <-g.open:
		case <-ctx.Done():
			return contextError(ctx.Err())
		}
	}
	if slow > 0 {
		t := time.NewTimer(slow)
		defer t.Stop()
		select {
		case <-t.C:
		case <-ctx.Done():
			return contextError(ctx.Err())
		}
	}
	if waitEnd {
		<-ctx.Done()
		return untilEnd(ctx.Err())
	}
	if err != nil {
		return err
	}
	if panics {
		panic(panicWith)
	}
	if err := ctx.Err(); err != nil {
		return contextError(err)
	}
	return nil
}

// NodesByIDs implements kg.Store.
func (s *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	if err := s.before(ctx, NodesByIDs, ids); err != nil {
		return nil, err
	}
	return s.next.NodesByIDs(ctx, ids)
}

// EdgesByIDs implements kg.Store.
func (s *Store) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	if err := s.before(ctx, EdgesByIDs, ids); err != nil {
		return nil, err
	}
	return s.next.EdgesByIDs(ctx, ids)
}

// MandatesByIDs implements kg.Store.
func (s *Store) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	if err := s.before(ctx, MandatesByIDs, ids); err != nil {
		return nil, err
	}
	return s.next.MandatesByIDs(ctx, ids)
}

// EdgesOf implements kg.Store.
func (s *Store) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	if err := s.before(ctx, EdgesOf, EdgesOfArgs{IDs: ids, Filter: f}); err != nil {
		return nil, err
	}
	return s.next.EdgesOf(ctx, ids, f)
}

// Mandates implements kg.Store.
func (s *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	if err := s.before(ctx, Mandates, f); err != nil {
		return nil, err
	}
	return s.next.Mandates(ctx, f)
}

// Search implements kg.Store.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	if err := s.before(ctx, Search, q); err != nil {
		return nil, err
	}
	return s.next.Search(ctx, q)
}

// Path implements kg.Store.
func (s *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	if err := s.before(ctx, Path, q); err != nil {
		return nil, err
	}
	return s.next.Path(ctx, q)
}

// Neighbourhood implements kg.Store.
func (s *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	if err := s.before(ctx, Neighbourhood, q); err != nil {
		return nil, err
	}
	return s.next.Neighbourhood(ctx, q)
}

// ListNodes implements kg.Store.
func (s *Store) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	if err := s.before(ctx, ListNodes, q); err != nil {
		return nil, err
	}
	return s.next.ListNodes(ctx, q)
}

// Sources implements kg.Store.
func (s *Store) Sources(ctx context.Context) ([]*kg.Source, error) {
	if err := s.before(ctx, Sources, nil); err != nil {
		return nil, err
	}
	return s.next.Sources(ctx)
}

// Stats implements kg.Store.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	if err := s.before(ctx, Stats, nil); err != nil {
		return kg.Stats{}, err
	}
	return s.next.Stats(ctx)
}

var _ kg.Store = (*Store)(nil)
