package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// EdgePages implements kg.Store. Each node's page is found by binary search on its adjacency
// (sorted by type rank, other end, edge id: the cursor's keys), so a page deep in a long list
// costs the page, not the edges before it. Without a time filter the total is the degree
// index's; with one, the matching runs are counted.
func (s *Store) EdgePages(ctx context.Context, ids []string, q kg.EdgePageQuery) ([]kg.EdgePage, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if err := kg.CheckEdgePageQuery(q); err != nil {
		return nil, err
	}
	mask, dir, err := degreeArgs(kg.DegreeQuery{Types: q.Types, Direction: q.Direction})
	if err != nil {
		return nil, err
	}
	var after *kg.EdgeAfter
	if q.After != "" {
		a, err := kg.DecodeEdgeCursor(q.After)
		if err != nil {
			return nil, err
		}
		after = &a
	}
	out := make([]kg.EdgePage, len(ids))
	for i, id := range ids {
		out[i] = kg.EdgePage{Edges: []*kg.Edge{}, Cursors: []string{}}
		n, ok := s.node(id)
		if !ok {
			continue
		}
		out[i] = s.edgePage(n, mask, dir, q, after)
	}
	return out, nil
}

func (s *Store) edgePage(n int32, mask uint32, dir kg.Direction, q kg.EdgePageQuery, after *kg.EdgeAfter) kg.EdgePage {
	list := s.adjOf(n)
	p := kg.EdgePage{Edges: []*kg.Edge{}, Cursors: []string{}}
	keep := func(a uint32) bool {
		if !s.match(a, mask, dir) {
			return false
		}
		if dir == kg.DirBoth && a&1 == 1 && s.from[a>>1] == n { // a self-reference, once
			return false
		}
		e := s.edges[a>>1]
		return q.Time.IsZero() || q.Time.Match(e.Since, e.Until)
	}
	// The runs to visit: one per wanted type (binary search), or the whole list.
	var runs [][]uint32
	if mask == 0 {
		runs = [][]uint32{list}
	} else {
		for r := uint8(0); r < uint8(len(kg.AllEdgeTypes)); r++ {
			if mask&(1<<r) != 0 {
				if run := s.typeRun(list, r); len(run) > 0 {
					runs = append(runs, run)
				}
			}
		}
	}
	if q.Time.IsZero() {
		p.TotalCount = s.degree(n, mask, dir)
	} else {
		for _, run := range runs {
			for _, a := range run {
				if keep(a) {
					p.TotalCount++
				}
			}
		}
	}
	self := s.ids[n]
	for _, run := range runs {
		if after != nil {
			run = run[s.afterKey(run, *after):]
		}
		for _, a := range run {
			if !keep(a) {
				continue
			}
			if len(p.Edges) == q.First {
				p.HasNext = true
				return p
			}
			e := s.edges[a>>1]
			p.Edges = append(p.Edges, e)
			p.Cursors = append(p.Cursors, kg.EdgeCursor(self, e))
		}
	}
	return p
}

// afterKey is the position of the first entry of entries (sorted by type rank, other end,
// edge id) whose keys are greater than after's.
func (s *Store) afterKey(entries []uint32, after kg.EdgeAfter) int {
	i, _ := slices.BinarySearchFunc(entries, after, func(a uint32, k kg.EdgeAfter) int {
		if c := cmp.Compare(int(s.trank[a>>1]), k.Rank); c != 0 {
			return c
		}
		if c := strings.Compare(s.ids[s.other(a)], k.Other); c != 0 {
			return c
		}
		if c := strings.Compare(s.edges[a>>1].ID, k.ID); c != 0 {
			return c
		}
		return -1 // equal keys: the entry is not after the cursor
	})
	return i
}
