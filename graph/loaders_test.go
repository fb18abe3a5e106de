package graph

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

func mustSpec(t *testing.T, f kg.EdgeFilter) edgeSpec {
	t.Helper()
	s, err := specOf(f)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Every edge type has a place in a type set, and a spec stands for the filter it came from;
// equivalent filters give equal specs; a type the set cannot hold is an error, never "all".
func TestEdgeSpec(t *testing.T) {
	for _, f := range []kg.EdgeFilter{
		{Direction: kg.DirBoth},
		{Types: []kg.EdgeType{kg.EdgePartOf}, Direction: kg.DirIn, Limit: 1000},
		{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds}, Direction: kg.DirOut, Limit: 7},
		{Types: kg.AllEdgeTypes, Direction: kg.DirOut},
	} {
		if got := mustSpec(t, f).filter(); !sameFilter(got, f) {
			t.Errorf("spec of %+v stands for %+v", f, got)
		}
	}
	a := mustSpec(t, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeFunds, kg.EdgeMemberOf}})
	b := mustSpec(t, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeFunds, kg.EdgeFunds}, Direction: kg.DirBoth})
	if a != b {
		t.Errorf("equivalent filters give different specs %+v %+v", a, b)
	}
	if a == mustSpec(t, kg.EdgeFilter{}) {
		t.Error("a typed filter has the spec of the untyped one")
	}
	if _, err := specOf(kg.EdgeFilter{Types: []kg.EdgeType{"NO_SUCH_TYPE"}}); kg.ErrorCode(err) != kg.EINTERNAL {
		t.Errorf("unknown type: %v", err)
	}
}

// sameFilter compares filters as sets of types (a spec lists them in kg.AllEdgeTypes order).
func sameFilter(a, b kg.EdgeFilter) bool {
	if a.Direction != b.Direction || a.Limit != b.Limit || len(a.Types) != len(b.Types) {
		return false
	}
	in := map[kg.EdgeType]bool{}
	for _, t := range a.Types {
		in[t] = true
	}
	for _, t := range b.Types {
		if !in[t] {
			return false
		}
	}
	return true
}

// Each mandate side selects by its own end, and a lookup without a side fails rather than
// meaning one of them.
func TestMandateSide(t *testing.T) {
	m := &kg.Mandate{Person: "p", OnBehalfOf: "o", Body: "b"}
	at := kg.PartialDate{Year: 2018}
	for _, c := range []struct {
		side mandateSide
		end  string
		want kg.MandateFilter
	}{
		{sidePerson, "p", kg.MandateFilter{Persons: []string{"x"}, ActiveAt: at}},
		{sidePrincipal, "o", kg.MandateFilter{OnBehalfOf: []string{"x"}, ActiveAt: at}},
		{sideBody, "b", kg.MandateFilter{Bodies: []string{"x"}, ActiveAt: at}},
	} {
		f, err := c.side.filter([]string{"x"}, at)
		if err != nil || len(f.Persons) != len(c.want.Persons) || len(f.OnBehalfOf) != len(c.want.OnBehalfOf) || len(f.Bodies) != len(c.want.Bodies) || f.ActiveAt != at {
			t.Errorf("side %d: filter %+v, %v; want %+v", c.side, f, err, c.want)
		}
		if got := c.side.of(m); got != c.end {
			t.Errorf("side %d: end %q, want %q", c.side, got, c.end)
		}
	}
	var none mandateSide
	if _, err := none.filter([]string{"x"}, at); kg.ErrorCode(err) != kg.EINTERNAL {
		t.Errorf("zero side: %v", err)
	}
	st, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	res, errs := fetchMandates(context.Background(), st, []mandateKey{{id: "x"}})
	if len(errs) != 1 || kg.ErrorCode(errs[0]) != kg.EINTERNAL || res[0] != nil {
		t.Errorf("fetch without a side: %v %v", res, errs)
	}
}

// Keys with the same spec share one EdgesOf call; a different spec gets its own; a failing
// store fails every key of the batch rather than returning partial results.
func TestEdgesLoaderBatchesBySpec(t *testing.T) {
	st, err := memstore.New(storetest.Graph())
	if err != nil {
		t.Fatal(err)
	}
	cs := kgtest.New(st)
	l := NewLoaders(cs, time.Millisecond)
	ctx := context.Background()
	ids := []string{}
	for _, n := range storetest.Graph().Nodes[:6] {
		ids = append(ids, n.ID)
	}
	specA := mustSpec(t, kg.EdgeFilter{Direction: kg.DirOut, Limit: 50})
	specB := mustSpec(t, kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn, Limit: 50})
	var keys []edgeKey
	for _, id := range ids {
		keys = append(keys, edgeKey{id: id, spec: specA}, edgeKey{id: id, spec: specB})
	}
	// LoadAll queues every key before the batch runs: one batch, whatever the timing.
	lists, err := l.edges.LoadAll(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		want, _ := st.EdgesOf(ctx, []string{k.id}, k.spec.filter())
		if len(lists[i]) != len(want[0]) {
			t.Errorf("%s %+v: %d edges, want %d", k.id, k.spec, len(lists[i]), len(want[0]))
		}
	}
	if n := cs.Calls(kgtest.EdgesOf); n != 2 {
		t.Fatalf("EdgesOf called %d times for 2 specs: %+v", n, cs.Log())
	}

	boom := kgtest.New(st)
	boom.Fail(kgtest.EdgesOf, kgtest.Unavailable(errors.New("boom")))
	l = NewLoaders(boom, time.Millisecond)
	res, err := l.edges.LoadAll(ctx, []edgeKey{{id: ids[0], spec: specA}, {id: ids[1], spec: specA}})
	if kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Fatalf("failing store gave %v and error %v", res, err)
	}
	if _, err := l.nodes.Load(ctx, "x"); err != nil {
		t.Fatalf("node loader: %v", err)
	}
}
