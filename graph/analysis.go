package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/analysis"
	"github.com/kommunkg/kg/internal/kg"
)

// The network analysis root fields (issue 17): sharedTies, interlocks, centrality and
// communities. Each reads one projection (kg.Store.Projection) or one batch of edges, computes
// in internal/analysis, and loads the page's nodes in one NodesByIDs call.

const (
	// defaultAnalysisHops is the radius of centrality and communities around a center.
	defaultAnalysisHops = 2
	// maxSharedListed caps Interlock.shared (count counts all).
	maxSharedListed = 100
	// maxTiesListed caps SharedTies.ties and each group's ties (count counts all).
	maxTiesListed = typedFieldLimit
	// maxCommunityNodesListed caps Community.nodes (size counts all).
	maxCommunityNodesListed = 100
	// maxCommunitiesListed is the largest first of communities.
	maxCommunitiesListed = 100
)

// scope turns center and hops into a projection query; the whole graph when center is nil.
func scope(center *string, hops *int, types []kg.EdgeType) (kg.ProjectionQuery, error) {
	q := kg.ProjectionQuery{Types: types}
	if center == nil {
		if hops != nil {
			return q, kg.Errorf(kg.EINVALID, "hops: only with a center")
		}
		return q, nil
	}
	if err := checkID("center", *center); err != nil {
		return q, err
	}
	q.Center = *center
	q.Hops = intArg(hops, defaultAnalysisHops)
	if err := checkRange("hops", q.Hops, 0, MaxHops); err != nil {
		return q, err
	}
	q.MaxNodes = kg.MaxScopedNodes
	return q, nil
}

// projected is a projection with its simple graph, for one question.
type projected struct {
	p *kg.Projection
	g *analysis.Graph
}

func (r *queryResolver) project(ctx context.Context, q kg.ProjectionQuery) (*projected, error) {
	p, err := r.Store.Projection(ctx, q)
	if err != nil {
		return nil, err
	}
	if p == nil {
		return nil, kg.Errorf(kg.ENOTFOUND, "center: no node %q", q.Center)
	}
	return &projected{p: p, g: analysis.New(p)}, nil
}

// cached answers a question once per graph version: whole-graph ones from analysis.Shared,
// neighbourhood ones from analysis.Scoped. The computation runs detached from the request
// (bounded by analysis.WholeGraphTimeout), so a request answers by its deadline — with the
// result, or TIMEOUT while the result is still being made for the next request.
func (r *queryResolver) cached(ctx context.Context, q kg.ProjectionQuery, question string,
	compute func(context.Context, *projected) (any, error)) (any, error) {
	st, err := r.Store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	cache := analysis.Shared
	// The store is part of the key: two stores of one graph (the differential test's pair)
	// must each compute their own answer.
	key := fmt.Sprintf("%p|%s|%s|%s", r.Store, st.Version, question, typesKey(q.Types))
	if q.Center != "" {
		cache = analysis.Scoped
		key += fmt.Sprintf("|%d|%s", q.Hops, q.Center)
	}
	return cache.Do(ctx, key, func(ctx context.Context) (any, error) {
		pr, err := r.project(ctx, q)
		if err != nil {
			return nil, err
		}
		return compute(ctx, pr)
	})
}

func typesKey(types []kg.EdgeType) string {
	ss := make([]string, len(types))
	for i, t := range types {
		ss[i] = string(t)
	}
	slices.Sort(ss)
	return strings.Join(slices.Compact(ss), ",")
}

// analysisNodes loads ids in one call, keyed by id; unknown ids are absent.
func (r *queryResolver) analysisNodes(ctx context.Context, ids []string) (map[string]model.Node, error) {
	ns, err := r.Store.NodesByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]model.Node, len(ns))
	for _, n := range ns {
		if n != nil {
			out[n.ID] = model.Wrap(n)
		}
	}
	return out, nil
}

// window is one page of a ranked list of n items keyed by id: [start, end).
type window struct{ start, end int }

// pageOf finds the page after the cursor (kind, one id key) in a list whose i-th id is id(i).
func pageOf(n int, id func(int) string, kind string, first *int, after *string) (window, error) {
	f := intArg(first, kg.DefaultFirst)
	if err := checkRange("first", f, 0, MaxFirst); err != nil {
		return window{}, err
	}
	start := 0
	if a := afterArg(after); a != "" { // "" is the start, as on every other connection
		keys, err := kg.DecodeKeyCursor(a, kind, 1)
		if err != nil {
			return window{}, err
		}
		i := 0
		for i < n && id(i) != keys[0] {
			i++
		}
		if i == n {
			return window{}, kg.Errorf(kg.EINVALID, "after: the cursor's node is not in this list")
		}
		start = i + 1
	}
	return window{start, min(n, start+f)}, nil
}

func pageInfoOf(w window, n int, cursor func(int) string) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: w.end < n, HasPreviousPage: w.start > 0}
	if w.end > w.start {
		s, e := cursor(w.start), cursor(w.end-1)
		info.StartCursor, info.EndCursor = &s, &e
	}
	return info
}

// ---- centrality -----------------------------------------------------------------------------

type rankedResult struct {
	ids    []string
	ranked []analysis.Ranked
	err    error // a refusal that depends only on the graph and the question
}

// idsBytes is roughly what a projection's ids hold (string headers and bytes).
func idsBytes(ids []string) int64 {
	n := int64(0)
	for _, id := range ids {
		n += int64(len(id)) + 16
	}
	return n
}

// CacheBytes sizes the result for the analysis caches' byte budget (analysis.Sizer): a
// whole-graph ranking of 100k nodes holds ~4 MB, so a count of entries alone would not
// bound them.
func (r *rankedResult) CacheBytes() int64 { return idsBytes(r.ids) + 24*int64(len(r.ranked)) }

// centrality ranks the nodes by measure over the projection, following relationships by the
// direction rule (BOTH: undirected, the default; OUT as written; IN against it; see
// analysis.Centrality). The direction is part of the cache key (the question), and so is a
// refusal that depends only on the graph (eigenvector on a directed graph without cycles),
// so that it is not recomputed for every request.
func (r *queryResolver) centrality(ctx context.Context, measure model.CentralityMeasure, center *string, hops *int,
	types []kg.EdgeType, direction *kg.Direction, first *int, after *string) (*model.CentralityConnection, error) {
	if !measure.IsValid() {
		return nil, kg.Errorf(kg.EINVALID, "measure: unknown %q", measure)
	}
	dir := kg.DirBoth
	if direction != nil {
		if !direction.Valid() {
			return nil, kg.Errorf(kg.EINVALID, "direction: unknown %q", *direction)
		}
		dir = *direction
	}
	q, err := scope(center, hops, types)
	if err != nil {
		return nil, err
	}
	v, err := r.cached(ctx, q, "centrality:"+string(measure)+":"+string(dir), func(ctx context.Context, pr *projected) (any, error) {
		g := pr.g
		if dir != kg.DirBoth {
			g = analysis.NewDirected(pr.p, dir)
		}
		scores, err := analysis.Centrality(ctx, g, analysis.Measure(measure))
		if err != nil {
			if kg.ErrorCode(err) == kg.EINVALID {
				return &rankedResult{err: err}, nil // a property of this graph: cached
			}
			return nil, err
		}
		return &rankedResult{ids: pr.p.IDs, ranked: analysis.Rank(pr.p.IDs, scores)}, nil
	})
	if err != nil {
		return nil, err
	}
	res := v.(*rankedResult)
	if res.err != nil {
		return nil, res.err
	}
	idAt := func(i int) string { return res.ids[res.ranked[i].Index] }
	const kind = "centrality"
	w, err := pageOf(len(res.ranked), idAt, kind, first, after)
	if err != nil {
		return nil, err
	}
	ids := make([]string, 0, w.end-w.start)
	for i := w.start; i < w.end; i++ {
		ids = append(ids, idAt(i))
	}
	nodes, err := r.analysisNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	cursor := func(i int) string { return kg.EncodeKeyCursor(kind, idAt(i)) }
	conn := &model.CentralityConnection{TotalCount: len(res.ranked), PageInfo: pageInfoOf(w, len(res.ranked), cursor),
		Edges: []*model.CentralityScoreEdge{}, Nodes: []*model.CentralityScore{}}
	for i := w.start; i < w.end; i++ {
		n, ok := nodes[idAt(i)]
		if !ok {
			continue
		}
		s := &model.CentralityScore{Node: n, Score: res.ranked[i].Score, Rank: res.ranked[i].Rank}
		conn.Nodes = append(conn.Nodes, s)
		conn.Edges = append(conn.Edges, &model.CentralityScoreEdge{Cursor: cursor(i), Node: s})
	}
	return conn, nil
}

// ---- communities ----------------------------------------------------------------------------

type partitionResult struct {
	ids []string
	p   analysis.Partition
}

// CacheBytes sizes the result for the analysis caches' byte budget (analysis.Sizer).
func (r *partitionResult) CacheBytes() int64 {
	n := idsBytes(r.ids) + 24*int64(len(r.p.Communities))
	for _, c := range r.p.Communities {
		n += 4 * int64(len(c))
	}
	return n
}

func (r *queryResolver) communities(ctx context.Context, center *string, hops *int, types []kg.EdgeType, first *int) (*model.CommunityResult, error) {
	f := intArg(first, 20)
	if err := checkRange("first", f, 0, maxCommunitiesListed); err != nil {
		return nil, err
	}
	q, err := scope(center, hops, types)
	if err != nil {
		return nil, err
	}
	v, err := r.cached(ctx, q, "communities", func(ctx context.Context, pr *projected) (any, error) {
		if err := ctx.Err(); err != nil {
			return nil, kg.WrapError(kg.ETIMEOUT, err, "request timed out")
		}
		if pr.g.Len() > analysis.MaxCommunityNodes {
			return nil, kg.Errorf(kg.ETOOLARGE, "communities are computed over at most %d nodes, this graph has %d; name a center or fewer types", analysis.MaxCommunityNodes, pr.g.Len())
		}
		return &partitionResult{ids: pr.p.IDs, p: analysis.Communities(pr.g)}, nil
	})
	if err != nil {
		return nil, err
	}
	res := v.(*partitionResult)
	shown := res.p.Communities[:min(f, len(res.p.Communities))]
	var ids []string
	for _, c := range shown {
		for _, x := range c[:min(len(c), maxCommunityNodesListed)] {
			ids = append(ids, res.ids[x])
		}
	}
	nodes, err := r.analysisNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := &model.CommunityResult{Modularity: res.p.Modularity, Count: len(res.p.Communities), Communities: []*model.Community{}}
	for i, c := range shown {
		mc := &model.Community{ID: i, Size: len(c), Nodes: []model.Node{}}
		for _, x := range c[:min(len(c), maxCommunityNodesListed)] {
			if n, ok := nodes[res.ids[x]]; ok {
				mc.Nodes = append(mc.Nodes, n)
			}
		}
		out.Communities = append(out.Communities, mc)
	}
	return out, nil
}

// ---- interlocks -----------------------------------------------------------------------------

func (r *queryResolver) interlocks(ctx context.Context, id string, kind *kg.NodeKind, via []kg.EdgeType, first *int, after *string) (*model.InterlockConnection, error) {
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	var k kg.NodeKind
	if kind != nil {
		if !kind.Valid() {
			return nil, kg.Errorf(kg.EINVALID, "kind: unknown %q", *kind)
		}
		k = *kind
	}
	pr, err := r.project(ctx, kg.ProjectionQuery{Center: id, Hops: 2, Types: via, MaxNodes: kg.MaxInterlockNodes})
	if err != nil {
		if kg.ErrorCode(err) == kg.ENOTFOUND {
			return nil, kg.Errorf(kg.ENOTFOUND, "id: no node %q", id)
		}
		return nil, err
	}
	list := analysis.Interlocks(pr.p, pr.g, pr.p.Index(id), k)
	idAt := func(i int) string { return pr.p.IDs[list[i].Index] }
	const ckind = "interlock"
	w, err := pageOf(len(list), idAt, ckind, first, after)
	if err != nil {
		return nil, err
	}
	var ids []string
	for i := w.start; i < w.end; i++ {
		ids = append(ids, idAt(i))
		for _, s := range list[i].Shared[:min(len(list[i].Shared), maxSharedListed)] {
			ids = append(ids, pr.p.IDs[s])
		}
	}
	nodes, err := r.analysisNodes(ctx, ids)
	if err != nil {
		return nil, err
	}
	cursor := func(i int) string { return kg.EncodeKeyCursor(ckind, idAt(i)) }
	conn := &model.InterlockConnection{TotalCount: len(list), PageInfo: pageInfoOf(w, len(list), cursor),
		Edges: []*model.InterlockEdge{}, Nodes: []*model.Interlock{}}
	for i := w.start; i < w.end; i++ {
		n, ok := nodes[idAt(i)]
		if !ok {
			continue
		}
		il := &model.Interlock{Node: n, Count: len(list[i].Shared), Rank: list[i].Rank, Shared: []model.Node{}}
		for _, s := range list[i].Shared[:min(len(list[i].Shared), maxSharedListed)] {
			if sn, ok := nodes[pr.p.IDs[s]]; ok {
				il.Shared = append(il.Shared, sn)
			}
		}
		conn.Nodes = append(conn.Nodes, il)
		conn.Edges = append(conn.Edges, &model.InterlockEdge{Cursor: cursor(i), Node: il})
	}
	return conn, nil
}

// ---- shared ties ----------------------------------------------------------------------------

func (r *queryResolver) sharedTies(ctx context.Context, a, b string, types []kg.EdgeType, activeAt *kg.PartialDate) (*model.SharedTies, error) {
	if err := checkID("a", a); err != nil {
		return nil, err
	}
	if err := checkID("b", b); err != nil {
		return nil, err
	}
	for _, t := range types {
		if !t.Valid() {
			return nil, kg.Errorf(kg.EINVALID, "types: unknown edge type %q", t)
		}
	}
	var tf kg.TimeFilter
	if activeAt != nil {
		tf.At = *activeAt
	}
	ends, err := r.analysisNodes(ctx, []string{a, b})
	if err != nil {
		return nil, err
	}
	for _, x := range []struct{ arg, id string }{{"a", a}, {"b", b}} {
		if _, ok := ends[x.id]; !ok {
			return nil, kg.Errorf(kg.ENOTFOUND, "%s: no node %q", x.arg, x.id)
		}
	}
	es, err := r.Store.EdgesOf(ctx, []string{a, b}, kg.EdgeFilter{Types: types, Direction: kg.DirBoth})
	if err != nil {
		return nil, err
	}
	// other end → the edges of a (side 0) and b (side 1) to it.
	tied := [2]map[string][]*kg.Edge{{}, {}}
	for side, id := range []string{a, b} {
		for _, e := range es[side] {
			if !tf.IsZero() && !tf.Match(e.Since, e.Until) {
				continue
			}
			o := e.To
			if o == id {
				o = e.From
			}
			if o == a || o == b {
				continue
			}
			tied[side][o] = append(tied[side][o], e)
		}
	}
	var shared []string
	for o := range tied[0] {
		if _, ok := tied[1][o]; ok {
			shared = append(shared, o)
		}
	}
	slices.Sort(shared)
	listed := shared[:min(len(shared), maxTiesListed)]
	nodes, err := r.analysisNodes(ctx, listed)
	if err != nil {
		return nil, err
	}
	out := &model.SharedTies{A: ends[a], B: ends[b], Count: len(shared), Ties: []*model.SharedTie{}, Groups: []*model.SharedTieGroup{}}
	groups := map[[2]kg.EdgeType]*model.SharedTieGroup{}
	for _, o := range shared {
		n, ok := nodes[o]
		ea, eb := tied[0][o], tied[1][o]
		if ok {
			out.Ties = append(out.Ties, &model.SharedTie{Node: n, EdgesA: ea, EdgesB: eb})
		}
		for _, ta := range typesOf(ea) {
			for _, tb := range typesOf(eb) {
				key := [2]kg.EdgeType{ta, tb}
				g := groups[key]
				if g == nil {
					g = &model.SharedTieGroup{TypeA: ta, TypeB: tb, Ties: []*model.SharedTie{}}
					groups[key] = g
				}
				g.Count++
				if ok && len(g.Ties) < maxTiesListed {
					g.Ties = append(g.Ties, &model.SharedTie{Node: n, EdgesA: ofType(ea, ta), EdgesB: ofType(eb, tb)})
				}
			}
		}
	}
	for _, ta := range kg.AllEdgeTypes {
		for _, tb := range kg.AllEdgeTypes {
			if g := groups[[2]kg.EdgeType{ta, tb}]; g != nil {
				out.Groups = append(out.Groups, g)
			}
		}
	}
	return out, nil
}

// typesOf lists the distinct types of es, in kg.AllEdgeTypes order.
func typesOf(es []*kg.Edge) []kg.EdgeType {
	var out []kg.EdgeType
	for _, t := range kg.AllEdgeTypes {
		if slices.ContainsFunc(es, func(e *kg.Edge) bool { return e.Type == t }) {
			out = append(out, t)
		}
	}
	return out
}

func ofType(es []*kg.Edge, t kg.EdgeType) []*kg.Edge {
	var out []*kg.Edge
	for _, e := range es {
		if e.Type == t {
			out = append(out, e)
		}
	}
	return out
}
