package graph

import (
	"context"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Limits on what one request may ask for: kg's (see kg.MaxFirst …), named here for the
// resolvers. Violations come back as INVALID errors naming the argument.
const (
	MaxFirst        = kg.MaxFirst
	MaxHops         = kg.MaxHops
	MaxPathHops     = kg.MaxPathHops
	MaxSubgraph     = kg.MaxSubgraph
	MaxIDs          = kg.MaxIDs
	MaxSearchText   = kg.MaxSearchText
	typedFieldLimit = kg.TypedFieldLimit
)

// The helpers below are the whole data-access vocabulary of the resolvers. Each goes
// through the request's loaders, so sibling resolvers at one nesting level share one store
// call.

func (r *Resolver) node(ctx context.Context, id string) (model.Node, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	n, err := l.nodes.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return model.Wrap(n), nil
}

func (r *Resolver) nodesOf(ctx context.Context, ids []string) ([]*kg.Node, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	return l.nodes.LoadAll(ctx, ids)
}

// mustNode loads a node that the graph guarantees exists (an edge's end); a missing one is
// an internal inconsistency, not a client error.
func (r *Resolver) mustNode(ctx context.Context, id string) (model.Node, error) {
	n, err := r.node(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == nil {
		return nil, kg.Errorf(kg.EINTERNAL, "graph inconsistent")
	}
	return n, nil
}

func (r *Resolver) edgesOf(ctx context.Context, id string, f kg.EdgeFilter) ([]*kg.Edge, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	spec, err := specOf(f)
	if err != nil {
		return nil, err
	}
	es, err := l.edges.Load(ctx, edgeKey{id: id, spec: spec})
	if err != nil {
		return nil, err
	}
	if es == nil {
		es = []*kg.Edge{}
	}
	return es, nil
}

// neighbours returns the nodes at the other end of n's edges of type t in direction dir,
// keeping only nodes of kind k (empty = any), in edge order.
func (r *Resolver) neighbours(ctx context.Context, id string, dir kg.Direction, t kg.EdgeType, k kg.NodeKind) ([]*kg.Node, error) {
	es, err := r.edgesOf(ctx, id, kg.EdgeFilter{Types: []kg.EdgeType{t}, Direction: dir, Limit: typedFieldLimit})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(es))
	for i, e := range es {
		ids[i] = (&model.Relationship{Edge: e, Self: id}).OtherID()
	}
	ns, err := r.nodesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := ns[:0:0]
	for _, x := range ns {
		if x != nil && (k == "" || x.Kind == k) {
			out = append(out, x)
		}
	}
	return out, nil
}

// locatedIn finds the first node of kind k that id lies in: directly, or (for a country)
// through the region it lies in.
func (r *Resolver) locatedIn(ctx context.Context, id string, k kg.NodeKind) (*kg.Node, error) {
	direct, err := r.neighbours(ctx, id, kg.DirOut, kg.EdgeLocatedIn, "")
	if err != nil {
		return nil, err
	}
	for _, n := range direct {
		if n.Kind == k {
			return n, nil
		}
	}
	if k != kg.KindCountry {
		return nil, nil
	}
	for _, n := range direct {
		if n.Kind != kg.KindRegion && n.Kind != kg.KindMunicipality {
			continue
		}
		up, err := r.neighbours(ctx, n.ID, kg.DirOut, kg.EdgeLocatedIn, kg.KindCountry)
		if err != nil {
			return nil, err
		}
		if len(up) > 0 {
			return up[0], nil
		}
	}
	return nil, nil
}

func wrapAll(ns []*kg.Node) []model.Node {
	out := make([]model.Node, 0, len(ns))
	for _, n := range ns {
		if n != nil {
			out = append(out, model.Wrap(n))
		}
	}
	return out
}

// partyEdges is the filter partyOf reads a person's edges with (neighbours' filter for it),
// named so that prefetchParties primes exactly the loader keys partyOf asks for.
var partyEdges = kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirOut, Limit: typedFieldLimit}

// partyOf is the party a person is stated to be a member of (first by id order), or nil.
func (r *Resolver) partyOf(ctx context.Context, personID string) (*model.Party, error) {
	ps, err := partiesOf(ctx, []string{personID})
	if err != nil {
		return nil, err
	}
	return ps[personID], nil
}

// partiesOf is partyOf for several persons at once, with the same loader keys: their
// MEMBER_OF edges queued together (one batch), then the nodes at the far ends (one batch).
// A person without a party maps to nil.
func partiesOf(ctx context.Context, persons []string) (map[string]*model.Party, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	spec, err := specOf(partyEdges)
	if err != nil {
		return nil, err
	}
	thunks := make([]func() ([]*kg.Edge, error), len(persons))
	for i, id := range persons {
		thunks[i] = l.edges.LoadThunk(ctx, edgeKey{id: id, spec: spec})
	}
	far := make([][]string, len(persons))
	var all []string
	for i, id := range persons {
		es, err := thunks[i]()
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			other := (&model.Relationship{Edge: e, Self: id}).OtherID()
			far[i] = append(far[i], other)
			all = append(all, other)
		}
	}
	ns, err := l.nodes.LoadAll(ctx, all)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*kg.Node, len(ns))
	for _, n := range ns {
		if n != nil {
			byID[n.ID] = n
		}
	}
	out := make(map[string]*model.Party, len(persons))
	for i, id := range persons {
		out[id] = nil
		for _, f := range far[i] {
			if n := byID[f]; n != nil && n.Kind == kg.KindParty {
				out[id] = model.Wrap(n).(*model.Party)
				break
			}
		}
	}
	return out, nil
}

// mandatesBy loads the mandates whose end on side is id.
func (r *Resolver) mandatesBy(ctx context.Context, side mandateSide, id string, at kg.PartialDate) ([]*kg.Mandate, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	ms, err := l.mandates.Load(ctx, mandateKey{side: side, id: id, activeAt: at})
	if err != nil {
		return nil, err
	}
	if ms == nil {
		ms = []*kg.Mandate{}
	}
	return ms, nil
}

// bodyAndParts returns id followed by the ids of its parts (PART_OF pointing in), two levels
// deep: a network's representatives include those in its board and in the board's groups.
// Under a list it goes through the edges loader (siblings share a call); at the root
// (direct) there is one parent, so it calls the store at once instead of waiting out a batch
// window per level.
func (r *Resolver) bodyAndParts(ctx context.Context, id string, direct bool) ([]string, error) {
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	// No limit: a body's parts are few, and a cut here would silently drop mandates.
	f := kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgePartOf}, Direction: kg.DirIn}
	spec, err := specOf(f)
	if err != nil {
		return nil, err
	}
	fetch := func(ids []string) ([][]*kg.Edge, error) {
		if direct {
			return r.Store.EdgesOf(ctx, ids, f)
		}
		keys := make([]edgeKey, len(ids))
		for i, id := range ids {
			keys[i] = edgeKey{id: id, spec: spec}
		}
		return l.edges.LoadAll(ctx, keys)
	}
	ids := []string{id}
	frontier := []string{id}
	seen := map[string]bool{id: true}
	for depth := 0; depth < 2 && len(frontier) > 0; depth++ {
		lists, err := fetch(frontier)
		if err != nil {
			return nil, err
		}
		var next []string
		for _, es := range lists {
			for _, e := range es {
				if !seen[e.From] {
					seen[e.From] = true
					ids = append(ids, e.From)
					next = append(next, e.From)
				}
			}
		}
		frontier = next
	}
	return ids, nil
}

// representativesIn returns the mandates held in body id or in one of its parts.
func (r *Resolver) representativesIn(ctx context.Context, id string) ([]*kg.Mandate, error) {
	ids, err := r.bodyAndParts(ctx, id, false)
	if err != nil {
		return nil, err
	}
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	keys := make([]mandateKey, len(ids))
	for i, b := range ids {
		keys[i] = mandateKey{side: sideBody, id: b}
	}
	lists, err := l.mandates.LoadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := []*kg.Mandate{}
	for _, ms := range lists {
		out = append(out, ms...)
	}
	return out, nil
}

func (r *Resolver) countryOf(ctx context.Context, id string) (*model.Country, error) {
	n, err := r.locatedIn(ctx, id, kg.KindCountry)
	if err != nil || n == nil {
		return nil, err
	}
	return model.Wrap(n).(*model.Country), nil
}
