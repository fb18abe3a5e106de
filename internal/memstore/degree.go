package memstore

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The degree index: for every node, one entry per edge type it has, in type-rank order, with
// its out- and in-counts. It is built once at load from the adjacency (already sorted by type),
// so a count costs at most one step per edge type of the node (≤ kg.NumEdgeTypes), however
// many edges it counts.
//
//	degOff[n] .. degOff[n+1]  the entries of node n in degRank / degOut / degIn
type degreeIndex struct {
	degOff  []uint32
	degRank []uint8
	degOut  []uint32
	degIn   []uint32
}

// buildDegrees fills the degree index from the adjacency; buildAdjacency must have run.
func (s *Store) buildDegrees() {
	n := len(s.nodes)
	d := &s.deg
	d.degOff = make([]uint32, n+1)
	// First pass: how many (node, type) entries, to allocate once.
	total := 0
	for i := range n {
		list := s.adjOf(int32(i))
		for j := range list {
			if j == 0 || s.trank[list[j]>>1] != s.trank[list[j-1]>>1] {
				total++
			}
		}
	}
	d.degRank = make([]uint8, 0, total)
	d.degOut = make([]uint32, 0, total)
	d.degIn = make([]uint32, 0, total)
	for i := range n {
		list := s.adjOf(int32(i))
		for j, a := range list {
			r := s.trank[a>>1]
			if j == 0 || r != s.trank[list[j-1]>>1] {
				d.degRank = append(d.degRank, r)
				d.degOut = append(d.degOut, 0)
				d.degIn = append(d.degIn, 0)
			}
			k := len(d.degRank) - 1
			if a&1 == 0 {
				d.degOut[k]++
			} else {
				d.degIn[k]++
			}
		}
		d.degOff[i+1] = uint32(len(d.degRank))
	}
}

// degree is how many relationships of node n have a type in mask (0 = all types) and
// direction dir (OUT, IN or BOTH; "" counts as BOTH), from the degree index: O(edge types of
// n), independent of the number of edges.
func (s *Store) degree(n int32, mask uint32, dir kg.Direction) int {
	d := &s.deg
	total := 0
	for k := d.degOff[n]; k < d.degOff[n+1]; k++ {
		if mask != 0 && mask&(1<<d.degRank[k]) == 0 {
			continue
		}
		switch dir {
		case kg.DirOut:
			total += int(d.degOut[k])
		case kg.DirIn:
			total += int(d.degIn[k])
		default:
			total += int(d.degOut[k]) + int(d.degIn[k])
		}
	}
	return total
}

// degreeArgs validates q and returns its type mask and direction (BOTH for "").
func degreeArgs(q kg.DegreeQuery) (uint32, kg.Direction, error) {
	mask, err := typeMask(q.Types)
	if err != nil {
		return 0, "", err
	}
	dir := q.Direction
	if dir == "" {
		dir = kg.DirBoth
	}
	if !dir.Valid() {
		return 0, "", kg.Errorf(kg.EINVALID, "unknown direction %q", dir)
	}
	return mask, dir, nil
}

// Degrees implements kg.Store.
func (s *Store) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	mask, dir, err := degreeArgs(q)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(ids))
	for i, id := range ids {
		if n, ok := s.node(id); ok {
			out[i] = s.degree(n, mask, dir)
		}
	}
	return out, nil
}

// RelationshipCounts implements kg.Store.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	out := make([][]kg.RelationshipCount, len(ids))
	d := &s.deg
	for i, id := range ids {
		n, ok := s.node(id)
		if !ok {
			out[i] = []kg.RelationshipCount{}
			continue
		}
		cs := make([]kg.RelationshipCount, 0, 2*(d.degOff[n+1]-d.degOff[n]))
		for k := d.degOff[n]; k < d.degOff[n+1]; k++ {
			t := kg.AllEdgeTypes[d.degRank[k]]
			if c := d.degOut[k]; c > 0 {
				cs = append(cs, kg.RelationshipCount{Type: t, Direction: kg.DirOut, Count: int(c)})
			}
			if c := d.degIn[k]; c > 0 {
				cs = append(cs, kg.RelationshipCount{Type: t, Direction: kg.DirIn, Count: int(c)})
			}
		}
		out[i] = cs
	}
	return out, nil
}
