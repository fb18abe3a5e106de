package analysis

import (
	"cmp"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// Interlock is another node tied to the same nodes as the centre: Shared are the common
// neighbours (indexes, sorted).
type Interlock struct {
	Index  int32
	Shared []int32
	Rank   int
}

// Interlocks ranks the nodes of kind (any kind when "") by the number of neighbours they
// share with center, most first, ties by id; nodes sharing none are left out, and so is the
// centre. Over the two-hop projection around center (kg.ProjectionQuery{Center, Hops: 2})
// this is the centre's row of the weighted one-mode projection.
func Interlocks(p *kg.Projection, g *Graph, center int32, kind kg.NodeKind) []Interlock {
	shared := map[int32][]int32{}
	for _, m := range g.Neighbours(center) {
		for _, x := range g.Neighbours(m) {
			if x == center || (kind != "" && p.Kinds[x] != kind) {
				continue
			}
			shared[x] = append(shared[x], m)
		}
	}
	out := make([]Interlock, 0, len(shared))
	for x, ms := range shared {
		slices.Sort(ms)
		out = append(out, Interlock{Index: x, Shared: ms})
	}
	slices.SortFunc(out, func(a, b Interlock) int {
		if c := cmp.Compare(len(b.Shared), len(a.Shared)); c != 0 {
			return c
		}
		return cmp.Compare(p.IDs[a.Index], p.IDs[b.Index])
	})
	for i := range out {
		if i > 0 && len(out[i].Shared) == len(out[i-1].Shared) {
			out[i].Rank = out[i-1].Rank
		} else {
			out[i].Rank = i + 1
		}
	}
	return out
}
