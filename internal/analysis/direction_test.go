package analysis

import (
	"context"
	"math"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// cycle is the directed cycle 0 → 1 → … → n−1 → 0.
func cycle(n int) *kg.Projection {
	var es [][2]int32
	for i := 0; i < n; i++ {
		es = append(es, [2]int32{int32(i), int32((i + 1) % n)})
	}
	return projection(n, es)
}

// Hand-derived values of the direction rule on small directed graphs (each also what
// networkx gives for the DiGraph of the followed edges, or for its reverse under IN):
//
//   - path(5) is 0 → 1 → 2 → 3 → 4: node 2 lies on the directed shortest paths of the
//     ordered pairs (0,3) (0,4) (1,3) (1,4), so 4/((n−1)(n−2)) = 1/3; node 1 on 3 of them.
//   - a directed cycle is symmetric: betweenness (n−2)(n−1)/2 / ((n−1)(n−2)) = ½, PageRank
//     1/n, eigenvector 1/√n.
//   - star(4) is 0 → 1..4. Under OUT the leaves have no successor (dangling): solving
//     networkx's equations, centre 20/117 ≈ 0.170940 and each leaf 97/468 ≈ 0.207265. Under
//     IN the centre is the one dangling node: centre 11/21, each leaf 5/42.
//   - a 3-cycle with a tail (0 → 1 → 2 → 0, 2 → 3): the adjacency's eigenvalue 1 has the
//     all-equal eigenvector, so every node ½.
//   - star(4) ignoring direction: centre 88/185 (networkx.pagerank of star_graph(4)).
//   - 0 ⇄ 1 → 2: BOTH counts 0's one neighbour once, OUT and IN count the one relationship
//     each way.
func TestCentralityDirectedKnownGraphs(t *testing.T) {
	reciprocal := projection(3, [][2]int32{{0, 1}, {1, 0}, {1, 2}})
	tail := projection(4, [][2]int32{{0, 1}, {1, 2}, {2, 0}, {2, 3}})
	tests := []struct {
		name string
		p    *kg.Projection
		dir  kg.Direction
		m    Measure
		node int32
		want float64
	}{
		{"path out-degree start", path(5), kg.DirOut, Degree, 0, 0.25},
		{"path out-degree end", path(5), kg.DirOut, Degree, 4, 0},
		{"path in-degree start", path(5), kg.DirIn, Degree, 0, 0},
		{"path in-degree end", path(5), kg.DirIn, Degree, 4, 0.25},
		{"path betweenness middle out", path(5), kg.DirOut, Betweenness, 2, 1.0 / 3},
		{"path betweenness second out", path(5), kg.DirOut, Betweenness, 1, 0.25},
		{"path betweenness middle in", path(5), kg.DirIn, Betweenness, 2, 1.0 / 3},
		{"path betweenness middle both", path(5), kg.DirBoth, Betweenness, 2, 4.0 / 6},
		{"cycle betweenness", cycle(6), kg.DirOut, Betweenness, 3, 0.5},
		{"cycle pagerank", cycle(5), kg.DirOut, PageRank, 2, 0.2},
		{"cycle eigenvector", cycle(4), kg.DirIn, Eigenvector, 1, 0.5},
		{"cycle out-degree", cycle(4), kg.DirOut, Degree, 0, 1.0 / 3},
		{"star pagerank centre out", star(4), kg.DirOut, PageRank, 0, 20.0 / 117},
		{"star pagerank leaf out", star(4), kg.DirOut, PageRank, 3, 97.0 / 468},
		{"star pagerank centre in", star(4), kg.DirIn, PageRank, 0, 11.0 / 21},
		{"star pagerank leaf in", star(4), kg.DirIn, PageRank, 2, 5.0 / 42},
		{"star pagerank centre both", star(4), kg.DirBoth, PageRank, 0, 88.0 / 185},
		{"tail eigenvector out", tail, kg.DirOut, Eigenvector, 3, 0.5},
		{"tail eigenvector cycle node out", tail, kg.DirOut, Eigenvector, 0, 0.5},
		{"reciprocal degree both", reciprocal, kg.DirBoth, Degree, 0, 0.5},
		{"reciprocal degree both middle", reciprocal, kg.DirBoth, Degree, 1, 1},
		{"reciprocal out-degree middle", reciprocal, kg.DirOut, Degree, 1, 1},
		{"reciprocal in-degree middle", reciprocal, kg.DirIn, Degree, 1, 0.5},
		{"reciprocal in-degree end", reciprocal, kg.DirIn, Degree, 2, 0.5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Centrality(context.Background(), NewDirected(tt.p, tt.dir), tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if !near(s[tt.node], tt.want, 1e-8) {
				t.Errorf("%s %s of %d = %v, want %v", tt.dir, tt.m, tt.node, s[tt.node], tt.want)
			}
		})
	}
}

// Under BOTH NewDirected is New; OUT and IN are the graph and its reverse, so betweenness
// agrees between them and PageRank sums to 1 under each.
func TestDirectionRule(t *testing.T) {
	// karate's edges are listed from the smaller to the larger number: followed as written
	// they form a graph without cycles.
	p := projection(34, karate)
	both, undirected := NewDirected(p, kg.DirBoth), New(p)
	if both.Directed() || !NewDirected(p, kg.DirOut).Directed() || !NewDirected(p, kg.DirIn).Directed() {
		t.Fatal("Directed() does not follow the direction rule")
	}
	if both.Edges() != undirected.Edges() || both.Edges() != 78 {
		t.Errorf("BOTH has %d edges, New %d, want 78", both.Edges(), undirected.Edges())
	}
	if n := NewDirected(p, kg.DirOut).Edges(); n != 78 {
		t.Errorf("OUT has %d edges, want 78", n)
	}
	ctx := context.Background()
	out, err := Centrality(ctx, NewDirected(p, kg.DirOut), Betweenness)
	if err != nil {
		t.Fatal(err)
	}
	in, err := Centrality(ctx, NewDirected(p, kg.DirIn), Betweenness)
	if err != nil {
		t.Fatal(err)
	}
	var nonzero int
	for i := range out {
		if !near(out[i], in[i], 1e-12) {
			t.Errorf("betweenness of %d: OUT %v, IN %v", i, out[i], in[i])
		}
		if out[i] > 0 {
			nonzero++
		}
	}
	if nonzero == 0 {
		t.Error("directed betweenness of karate is all zero")
	}
	for _, dir := range []kg.Direction{kg.DirOut, kg.DirIn} {
		s, err := Centrality(ctx, NewDirected(p, dir), PageRank)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range s {
			sum += v
		}
		if !near(sum, 1, 1e-8) {
			t.Errorf("%s PageRank sums to %v", dir, sum)
		}
		// out-degree under IN is in-degree under OUT: the sums agree (every edge once).
		d, err := Centrality(ctx, NewDirected(p, dir), Degree)
		if err != nil {
			t.Fatal(err)
		}
		var deg float64
		for _, v := range d {
			deg += v
		}
		if !near(deg*33, 78, 1e-6) {
			t.Errorf("%s degrees sum to %v edges, want 78", dir, deg*33)
		}
	}
}

// Without a directed cycle there is no eigenvector centrality: refused with INVALID naming
// PAGERANK (networkx raises PowerIterationFailedConvergence), while BOTH answers.
func TestEigenvectorDirectedAcyclicRefused(t *testing.T) {
	for _, p := range []*kg.Projection{path(5), star(6), projection(34, karate)} {
		for _, dir := range []kg.Direction{kg.DirOut, kg.DirIn} {
			_, err := Centrality(context.Background(), NewDirected(p, dir), Eigenvector)
			if kg.ErrorCode(err) != kg.EINVALID {
				t.Errorf("%d nodes, %s: err %v, want INVALID", len(p.IDs), dir, err)
			}
		}
		s, err := Centrality(context.Background(), NewDirected(p, kg.DirBoth), Eigenvector)
		if err != nil || math.IsNaN(s[0]) {
			t.Errorf("%d nodes, BOTH: %v, %v", len(p.IDs), s, err)
		}
	}
}
