package memstore

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// Path implements kg.Store with a level-synchronous bidirectional breadth-first search that
// ignores edge direction. Each round expands the smaller frontier, so a path between two far
// nodes touches roughly the square root of what a one-sided search would. Among shortest
// paths the one found first in adjacency order wins, which makes the answer deterministic.
func (s *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	src, ok1 := s.index[q.From]
	dst, ok2 := s.index[q.To]
	if !ok1 || !ok2 {
		return nil, nil
	}
	mask, err := typeMask(q.Types)
	if err != nil {
		return nil, err
	}
	if src == dst {
		return &kg.Path{Nodes: []*kg.Node{s.nodes[src]}, Edges: []*kg.Edge{}}, nil
	}
	// parent maps a visited node to the adjacency entry that reached it (^0 for the root).
	const root = ^uint32(0)
	pa := map[int32]uint32{src: root}
	pb := map[int32]uint32{dst: root}
	fa, fb := []int32{src}, []int32{dst}
	da, db := 0, 0
	for da+db < q.MaxHops && len(fa) > 0 && len(fb) > 0 {
		if err := ctx.Err(); err != nil {
			return nil, ctxErr(err)
		}
		fromA := len(fa) <= len(fb)
		front, mine, theirs := fa, pa, pb
		if !fromA {
			front, mine, theirs = fb, pb, pa
		}
		var next []int32
		meet, meetVia, meetFrom := int32(-1), uint32(0), int32(-1)
		for _, n := range front {
			for _, a := range s.adj[n] {
				if mask != 0 && mask&(1<<s.trank[a>>1]) == 0 {
					continue
				}
				o := s.other(a)
				if _, seen := mine[o]; seen {
					continue
				}
				if _, hit := theirs[o]; hit && meet < 0 {
					meet, meetVia, meetFrom = o, a, n
				}
				mine[o] = a
				next = append(next, o)
			}
			if meet >= 0 {
				break
			}
		}
		_ = meetFrom
		if fromA {
			fa, da = next, da+1
		} else {
			fb, db = next, db+1
		}
		if meet >= 0 {
			mine[meet] = meetVia
			return s.joinPath(meet, pa, pb), nil
		}
	}
	return nil, nil
}

// joinPath walks parents from the meeting node back to both ends.
func (s *Store) joinPath(meet int32, pa, pb map[int32]uint32) *kg.Path {
	const root = ^uint32(0)
	var left []int32 // meet … src
	var leftE []uint32
	for n := meet; ; {
		left = append(left, n)
		a := pa[n]
		if a == root {
			break
		}
		leftE = append(leftE, a)
		n = s.back(a, n)
	}
	p := &kg.Path{}
	for i := len(left) - 1; i >= 0; i-- {
		p.Nodes = append(p.Nodes, s.nodes[left[i]])
	}
	for i := len(leftE) - 1; i >= 0; i-- {
		p.Edges = append(p.Edges, s.edges[leftE[i]>>1])
	}
	for n := meet; ; {
		a := pb[n]
		if a == root {
			break
		}
		p.Edges = append(p.Edges, s.edges[a>>1])
		n = s.back(a, n)
		p.Nodes = append(p.Nodes, s.nodes[n])
	}
	return p
}

// back returns the node an adjacency entry a was followed from, given it led to n.
func (s *Store) back(a uint32, n int32) int32 {
	e := a >> 1
	if s.from[e] == n {
		return s.to[e]
	}
	return s.from[e]
}

// Neighbourhood implements kg.Store: breadth-first up to Hops (ignoring direction) and at
// most Limit nodes. Edges are those walked from every expanded node (depth < Hops) to a node
// in the result, so edges between two first-ring nodes are included when Hops ≥ 2.
func (s *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	c, ok := s.index[q.Center]
	if !ok {
		return nil, nil
	}
	mask, err := typeMask(q.Types)
	if err != nil {
		return nil, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1
	}
	depth := map[int32]int{c: 0}
	order := []int32{c}
	sub := &kg.Subgraph{}
	for head := 0; head < len(order); head++ {
		if head&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		n := order[head]
		if depth[n] >= q.Hops {
			continue
		}
		for _, a := range s.adj[n] {
			if mask != 0 && mask&(1<<s.trank[a>>1]) == 0 {
				continue
			}
			o := s.other(a)
			if _, in := depth[o]; !in {
				if len(order) >= limit {
					sub.Truncated = true
					continue
				}
				depth[o] = depth[n] + 1
				order = append(order, o)
			}
		}
	}
	// Collect edges in a second pass, so each appears once and only when both ends made it.
	seenE := map[uint32]bool{}
	for _, n := range order {
		if depth[n] >= q.Hops {
			continue
		}
		for _, a := range s.adj[n] {
			if mask != 0 && mask&(1<<s.trank[a>>1]) == 0 {
				continue
			}
			if _, in := depth[s.other(a)]; !in || seenE[a>>1] {
				continue
			}
			seenE[a>>1] = true
			sub.Edges = append(sub.Edges, s.edges[a>>1])
		}
	}
	sub.Nodes = make([]*kg.Node, len(order))
	for i, n := range order {
		sub.Nodes[i] = s.nodes[n]
	}
	return sub, nil
}
