package kgtest

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

func newStore(t *testing.T) *Store {
	t.Helper()
	ms, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	return New(ms)
}

func TestCountsAndForwards(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	id := storetest.Graph().Nodes[0].ID
	ns, err := s.NodesByIDs(ctx, []string{id})
	if err != nil || len(ns) != 1 || ns[0] == nil || ns[0].ID != id {
		t.Fatalf("NodesByIDs forwarded %v, %v", ns, err)
	}
	if _, err := s.EdgesOf(ctx, []string{id}, kg.EdgeFilter{Direction: kg.DirOut}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	for m, want := range map[Method]int{NodesByIDs: 1, EdgesOf: 1, Stats: 1, Search: 0, All: 3} {
		if got := s.Calls(m); got != want {
			t.Errorf("Calls(%s) = %d, want %d", m, got, want)
		}
	}
	log := s.Log()
	if a, ok := log[1].Arg.(EdgesOfArgs); !ok || a.Filter.Direction != kg.DirOut || a.IDs[0] != id {
		t.Errorf("EdgesOf recorded as %+v", log[1])
	}
	s.ResetCalls()
	if s.Calls(All) != 0 {
		t.Error("ResetCalls kept calls")
	}
}

func TestFailures(t *testing.T) {
	s := newStore(t)
	ctx := context.Background()
	down := Unavailable(errors.New("connection refused"))
	if kg.ErrorCode(down) != kg.EUNAVAILABLE {
		t.Fatalf("Unavailable has code %s", kg.ErrorCode(down))
	}
	s.FailOnce(Search, down)
	if _, err := s.Search(ctx, kg.SearchQuery{Text: "x", First: 1}); !errors.Is(err, down) {
		t.Errorf("first call after FailOnce: %v", err)
	}
	if _, err := s.Search(ctx, kg.SearchQuery{Text: "x", First: 1}); err != nil {
		t.Errorf("second call after FailOnce: %v", err)
	}
	raw := errors.New("raw")
	s.Fail(All, raw)
	for i := 0; i < 3; i++ {
		if _, err := s.Sources(ctx); err != raw {
			t.Errorf("Fail(All): call %d gave %v, want the injected error as given", i, err)
		}
	}
	s.Fail(All, nil)
	if _, err := s.Sources(ctx); err != nil {
		t.Errorf("after Fail(All, nil): %v", err)
	}
	if s.Calls(Sources) != 4 {
		t.Errorf("failed calls not counted: %d", s.Calls(Sources))
	}
}

func TestGate(t *testing.T) {
	s := newStore(t)
	g := s.Gate(Stats)
	done := make(chan error, 2)
	for i := 0; i < 2; i++ {
		go func() {
			_, err := s.Stats(context.Background())
			done <- err
		}()
	}
	<-g.Entered()
	<-g.Entered()
	select {
	case err := <-done:
		t.Fatalf("a call passed a closed gate: %v", err)
	default:
	}
	// A call whose context ends at the gate gives up like a real store does.
	ctx, cancel := context.WithCancel(context.Background())
	cancelled := make(chan error, 1)
	go func() {
		_, err := s.Stats(ctx)
		cancelled <- err
	}()
	<-g.Entered()
	cancel()
	if err := <-cancelled; kg.ErrorCode(err) != kg.EUNAVAILABLE || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled at the gate: %v", err)
	}
	g.Release()
	g.Release()
	for i := 0; i < 2; i++ {
		if err := <-done; err != nil {
			t.Errorf("released call: %v", err)
		}
	}
	if _, err := s.Stats(context.Background()); err != nil {
		t.Errorf("call after release: %v", err)
	}
}

func TestSlowHonoursContext(t *testing.T) {
	s := newStore(t)
	s.Slow(All, time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, err := s.ListNodes(ctx, kg.ListQuery{First: 1})
	if kg.ErrorCode(err) != kg.ETIMEOUT || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow call past its deadline: %v", err)
	}
	s.Slow(All, 0)
	if _, err := s.ListNodes(context.Background(), kg.ListQuery{First: 1}); err != nil {
		t.Errorf("after Slow(All, 0): %v", err)
	}
}

// A failure injected for a gated call comes after the gate, like a backend that answers
// with an error once it answers at all; the first call in gets the "once" failure.
func TestFailAfterGate(t *testing.T) {
	s := newStore(t)
	g := s.Gate(Mandates)
	down := Unavailable(errors.New("gone"))
	s.FailOnce(Mandates, down)
	first := make(chan error, 1)
	go func() {
		_, err := s.Mandates(context.Background(), kg.MandateFilter{})
		first <- err
	}()
	<-g.Entered()
	second := make(chan error, 1)
	go func() {
		_, err := s.Mandates(context.Background(), kg.MandateFilter{})
		second <- err
	}()
	<-g.Entered()
	select {
	case err := <-first:
		t.Fatalf("failure returned before the gate opened: %v", err)
	default:
	}
	g.Release()
	if err := <-first; !errors.Is(err, down) {
		t.Errorf("first call: %v, want the injected failure", err)
	}
	if err := <-second; err != nil {
		t.Errorf("second call: %v", err)
	}
}

func TestPanic(t *testing.T) {
	s := newStore(t)
	s.Panic(Path, "boom")
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want boom", v)
			}
		}()
		_, _ = s.Path(context.Background(), kg.PathQuery{From: "a", To: "b", MaxHops: 1})
		t.Error("Path did not panic")
	}()
	s.Panic(Path, nil)
	if _, err := s.Path(context.Background(), kg.PathQuery{From: "a", To: "b", MaxHops: 1}); err != nil {
		t.Errorf("after Panic(Path, nil): %v", err)
	}
}

// UntilDone holds a call until its context ends and returns the error in the words given,
// or the real stores' default for a nil wrap; other methods are untouched.
func TestUntilDone(t *testing.T) {
	s := newStore(t)
	own := errors.New("the graph database did not answer in time")
	s.UntilDone(Search, func(ctxErr error) error { return kg.WrapError(kg.EUNAVAILABLE, ctxErr, "%s", own) })
	s.UntilDone(ListNodes, nil)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() {
		_, err := s.Search(ctx, kg.SearchQuery{Text: "a", First: 1})
		got <- err
	}()
	if _, err := s.Stats(context.Background()); err != nil {
		t.Fatalf("Stats has no hook: %v", err)
	}
	select {
	case err := <-got:
		t.Fatalf("Search returned before its context ended: %v", err)
	default:
	}
	cancel()
	if err := <-got; kg.ErrorCode(err) != kg.EUNAVAILABLE || !errors.Is(err, context.Canceled) {
		t.Errorf("Search after cancel: %v", err)
	}
	dl, cancel2 := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel2()
	if _, err := s.ListNodes(dl, kg.ListQuery{First: 1}); kg.ErrorCode(err) != kg.ETIMEOUT {
		t.Errorf("default wrap for a deadline: %v", err)
	}
	s.StopUntilDone(Search)
	if _, err := s.Search(context.Background(), kg.SearchQuery{Text: "a", First: 1}); err != nil {
		t.Errorf("after StopUntilDone: %v", err)
	}
}
