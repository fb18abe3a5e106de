package graph

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Argument handling for the root queries, kept out of schema.resolvers.go so the generated
// file stays a list of one-liners.

func intArg(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}

func checkRange(name string, v, lo, hi int) error {
	if v < lo || v > hi {
		return kg.Errorf(kg.EINVALID, "%s must be between %d and %d, got %d", name, lo, hi, v)
	}
	return nil
}

func checkID(name, id string) error {
	if id == "" || len(id) > kg.MaxIDBytes || !utf8.ValidString(id) {
		return kg.Errorf(kg.EINVALID, "%s: not a valid id", name)
	}
	return nil
}

func (r *queryResolver) search(ctx context.Context, text string, kinds []kg.NodeKind, first *int, after *string) (*model.SearchHitConnection, error) {
	n := intArg(first, kg.DefaultFirst)
	if err := checkRange("first", n, 0, MaxFirst); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(text) > MaxSearchText {
		return nil, kg.Errorf(kg.EINVALID, "text must be at most %d characters", MaxSearchText)
	}
	q := kg.SearchQuery{Text: text, Kinds: kinds, First: n}
	if after != nil {
		q.After = *after
	}
	if err := kg.CheckSearchCursor(q.After); err != nil {
		return nil, err
	}
	p := &kg.SearchPage{}
	if strings.TrimSpace(text) != "" {
		var err error
		if p, err = r.Store.Search(ctx, q); err != nil {
			return nil, err
		}
	}
	conn := &model.SearchHitConnection{
		TotalCount: p.TotalCount,
		PageInfo:   pageInfo(p.Cursors, p.HasNext, p.HasPrev),
		Edges:      make([]*model.SearchHitEdge, 0, len(p.Hits)),
		Nodes:      make([]*model.SearchHit, 0, len(p.Hits)),
	}
	for i, h := range p.Hits {
		hit := &model.SearchHit{Node: model.Wrap(h.Node), Score: h.Score}
		conn.Edges = append(conn.Edges, &model.SearchHitEdge{Cursor: p.Cursors[i], Node: hit})
		conn.Nodes = append(conn.Nodes, hit)
	}
	return conn, nil
}

func (r *queryResolver) mandates(ctx context.Context, person, onBehalfOf, body *string, activeAt *kg.PartialDate, activeDuring *model.PeriodInput, includeUndated *bool, first *int, after *string) (*model.MandateConnection, error) {
	t, err := timeArg(activeAt, activeDuring, includeUndated)
	if err != nil {
		return nil, err
	}
	n, err := firstArg(first)
	if err != nil {
		return nil, err
	}
	f := kg.MandateFilter{Time: t}
	if person != nil {
		f.Persons = []string{*person}
	}
	if onBehalfOf != nil {
		f.OnBehalfOf = []string{*onBehalfOf}
	}
	if body != nil {
		ids, err := r.bodyAndParts(ctx, *body, true)
		if err != nil {
			return nil, err
		}
		f.Bodies = ids
	}
	p, err := r.Store.MandatePage(ctx, f, n, afterArg(after))
	if err != nil {
		return nil, err
	}
	prefetchMandateEnds(ctx, p.Mandates)
	return r.mandateConnectionOf(ctx, p, afterArg(after) != ""), nil
}

func (r *queryResolver) path(ctx context.Context, from, to string, maxHops *int, types []kg.EdgeType, tf kg.TimeFilter) (*kg.Path, error) {
	h := intArg(maxHops, 4)
	if err := checkRange("maxHops", h, 1, MaxPathHops); err != nil {
		return nil, err
	}
	if err := checkID("from", from); err != nil {
		return nil, err
	}
	if err := checkID("to", to); err != nil {
		return nil, err
	}
	p, err := r.Store.Path(ctx, kg.PathQuery{From: from, To: to, MaxHops: h, Types: types, Time: tf})
	if err == nil && p != nil {
		if l, lerr := loadersFrom(ctx); lerr == nil {
			l.primeNodes(p.Nodes)
		}
	}
	return p, err
}

func (r *queryResolver) neighbourhood(ctx context.Context, id string, hops *int, types []kg.EdgeType, limit *int, tf kg.TimeFilter) (*kg.Subgraph, error) {
	h := intArg(hops, 1)
	if err := checkRange("hops", h, 0, MaxHops); err != nil {
		return nil, err
	}
	lim := intArg(limit, 200)
	if err := checkRange("limit", lim, 1, MaxSubgraph); err != nil {
		return nil, err
	}
	if err := checkID("id", id); err != nil {
		return nil, err
	}
	sg, err := r.Store.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: id, Hops: h, Types: types, Limit: lim,
		EdgeLimit: kg.SubgraphEdgesPerNode * lim, Time: tf})
	if err != nil {
		return nil, err
	}
	if sg == nil { // unknown centre: an empty subgraph, not an error
		sg = &kg.Subgraph{}
	}
	if sg.Nodes == nil {
		sg.Nodes = []*kg.Node{}
	}
	if sg.Edges == nil {
		sg.Edges = []*kg.Edge{}
	}
	if l, err := loadersFrom(ctx); err == nil {
		l.primeNodes(sg.Nodes)
	}
	return sg, nil
}

// page runs a typed list query and hands each node to add.
func (r *queryResolver) page(ctx context.Context, kinds []kg.NodeKind, filter *model.NodeFilter, orderBy *model.NodeOrder, first *int, after *string) (*kg.NodePage, *model.PageInfo, error) {
	n := intArg(first, kg.DefaultFirst)
	if err := checkRange("first", n, 0, MaxFirst); err != nil {
		return nil, nil, err
	}
	q := kg.ListQuery{Kinds: kinds, First: n}
	if err := listOrderArgs(&q, filter, orderBy); err != nil {
		return nil, nil, err
	}
	if after != nil {
		q.After = *after
	}
	if filter != nil {
		if filter.NameContains != nil {
			if utf8.RuneCountInString(*filter.NameContains) > MaxSearchText {
				return nil, nil, kg.Errorf(kg.EINVALID, "filter.nameContains must be at most %d characters", MaxSearchText)
			}
			q.NameContains = *filter.NameContains
		}
		if filter.Country != nil {
			q.Country = *filter.Country
		}
		if filter.ActiveIn != nil {
			if err := checkRange("filter.activeIn", *filter.ActiveIn, 1, 9999); err != nil {
				return nil, nil, err
			}
			q.ActiveIn = *filter.ActiveIn
		}
	}
	p, err := r.Store.ListNodes(ctx, q)
	if err != nil {
		return nil, nil, err
	}
	info := &model.PageInfo{HasNextPage: p.HasNext, HasPreviousPage: p.HasPrev}
	if len(p.Cursors) > 0 {
		info.StartCursor = &p.Cursors[0]
		info.EndCursor = &p.Cursors[len(p.Cursors)-1]
	}
	return p, info, nil
}

// typedPage builds one of the typed connections (MunicipalityConnection …) from a page.
func typedPage[N any, E any](p *kg.NodePage, mk func(cursor string, n N) E) ([]E, []N) {
	edges := make([]E, 0, len(p.Nodes))
	nodes := make([]N, 0, len(p.Nodes))
	for i, n := range p.Nodes {
		v, ok := model.Wrap(n).(N)
		if !ok {
			continue
		}
		nodes = append(nodes, v)
		edges = append(edges, mk(p.Cursors[i], v))
	}
	return edges, nodes
}

// prefetchMandateEnds loads, in one store call, the persons, principals and bodies of ms that
// the query selects, so the mandates' second level resolves from the loader cache at once.
func prefetchMandateEnds(ctx context.Context, ms []*kg.Mandate) {
	l, err := loadersFrom(ctx)
	fc := graphql.GetFieldContext(ctx)
	if err != nil || fc == nil || len(ms) == 0 || !graphql.HasOperationContext(ctx) {
		return
	}
	// The Mandate fields selected under the connection: in nodes { … } and edges { node { … } }.
	oc := graphql.GetOperationContext(ctx)
	want := map[string]bool{}
	for _, c := range graphql.CollectFields(oc, fc.Field.Selections, []string{"MandateConnection"}) {
		var sel ast.SelectionSet
		switch c.Name {
		case "nodes":
			sel = c.Selections
		case "edges":
			for _, e := range graphql.CollectFields(oc, c.Selections, []string{"MandateEdge"}) {
				if e.Name == "node" {
					sel = append(sel, e.Selections...)
				}
			}
		}
		for _, f := range graphql.CollectFields(oc, sel, []string{"Mandate"}) {
			want[f.Name] = true
		}
	}
	var ids, persons []string
	for _, m := range ms {
		if want["person"] {
			ids = append(ids, m.Person)
		}
		if want["body"] {
			ids = append(ids, m.Body)
		}
		if want["onBehalfOf"] && m.OnBehalfOf != "" {
			ids = append(ids, m.OnBehalfOf)
		}
		persons = append(persons, m.Person)
	}
	l.prefetchNodes(ctx, ids)
	// The persons' parties (Mandate.party, or party under Mandate.person): the next two
	// levels' calls, made now, so that they need no batch window either.
	if want["party"] || wanted(ctx, "Person")["party"] {
		l.prefetchParties(ctx, persons)
	}
}
