package memstore

import (
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// Projection implements kg.Store. Nodes are kept in id order already, so the projection's
// ids come out sorted without a sort; the whole graph is one pass over the edges.
func (s *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if err := kg.CheckProjectionQuery(q); err != nil {
		return nil, err
	}
	mask, err := typeMask(q.Types)
	if err != nil {
		return nil, err
	}
	keep := func(e int32) bool {
		if mask != 0 && mask&(1<<s.trank[e]) == 0 {
			return false
		}
		ed := s.edges[e]
		return q.Time.IsZero() || q.Time.Match(ed.Since, ed.Until)
	}
	limit := q.ProjectionLimit()
	var nodes []int32 // ascending node index = ascending id
	if q.Center == "" {
		mark := make([]bool, len(s.nodes))
		count := 0
		for e := range s.edges {
			if e&4095 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, ctxErr(err)
				}
			}
			if !keep(int32(e)) {
				continue
			}
			for _, n := range [2]int32{s.from[e], s.to[e]} {
				if !mark[n] {
					mark[n] = true
					count++
				}
			}
			if count > limit {
				return nil, q.TooLarge()
			}
		}
		nodes = make([]int32, 0, count)
		for n, m := range mark {
			if m {
				nodes = append(nodes, int32(n))
			}
		}
		pos := make([]int32, len(s.nodes))
		for i, n := range nodes {
			pos[n] = int32(i)
		}
		return s.projectionOf(ctx, nodes, func(n int32) (int32, bool) { return pos[n], mark[n] }, keep)
	}
	c, ok := s.node(q.Center)
	if !ok {
		return nil, nil
	}
	in := map[int32]bool{c: true}
	frontier := []int32{c}
	for d := 0; d < q.Hops && len(frontier) > 0; d++ {
		var next []int32
		for i, n := range frontier {
			if i&255 == 0 {
				if err := ctx.Err(); err != nil {
					return nil, ctxErr(err)
				}
			}
			for _, a := range s.adjOf(n) {
				if !keep(int32(a >> 1)) {
					continue
				}
				o := s.other(a)
				if in[o] {
					continue
				}
				in[o] = true
				if len(in) > limit {
					return nil, q.TooLarge()
				}
				next = append(next, o)
			}
		}
		frontier = next
	}
	nodes = make([]int32, 0, len(in))
	for n := range in {
		nodes = append(nodes, n)
	}
	slices.Sort(nodes)
	pos := make(map[int32]int32, len(nodes))
	for i, n := range nodes {
		pos[n] = int32(i)
	}
	return s.projectionOf(ctx, nodes, func(n int32) (int32, bool) { i, ok := pos[n]; return i, ok }, keep)
}

// projectionOf builds the projection over nodes (ascending) with every kept edge between two
// of them, each once (from its from end's adjacency).
func (s *Store) projectionOf(ctx context.Context, nodes []int32, pos func(int32) (int32, bool), keep func(int32) bool) (*kg.Projection, error) {
	p := &kg.Projection{IDs: make([]string, len(nodes)), Kinds: make([]kg.NodeKind, len(nodes))}
	for i, n := range nodes {
		p.IDs[i] = s.ids[n]
		p.Kinds[i] = s.nodes[n].Kind
	}
	for i, n := range nodes {
		if i&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		for _, a := range s.adjOf(n) {
			if a&1 == 1 { // an in entry: the edge is listed from its from end
				continue
			}
			e := int32(a >> 1)
			po, ok := pos(s.to[e])
			if !ok || !keep(e) {
				continue
			}
			p.Edges = append(p.Edges, kg.ProjectedEdge{From: int32(i), To: po, Type: s.edges[e].Type})
		}
	}
	kg.SortProjectedEdges(p.Edges)
	return p, nil
}
