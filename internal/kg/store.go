package kg

import "context"

// Store is the port every backend implements (the embedded store, Neo4j). It is shaped for
// batching: each method takes many ids at once, so that one GraphQL nesting level costs one
// call whatever the number of items. Results of the *ByIDs/*Of methods are aligned with the
// input ids; a missing id yields nil / an empty slice, never an error.
//
// Personal contact data (Node.Contact) is returned only for a context marked
// WithContactAccess; for any other caller every method returns the nodes without it (the
// Neo4j store does not even read it from the database), so no layer above can leak what it
// never received.
type Store interface {
	// NodesByIDs returns the nodes for ids, aligned; nil where an id is unknown.
	NodesByIDs(ctx context.Context, ids []string) ([]*Node, error)
	// EdgesByIDs returns the edges (written or mandate-derived) for ids, aligned; nil where unknown.
	EdgesByIDs(ctx context.Context, ids []string) ([]*Edge, error)
	// MandatesByIDs returns the mandates for ids, aligned; nil where unknown.
	MandatesByIDs(ctx context.Context, ids []string) ([]*Mandate, error)
	// EdgesOf returns, for each id, its edges matching f, aligned with ids. Edges are ordered
	// by type, then the other end's id, then edge id; f.Limit caps each node's list.
	EdgesOf(ctx context.Context, ids []string, f EdgeFilter) ([][]*Edge, error)
	// Mandates returns the mandates matching f, ordered by body, principal, person, id.
	Mandates(ctx context.Context, f MandateFilter) ([]*Mandate, error)
	// Search finds nodes by name or alias, one page in kg.RankSearch order (score, then
	// CompareScored) after q.After; see SearchQuery and PageSearch.
	Search(ctx context.Context, q SearchQuery) (*SearchPage, error)
	// Path returns a shortest path, ignoring direction, or nil when none exists within MaxHops.
	Path(ctx context.Context, q PathQuery) (*Path, error)
	// Neighbourhood returns the nodes within Hops of Center (ignoring direction) and the edges
	// walked to reach them; nil when Center is unknown.
	Neighbourhood(ctx context.Context, q NeighbourhoodQuery) (*Subgraph, error)
	// ListNodes pages through nodes in a stable order: q.OrderBy, by default folded name,
	// then id.
	ListNodes(ctx context.Context, q ListQuery) (*NodePage, error)
	// Sources lists the documents the graph was built from.
	Sources(ctx context.Context) ([]*Source, error)
	// Stats reports counts and a version that changes whenever the graph does.
	Stats(ctx context.Context) (Stats, error)
	// Projection returns the compact shape analytics run over (ids, kinds, typed edges);
	// nil when Center is unknown; ETOOLARGE above q's node limit. See ProjectionQuery.
	Projection(ctx context.Context, q ProjectionQuery) (*Projection, error)
	// Counts groups nodes (by kind, category, country) or edges (by type) over the whole
	// graph or a neighbourhood; see CountQuery.
	Counts(ctx context.Context, q CountQuery) ([]CountBucket, error)
	// Timeline returns, for each id, one page of its dated relationships and mandates in
	// timeline order (CompareTimeline), aligned with ids; see TimelineQuery.
	Timeline(ctx context.Context, ids []string, q TimelineQuery) ([]*TimelinePage, error)

	// ---- counts and pages of relationships (issue 16) ----

	// Degrees returns, for each id, how many of its relationships match q, aligned with ids
	// (0 for an unknown id). It is answered from the store's degree index, never by loading
	// the edges: its cost does not grow with the counts.
	Degrees(ctx context.Context, ids []string, q DegreeQuery) ([]int, error)
	// RelationshipCounts returns, for each id, its relationship counts by type and
	// direction, aligned with ids: only non-zero entries, ordered by type (AllEdgeTypes
	// order) then direction (OUT before IN); empty for an unknown id. From the degree
	// index, as Degrees.
	RelationshipCounts(ctx context.Context, ids []string) ([][]RelationshipCount, error)
	// EdgePages returns, for each id, one page of its edges matching q (see EdgePageQuery),
	// aligned with ids (an empty page for an unknown id). Without a time filter TotalCount
	// comes from the degree index.
	EdgePages(ctx context.Context, ids []string, q EdgePageQuery) ([]EdgePage, error)
	// MandatePage returns one page of the mandates matching f, in Mandates' order: at most
	// first (0..MaxFirst, else INVALID) after the MandateCursor after ("" = from the start),
	// with the total count of matches. The store does the paging, so a page costs a page.
	MandatePage(ctx context.Context, f MandateFilter, first int, after string) (MandatePage, error)
}

// EdgeFilter selects edges of a node. Empty Types means all types.
type EdgeFilter struct {
	Types     []EdgeType
	Direction Direction // OUT, IN or BOTH ("" = BOTH)
	Limit     int       // per node; 0 = no limit
}

// MandateFilter selects mandates; each non-empty list restricts (OR within a list, AND
// between lists). ActiveAt keeps mandates whose stated period may include the date.
type MandateFilter struct {
	Persons    []string
	OnBehalfOf []string
	Bodies     []string
	ActiveAt   PartialDate
	// Time selects by the mandate's period (activeAt, activeDuring, includeUndated), in
	// addition to ActiveAt.
	Time TimeFilter
}

// SearchQuery: Text is matched case-, diacritic- and alias-insensitively, tolerating one typo.
type SearchQuery struct {
	Text  string
	Kinds []NodeKind
	First int
	After string // opaque cursor (kind "search") from a previous page
}

// SearchHit is a ranked match. Score is in (0,1]: exact name 1, alias 0.9, prefix 0.7,
// word 0.5, fuzzy 0.3 (minus small tie-breakers).
type SearchHit struct {
	Node  *Node
	Score float64
}

// PathQuery asks for a shortest path between two nodes.
type PathQuery struct {
	From, To string
	MaxHops  int
	Types    []EdgeType
	Time     TimeFilter // only edges passing it are walked
}

// Path is a walk: len(Edges) == len(Nodes)-1, Edges[i] connects Nodes[i] and Nodes[i+1].
type Path struct {
	Nodes []*Node
	Edges []*Edge
}

// NeighbourhoodQuery asks for the subgraph around Center.
type NeighbourhoodQuery struct {
	Center string
	Hops   int
	Types  []EdgeType
	Limit  int // max nodes, including the centre
	// EdgeLimit caps the edges returned (0 = no cap); the first ones in walk order are kept.
	EdgeLimit int
	Time      TimeFilter // only edges passing it are walked
}

// Subgraph is a set of nodes and the edges among them that were walked.
type Subgraph struct {
	Nodes []*Node
	Edges []*Edge
	// Truncated is true when Limit stopped the walk early or EdgeLimit cut the edges.
	Truncated bool
}

// ListQuery selects and pages nodes.
type ListQuery struct {
	Kinds        []NodeKind
	NameContains string // folded like search: case and diacritics ignored
	Country      string // node id of a country: nodes located in it (transitively)
	ActiveIn     int    // a year: nodes whose own stated period overlaps it
	// MinDegree, when set, keeps nodes with at least that many relationships (degree index).
	MinDegree *DegreeFilter
	// OrderBy orders the list; the zero value is by name (CompareListOrder). Any other order
	// pages with ListCursor cursors (kind "list": degree, folded name, id).
	OrderBy NodeOrder
	First   int
	After   string // opaque cursor from a previous page
}

// NodePage is one page of ListNodes.
type NodePage struct {
	Nodes      []*Node
	Cursors    []string
	TotalCount int
	HasNext    bool
	HasPrev    bool
}

// Stats summarises a graph.
type Stats struct {
	Nodes    int
	Edges    int
	Mandates int
	Version  string
}
