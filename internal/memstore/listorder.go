package memstore

import (
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// listOrdered is ListNodes for any order but the default, or with a degree filter. Degrees
// come from the degree index (s.degree: per node, one entry per edge type it has), so a page
// costs one pass over the candidate list (list: all nodes or one kind, in name order) with a
// few array reads per node, whatever the degrees are; the page itself is kept as a sorted
// run of at most First+1 positions after the cursor. By name (with a degree filter) the
// list's own order is the answer and the run fills from the front (or the back, descending).
func (s *Store) listOrdered(ctx context.Context, q kg.ListQuery, list []int32, keep func(int32) bool, filtered bool) (*kg.NodePage, error) {
	o := q.OrderBy
	if err := o.Check(); err != nil {
		return nil, err
	}
	var minMask uint32
	var minDir kg.Direction
	if q.MinDegree != nil {
		if err := q.MinDegree.Check(); err != nil {
			return nil, err
		}
		var err error
		if minMask, minDir, err = degreeArgs(kg.DegreeQuery{Types: q.MinDegree.Types, Direction: q.MinDegree.Direction}); err != nil {
			return nil, err
		}
	}
	byDegree := o.Field == kg.OrderByDegree
	var ordMask uint32
	var ordDir kg.Direction
	if byDegree {
		var err error
		if ordMask, ordDir, err = degreeArgs(kg.DegreeQuery{Types: o.Types, Direction: o.Direction}); err != nil {
			return nil, err
		}
	}
	var after *kg.ListPos
	if q.After != "" {
		p, err := kg.DecodeListCursor(o, q.After)
		if err != nil {
			return nil, err
		}
		after = &p
	}
	k := max(q.First, 0) + 1
	type entry struct {
		pos  kg.ListPos
		node int32
	}
	top := make([]entry, 0, min(k, 128))
	cmpE := func(a, b entry) int { return kg.CompareListPos(o, a.pos, b.pos) }
	total := 0
	// By name, the list order (or its reverse) is the page order: the run only appends. By
	// degree the visiting order does not matter, and the whole node table is visited in index
	// order, so the degree index is read sequentially rather than at random.
	inOrder := !byDegree
	whole := byDegree && len(list) == len(s.nodes)
	for n := range list {
		if n&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		i := list[n]
		switch {
		case whole:
			i = int32(n)
		case inOrder && o.Descending:
			i = list[len(list)-1-n]
		}
		if filtered && !keep(i) {
			continue
		}
		if q.MinDegree != nil && s.degree(i, minMask, minDir) < q.MinDegree.Count {
			continue
		}
		total++
		e := entry{kg.ListPos{Folded: s.folded[i], ID: s.ids[i]}, i}
		if byDegree {
			e.pos.Degree = s.degree(i, ordMask, ordDir)
		}
		if after != nil && kg.CompareListPos(o, e.pos, *after) <= 0 {
			continue
		}
		switch {
		case inOrder:
			if len(top) < k {
				top = append(top, e)
			}
		case len(top) < k:
			at, _ := slices.BinarySearchFunc(top, e, cmpE)
			top = slices.Insert(top, at, e)
		case cmpE(e, top[len(top)-1]) < 0:
			at, _ := slices.BinarySearchFunc(top, e, cmpE)
			copy(top[at+1:], top[at:len(top)-1])
			top[at] = e
		}
	}
	page := &kg.NodePage{TotalCount: total, HasPrev: after != nil, Nodes: []*kg.Node{}, Cursors: []string{}}
	if len(top) == k {
		page.HasNext = true
		top = top[:k-1]
	}
	nv := s.view(ctx)
	for _, e := range top {
		page.Nodes = append(page.Nodes, nv[e.node])
		page.Cursors = append(page.Cursors, kg.ListCursor(o, e.pos))
	}
	return page, nil
}
