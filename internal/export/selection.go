package export

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
)

// Limits of a selection.
const (
	// MaxHops is the largest neighbourhood radius (kg.MaxHops, as the neighbourhood query).
	MaxHops = kg.MaxHops
	// DefaultHops is the radius when a centre is given without hops.
	DefaultHops = 1
	// MaxSubgraphNodes caps a neighbourhood export (kg.MaxExportNodes); a walk that reaches
	// it stops there and the Graph reports Truncated.
	MaxSubgraphNodes = kg.MaxExportNodes
	// maxIDBytes is the API's limit on ids (kg.MaxIDBytes).
	maxIDBytes = kg.MaxIDBytes
	// pageSize is how many nodes a whole-graph export asks the store for at a time, and
	// how many nodes' edges it asks for in one EdgesOf call.
	pageSize = 1000
)

// Selection says which part of the graph to export.
type Selection struct {
	// Center, when set, selects the neighbourhood of this node id; empty selects the whole
	// graph.
	Center string
	// Hops is the neighbourhood radius, 0..MaxHops (only with Center).
	Hops int
	// Types restricts edges to these types; empty means all. For a neighbourhood it also
	// restricts the walk.
	Types []kg.EdgeType
	// Kinds restricts nodes to these kinds (the centre is always kept); empty means all.
	Kinds []kg.NodeKind
	// Contact includes personal contact data (email, phone). Only set it for callers
	// allowed to see it: the export then reads the store as an authorised caller
	// (kg.WithContactAccess), since stores return contact data to no one else.
	Contact bool
	// GEXF is the GEXF version to write ("" or GEXF13: 1.3; GEXF12: 1.2). It is an option
	// of the gexf format only: ParseRequest refuses it for the others.
	GEXF string
}

// readCtx is the context the export reads the store with: authorised for contact data
// exactly when the selection includes it (the caller — the HTTP edge's token check, or the
// operator running kg export — has decided that).
func (s Selection) readCtx(ctx context.Context) context.Context {
	if s.Contact {
		return kg.WithContactAccess(ctx)
	}
	return ctx
}

// Whole reports whether the selection is the whole graph (possibly filtered by kinds/types).
func (s Selection) Whole() bool { return s.Center == "" }

// Params are the query parameters ParseSelection understands.
var Params = []string{"center", "hops", "types", "kinds", "contact", "gexf"}

// ParseSelection reads a selection from query parameters:
//
//	center   node id; selects its neighbourhood (default: the whole graph)
//	hops     0..3, only with center (default 1)
//	types    edge types, comma-separated or repeated (MEMBER_OF,PARTNER_OF); any case
//	kinds    node kinds, comma-separated or repeated (MUNICIPALITY,REGION); any case
//	contact  true/false: include personal contact data (the caller must be authorised)
//	gexf     1.3 (default) or 1.2: the GEXF version (only for the gexf format; see ParseRequest)
//
// Unknown parameters are rejected, so that a typo ("kind=") does not silently export the
// whole graph. Errors are *kg.Error with code EINVALID and a message naming the parameter.
func ParseSelection(q url.Values) (Selection, error) {
	var sel Selection
	for name := range q {
		if !slices.Contains(Params, name) {
			return sel, invalid("unknown parameter %q (known: %s)", clip(name), strings.Join(Params, ", "))
		}
	}
	single := func(name string) (string, bool, error) {
		vs, ok := q[name]
		if !ok {
			return "", false, nil
		}
		if len(vs) > 1 {
			return "", true, invalid("%s: given more than once", name)
		}
		return strings.TrimSpace(vs[0]), true, nil
	}

	center, hasCenter, err := single("center")
	if err != nil {
		return sel, err
	}
	if hasCenter {
		if center == "" || len(center) > maxIDBytes || !utf8.ValidString(center) {
			return sel, invalid("center: not a valid node id")
		}
		sel.Center = center
		sel.Hops = DefaultHops
	}

	hops, hasHops, err := single("hops")
	if err != nil {
		return sel, err
	}
	if hasHops {
		if !hasCenter {
			return sel, invalid("hops: only meaningful with center (the whole graph has no radius)")
		}
		h, err := strconv.Atoi(hops)
		if err != nil || h < 0 || h > MaxHops {
			return sel, invalid("hops: must be an integer from 0 to %d, got %q", MaxHops, clip(hops))
		}
		sel.Hops = h
	}

	for _, v := range list(q["types"]) {
		t := kg.EdgeType(strings.ToUpper(v))
		if !t.Valid() {
			return sel, invalid("types: unknown edge type %q (known: %s)", clip(v), joinNames(kg.AllEdgeTypes))
		}
		if !slices.Contains(sel.Types, t) {
			sel.Types = append(sel.Types, t)
		}
	}
	if _, ok := q["types"]; ok && len(sel.Types) == 0 {
		return sel, invalid("types: empty; leave the parameter out to export all edge types")
	}

	for _, v := range list(q["kinds"]) {
		k := kg.NodeKind(strings.ToUpper(v))
		if !k.Valid() {
			return sel, invalid("kinds: unknown node kind %q (known: %s)", clip(v), joinNames(kg.AllKinds))
		}
		if !slices.Contains(sel.Kinds, k) {
			sel.Kinds = append(sel.Kinds, k)
		}
	}
	if _, ok := q["kinds"]; ok && len(sel.Kinds) == 0 {
		return sel, invalid("kinds: empty; leave the parameter out to export all node kinds")
	}

	contact, hasContact, err := single("contact")
	if err != nil {
		return sel, err
	}
	if hasContact {
		b, err := strconv.ParseBool(contact)
		if err != nil {
			return sel, invalid("contact: must be true or false, got %q", clip(contact))
		}
		sel.Contact = b
	}

	gexf, hasGEXF, err := single("gexf")
	if err != nil {
		return sel, err
	}
	if hasGEXF {
		if _, ok := gexfVersions[gexf]; !ok {
			return sel, invalid("gexf: must be %s or %s, got %q", GEXF13, GEXF12, clip(gexf))
		}
		sel.GEXF = gexf
	}
	return sel, nil
}

// ParseRequest is ParseSelection for an export in format f: it also refuses options that
// f does not have (gexf= for anything but the gexf format), so that a request is never
// answered with something other than it asked for.
func ParseRequest(f Format, q url.Values) (Selection, error) {
	sel, err := ParseSelection(q)
	if err != nil {
		return sel, err
	}
	if sel.GEXF != "" && f.Name != "gexf" {
		return sel, invalid("gexf: only for the GEXF export (%s), not %s", "graph.gexf", f.File)
	}
	return sel, nil
}

// Values is the inverse of ParseSelection.
func (s Selection) Values() url.Values {
	q := url.Values{}
	if s.Center != "" {
		q.Set("center", s.Center)
		q.Set("hops", strconv.Itoa(s.Hops))
	}
	if len(s.Types) > 0 {
		q.Set("types", joinNames(s.Types))
	}
	if len(s.Kinds) > 0 {
		q.Set("kinds", joinNames(s.Kinds))
	}
	if s.Contact {
		q.Set("contact", "true")
	}
	if s.GEXF != "" {
		q.Set("gexf", s.GEXF)
	}
	return q
}

// Describe says in words what the selection is (for file metadata).
func (s Selection) Describe() string {
	var b strings.Builder
	if s.Center == "" {
		b.WriteString("the whole graph")
	} else {
		fmt.Fprintf(&b, "the neighbourhood of %s within %d hop(s)", s.Center, s.Hops)
	}
	if len(s.Types) > 0 {
		fmt.Fprintf(&b, ", edge types %s", joinNames(s.Types))
	}
	if len(s.Kinds) > 0 {
		fmt.Fprintf(&b, ", node kinds %s", joinNames(s.Kinds))
	}
	return b.String()
}

// list splits repeated and comma-separated values, trimming spaces and dropping empties.
func list(vs []string) []string {
	var out []string
	for _, v := range vs {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}

func joinNames[T ~string](xs []T) string {
	s := make([]string, len(xs))
	for i, x := range xs {
		s[i] = string(x)
	}
	return strings.Join(s, ",")
}

func invalid(format string, args ...any) error {
	return kg.Errorf(kg.EINVALID, format, args...)
}

// clip shortens a client-supplied value before it is echoed in an error message.
func clip(s string) string {
	const max = 60
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= max {
		return s
	}
	cut := max
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// Graph is a selected part of the knowledge graph, produced on demand so that a writer can
// stream it. Call Nodes before Edges when writing both (Edges makes its own pass over the
// nodes otherwise). A Graph is used by one goroutine at a time.
type Graph struct {
	sel Selection

	// neighbourhood mode: the (kind-filtered) subgraph, already in memory as the store
	// returned it.
	sub       bool
	nodes     []*kg.Node
	edges     []*kg.Edge
	truncated bool

	// the store (in both modes: sources are read from it); whole-graph mode pages from it.
	store   kg.Store
	first   *kg.NodePage    // fetched by Select, so store errors surface before writing
	ids     []string        // selected node ids in order, filled by the first node pass
	seen    map[string]bool // the same, as a set
	scanned bool            // the first node pass completed
}

// Truncated reports whether a neighbourhood walk stopped at MaxSubgraphNodes.
func (g *Graph) Truncated() bool { return g.truncated }

// Contact reports whether personal contact data is to be written.
func (g *Graph) Contact() bool { return g.sel.Contact }

// Select resolves a selection against the store.
//
// With a Center it runs the store's neighbourhood query (Hops, Types, at most
// MaxSubgraphNodes nodes) and then, if Kinds is set, keeps the centre and the nodes of those
// kinds and the edges between kept nodes — so the export has exactly the neighbourhood
// query's nodes and edges when no kinds are given. An unknown centre is a kg.ENOTFOUND error.
//
// Without a Center it selects every node (of Kinds, if set) and every edge (of Types, if
// set) whose both ends are selected; nodes come in the store's list order (name, id), edges
// grouped by their source node.
func Select(ctx context.Context, store kg.Store, sel Selection) (*Graph, error) {
	ctx = sel.readCtx(ctx)
	g := &Graph{sel: sel, store: store}
	if sel.Center != "" {
		sg, err := store.Neighbourhood(ctx, kg.NeighbourhoodQuery{
			Center: sel.Center, Hops: sel.Hops, Types: sel.Types, Limit: MaxSubgraphNodes,
		})
		if err != nil {
			return nil, err
		}
		if sg == nil {
			return nil, kg.Errorf(kg.ENOTFOUND, "center: no node with id %q", clip(sel.Center))
		}
		g.sub, g.truncated = true, sg.Truncated
		g.nodes, g.edges = filterKinds(sg, sel)
		return g, nil
	}
	first, err := store.ListNodes(ctx, kg.ListQuery{Kinds: sel.Kinds, First: pageSize})
	if err != nil {
		return nil, err
	}
	g.first = first
	return g, nil
}

// filterKinds keeps the centre, the nodes of sel.Kinds and the edges among kept nodes.
func filterKinds(sg *kg.Subgraph, sel Selection) ([]*kg.Node, []*kg.Edge) {
	if len(sel.Kinds) == 0 {
		return sg.Nodes, sg.Edges
	}
	keep := make(map[string]bool, len(sg.Nodes))
	var nodes []*kg.Node
	for _, n := range sg.Nodes {
		if n.ID == sel.Center || kg.KindIn(n.Kind, sel.Kinds) {
			keep[n.ID] = true
			nodes = append(nodes, n)
		}
	}
	var edges []*kg.Edge
	for _, e := range sg.Edges {
		if keep[e.From] && keep[e.To] {
			edges = append(edges, e)
		}
	}
	return nodes, edges
}

// Nodes calls fn for every selected node, stopping at the first error.
func (g *Graph) Nodes(ctx context.Context, fn func(*kg.Node) error) error {
	fn = g.publicNodes(fn) // see personal.go
	ctx = g.sel.readCtx(ctx)
	if g.sub {
		for _, n := range g.nodes {
			if err := fn(n); err != nil {
				return err
			}
		}
		return nil
	}
	first := !g.scanned
	if first {
		g.ids, g.seen = nil, map[string]bool{}
	}
	page := g.first
	for {
		for _, n := range page.Nodes {
			if first {
				if g.seen[n.ID] {
					continue // a store that lists a node twice must not yield it twice
				}
				g.seen[n.ID] = true
				g.ids = append(g.ids, n.ID)
			} else if !g.seen[n.ID] {
				continue // keep later passes consistent with the first
			}
			if err := fn(n); err != nil {
				return err
			}
		}
		if !page.HasNext || len(page.Cursors) == 0 {
			break
		}
		next, err := g.store.ListNodes(ctx, kg.ListQuery{
			Kinds: g.sel.Kinds, First: pageSize, After: page.Cursors[len(page.Cursors)-1],
		})
		if err != nil {
			return err
		}
		if len(next.Nodes) == 0 || (len(next.Cursors) > 0 && next.Cursors[len(next.Cursors)-1] == page.Cursors[len(page.Cursors)-1]) {
			break // a page that does not advance would loop forever
		}
		page = next
	}
	if first {
		g.scanned = true
	}
	return nil
}

// Edges calls fn for every selected edge, stopping at the first error. In whole-graph mode
// each node's outgoing edges are fetched (so each edge comes once, from its source) and an
// edge is kept when its target is selected too.
func (g *Graph) Edges(ctx context.Context, fn func(*kg.Edge) error) error {
	fn = g.publicEdges(fn) // see personal.go
	ctx = g.sel.readCtx(ctx)
	if g.sub {
		for _, e := range g.edges {
			if err := fn(e); err != nil {
				return err
			}
		}
		return nil
	}
	if !g.scanned {
		if err := g.Nodes(ctx, func(*kg.Node) error { return nil }); err != nil {
			return err
		}
	}
	for start := 0; start < len(g.ids); start += pageSize {
		chunk := g.ids[start:min(start+pageSize, len(g.ids))]
		lists, err := g.store.EdgesOf(ctx, chunk, kg.EdgeFilter{Types: g.sel.Types, Direction: kg.DirOut})
		if err != nil {
			return err
		}
		for i, list := range lists {
			if i >= len(chunk) {
				break
			}
			for _, e := range list {
				if e == nil || e.From != chunk[i] || !g.seen[e.To] {
					continue
				}
				if err := fn(e); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
