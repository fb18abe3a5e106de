package graph

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

type countEdgesOf struct {
	kg.Store
	mu    sync.Mutex
	calls []kg.EdgeFilter
	fail  error
}

func (c *countEdgesOf) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	c.mu.Lock()
	c.calls = append(c.calls, f)
	c.mu.Unlock()
	if c.fail != nil {
		return nil, c.fail
	}
	return c.Store.EdgesOf(ctx, ids, f)
}

func TestSpecRoundTrip(t *testing.T) {
	for _, f := range []kg.EdgeFilter{
		{},
		{Types: []kg.EdgeType{kg.EdgePartOf}, Direction: kg.DirIn, Limit: 1000},
		{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds}, Direction: kg.DirOut, Limit: 7},
	} {
		got := parseSpec(specOf(f))
		if specOf(got) != specOf(f) {
			t.Errorf("round trip of %+v gave %+v", f, got)
		}
	}
	a := specOf(kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeFunds, kg.EdgeMemberOf}})
	b := specOf(kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds}, Direction: kg.DirBoth})
	if a != b {
		t.Errorf("equivalent filters give different specs %q %q", a, b)
	}
}

// Keys with the same spec share one EdgesOf call; a different spec gets its own; a failing
// store fails every key of the batch rather than returning partial results.
func TestEdgesLoaderBatchesBySpec(t *testing.T) {
	st, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	cs := &countEdgesOf{Store: st}
	l := NewLoaders(cs, 20*time.Millisecond)
	ctx := context.Background()
	ids := []string{}
	nodes := storetest.Graph().Nodes
	for _, n := range nodes[:6] {
		ids = append(ids, n.ID)
	}
	specA := specOf(kg.EdgeFilter{Direction: kg.DirOut, Limit: 50})
	specB := specOf(kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn, Limit: 50})
	var wg sync.WaitGroup
	for _, id := range ids {
		for _, spec := range []string{specA, specB} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := l.edges.Load(ctx, edgeKey{id: id, spec: spec}); err != nil {
					t.Error(err)
				}
			}()
		}
	}
	wg.Wait()
	if len(cs.calls) != 2 {
		t.Fatalf("EdgesOf called %d times for 2 specs: %+v", len(cs.calls), cs.calls)
	}

	boom := &countEdgesOf{Store: st, fail: errors.New("boom")}
	l = NewLoaders(boom, 5*time.Millisecond)
	res, err := l.edges.LoadAll(ctx, []edgeKey{{id: ids[0], spec: specA}, {id: ids[1], spec: specA}})
	if err == nil {
		t.Fatalf("failing store gave %v and no error", res)
	}
	if _, err := l.nodes.Load(ctx, "x"); err != nil {
		t.Fatalf("node loader: %v", err)
	}
}
