// Package analysis computes network analytics over a kg.Projection: degree, betweenness,
// eigenvector and PageRank centrality (undirected, or following relationships in one
// direction), Louvain communities with their modularity, interlocks (co-membership) and the
// weighted one-mode projection they are rows of (ProjectOneMode). It is pure: it takes the compact projection a store returns
// (kg.Store.Projection) and computes; nothing here reads a store, so both backends give the
// same answers for the same graph.
//
// Betweenness (network.Betweenness), Louvain (community.Modularize) and modularity
// (community.Q) are gonum's, run over a compact adjacency (CSR) that implements gonum's graph
// interfaces, so a large projection costs a few slices instead of gonum's map-based graphs.
// Eigenvector centrality, which gonum does not offer, and PageRank, whose gonum version starts
// from a random vector (its last digits, and so the order of tied nodes, would differ from run
// to run and between backends), are networkx's power iterations, a few lines each; the tests
// check them against gonum's dense eigensolver (mat.EigenSym) and network.PageRankSparse.
//
// Scores follow networkx's conventions so that a researcher can compare them with their own
// computation (the independent check in python_test.go does exactly that):
//
//   - DEGREE: neighbours / (n − 1) (networkx.degree_centrality);
//   - BETWEENNESS: normalised, 2/((n − 1)(n − 2)) × the pair sum (networkx.betweenness_centrality);
//   - EIGENVECTOR: the leading eigenvector of the adjacency, unit Euclidean norm;
//   - PAGERANK: damping 0.85, sums to 1, dangling nodes spread evenly (networkx.pagerank).
//
// The graph analysed is simple: several relationships between the same two nodes (in the
// same direction, when direction counts) count once, and a node's relationship to itself is
// ignored. By default (kg.DirBoth) it is undirected: relationships are followed ignoring
// their direction, as Query.path and Query.neighbourhood do. Centrality can instead follow
// them as written (kg.DirOut) or against it (kg.DirIn), over the simple directed graph
// NewDirected builds; Centrality's documentation says what each measure then means.
// Communities and interlocks are always undirected.
package analysis

import (
	"slices"

	"gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/iterator"
	"gonum.org/v1/gonum/graph/simple"

	"github.com/kommunkg/kg/internal/kg"
)

// Graph is the simple graph of a projection in compressed sparse rows: node i's neighbours
// are nbr[off[i]:off[i+1]], sorted. Node ids of gonum are the indexes. An undirected Graph
// (New) lists every neighbour; a directed one (NewDirected) lists in each row the nodes the
// followed direction leads to (its successors), so that the same power iterations and the
// same degree count serve both.
type Graph struct {
	off []int32
	nbr []int32
	// directed: rows are successors only (NewDirected with kg.DirOut or kg.DirIn).
	directed bool
}

// New builds the simple undirected graph of p.
func New(p *kg.Projection) *Graph { return build(p, true, false) }

// NewDirected builds the simple directed graph of p that follows relationships in dir:
// kg.DirOut as written (From → To), kg.DirIn against it (To → From); kg.DirBoth (or "") is
// New(p). A pair of relationships a → b and b → a are two directed edges.
func NewDirected(p *kg.Projection, dir kg.Direction) *Graph {
	switch dir {
	case kg.DirOut:
		return build(p, false, false)
	case kg.DirIn:
		return build(p, false, true)
	}
	return New(p)
}

// Directed reports whether g is directed (NewDirected with kg.DirOut or kg.DirIn).
func (g *Graph) Directed() bool { return g.directed }

// build makes the rows: both ends of every edge (undirected), or the successor in the
// followed direction (reverse: To → From).
func build(p *kg.Projection, undirected, reverse bool) *Graph {
	n := len(p.IDs)
	deg := make([]int32, n+1)
	for _, e := range p.Edges {
		if e.From == e.To {
			continue
		}
		from, to := e.From, e.To
		if reverse {
			from, to = to, from
		}
		deg[from]++
		if undirected {
			deg[to]++
		}
	}
	off := make([]int32, n+1)
	for i := 0; i < n; i++ {
		off[i+1] = off[i] + deg[i]
	}
	nbr := make([]int32, off[n])
	fill := slices.Clone(off[:n])
	for _, e := range p.Edges {
		if e.From == e.To {
			continue
		}
		from, to := e.From, e.To
		if reverse {
			from, to = to, from
		}
		nbr[fill[from]] = to
		fill[from]++
		if undirected {
			nbr[fill[to]] = from
			fill[to]++
		}
	}
	// Sort and de-duplicate each row, compacting in place.
	g := &Graph{off: make([]int32, n+1), directed: !undirected}
	w := int32(0)
	for i := 0; i < n; i++ {
		row := nbr[off[i]:off[i+1]]
		slices.Sort(row)
		row = slices.Compact(row)
		g.off[i] = w
		w += int32(copy(nbr[w:], row))
	}
	g.off[n] = w
	g.nbr = nbr[:w:w]
	return g
}

// Len is the number of nodes.
func (g *Graph) Len() int { return len(g.off) - 1 }

// Edges is the number of distinct edges (undirected ones counted once).
func (g *Graph) Edges() int {
	if g.directed {
		return len(g.nbr)
	}
	return len(g.nbr) / 2
}

// Neighbours returns node i's neighbours (a directed graph's successors), sorted. The slice
// must not be modified.
func (g *Graph) Neighbours(i int32) []int32 { return g.nbr[g.off[i]:g.off[i+1]] }

// Degree returns node i's number of distinct neighbours (a directed graph's successors:
// its out-degree in the followed direction).
func (g *Graph) Degree(i int32) int { return int(g.off[i+1] - g.off[i]) }

func (g *Graph) has(x, y int64) bool {
	if x < 0 || y < 0 || x >= int64(g.Len()) || y >= int64(g.Len()) {
		return false
	}
	_, ok := slices.BinarySearch(g.Neighbours(int32(x)), int32(y))
	return ok
}

// gonum's graph interfaces: an undirected Graph is both graph.Undirected and (every edge in
// both directions) graph.Directed, so the same value feeds Betweenness, PageRank and
// Modularize. A directed Graph is given to gonum as successors (only graph.Graph, whose From
// are the rows), which is all Brandes' betweenness reads.
var (
	_ graph.Undirected = (*Graph)(nil)
	_ graph.Directed   = (*Graph)(nil)
)

// Node implements graph.Graph.
func (g *Graph) Node(id int64) graph.Node {
	if id < 0 || id >= int64(g.Len()) {
		return nil
	}
	return simple.Node(id)
}

// Nodes implements graph.Graph: in index order, which makes every result deterministic.
func (g *Graph) Nodes() graph.Nodes {
	return iterator.NewImplicitNodes(0, g.Len(), func(id int) graph.Node { return simple.Node(id) })
}

// From implements graph.Graph.
func (g *Graph) From(id int64) graph.Nodes {
	if id < 0 || id >= int64(g.Len()) {
		return graph.Empty
	}
	return &rowNodes{row: g.Neighbours(int32(id)), i: -1}
}

// To implements graph.Directed (every edge goes both ways).
func (g *Graph) To(id int64) graph.Nodes { return g.From(id) }

// HasEdgeBetween implements graph.Graph.
func (g *Graph) HasEdgeBetween(x, y int64) bool { return g.has(x, y) }

// HasEdgeFromTo implements graph.Directed.
func (g *Graph) HasEdgeFromTo(u, v int64) bool { return g.has(u, v) }

// Edge implements graph.Graph.
func (g *Graph) Edge(u, v int64) graph.Edge {
	if !g.has(u, v) {
		return nil
	}
	return simple.Edge{F: simple.Node(u), T: simple.Node(v)}
}

// EdgeBetween implements graph.Undirected.
func (g *Graph) EdgeBetween(x, y int64) graph.Edge { return g.Edge(x, y) }

// rowNodes iterates over one row of neighbours.
type rowNodes struct {
	row []int32
	i   int
}

func (r *rowNodes) Next() bool {
	if r.i+1 >= len(r.row) {
		r.i = len(r.row)
		return false
	}
	r.i++
	return true
}
func (r *rowNodes) Len() int {
	if r.i >= len(r.row) {
		return 0
	}
	return len(r.row) - r.i - 1
}
func (r *rowNodes) Reset() { r.i = -1 }
func (r *rowNodes) Node() graph.Node {
	if r.i < 0 || r.i >= len(r.row) {
		return nil
	}
	return simple.Node(r.row[r.i])
}

// successors is a directed Graph as a gonum graph.Graph: From(id) is the row (the nodes the
// followed direction leads to). It implements no more than graph.Graph, so that gonum's
// algorithms never take it for an undirected graph.
type successors struct{ g *Graph }

var _ graph.Graph = successors{}

func (s successors) Node(id int64) graph.Node  { return s.g.Node(id) }
func (s successors) Nodes() graph.Nodes        { return s.g.Nodes() }
func (s successors) From(id int64) graph.Nodes { return s.g.From(id) }
func (s successors) HasEdgeBetween(x, y int64) bool {
	return s.g.has(x, y) || s.g.has(y, x)
}
func (s successors) Edge(u, v int64) graph.Edge { return s.g.Edge(u, v) }

// gonum returns g as gonum's algorithms should see it.
func (g *Graph) gonum() graph.Graph {
	if g.directed {
		return successors{g}
	}
	return g
}
