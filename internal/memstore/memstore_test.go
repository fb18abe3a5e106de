package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/storetest"
)

func open(t *testing.T, g *kg.Graph) *memstore.Store {
	t.Helper()
	s, err := memstore.New(g)
	if err != nil {
		t.Fatalf("memstore.New: %v", err)
	}
	return s
}

func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T, g *kg.Graph) kg.Store { return open(t, g) })
}

// checkAllPairs asks for a path between every ordered pair of g's nodes and checks it against
// breadth-first distances: nil exactly when the target is unreachable within maxHops, else a
// valid walk of the shortest length.
func checkAllPairs(t *testing.T, s kg.Store, g *kg.Graph, maxHops int, types []kg.EdgeType) {
	t.Helper()
	ctx := context.Background()
	for _, a := range g.Nodes {
		dist := storetest.Distances(g, a.ID, types)
		for _, b := range g.Nodes {
			pq := kg.PathQuery{From: a.ID, To: b.ID, MaxHops: maxHops, Types: types}
			p, err := s.Path(ctx, pq)
			if err != nil {
				t.Fatalf("%+v: %v", pq, err)
			}
			d, ok := dist[b.ID]
			if !ok || d > maxHops {
				if p != nil {
					t.Errorf("%s → %s (max %d, types %v): got %d hops, want nil (distance %d, reachable %v)",
						a.ID, b.ID, maxHops, types, len(p.Edges), d, ok)
				}
				continue
			}
			if err := storetest.ValidWalk(g, p, a.ID, b.ID, types); err != nil {
				t.Errorf("%s → %s (max %d, types %v): %v", a.ID, b.ID, maxHops, types, err)
				continue
			}
			if len(p.Edges) != d {
				t.Errorf("%s → %s (max %d, types %v): %d hops, BFS distance %d", a.ID, b.ID, maxHops, types, len(p.Edges), d)
			}
		}
	}
}

// TestPathIsShortestOnFixture: for every pair of the fixture and every MaxHops up to the
// largest allowed (the fixture's longest shortest path), Path agrees with a plain BFS.
func TestPathIsShortestOnFixture(t *testing.T) {
	g := storetest.Graph()
	s := open(t, g)
	for maxHops := 0; maxHops <= kg.MaxPathHops; maxHops++ {
		checkAllPairs(t, s, g, maxHops, nil)
	}
	checkAllPairs(t, s, g, 6, []kg.EdgeType{kg.EdgeLocatedIn})
	checkAllPairs(t, s, g, 6, []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeServesOn, kg.EdgeRepresents})
}

var writtenTypes = func() []kg.EdgeType {
	var out []kg.EdgeType
	for _, t := range kg.AllEdgeTypes {
		if !kg.EdgeRules[t].Derived {
			out = append(out, t)
		}
	}
	return out
}()

// randomGraph builds a graph with n nodes, m written edges (random ends, no self-loops,
// parallel edges allowed) and a few mandates. Kinds are random: memstore does not enforce the
// edge schema, and paths do not depend on it.
func randomGraph(r *rand.Rand, n, m, mandates int) *kg.Graph {
	g := &kg.Graph{}
	for i := range n {
		g.Nodes = append(g.Nodes, &kg.Node{
			ID:   fmt.Sprintf("n%03d", i),
			Kind: kg.AllKinds[r.IntN(len(kg.AllKinds))],
			Name: fmt.Sprintf("Nod %d", r.IntN(1000)),
		})
	}
	pair := func() (string, string) {
		a := r.IntN(n)
		b := r.IntN(n - 1)
		if b >= a {
			b++
		}
		return g.Nodes[a].ID, g.Nodes[b].ID
	}
	for i := range m {
		a, b := pair()
		g.Edges = append(g.Edges, &kg.Edge{
			ID: fmt.Sprintf("e%04d", i), Type: writtenTypes[r.IntN(len(writtenTypes))], From: a, To: b,
		})
	}
	for i := range mandates {
		p, body := pair()
		m := &kg.Mandate{ID: fmt.Sprintf("m%03d", i), Person: p, Body: body}
		if r.IntN(2) == 0 {
			_, m.OnBehalfOf = pair()
			if m.OnBehalfOf == p {
				m.OnBehalfOf = ""
			}
		}
		g.Mandates = append(g.Mandates, m)
	}
	// Shuffle so that nothing depends on input order.
	r.Shuffle(len(g.Nodes), func(i, j int) { g.Nodes[i], g.Nodes[j] = g.Nodes[j], g.Nodes[i] })
	r.Shuffle(len(g.Edges), func(i, j int) { g.Edges[i], g.Edges[j] = g.Edges[j], g.Edges[i] })
	return g
}

// TestPathIsShortestOnRandomGraphs: the same property on random graphs (fixed seed) of
// several densities, sparse ones with many components and long paths, dense ones with many
// equally short paths.
func TestPathIsShortestOnRandomGraphs(t *testing.T) {
	r := rand.New(rand.NewPCG(20240611, 1))
	shapes := []struct{ n, m, mandates int }{
		{2, 1, 0}, {12, 10, 2}, {30, 32, 4}, {60, 62, 5}, {40, 120, 6}, {80, 85, 3}, {25, 200, 10},
	}
	for _, sh := range shapes {
		for rep := range 3 {
			g := randomGraph(r, sh.n, sh.m, sh.mandates)
			t.Run(fmt.Sprintf("n%d-m%d-%d", sh.n, sh.m, rep), func(t *testing.T) {
				s := open(t, g)
				checkAllPairs(t, s, g, 6, nil)
				checkAllPairs(t, s, g, 2, nil)
				types := []kg.EdgeType{writtenTypes[r.IntN(len(writtenTypes))], writtenTypes[r.IntN(len(writtenTypes))], kg.EdgeServesOn}
				checkAllPairs(t, s, g, 6, types)
			})
		}
	}
}

// TestConcurrentReads runs every method from many goroutines at once (meant for -race) and
// checks each answer against the one given before, alone.
func TestConcurrentReads(t *testing.T) {
	g := storetest.Graph()
	s := open(t, g)
	ctx := context.Background()
	var ids []string
	for _, n := range g.Nodes {
		ids = append(ids, n.ID)
	}
	nodes := func(ns []*kg.Node) string {
		var b strings.Builder
		for _, n := range ns {
			if n != nil {
				b.WriteString(n.ID)
			}
			b.WriteByte(' ')
		}
		return b.String()
	}
	edges := func(es []*kg.Edge) string {
		var b strings.Builder
		for _, e := range es {
			if e != nil {
				b.WriteString(e.ID)
			}
			b.WriteByte(' ')
		}
		return b.String()
	}
	ops := []func() (string, error){
		func() (string, error) { ns, err := s.NodesByIDs(ctx, ids); return nodes(ns), err },
		func() (string, error) {
			es, err := s.EdgesByIDs(ctx, []string{"vaxjo-com", "nope", "mandat-anna-lindqvist-skr--serves-on"})
			return edges(es), err
		},
		func() (string, error) {
			ls, err := s.EdgesOf(ctx, ids, kg.EdgeFilter{Direction: kg.DirBoth})
			var b strings.Builder
			for _, l := range ls {
				b.WriteString(edges(l) + "|")
			}
			return b.String(), err
		},
		func() (string, error) {
			ms, err := s.Mandates(ctx, kg.MandateFilter{ActiveAt: kg.MustDate("2021")})
			var b strings.Builder
			for _, m := range ms {
				b.WriteString(m.ID + " ")
			}
			return b.String(), err
		},
		func() (string, error) {
			p, err := s.Search(ctx, kg.SearchQuery{Text: "kommun", First: 10})
			if err != nil {
				return "", err
			}
			var b strings.Builder
			for _, h := range p.Hits {
				fmt.Fprintf(&b, "%s:%v ", h.Node.ID, h.Score)
			}
			return b.String(), err
		},
		func() (string, error) {
			p, err := s.Search(ctx, kg.SearchQuery{Text: "Enrgimyndigheten", First: 10})
			if err != nil {
				return "", err
			}
			return fmt.Sprint(len(p.Hits)), nil
		},
		func() (string, error) {
			p, err := s.Path(ctx, kg.PathQuery{From: "klimatdagen-vaxjo-2023", To: "aforsk", MaxHops: 6})
			if p == nil {
				return "nil", err
			}
			return nodes(p.Nodes) + edges(p.Edges), err
		},
		func() (string, error) {
			sg, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "vaxjo-kommun", Hops: 2, Limit: 12})
			if sg == nil {
				return "nil", err
			}
			a, b := strings.Fields(nodes(sg.Nodes)), strings.Fields(edges(sg.Edges))
			slices.Sort(a)
			slices.Sort(b)
			return fmt.Sprint(a, b, sg.Truncated), err
		},
		func() (string, error) {
			var out []string
			q := kg.ListQuery{First: 4, Kinds: []kg.NodeKind{kg.KindMunicipality, kg.KindEvent, kg.KindPerson}}
			for {
				p, err := s.ListNodes(ctx, q)
				if err != nil {
					return "", err
				}
				out = append(out, nodes(p.Nodes), fmt.Sprint(p.TotalCount))
				if !p.HasNext {
					return strings.Join(out, "/"), nil
				}
				q.After = p.Cursors[len(p.Cursors)-1]
			}
		},
		func() (string, error) { st, err := s.Stats(ctx); return fmt.Sprint(st), err },
		func() (string, error) { ss, err := s.Sources(ctx); return fmt.Sprint(len(ss)), err },
	}
	want := make([]string, len(ops))
	for i, op := range ops {
		got, err := op()
		if err != nil {
			t.Fatalf("op %d: %v", i, err)
		}
		want[i] = got
	}
	var wg sync.WaitGroup
	for w := range 32 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(w), 7))
			for range 200 {
				i := r.IntN(len(ops))
				got, err := ops[i]()
				if err != nil {
					t.Errorf("worker %d op %d: %v", w, i, err)
					return
				}
				if got != want[i] {
					t.Errorf("worker %d op %d: %q, alone %q", w, i, got, want[i])
					return
				}
			}
		})
	}
	wg.Wait()
}
