package kg

import (
	"cmp"
	"slices"
)

// Bounds of the network analytics (issue 17). Whole-graph analytics are computed once per
// graph version and cached (internal/analysis); these bounds keep even that one computation
// within memory and time.
const (
	// MaxAnalysisNodes is the largest projection (nodes touched by a followed relationship)
	// a whole-graph centrality, community or interlock computation runs over.
	MaxAnalysisNodes = 200000
	// MaxScopedNodes is the largest neighbourhood (center + hops) the analytics accept:
	// MaxSubgraph, the same bound as Query.neighbourhood, so a neighbourhood-scoped question
	// costs no more than listing that neighbourhood.
	MaxScopedNodes = MaxSubgraph
	// MaxInterlockNodes bounds the two-hop projection an interlock question reads (the node,
	// what it is tied to, and what those are tied to).
	MaxInterlockNodes = 20000
)

// ProjectionQuery asks a store for the compact shape of (part of) the graph that network
// analytics run over: node ids and kinds, and the relationships among them with type and
// direction, but no names, evidence or personal data.
type ProjectionQuery struct {
	// Center "" means the whole graph: every node touched by a followed relationship.
	// Otherwise the nodes within Hops of Center (ignoring direction, through followed
	// relationships), Center included, and every followed relationship among them (the
	// induced subgraph, as networkx.ego_graph).
	Center string
	Hops   int
	// Types are the relationship types followed; empty means all.
	Types []EdgeType
	// Time keeps only relationships whose stated period passes it.
	Time TimeFilter
	// MaxNodes refuses (ETOOLARGE) a projection with more nodes; 0 means MaxAnalysisNodes.
	MaxNodes int
}

// Projection is the result of Store.Projection. IDs are sorted; Edges refer to nodes by
// index into IDs and are sorted by (From, To, Type). Both stores return the same Projection
// for the same graph and query (the contract suite checks it), so analytics computed over it
// agree whatever the backend.
type Projection struct {
	IDs   []string
	Kinds []NodeKind
	Edges []ProjectedEdge
}

// ProjectedEdge is one relationship of a Projection, From → To as written.
type ProjectedEdge struct {
	From, To int32
	Type     EdgeType
}

// Index returns the position of id in p.IDs, or -1.
func (p *Projection) Index(id string) int32 {
	i, ok := slices.BinarySearch(p.IDs, id)
	if !ok {
		return -1
	}
	return int32(i)
}

// CheckProjectionQuery validates q the same way in every store: known types, hops within
// MaxHops for a neighbourhood, a well-formed time filter.
func CheckProjectionQuery(q ProjectionQuery) error {
	for _, t := range q.Types {
		if !t.Valid() {
			return Errorf(EINVALID, "types: unknown edge type %q", t)
		}
	}
	if q.Center != "" && (q.Hops < 0 || q.Hops > MaxHops) {
		return Errorf(EINVALID, "hops must be between 0 and %d, got %d", MaxHops, q.Hops)
	}
	return q.Time.Check()
}

// ProjectionLimit is q.MaxNodes, or MaxAnalysisNodes when unset.
func (q ProjectionQuery) ProjectionLimit() int {
	if q.MaxNodes > 0 {
		return q.MaxNodes
	}
	return MaxAnalysisNodes
}

// TooLarge is the one error a store returns for a projection above its limit.
func (q ProjectionQuery) TooLarge() error {
	if q.Center == "" {
		return Errorf(ETOOLARGE, "the graph has more than %d nodes for these relationship types; name a center or fewer types", q.ProjectionLimit())
	}
	return Errorf(ETOOLARGE, "the neighbourhood of %q within %d hops has more than %d nodes; use fewer hops or types", q.Center, q.Hops, q.ProjectionLimit())
}

// RawEdge is an edge as a store read it, by node id, for BuildProjection.
type RawEdge struct {
	From, To string
	Type     EdgeType
}

// BuildProjection makes the canonical Projection from the nodes (id → kind) and edges a
// store collected: ids sorted, edges mapped to indexes and sorted. Edges with an end not in
// nodes are dropped. Both stores build their result with it.
func BuildProjection(nodes map[string]NodeKind, edges []RawEdge) *Projection {
	p := &Projection{IDs: make([]string, 0, len(nodes))}
	for id := range nodes {
		p.IDs = append(p.IDs, id)
	}
	slices.Sort(p.IDs)
	p.Kinds = make([]NodeKind, len(p.IDs))
	for i, id := range p.IDs {
		p.Kinds[i] = nodes[id]
	}
	p.Edges = make([]ProjectedEdge, 0, len(edges))
	for _, e := range edges {
		f, t := p.Index(e.From), p.Index(e.To)
		if f < 0 || t < 0 {
			continue
		}
		p.Edges = append(p.Edges, ProjectedEdge{From: f, To: t, Type: e.Type})
	}
	SortProjectedEdges(p.Edges)
	return p
}

// SortProjectedEdges sorts edges by (From, To, Type).
func SortProjectedEdges(es []ProjectedEdge) {
	slices.SortFunc(es, func(a, b ProjectedEdge) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		if c := cmp.Compare(a.To, b.To); c != 0 {
			return c
		}
		return cmp.Compare(a.Type, b.Type)
	})
}
