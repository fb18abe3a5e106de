package graph

import (
	"context"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Connections of relationships, mandates and nodes under a node (issue 16): one rule for
// every list — first (default kg.DefaultFirst, at most kg.MaxFirst, else INVALID), after (an
// opaque keyset cursor), totalCount and pageInfo — so nothing is cut without hasNextPage
// saying so. Relationship pages come from kg.Store.EdgePages through the edgePages loader
// (one store call per nesting level); counts from Degrees / RelationshipCounts.

// firstArg is a connection's page size: the default when absent, INVALID outside 0..MaxFirst.
func firstArg(first *int) (int, error) {
	n := intArg(first, kg.DefaultFirst)
	if err := checkRange("first", n, 0, MaxFirst); err != nil {
		return 0, err
	}
	return n, nil
}

// timeArg turns the time arguments of a list into a kg.TimeFilter, checked.
func timeArg(activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool) (kg.TimeFilter, error) {
	var f kg.TimeFilter
	if activeAt != nil {
		f.At = *activeAt
	}
	if activeDuring != nil {
		f.During = true
		if activeDuring.From != nil {
			f.From = *activeDuring.From
		}
		if activeDuring.To != nil {
			f.To = *activeDuring.To
		}
	}
	if includeUndated != nil && !*includeUndated {
		f.ExcludeUndated = true
	}
	return f, f.Check()
}

func afterArg(after *string) string {
	if after == nil {
		return ""
	}
	return *after
}

// pageSpec is a kg.EdgePageQuery in canonical, comparable form (a loader key part).
type pageSpec struct {
	types typeSet
	dir   kg.Direction
	time  kg.TimeFilter
	first int
	after string
}

type pageKey struct {
	id   string
	spec pageSpec
}

func pageSpecOf(q kg.EdgePageQuery) (pageSpec, error) {
	es, err := specOf(kg.EdgeFilter{Types: q.Types, Direction: q.Direction})
	if err != nil {
		return pageSpec{}, err
	}
	return pageSpec{types: es.types, dir: es.dir, time: q.Time, first: q.First, after: q.After}, nil
}

func (s pageSpec) query() kg.EdgePageQuery {
	f := edgeSpec{types: s.types, dir: s.dir}.filter()
	return kg.EdgePageQuery{Types: f.Types, Direction: f.Direction, Time: s.time, First: s.first, After: s.after}
}

// fetchEdgePages makes one EdgePages call per distinct spec (siblings share one).
func fetchEdgePages(ctx context.Context, store kg.Store, keys []pageKey) ([]kg.EdgePage, []error) {
	return batchBySpec(ctx, keys, func(k pageKey) (string, pageSpec) { return k.id, k.spec },
		func(ctx context.Context, spec pageSpec, ids []string) ([]kg.EdgePage, error) {
			return store.EdgePages(ctx, ids, spec.query())
		})
}

// degKey asks for one node's degree under one (types, direction).
type degKey struct {
	id    string
	types typeSet
	dir   kg.Direction
}

func fetchDegrees(ctx context.Context, store kg.Store, keys []degKey) ([]int, []error) {
	type spec struct {
		types typeSet
		dir   kg.Direction
	}
	return batchBySpec(ctx, keys, func(k degKey) (string, spec) { return k.id, spec{k.types, k.dir} },
		func(ctx context.Context, s spec, ids []string) ([]int, error) {
			f := edgeSpec{types: s.types, dir: s.dir}.filter()
			return store.Degrees(ctx, ids, kg.DegreeQuery{Types: f.Types, Direction: f.Direction})
		})
}

// edgePage loads one page of id's edges.
func (r *Resolver) edgePage(ctx context.Context, id string, q kg.EdgePageQuery) (kg.EdgePage, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return kg.EdgePage{}, err
	}
	spec, err := pageSpecOf(q)
	if err != nil {
		return kg.EdgePage{}, err
	}
	return l.edgePages.Load(ctx, pageKey{id: id, spec: spec})
}

func pageInfo(cursors []string, hasNext, hasPrev bool) *model.PageInfo {
	info := &model.PageInfo{HasNextPage: hasNext, HasPreviousPage: hasPrev}
	if len(cursors) > 0 {
		info.StartCursor, info.EndCursor = &cursors[0], &cursors[len(cursors)-1]
	}
	return info
}

// relQuery builds the EdgePageQuery of a relationship list's arguments.
func relQuery(types []kg.EdgeType, dir kg.Direction, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (kg.EdgePageQuery, error) {
	n, err := firstArg(first)
	if err != nil {
		return kg.EdgePageQuery{}, err
	}
	t, err := timeArg(activeAt, activeDuring, includeUndated)
	if err != nil {
		return kg.EdgePageQuery{}, err
	}
	q := kg.EdgePageQuery{Types: types, Direction: dir, Time: t, First: n, After: afterArg(after)}
	return q, kg.CheckEdgePageQuery(q)
}

func dirArg(direction *kg.Direction) kg.Direction {
	if direction == nil {
		return kg.DirBoth
	}
	return *direction
}

func (r *Resolver) relConnection(ctx context.Context, self string, q kg.EdgePageQuery) (*model.RelationshipConnection, error) {
	p, err := r.edgePage(ctx, self, q)
	if err != nil {
		return nil, err
	}
	c := &model.RelationshipConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.Cursors, p.HasNext, q.After != ""),
		Edges: make([]*model.RelationshipEdge, len(p.Edges)), Nodes: make([]*model.Relationship, len(p.Edges))}
	for i, rel := range r.relationshipViews(ctx, self, p.Edges) {
		c.Nodes[i] = rel
		c.Edges[i] = &model.RelationshipEdge{Cursor: p.Cursors[i], Node: rel}
	}
	return c, nil
}

func (r *Resolver) nodeEdges(ctx context.Context, n model.Node, types []kg.EdgeType, direction *kg.Direction, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.EdgeConnection, error) {
	q, err := relQuery(types, dirArg(direction), activeAt, activeDuring, includeUndated, first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.edgePage(ctx, n.KGNode().ID, q)
	if err != nil {
		return nil, err
	}
	views := r.edgeViews(ctx, p.Edges)
	c := &model.EdgeConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.Cursors, p.HasNext, q.After != ""),
		Edges: make([]*model.EdgeEdge, len(p.Edges)), Nodes: views}
	for i, e := range views {
		c.Edges[i] = &model.EdgeEdge{Cursor: p.Cursors[i], Node: e}
	}
	return c, nil
}

func (r *Resolver) nodeRelationships(ctx context.Context, n model.Node, types []kg.EdgeType, direction *kg.Direction, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.RelationshipConnection, error) {
	q, err := relQuery(types, dirArg(direction), activeAt, activeDuring, includeUndated, first, after)
	if err != nil {
		return nil, err
	}
	return r.relConnection(ctx, n.KGNode().ID, q)
}

// typedRels resolves the typed relationship field being resolved (taken from the field
// context gqlgen gives every resolver) by its relFields entry, as a connection.
func (r *Resolver) typedRels(ctx context.Context, n model.Node, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.RelationshipConnection, error) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return nil, kg.Errorf(kg.EINTERNAL, "typed relationship field resolved outside a query")
	}
	f, ok := relFields[fieldName{fc.Object, fc.Field.Name}]
	if !ok {
		return nil, kg.Errorf(kg.EINTERNAL, "%s.%s has no entry in the relationship table", fc.Object, fc.Field.Name)
	}
	q, err := relQuery(f.types, f.dir, activeAt, activeDuring, includeUndated, first, after)
	if err != nil {
		return nil, err
	}
	return r.relConnection(ctx, n.KGNode().ID, q)
}

// degree is how many relationships of n match (types, direction), from the degree index.
func (r *Resolver) degree(ctx context.Context, n model.Node, types []kg.EdgeType, direction *kg.Direction) (int, error) {
	if err := kg.CheckDegreeQuery(kg.DegreeQuery{Types: types, Direction: dirArg(direction)}); err != nil {
		return 0, err
	}
	spec, err := specOf(kg.EdgeFilter{Types: types, Direction: dirArg(direction)})
	if err != nil {
		return 0, err
	}
	l, err := loadersFrom(ctx)
	if err != nil {
		return 0, err
	}
	return l.degrees.Load(ctx, degKey{id: n.KGNode().ID, types: spec.types, dir: spec.dir})
}

func (r *Resolver) relationshipCounts(ctx context.Context, n model.Node) ([]*kg.RelationshipCount, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	cs, err := l.relCounts.Load(ctx, n.KGNode().ID)
	if err != nil {
		return nil, err
	}
	out := make([]*kg.RelationshipCount, len(cs))
	for i := range cs {
		out[i] = &cs[i]
	}
	return out, nil
}

// contains is what lies in id (LOCATED_IN pointing in), a page of nodes with the
// relationship cursors of their edges.
func (r *Resolver) contains(ctx context.Context, id string, first *int, after *string) (*model.NodeConnection, error) {
	q, err := relQuery([]kg.EdgeType{kg.EdgeLocatedIn}, kg.DirIn, nil, nil, nil, first, after)
	if err != nil {
		return nil, err
	}
	p, err := r.edgePage(ctx, id, q)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(p.Edges))
	for i, e := range p.Edges {
		ids[i] = e.From
	}
	ns, err := r.nodesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	c := &model.NodeConnection{TotalCount: p.TotalCount, PageInfo: pageInfo(p.Cursors, p.HasNext, q.After != ""),
		Edges: make([]*model.NodeEdge, 0, len(ns)), Nodes: make([]model.Node, 0, len(ns))}
	for i, n := range ns {
		if n == nil {
			return nil, kg.Errorf(kg.EINTERNAL, "graph inconsistent")
		}
		w := model.Wrap(n)
		c.Nodes = append(c.Nodes, w)
		c.Edges = append(c.Edges, &model.NodeEdge{Cursor: p.Cursors[i], Node: w})
	}
	return c, nil
}

// ---- mandates ------------------------------------------------------------------------------

// mandatePage pages ms (in kg.CompareMandates order) after the keyset cursor after: the
// per-node lists (a person's mandates, a body's representatives), which the batched mandates
// loader fetches whole — one store call per level — and which are as long as the node's
// SERVES_ON / REPRESENTS degree. Query.mandates pages in the store (MandatePage).
func (r *Resolver) mandatePage(ctx context.Context, ms []*kg.Mandate, first *int, after *string) (*model.MandateConnection, error) {
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	start := 0
	if a := afterArg(after); a != "" {
		k, err := kg.DecodeMandateCursor(a)
		if err != nil {
			return nil, err
		}
		start, _ = slices.BinarySearchFunc(ms, k, func(m, k *kg.Mandate) int {
			if c := kg.CompareMandates(m, k); c != 0 {
				return c
			}
			return -1
		})
	}
	rest := ms[start:]
	page := rest[:min(n, len(rest))]
	views := r.mandateViews(ctx, page)
	c := &model.MandateConnection{TotalCount: len(ms), Nodes: views, Edges: make([]*model.MandateEdge, len(page))}
	cursors := make([]string, len(page))
	for i, m := range page {
		cursors[i] = kg.MandateCursor(m)
		c.Edges[i] = &model.MandateEdge{Cursor: cursors[i], Node: views[i]}
	}
	c.PageInfo = pageInfo(cursors, len(rest) > len(page), start > 0)
	return c, nil
}

// filterMandates keeps the mandates whose period passes t.
func filterMandates(ms []*kg.Mandate, t kg.TimeFilter) []*kg.Mandate {
	if t.IsZero() {
		return ms
	}
	out := make([]*kg.Mandate, 0, len(ms))
	for _, m := range ms {
		if t.Match(m.Since, m.Until) {
			out = append(out, m)
		}
	}
	return out
}

// mandateConnection is the connection of the mandates whose end on side is id.
func (r *Resolver) mandateConnection(ctx context.Context, side mandateSide, id string, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.MandateConnection, error) {
	t, err := timeArg(activeAt, activeDuring, includeUndated)
	if err != nil {
		return nil, err
	}
	if _, err := firstArg(first); err != nil {
		return nil, err
	}
	ms, err := r.mandatesBy(ctx, side, id, kg.PartialDate{})
	if err != nil {
		return nil, err
	}
	return r.mandatePage(ctx, filterMandates(ms, t), first, after)
}

// representativesConnection is the connection of the mandates in body id or its parts.
func (r *Resolver) representativesConnection(ctx context.Context, id string, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.MandateConnection, error) {
	t, err := timeArg(activeAt, activeDuring, includeUndated)
	if err != nil {
		return nil, err
	}
	if _, err := firstArg(first); err != nil {
		return nil, err
	}
	ms, err := r.representativesIn(ctx, id)
	if err != nil {
		return nil, err
	}
	ms = filterMandates(ms, t)
	kg.SortMandates(ms)
	return r.mandatePage(ctx, ms, first, after)
}

const groupCursorKind = "group"

// groupsConnection pages the representation groups of body id: ordered by principal id, the
// group without a principal last.
func (r *Resolver) groupsConnection(ctx context.Context, id string, first *int, after *string) (*model.RepresentationGroupConnection, error) {
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	var afterKey string
	if a := afterArg(after); a != "" {
		keys, err := kg.DecodeKeyCursor(a, groupCursorKind, 1)
		if err != nil {
			return nil, err
		}
		afterKey = keys[0]
	}
	ms, err := r.representativesIn(ctx, id)
	if err != nil {
		return nil, err
	}
	kg.SortMandates(ms)
	byP := map[string][]*kg.Mandate{}
	var principals []string
	for _, m := range ms {
		if _, ok := byP[m.OnBehalfOf]; !ok {
			principals = append(principals, m.OnBehalfOf)
		}
		byP[m.OnBehalfOf] = append(byP[m.OnBehalfOf], m)
	}
	// Sort key: "1" + id for a principal, "2" for none, so that none comes last.
	key := func(p string) string {
		if p == "" {
			return "2"
		}
		return "1" + p
	}
	slices.SortFunc(principals, func(a, b string) int { return strings.Compare(key(a), key(b)) })
	start := 0
	if afterKey != "" {
		start, _ = slices.BinarySearchFunc(principals, afterKey, func(p, k string) int {
			if c := strings.Compare(key(p), k); c != 0 {
				return c
			}
			return -1
		})
	}
	rest := principals[start:]
	page := rest[:min(n, len(rest))]
	var load []string
	for _, p := range page {
		if p != "" {
			load = append(load, p)
		}
	}
	ns, err := r.nodesOf(ctx, load)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*kg.Node, len(ns))
	for _, x := range ns {
		if x == nil {
			return nil, kg.Errorf(kg.EINTERNAL, "graph inconsistent")
		}
		byID[x.ID] = x
	}
	c := &model.RepresentationGroupConnection{TotalCount: len(principals)}
	cursors := make([]string, len(page))
	for i, p := range page {
		g := &model.RepresentationGroup{Mandates: byP[p]}
		if p != "" {
			g.OnBehalfOf = model.Wrap(byID[p])
		}
		cursors[i] = kg.EncodeKeyCursor(groupCursorKind, key(p))
		c.Nodes = append(c.Nodes, g)
		c.Edges = append(c.Edges, &model.RepresentationGroupEdge{Cursor: cursors[i], Node: g})
	}
	if c.Nodes == nil {
		c.Nodes, c.Edges = []*model.RepresentationGroup{}, []*model.RepresentationGroupEdge{}
	}
	c.PageInfo = pageInfo(cursors, len(rest) > len(page), start > 0)
	return c, nil
}

// mandateConnectionOf is the connection of one store page.
func (r *Resolver) mandateConnectionOf(ctx context.Context, p kg.MandatePage, hasPrev bool) *model.MandateConnection {
	views := r.mandateViews(ctx, p.Mandates)
	c := &model.MandateConnection{TotalCount: p.TotalCount, Nodes: views, Edges: make([]*model.MandateEdge, len(p.Mandates)),
		PageInfo: pageInfo(p.Cursors, p.HasNext, hasPrev)}
	for i := range p.Mandates {
		c.Edges[i] = &model.MandateEdge{Cursor: p.Cursors[i], Node: views[i]}
	}
	return c
}
