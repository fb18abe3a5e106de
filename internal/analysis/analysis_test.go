package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/graph/network"
	"gonum.org/v1/gonum/mat"

	"github.com/kommunkg/kg/internal/kg"
)

// karate is Zachary's karate club (W. W. Zachary, J. Anthropol. Res. 33, 1977): 34 members,
// 78 friendships, nodes 0–33 as networkx.karate_club_graph numbers them.
var karate = [][2]int32{{0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0, 6}, {0, 7}, {0, 8}, {0, 10}, {0, 11}, {0, 12}, {0, 13}, {0, 17}, {0, 19}, {0, 21}, {0, 31}, {1, 2}, {1, 3}, {1, 7}, {1, 13}, {1, 17}, {1, 19}, {1, 21}, {1, 30}, {2, 3}, {2, 7}, {2, 8}, {2, 9}, {2, 13}, {2, 27}, {2, 28}, {2, 32}, {3, 7}, {3, 12}, {3, 13}, {4, 6}, {4, 10}, {5, 6}, {5, 10}, {5, 16}, {6, 16}, {8, 30}, {8, 32}, {8, 33}, {9, 33}, {13, 33}, {14, 32}, {14, 33}, {15, 32}, {15, 33}, {18, 32}, {18, 33}, {19, 33}, {20, 32}, {20, 33}, {22, 32}, {22, 33}, {23, 25}, {23, 27}, {23, 29}, {23, 32}, {23, 33}, {24, 25}, {24, 27}, {24, 31}, {25, 31}, {26, 29}, {26, 33}, {27, 33}, {28, 31}, {28, 33}, {29, 32}, {29, 33}, {30, 32}, {30, 33}, {31, 32}, {31, 33}, {32, 33}}

// projection makes a projection of n nodes named n00, n01 … (sorted as their indexes) with
// the given edges, all MEMBER_OF.
func projection(n int, edges [][2]int32) *kg.Projection {
	p := &kg.Projection{}
	for i := 0; i < n; i++ {
		p.IDs = append(p.IDs, fmt.Sprintf("n%02d", i))
		p.Kinds = append(p.Kinds, kg.KindMunicipality)
	}
	for _, e := range edges {
		p.Edges = append(p.Edges, kg.ProjectedEdge{From: e[0], To: e[1], Type: kg.EdgeMemberOf})
	}
	kg.SortProjectedEdges(p.Edges)
	return p
}

func star(leaves int) *kg.Projection {
	var es [][2]int32
	for i := 1; i <= leaves; i++ {
		es = append(es, [2]int32{0, int32(i)})
	}
	return projection(leaves+1, es)
}

func path(n int) *kg.Projection {
	var es [][2]int32
	for i := 1; i < n; i++ {
		es = append(es, [2]int32{int32(i - 1), int32(i)})
	}
	return projection(n, es)
}

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

// Published or hand-derivable values: karate betweenness of the instructor (0) and the
// president (33) from Brandes/networkx (0.437635, 0.304075 normalised; 231.07 and 160.16 as
// pair sums), eigenvector and PageRank from networkx 3.4.2; a star's centre lies on every
// path between leaves; a path's middle on 4 of its 6 pairs without it.
func TestCentralityKnownGraphs(t *testing.T) {
	tests := []struct {
		name    string
		p       *kg.Projection
		m       Measure
		node    int32
		want    float64
		tol     float64
		wantTop int32
	}{
		{"karate betweenness 0", projection(34, karate), Betweenness, 0, 0.437635, 1e-6, 0},
		{"karate betweenness 33", projection(34, karate), Betweenness, 33, 0.304075, 1e-6, 0},
		{"karate degree 33", projection(34, karate), Degree, 33, 17.0 / 33, 1e-9, 33},
		{"karate eigenvector 33", projection(34, karate), Eigenvector, 33, 0.373363, 1e-6, 33},
		{"karate eigenvector 0", projection(34, karate), Eigenvector, 0, 0.355491, 1e-6, 33},
		{"karate pagerank 33", projection(34, karate), PageRank, 33, 0.100919, 1e-6, 33},
		{"karate pagerank 0", projection(34, karate), PageRank, 0, 0.096997, 1e-6, 33},
		{"star betweenness centre", star(5), Betweenness, 0, 1, 1e-9, 0},
		{"star betweenness leaf", star(5), Betweenness, 3, 0, 1e-9, 0},
		{"star degree centre", star(5), Degree, 0, 1, 1e-9, 0},
		{"star eigenvector leaf", star(4), Eigenvector, 1, 1 / math.Sqrt(8), 1e-9, 0}, // centre 1/√2, leaves 1/(2√2)
		{"path betweenness middle", path(5), Betweenness, 2, 4.0 / 6, 1e-9, 2},
		{"path betweenness second", path(5), Betweenness, 1, 3.0 / 6, 1e-9, 2},
		{"path degree end", path(5), Degree, 0, 0.25, 1e-9, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := New(tt.p)
			s, err := Centrality(context.Background(), g, tt.m)
			if err != nil {
				t.Fatal(err)
			}
			if !near(s[tt.node], tt.want, tt.tol) {
				t.Errorf("%s of %d = %v, want %v", tt.m, tt.node, s[tt.node], tt.want)
			}
			r := Rank(tt.p.IDs, s)
			if r[0].Index != tt.wantTop || r[0].Rank != 1 {
				t.Errorf("top = %+v, want node %d", r[0], tt.wantTop)
			}
		})
	}
}

func TestPageRankSumsToOne(t *testing.T) {
	for _, p := range []*kg.Projection{projection(34, karate), star(7), path(6), projection(3, nil)} {
		s, err := Centrality(context.Background(), New(p), PageRank)
		if err != nil {
			t.Fatal(err)
		}
		var sum float64
		for _, v := range s {
			sum += v
		}
		if !near(sum, 1, 1e-8) {
			t.Errorf("%d nodes: PageRank sums to %v", len(p.IDs), sum)
		}
	}
}

// The power iteration must agree with gonum's dense symmetric eigensolver: the eigenvector
// of the largest eigenvalue, sign chosen positive.
func TestEigenvectorMatchesEigenSym(t *testing.T) {
	for _, p := range []*kg.Projection{projection(34, karate), path(7), star(6)} {
		g := New(p)
		n := g.Len()
		a := mat.NewSymDense(n, nil)
		for i := 0; i < n; i++ {
			for _, j := range g.Neighbours(int32(i)) {
				a.SetSym(i, int(j), 1)
			}
		}
		var es mat.EigenSym
		if !es.Factorize(a, true) {
			t.Fatal("EigenSym failed")
		}
		var v mat.Dense
		es.VectorsTo(&v)
		lead := mat.Col(nil, n-1, &v) // eigenvalues ascending
		if lead[0] < 0 {
			for i := range lead {
				lead[i] = -lead[i]
			}
		}
		got, err := Centrality(context.Background(), g, Eigenvector)
		if err != nil {
			t.Fatal(err)
		}
		for i := range lead {
			if !near(got[i], lead[i], 1e-6) {
				t.Fatalf("%d nodes: node %d: power iteration %v, EigenSym %v", n, i, got[i], lead[i])
			}
		}
	}
}

// PageRank's iteration must agree with gonum's network.PageRankSparse, and be exactly the
// same on every run (gonum's starts from a random vector).
func TestPageRankMatchesGonum(t *testing.T) {
	for _, p := range []*kg.Projection{projection(34, karate), star(6), path(7), projection(5, [][2]int32{{0, 1}, {1, 2}})} {
		g := New(p)
		got, err := Centrality(context.Background(), g, PageRank)
		if err != nil {
			t.Fatal(err)
		}
		for id, v := range network.PageRankSparse(g, Damping, 1e-12) {
			if !near(got[id], v, 1e-7) {
				t.Fatalf("%d nodes: node %d: %v, gonum %v", len(p.IDs), id, got[id], v)
			}
		}
		again, _ := Centrality(context.Background(), g, PageRank)
		if !slices.Equal(got, again) {
			t.Errorf("%d nodes: two runs differ", len(p.IDs))
		}
	}
}

func TestRankTies(t *testing.T) {
	ids := []string{"a", "b", "c", "d"}
	r := Rank(ids, []float64{0.5, 1, 0.5, 0.1})
	var got []string
	for _, x := range r {
		got = append(got, fmt.Sprintf("%s:%d", ids[x.Index], x.Rank))
	}
	if want := []string{"b:1", "a:2", "c:2", "d:4"}; !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// Louvain on the karate club finds a partition of modularity ≈ 0.42 (Blondel et al. 2008
// report 0.42; the best known is 0.4198), the same on every run, and Q of a given
// partition matches its definition: the two factions Zachary recorded (networkx "club") score 0.358235.
func TestCommunitiesKarate(t *testing.T) {
	g := New(projection(34, karate))
	p := Communities(g)
	if p.Modularity < 0.41 || p.Modularity > 0.4199 {
		t.Errorf("modularity %v, want ≈ 0.42", p.Modularity)
	}
	for i := 0; i < 5; i++ {
		if again := Communities(g); !slices.EqualFunc(again.Communities, p.Communities, slices.Equal) {
			t.Fatalf("run %d: partition differs: %v vs %v", i, again.Communities, p.Communities)
		}
	}
	var total int
	for i, c := range p.Communities {
		total += len(c)
		if i > 0 && len(c) > len(p.Communities[i-1]) {
			t.Errorf("communities not largest first: %v", p.Communities)
		}
	}
	if total != 34 {
		t.Errorf("communities cover %d nodes, want 34", total)
	}
	mrHi := []int32{0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 16, 17, 19, 21}
	var officer []int32
	for i := int32(0); i < 34; i++ {
		if !slices.Contains(mrHi, i) {
			officer = append(officer, i)
		}
	}
	if q := Modularity(g, [][]int32{mrHi, officer}); !near(q, 0.358235, 1e-6) {
		t.Errorf("Q(factions) = %v, want 0.358235 (networkx)", q)
	}
}

func TestCommunitiesEdgeCases(t *testing.T) {
	if p := Communities(New(projection(0, nil))); len(p.Communities) != 0 || p.Modularity != 0 {
		t.Errorf("empty: %+v", p)
	}
	if p := Communities(New(projection(3, nil))); len(p.Communities) != 3 {
		t.Errorf("no edges: %+v", p)
	}
	// Two triangles joined by one edge: two communities.
	p := Communities(New(projection(6, [][2]int32{{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}, {3, 5}, {2, 3}})))
	if want := [][]int32{{0, 1, 2}, {3, 4, 5}}; !slices.EqualFunc(p.Communities, want, slices.Equal) {
		t.Errorf("two triangles: %v", p.Communities)
	}
}

func TestNewSimplifies(t *testing.T) {
	p := projection(3, [][2]int32{{0, 1}, {1, 0}, {0, 1}, {2, 2}, {1, 2}})
	g := New(p)
	if g.Edges() != 2 || !slices.Equal(g.Neighbours(1), []int32{0, 2}) || g.Degree(2) != 1 {
		t.Errorf("edges %d, N(1) %v, deg(2) %d", g.Edges(), g.Neighbours(1), g.Degree(2))
	}
}

func TestInterlocks(t *testing.T) {
	// m0 and m1 share networks 3 and 4; m2 shares 4 with m0; a person 5 is tied to 3.
	p := projection(6, [][2]int32{{0, 3}, {0, 4}, {1, 3}, {1, 4}, {2, 4}, {5, 3}})
	p.Kinds[5] = kg.KindPerson
	got := Interlocks(p, New(p), 0, kg.KindMunicipality)
	if len(got) != 2 || got[0].Index != 1 || !slices.Equal(got[0].Shared, []int32{3, 4}) || got[0].Rank != 1 ||
		got[1].Index != 2 || !slices.Equal(got[1].Shared, []int32{4}) || got[1].Rank != 2 {
		t.Errorf("got %+v", got)
	}
	if all := Interlocks(p, New(p), 0, ""); len(all) != 3 {
		t.Errorf("any kind: %+v", all)
	}
}

func TestBetweennessRefusedAboveBound(t *testing.T) {
	p := path(MaxBetweennessNodes + 1)
	_, err := Centrality(context.Background(), New(p), Betweenness)
	if kg.ErrorCode(err) != kg.ETOOLARGE {
		t.Errorf("err = %v, want TOO_LARGE", err)
	}
}

func TestEigenvectorStopsAtDeadline(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Centrality(ctx, New(path(50)), Eigenvector)
	if kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Errorf("err = %v, want a cancelled error", err)
	}
}

func TestCacheComputesOnce(t *testing.T) {
	c := NewCache(2)
	calls := 0
	for i := 0; i < 3; i++ {
		v, err := c.Do(context.Background(), "k", func(context.Context) (any, error) { calls++; return 42, nil })
		if err != nil || v != 42 {
			t.Fatal(v, err)
		}
	}
	if calls != 1 {
		t.Errorf("computed %d times", calls)
	}
	_, err := c.Do(context.Background(), "e", func(context.Context) (any, error) { return nil, kg.Errorf(kg.EINVALID, "x") })
	if err == nil || c.Len() != 1 {
		t.Errorf("error cached or lost: %v, len %d", err, c.Len())
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	release := make(chan struct{})
	defer close(release)
	if _, err := c.Do(ctx, "slow", func(context.Context) (any, error) { <-release; return 1, nil }); kg.ErrorCode(err) != kg.EUNAVAILABLE {
		t.Errorf("cancelled wait: %v", err)
	}
}

// TestCacheBoundsComputations: at most slots computations run at once; a new question beyond
// them is refused at once with UNAVAILABLE (nothing queued detached), a request for a
// question already running joins it without a slot, and a finished computation frees its
// slot.
func TestCacheBoundsComputations(t *testing.T) {
	c := NewCacheSlots(8, 2)
	gate := make(chan struct{})
	started := make(chan string, 2)
	blocking := func(key string) func(context.Context) (any, error) {
		return func(context.Context) (any, error) { started <- key; <-gate; return key, nil }
	}
	type result struct {
		v   any
		err error
	}
	results := make(chan result, 3)
	for _, k := range []string{"a", "b"} {
		go func() { v, err := c.Do(context.Background(), k, blocking(k)); results <- result{v, err} }()
	}
	<-started
	<-started // both slots taken
	if _, err := c.Do(context.Background(), "c", func(context.Context) (any, error) { return "c", nil }); kg.ErrorCode(err) != kg.EUNAVAILABLE ||
		!strings.Contains(err.Error(), "try again") {
		t.Fatalf("third computation: %v, want UNAVAILABLE saying try again", err)
	}
	// Joining "a" while it runs needs no slot.
	go func() { v, err := c.Do(context.Background(), "a", blocking("a")); results <- result{v, err} }()
	close(gate)
	for range 3 {
		if r := <-results; r.err != nil {
			t.Errorf("a computation that had its slot failed: %v", r.err)
		}
	}
	if v, err := c.Do(context.Background(), "c", func(context.Context) (any, error) { return "c", nil }); err != nil || v != "c" {
		t.Errorf("after the slots were freed: %v, %v", v, err)
	}
}
