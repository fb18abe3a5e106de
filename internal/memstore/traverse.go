package memstore

import (
	"cmp"
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// Path implements kg.Store with a level-synchronous bidirectional breadth-first search that
// ignores edge direction. Each round expands the smaller frontier, so a path between two far
// nodes touches roughly the square root of what a one-sided search would. Among shortest
// paths the one found first in adjacency order wins, which makes the answer deterministic.
// Visited sets are pooled open-addressing tables (see scratch.go), not Go maps.
func (s *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	// Arguments first, as in every store: a bad query is INVALID whatever the ids.
	mask, err := typeMask(q.Types)
	if err != nil {
		return nil, err
	}
	if err := kg.CheckPathHops(q.MaxHops); err != nil {
		return nil, err
	}
	if err := q.Time.Check(); err != nil {
		return nil, err
	}
	walk := s.walkable(mask, q.Time)
	src, ok1 := s.node(q.From)
	dst, ok2 := s.node(q.To)
	if !ok1 || !ok2 {
		return nil, nil
	}
	if src == dst {
		return &kg.Path{Nodes: []*kg.Node{s.view(ctx)[src]}, Edges: []*kg.Edge{}}, nil
	}
	x := getScratch()
	defer putScratch(x)
	// parent maps a visited node to the adjacency entry that reached it (root for the ends).
	const root = ^uint32(0)
	pa, pb := &x.a, &x.b
	pa.add(src, root)
	pb.add(dst, root)
	fa, fb := append(x.q1[:0], src), append(x.q2[:0], dst)
	var spare []int32
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
		next := spare[:0]
		meet := int32(-1)
		for i, n := range front {
			if i&1023 == 1023 {
				if err := ctx.Err(); err != nil {
					return nil, ctxErr(err)
				}
			}
			for _, a := range s.adjOf(n) {
				if !walk(a) {
					continue
				}
				o := s.other(a)
				if !mine.add(o, a) {
					continue
				}
				if meet < 0 && theirs.has(o) {
					meet = o // mine now holds a: the first entry that reached meet
				}
				next = append(next, o)
			}
			if meet >= 0 {
				break
			}
		}
		spare = front
		if fromA {
			fa, da = next, da+1
		} else {
			fb, db = next, db+1
		}
		if meet >= 0 {
			p := s.joinPath(s.view(ctx), meet, pa, pb)
			x.q1, x.q2 = fa[:0], fb[:0]
			return p, nil
		}
	}
	x.q1, x.q2 = fa[:0], fb[:0]
	return nil, nil
}

// joinPath walks parents from the meeting node back to both ends.
func (s *Store) joinPath(nv []*kg.Node, meet int32, pa, pb *visitTable) *kg.Path {
	const root = ^uint32(0)
	var left []int32 // meet … src
	var leftE []uint32
	for n := meet; ; {
		left = append(left, n)
		a, _ := pa.get(n)
		if a == root {
			break
		}
		leftE = append(leftE, a)
		n = s.back(a, n)
	}
	p := &kg.Path{}
	for i := len(left) - 1; i >= 0; i-- {
		p.Nodes = append(p.Nodes, nv[left[i]])
	}
	for i := len(leftE) - 1; i >= 0; i-- {
		p.Edges = append(p.Edges, s.edges[leftE[i]>>1])
	}
	for n := meet; ; {
		a, _ := pb.get(n)
		if a == root {
			break
		}
		p.Edges = append(p.Edges, s.edges[a>>1])
		n = s.back(a, n)
		p.Nodes = append(p.Nodes, nv[n])
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
//
// The cost follows the result, not the graph: the walk stops when Limit is reached, and
// the edges are found by scanning only the adjacency of nodes with few edges; an edge between
// two hubs (a network with 30 000 members, a popular event) is found by binary search in
// their sorted adjacency instead of by walking it. Edges come out in walk order (by the
// position of the end the walk expanded first, then adjacency order).
func (s *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	mask, err := typeMask(q.Types)
	if err != nil {
		return nil, err
	}
	if err := kg.CheckStoreHops(q.Hops); err != nil {
		return nil, err
	}
	if err := q.Time.Check(); err != nil {
		return nil, err
	}
	walk := s.walkable(mask, q.Time)
	c, ok := s.node(q.Center)
	if !ok {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1
	}
	x := getScratch()
	defer putScratch(x)
	pos := &x.a // node → position in order
	order := append(x.q1[:0], c)
	depth := append(x.q2[:0], 0)
	pos.add(c, 0)
	sub := &kg.Subgraph{}
walk:
	for head := 0; head < len(order); head++ {
		if head&255 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		n, d := order[head], depth[head]
		if int(d) >= q.Hops {
			break // breadth-first: every later node is as deep
		}
		for _, a := range s.adjOf(n) {
			if !walk(a) {
				continue
			}
			o := s.other(a)
			if pos.has(o) {
				continue
			}
			if len(order) >= limit {
				sub.Truncated = true
				break walk
			}
			pos.add(o, uint32(len(order)))
			order = append(order, o)
			depth = append(depth, d+1)
		}
	}
	x.q1, x.q2 = order[:0], depth[:0]

	// Edges: each qualifying edge once, keyed by (position of its end the walk met first,
	// index in that end's adjacency) — the order a full walk would emit them in.
	bigDeg := max(64, 4*len(order))
	isBig := func(n int32) bool { return len(s.adjOf(n)) > bigDeg }
	hops := int32(q.Hops)
	keys := x.keys[:0]
	var bigs []uint32
	for px, n := range order {
		if isBig(n) {
			bigs = append(bigs, uint32(px))
			continue
		}
		// Every small node scans, boundary ones too: its edges to hubs are found only here.
		for i, a := range s.adjOf(n) {
			if !walk(a) {
				continue
			}
			o := s.other(a)
			po, in := pos.get(o)
			if !in || min(depth[px], depth[po]) >= hops {
				continue
			}
			switch {
			case o == n: // a self-reference: once, from its out entry
				if a&1 == 0 {
					keys = append(keys, uint64(px)<<32|uint64(i))
				}
			case !isBig(o): // both ends scan it; the one met first keeps it
				if uint32(px) < po {
					keys = append(keys, uint64(px)<<32|uint64(i))
				}
			case uint32(px) < po:
				keys = append(keys, uint64(px)<<32|uint64(i))
			default:
				keys = append(keys, uint64(po)<<32|uint64(s.indexIn(o, a^1)))
			}
		}
	}
	// Edges between two hubs (or a hub and itself): binary search in the first one's runs.
	for bi, p1 := range bigs {
		n1 := order[p1]
		runs := s.typeRuns(s.adjOf(n1), mask)
		for _, p2 := range bigs[bi:] {
			if min(depth[p1], depth[p2]) >= hops {
				continue
			}
			n2 := order[p2]
			for _, run := range runs {
				lo, hi := s.otherRun(run.entries, n2)
				for k := lo; k < hi; k++ {
					if n1 == n2 && run.entries[k]&1 == 1 {
						continue
					}
					if !walk(run.entries[k]) {
						continue
					}
					keys = append(keys, uint64(p1)<<32|uint64(run.start+k))
				}
			}
		}
	}
	slices.Sort(keys)
	if q.EdgeLimit > 0 && len(keys) > q.EdgeLimit {
		keys = keys[:q.EdgeLimit]
		sub.Truncated = true
	}
	sub.Edges = make([]*kg.Edge, len(keys))
	for i, k := range keys {
		a := s.adjOf(order[k>>32])[uint32(k)]
		sub.Edges[i] = s.edges[a>>1]
	}
	x.keys = keys[:0]
	sub.Nodes = make([]*kg.Node, len(order))
	nv := s.view(ctx)
	for i, n := range order {
		sub.Nodes[i] = nv[n]
	}
	return sub, nil
}

// walkable returns whether an adjacency entry may be walked: its type is in mask (0 = all)
// and its edge's period passes tf.
func (s *Store) walkable(mask uint32, tf kg.TimeFilter) func(a uint32) bool {
	if tf.IsZero() {
		return func(a uint32) bool { return mask == 0 || mask&(1<<s.trank[a>>1]) != 0 }
	}
	return func(a uint32) bool {
		if mask != 0 && mask&(1<<s.trank[a>>1]) == 0 {
			return false
		}
		e := s.edges[a>>1]
		return tf.Match(e.Since, e.Until)
	}
}

// typeRun of one node's adjacency: the entries of one type, and where they start.
type adjRun struct {
	entries []uint32
	start   int
}

// typeRuns splits list (sorted by type) into its non-empty runs of types in mask (0 = all).
func (s *Store) typeRuns(list []uint32, mask uint32) []adjRun {
	var runs []adjRun
	for i := 0; i < len(list); {
		r := s.trank[list[i]>>1]
		j, _ := slices.BinarySearchFunc(list[i:], r+1, func(a uint32, r uint8) int { return cmp.Compare(s.trank[a>>1], r) })
		if mask == 0 || mask&(1<<r) != 0 {
			runs = append(runs, adjRun{list[i : i+j], i})
		}
		i += j
	}
	return runs
}

// otherRun returns the range of entries in run (one type, sorted by other end) whose other
// end is o.
func (s *Store) otherRun(run []uint32, o int32) (int, int) {
	lo, _ := slices.BinarySearchFunc(run, o, func(a uint32, o int32) int { return cmp.Compare(s.other(a), o) })
	hi := lo
	for hi < len(run) && s.other(run[hi]) == o {
		hi++
	}
	return lo, hi
}

// indexIn returns the position of entry a in node n's adjacency.
func (s *Store) indexIn(n int32, a uint32) int {
	list := s.adjOf(n)
	start, end := s.typeBounds(list, s.trank[a>>1])
	run := list[start:end]
	lo, hi := s.otherRun(run, s.other(a))
	for k := lo; k < hi; k++ {
		if run[k] == a {
			return start + k
		}
	}
	panic("memstore: adjacency entry not in its node's list")
}
