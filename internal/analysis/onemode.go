package analysis

import (
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// MaxProjectionTies bounds a weighted one-mode projection by its size: the number of
// (pair, shared neighbour) incidences, Σ over the nodes m of C(k(m), 2) where k(m) is the
// number of m's neighbours of the projected kind. That is the sum of the projection's
// weights, the number of shared ids it lists, and (within a constant) the work and memory
// it takes; OneModePairs computes it from the degrees alone, so a projection above it is
// refused (ETOOLARGE) before any pair is formed. A network of 2000 member municipalities
// alone makes 2 million.
const MaxProjectionTies = 2_000_000

// OneMode is a weighted one-mode projection of a projection onto the nodes of one kind: two
// such nodes are tied when they share neighbours, with the shared neighbours as the weight.
// It is networkx.bipartite.weighted_projected_graph(G, nodes) for G the simple undirected
// graph of the projection and nodes those of the kind, restricted to those nodes (networkx
// would also tie a node of the kind to a neighbour's neighbour of another kind).
type OneMode struct {
	// Nodes are the projection's nodes of the kind (indexes into its ids, ascending), tied
	// or not.
	Nodes []int32
	// Ties are the pairs sharing at least one neighbour, A < B, ordered by (A, B).
	Ties []Tie
	// shared holds every tie's common neighbours, one run per tie (Tie.Shared).
	shared []int32
}

// Tie is one edge of a one-mode projection between the nodes A < B (indexes); its weight is
// the number of their common neighbours.
type Tie struct {
	A, B     int32
	from, to int32 // the run of OneMode.shared
}

// Weight is the number of neighbours the tie's ends share.
func (t Tie) Weight() int { return int(t.to - t.from) }

// Shared returns the common neighbours of t's ends (indexes, ascending, of any kind). The
// slice must not be modified.
func (o *OneMode) Shared(t Tie) []int32 { return o.shared[t.from:t.to] }

// OneModePairs is the size MaxProjectionTies bounds: Σ over the nodes m of g of C(k(m), 2),
// k(m) the neighbours of m of kind ("" any kind). It reads only the rows.
func OneModePairs(p *kg.Projection, g *Graph, kind kg.NodeKind) int64 {
	var total int64
	for m := 0; m < g.Len(); m++ {
		var k int64
		for _, x := range g.Neighbours(int32(m)) {
			if kind == "" || p.Kinds[x] == kind {
				k++
			}
		}
		total += k * (k - 1) / 2
	}
	return total
}

// ProjectOneMode computes the weighted one-mode projection of the undirected g onto the
// nodes of kind ("" every node): ETOOLARGE above MaxProjectionTies, checked before anything
// is formed; ETIMEOUT when ctx ends. The row of a node x is Interlocks(p, g, x, kind) over
// the same graph.
func ProjectOneMode(ctx context.Context, p *kg.Projection, g *Graph, kind kg.NodeKind) (*OneMode, error) {
	if g.Directed() {
		return nil, kg.Errorf(kg.EINTERNAL, "one-mode projection of a directed graph")
	}
	if n := OneModePairs(p, g, kind); n > MaxProjectionTies {
		return nil, kg.Errorf(kg.ETOOLARGE, "the one-mode projection would list %d shared neighbours (the sum of its weights), more than %d; name a center or fewer types", n, MaxProjectionTies)
	}
	out := &OneMode{Nodes: []int32{}, Ties: []Tie{}}
	of := func(x int32) bool { return kind == "" || p.Kinds[x] == kind }
	n := g.Len()
	// kin[m] are m's neighbours of the kind (sorted, as the rows), so that the work is
	// Σ k(m)², whatever other neighbours m has.
	kOff := make([]int32, n+1)
	var kNbr []int32
	for m := int32(0); m < int32(n); m++ {
		for _, y := range g.Neighbours(m) {
			if of(y) {
				kNbr = append(kNbr, y)
			}
		}
		kOff[m+1] = int32(len(kNbr))
	}
	kin := func(m int32) []int32 { return kNbr[kOff[m]:kOff[m+1]] }
	// For each x, two passes over the pairs (x, y > x) through each common neighbour m:
	// count them per y, then write each y's run of ms into out.shared, in ascending m (the
	// rows are sorted). touched lists the ys met, to order and reset.
	cnt := make([]int32, n)
	pos := make([]int32, n)
	var touched []int32
	after := func(m, x int32) []int32 {
		row := kin(m)
		i, _ := slices.BinarySearch(row, x+1) // only ys after x: each pair once
		return row[i:]
	}
	for x := int32(0); x < int32(n); x++ {
		if !of(x) {
			continue
		}
		if x&1023 == 0 {
			if err := ctxErr(ctx); err != nil {
				return nil, err
			}
		}
		out.Nodes = append(out.Nodes, x)
		touched = touched[:0]
		for _, m := range g.Neighbours(x) {
			for _, y := range after(m, x) {
				if cnt[y] == 0 {
					touched = append(touched, y)
				}
				cnt[y]++
			}
		}
		slices.Sort(touched)
		for _, y := range touched {
			from := int32(len(out.shared))
			pos[y] = from
			out.shared = append(out.shared, make([]int32, cnt[y])...)
			out.Ties = append(out.Ties, Tie{A: x, B: y, from: from, to: from + cnt[y]})
			cnt[y] = 0
		}
		for _, m := range g.Neighbours(x) {
			for _, y := range after(m, x) {
				out.shared[pos[y]] = m
				pos[y]++
			}
		}
	}
	return out, nil
}
