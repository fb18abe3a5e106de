package analysis

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
)

// Partition is a community detection result: communities of node indexes (each sorted),
// largest first, ties by their first node; and the partition's modularity.
type Partition struct {
	Modularity  float64
	Communities [][]int32
}

// louvainSeed makes Louvain deterministic: the same graph gives the same partition on every
// run and backend.
const louvainSeed = 17

// MaxCommunityNodes bounds community detection: gonum's Louvain grows much faster than
// linearly on the generated graphs' heavy-tailed networks (about 1 s at 3000 nodes, over 4
// minutes at 10000 on the 2-core reference machine; BENCHMARKS.md), so larger projections
// are refused (ETOOLARGE).
const MaxCommunityNodes = 3000

// Communities runs gonum's Louvain (community.Modularize, resolution 1, a fixed seed) and
// scores the result with community.Q. Isolated nodes are communities of their own.
func Communities(g *Graph) Partition {
	if g.Len() == 0 {
		return Partition{Communities: [][]int32{}}
	}
	if g.Edges() == 0 {
		p := Partition{}
		for i := 0; i < g.Len(); i++ {
			p.Communities = append(p.Communities, []int32{int32(i)})
		}
		return p
	}
	r := community.Modularize(g, 1, rand.NewPCG(louvainSeed, louvainSeed))
	comms := r.Communities()
	q := community.Q(g, comms, 1)
	p := Partition{Modularity: math.Round(q*scoreDigits) / scoreDigits}
	for _, c := range comms {
		ids := make([]int32, len(c))
		for i, n := range c {
			ids[i] = int32(n.ID())
		}
		slices.Sort(ids)
		p.Communities = append(p.Communities, ids)
	}
	slices.SortFunc(p.Communities, func(a, b []int32) int {
		if c := cmp.Compare(len(b), len(a)); c != 0 {
			return c
		}
		return cmp.Compare(a[0], b[0])
	})
	return p
}

// Modularity scores a given partition of g (community.Q, resolution 1).
func Modularity(g *Graph, comms [][]int32) float64 {
	cs := make([][]graph.Node, len(comms))
	for i, c := range comms {
		for _, id := range c {
			cs[i] = append(cs[i], g.Node(int64(id)))
		}
	}
	return community.Q(g, cs, 1)
}
