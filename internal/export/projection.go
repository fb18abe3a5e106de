package export

import (
	"archive/zip"
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/analysis"
	"github.com/kommunkg/kg/internal/kg"
)

// The weighted one-mode projection export (issue 17): the interlocks of every pair of nodes
// of one kind at once, as an undirected weighted graph that Gephi, networkx and igraph open
// directly. Two nodes of the kind are tied when they share neighbours through the chosen
// relationship types; the tie's weight is the number of shared neighbours and its shared
// attribute lists them (ids). It is analysis.ProjectOneMode over the projection the network
// analysis reads (kg.Store.Projection): the whole graph, or a neighbourhood (center + hops,
// the induced subgraph within hops through the chosen types) — so each node's ties are
// exactly its Query.interlocks over the same graph.
//
// Bounds, all checked before any pair is formed: the whole graph's projection is TOO_LARGE
// above kg.MaxAnalysisNodes nodes, a neighbourhood above kg.MaxInterlockNodes, and the
// one-mode projection above analysis.MaxProjectionTies shared neighbours in all. The result
// is computed once per graph version and question (analysis.Shared / analysis.Scoped, the
// caches of the analysis fields), detached from the request that starts it.
//
// Only ids, names (label) and kinds of nodes are written, never contact data: the export
// takes no contact parameter.

// ProjectionDefaultHops is the radius of a neighbourhood projection without hops: two, so
// that a municipality's neighbourhood holds the municipalities it shares networks with.
const ProjectionDefaultHops = 2

// ProjectionParams are the query parameters ParseProjection understands.
var ProjectionParams = []string{"kind", "via", "center", "hops", "gexf"}

// ProjectionSelection says which one-mode projection to export.
type ProjectionSelection struct {
	// Kind is the kind of the projected nodes; "" projects onto every node.
	Kind kg.NodeKind
	// Via are the relationship types through which nodes share neighbours; empty means all.
	Via []kg.EdgeType
	// Center, when set, projects its neighbourhood within Hops; empty the whole graph.
	Center string
	Hops   int
	// GEXF is the GEXF version (GEXF13 or GEXF12), for the gexf format only.
	GEXF string
}

// ParseProjection reads a projection selection from query parameters:
//
//	kind     node kind projected onto (MUNICIPALITY, ORGANISATION …; default every kind)
//	via      edge types shared neighbours are reached through, comma-separated or repeated
//	         (MEMBER_OF,PARTICIPATES_IN; default all)
//	center   node id: project its neighbourhood (default the whole graph)
//	hops     0..3, only with center (default 2)
//	gexf     1.3 (default) or 1.2, for projection.gexf only (ParseProjectionRequest)
//
// Unknown parameters (contact among them) are rejected with EINVALID naming them.
func ParseProjection(q url.Values) (ProjectionSelection, error) {
	var s ProjectionSelection
	for name, vs := range q {
		if !slices.Contains(ProjectionParams, name) {
			return s, invalid("unknown parameter %q (known: %s)", clip(name), strings.Join(ProjectionParams, ", "))
		}
		if name != "via" && len(vs) > 1 {
			return s, invalid("%s: given more than once", name)
		}
	}
	if v, ok := q["kind"]; ok {
		k := kg.NodeKind(strings.ToUpper(strings.TrimSpace(v[0])))
		if !k.Valid() {
			return s, invalid("kind: unknown node kind %q (known: %s)", clip(v[0]), joinNames(kg.AllKinds))
		}
		s.Kind = k
	}
	for _, v := range list(q["via"]) {
		t := kg.EdgeType(strings.ToUpper(v))
		if !t.Valid() {
			return s, invalid("via: unknown edge type %q (known: %s)", clip(v), joinNames(kg.AllEdgeTypes))
		}
		if !slices.Contains(s.Via, t) {
			s.Via = append(s.Via, t)
		}
	}
	if _, ok := q["via"]; ok && len(s.Via) == 0 {
		return s, invalid("via: empty; leave the parameter out to follow every edge type")
	}
	if v, ok := q["center"]; ok {
		c := strings.TrimSpace(v[0])
		if c == "" || len(c) > maxIDBytes || !utf8.ValidString(c) {
			return s, invalid("center: not a valid node id")
		}
		s.Center, s.Hops = c, ProjectionDefaultHops
	}
	if v, ok := q["hops"]; ok {
		if s.Center == "" {
			return s, invalid("hops: only meaningful with center (the whole graph has no radius)")
		}
		h, err := strconv.Atoi(strings.TrimSpace(v[0]))
		if err != nil || h < 0 || h > MaxHops {
			return s, invalid("hops: must be an integer from 0 to %d, got %q", MaxHops, clip(v[0]))
		}
		s.Hops = h
	}
	if v, ok := q["gexf"]; ok {
		g := strings.TrimSpace(v[0])
		if _, ok := gexfVersions[g]; !ok {
			return s, invalid("gexf: must be %s or %s, got %q", GEXF13, GEXF12, clip(g))
		}
		s.GEXF = g
	}
	return s, nil
}

// ParseProjectionRequest is ParseProjection for format f: gexf= only for the GEXF file.
func ParseProjectionRequest(f ProjectionFormat, q url.Values) (ProjectionSelection, error) {
	s, err := ParseProjection(q)
	if err == nil && s.GEXF != "" && f.Name != "gexf" {
		return s, invalid("gexf: only for the GEXF export (%s), not %s", "graph.gexf", f.File)
	}
	return s, err
}

// Values is the inverse of ParseProjection.
func (s ProjectionSelection) Values() url.Values {
	q := url.Values{}
	if s.Kind != "" {
		q.Set("kind", string(s.Kind))
	}
	if len(s.Via) > 0 {
		q.Set("via", joinNames(s.Via))
	}
	if s.Center != "" {
		q.Set("center", s.Center)
		q.Set("hops", strconv.Itoa(s.Hops))
	}
	if s.GEXF != "" {
		q.Set("gexf", s.GEXF)
	}
	return q
}

// Describe says in words what the projection is (for file metadata).
func (s ProjectionSelection) Describe() string {
	var b strings.Builder
	b.WriteString("one-mode projection onto ")
	if s.Kind == "" {
		b.WriteString("every node")
	} else {
		b.WriteString(string(s.Kind) + " nodes")
	}
	b.WriteString(", tied by the number of neighbours they share (weight) through ")
	if len(s.Via) == 0 {
		b.WriteString("every edge type")
	} else {
		b.WriteString(joinNames(s.Via))
	}
	if s.Center == "" {
		b.WriteString(", of the whole graph")
	} else {
		fmt.Fprintf(&b, ", of the neighbourhood of %s within %d hop(s)", s.Center, s.Hops)
	}
	return b.String()
}

// ProjectionFormat is one format of the projection export.
type ProjectionFormat struct {
	Name, File, Suffix, ContentType string
	Write                           func(ctx context.Context, w io.Writer, p *OneModeGraph) error
}

// ProjectionFormats lists the projection's formats: the formats of the graph export, with
// the same file names under /export/projection/.
var ProjectionFormats = []ProjectionFormat{
	{"graphml", "graph.graphml", ".graphml", "application/graphml+xml; charset=utf-8", WriteProjectionGraphML},
	{"gexf", "graph.gexf", ".gexf", "application/gexf+xml; charset=utf-8", WriteProjectionGEXF},
	{"json", "graph.json", ".json", "application/json", WriteProjectionJSON},
	{"nodes.csv", "nodes.csv", "-nodes.csv", "text/csv; charset=utf-8", WriteProjectionNodesCSV},
	{"edges.csv", "edges.csv", "-edges.csv", "text/csv; charset=utf-8", WriteProjectionEdgesCSV},
	{"csv.zip", "graph.csv.zip", "-csv.zip", "application/zip", WriteProjectionCSVZip},
}

// ProjectionFormatByFile finds a projection format by its file name.
func ProjectionFormatByFile(name string) (ProjectionFormat, bool) {
	for _, f := range ProjectionFormats {
		if f.File == name {
			return f, true
		}
	}
	return ProjectionFormat{}, false
}

// ProjectionFilename is the download name: "kg-projection-municipality-via-member_of-
// participates_in.graphml", "kg-projection-vaxjo-kommun-2hop-municipality.gexf".
func ProjectionFilename(s ProjectionSelection, f ProjectionFormat) string {
	parts := []string{"kg", "projection"}
	if s.Center != "" {
		parts = append(parts, slug(s.Center), strconv.Itoa(s.Hops)+"hop")
	}
	if s.Kind != "" {
		parts = append(parts, slug(string(s.Kind)))
	}
	if len(s.Via) > 0 {
		parts = append(parts, "via", slug(joinNames(s.Via)))
	}
	if s.GEXF == GEXF12 && f.Name == "gexf" {
		parts = append(parts, "gexf12")
	}
	name := strings.Join(parts, "-")
	if len(name) > 120 {
		name = strings.TrimRight(name[:120], "-_.")
	}
	return name + f.Suffix
}

// OneModeGraph is a computed projection, ready to write in any format. It is immutable
// (shared between requests through the cache); Describe and the GEXF version come from the
// selection it was asked for.
type OneModeGraph struct {
	sel   ProjectionSelection
	ids   []string
	kinds []kg.NodeKind
	names map[int32]string // label of each projected node
	om    *analysis.OneMode
}

// Nodes is the number of projected nodes, Ties the number of ties.
func (g *OneModeGraph) Nodes() int { return len(g.om.Nodes) }
func (g *OneModeGraph) Ties() int  { return len(g.om.Ties) }

// SelectProjection computes (or finds cached for this graph version) the projection sel
// asks for. Errors: ENOTFOUND for an unknown center, ETOOLARGE above the bounds (see the
// section comment), ETIMEOUT when ctx ends first (the computation goes on and is cached).
func SelectProjection(ctx context.Context, store kg.Store, sel ProjectionSelection) (*OneModeGraph, error) {
	st, err := store.Stats(ctx)
	if err != nil {
		return nil, err
	}
	via := slices.Clone(sel.Via)
	slices.Sort(via)
	q := kg.ProjectionQuery{Types: via}
	cache := analysis.Shared
	if sel.Center != "" {
		q.Center, q.Hops, q.MaxNodes = sel.Center, sel.Hops, kg.MaxInterlockNodes
		cache = analysis.Scoped
	}
	// The store is part of the key, as in the analysis fields: two stores, two answers.
	key := fmt.Sprintf("%p|%s|onemode|%s|%s|%d|%s", store, st.Version, sel.Kind, joinNames(via), q.Hops, q.Center)
	v, err := cache.Do(ctx, key, func(ctx context.Context) (any, error) {
		p, err := store.Projection(ctx, q)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return nil, kg.Errorf(kg.ENOTFOUND, "center: no node with id %q", clip(sel.Center))
		}
		om, err := analysis.ProjectOneMode(ctx, p, analysis.New(p), sel.Kind)
		if err != nil {
			return nil, err
		}
		g := &OneModeGraph{ids: p.IDs, kinds: p.Kinds, om: om, names: make(map[int32]string, len(om.Nodes))}
		for start := 0; start < len(om.Nodes); start += pageSize {
			chunk := om.Nodes[start:min(start+pageSize, len(om.Nodes))]
			ids := make([]string, len(chunk))
			for i, x := range chunk {
				ids[i] = p.IDs[x]
			}
			ns, err := store.NodesByIDs(ctx, ids)
			if err != nil {
				return nil, err
			}
			for i, n := range ns {
				if n != nil && i < len(chunk) {
					// The projection is public for every caller: names are redacted like
					// every public export's (the second line behind the seed loader).
					g.names[chunk[i]] = kg.RedactPersonal(n.Name)
				}
			}
		}
		return g, nil
	})
	if err != nil {
		return nil, err
	}
	g := *v.(*OneModeGraph) // a copy carrying this request's selection (GEXF version)
	g.sel = sel
	return &g, nil
}

// eachNode calls node for every projected node (in id order), eachTie tie for every tie (by
// the ids of its ends), stopping at the first error; ctx is checked every 1024 items.
func (g *OneModeGraph) eachNode(ctx context.Context, node func(id, label string, kind kg.NodeKind) error) error {
	for i, x := range g.om.Nodes {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if err := node(g.ids[x], g.names[x], g.kinds[x]); err != nil {
			return err
		}
	}
	return nil
}

func (g *OneModeGraph) eachTie(ctx context.Context, tie func(i int, source, target string, weight int, shared []string) error) error {
	var shared []string
	for i, t := range g.om.Ties {
		if i&1023 == 1023 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		shared = shared[:0]
		for _, m := range g.om.Shared(t) {
			shared = append(shared, g.ids[m])
		}
		if err := tie(i, g.ids[t.A], g.ids[t.B], t.Weight(), shared); err != nil {
			return err
		}
	}
	return nil
}

// tieID names the i-th tie: "t1", "t2" … (in the order of the ties, by their ends' ids).
func tieID(i int) string { return "t" + strconv.Itoa(i+1) }

// WriteProjectionGraphML writes the projection as an undirected GraphML graph: node keys
// label and kind (strings), edge keys weight (double: Gephi's edge weight, networkx's
// "weight") and shared (the shared neighbours' ids, " | " between them).
func WriteProjectionGraphML(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	x := newXMLOut(w)
	x.raw(xml.Header)
	x.raw(`<graphml xmlns="` + GraphMLNamespace + `" xmlns:xsi="` + xsiNamespace + `"` +
		` xsi:schemaLocation="` + GraphMLNamespace + ` http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	x.raw(`  <key id="n_label" for="node" attr.name="label" attr.type="string"/>` + "\n")
	x.raw(`  <key id="n_kind" for="node" attr.name="kind" attr.type="string"/>` + "\n")
	x.raw(`  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>` + "\n")
	x.raw(`  <key id="e_shared" for="edge" attr.name="shared" attr.type="string"/>` + "\n")
	x.raw(`  <graph id="kg-projection" edgedefault="undirected">` + "\n    <desc>")
	x.text("Municipal knowledge graph: " + g.sel.Describe())
	x.raw("</desc>\n")
	data := func(key, v string) {
		x.raw(`      <data key="` + key + `">`)
		x.text(v)
		x.raw("</data>\n")
	}
	err := g.eachNode(ctx, func(id, label string, kind kg.NodeKind) error {
		x.raw("    <node")
		x.attr("id", id)
		x.raw(">\n")
		if label != "" {
			data("n_label", label)
		}
		data("n_kind", string(kind))
		x.raw("    </node>\n")
		return x.err
	})
	if err == nil {
		err = g.eachTie(ctx, func(i int, s, t string, weight int, shared []string) error {
			x.raw("    <edge")
			x.attr("id", tieID(i))
			x.attr("source", s)
			x.attr("target", t)
			x.raw(">\n")
			data("e_weight", strconv.Itoa(weight))
			data("e_shared", strings.Join(shared, listSep))
			x.raw("    </edge>\n")
			return x.err
		})
	}
	x.raw("  </graph>\n</graphml>\n")
	return x.finish(err)
}

// WriteProjectionGEXF writes the projection as a static undirected GEXF graph (1.3, or 1.2
// when asked): the node name as label, kind as a node attribute; each edge with GEXF's own
// weight (Gephi's edge weight) and the shared neighbours' ids as the attribute shared.
func WriteProjectionGEXF(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	v, ok := gexfVersions[g.sel.GEXF]
	if !ok {
		v = gexfVersions[GEXF13]
	}
	x := newXMLOut(w)
	x.raw(xml.Header)
	x.raw(`<gexf xmlns="` + v.ns + `" xmlns:xsi="` + xsiNamespace + `"` +
		` xsi:schemaLocation="` + v.ns + ` ` + v.xsd + `" version="` + v.version + `">` + "\n")
	x.raw("  <meta>\n    <creator>kommunkg</creator>\n    <description>")
	x.text("Municipal knowledge graph: " + g.sel.Describe())
	x.raw("</description>\n  </meta>\n")
	x.raw(`  <graph defaultedgetype="undirected" mode="static">` + "\n")
	x.raw(`    <attributes class="node">` + "\n" + `      <attribute id="kind" title="kind" type="string"/>` + "\n    </attributes>\n")
	x.raw(`    <attributes class="edge">` + "\n" + `      <attribute id="shared" title="shared" type="string"/>` + "\n    </attributes>\n")
	x.raw("    <nodes>\n")
	err := g.eachNode(ctx, func(id, label string, kind kg.NodeKind) error {
		x.raw("      <node")
		x.attr("id", id)
		x.attr("label", token(label))
		x.raw(">\n        <attvalues>\n          <attvalue for=\"kind\"")
		x.attr("value", string(kind))
		x.raw("/>\n        </attvalues>\n      </node>\n")
		return x.err
	})
	x.raw("    </nodes>\n    <edges>\n")
	if err == nil {
		err = g.eachTie(ctx, func(i int, s, t string, weight int, shared []string) error {
			x.raw("      <edge")
			x.attr("id", tieID(i))
			x.attr("source", s)
			x.attr("target", t)
			x.attr("weight", strconv.Itoa(weight))
			x.raw(">\n        <attvalues>\n          <attvalue for=\"shared\"")
			x.attr("value", strings.Join(shared, listSep))
			x.raw("/>\n        </attvalues>\n      </edge>\n")
			return x.err
		})
	}
	x.raw("    </edges>\n  </graph>\n</gexf>\n")
	return x.finish(err)
}

type cyProjectionNode struct {
	ID    string `json:"id"`
	Value string `json:"value"` // = id: networkx's cytoscape_graph names nodes by it
	Label string `json:"label,omitempty"`
	Kind  string `json:"kind"`
}

type cyProjectionEdge struct {
	ID     string   `json:"id"`
	Source string   `json:"source"`
	Target string   `json:"target"`
	Weight int      `json:"weight"`
	Shared []string `json:"shared"`
}

// WriteProjectionJSON writes the projection in the Cytoscape.js elements format, undirected
// and simple: {"data":{"description":…},"directed":false,"multigraph":false,"elements":
// {"nodes":[{"data":{"id","value","label","kind"}}],"edges":[{"data":{"id","source",
// "target","weight","shared":[ids]}}]}} (networkx: cytoscape_graph).
func WriteProjectionJSON(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	var werr error
	put := func(b []byte) {
		if werr == nil {
			_, werr = bw.Write(b)
		}
	}
	desc, _ := json.Marshal(clean("Municipal knowledge graph: " + g.sel.Describe()))
	put([]byte(`{"data":{"description":` + string(desc) + `},"directed":false,"multigraph":false,"elements":{"nodes":[` + "\n"))
	element := func(i int, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if i > 0 {
			put([]byte(",\n"))
		}
		put(b)
		return werr
	}
	n := 0
	err := g.eachNode(ctx, func(id, label string, kind kg.NodeKind) error {
		n++
		return element(n-1, cyElement[cyProjectionNode]{cyProjectionNode{clean(id), clean(id), clean(label), string(kind)}})
	})
	put([]byte("\n],\"edges\":[\n"))
	if err == nil {
		err = g.eachTie(ctx, func(i int, s, t string, weight int, shared []string) error {
			sh := make([]string, len(shared))
			for j, x := range shared {
				sh[j] = clean(x)
			}
			return element(i, cyElement[cyProjectionEdge]{cyProjectionEdge{tieID(i), clean(s), clean(t), weight, sh}})
		})
	}
	put([]byte("\n]}}\n"))
	if err != nil {
		return err
	}
	if werr != nil {
		return werr
	}
	return bw.Flush()
}

// ProjectionNodeColumns and ProjectionEdgeColumns are the CSV headers, named as Gephi's
// spreadsheet import reads them (Id, Label; Source, Target, Type — here "Undirected" —
// and Weight).
var (
	ProjectionNodeColumns = []string{colID, colLabel, colKind}
	ProjectionEdgeColumns = []string{colID, colSource, colTarget, colType, "Weight", "shared"}
)

// WriteProjectionNodesCSV writes the projected nodes: Id, Label, kind.
func WriteProjectionNodesCSV(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeProjectionNodes(ctx, bw, g); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteProjectionEdgesCSV writes the ties: Id, Source, Target, Type (Undirected), Weight,
// shared (ids, " | " between them).
func WriteProjectionEdgesCSV(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	if err := writeProjectionEdges(ctx, bw, g); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteProjectionCSVZip writes nodes.csv and edges.csv in one zip, dated 1980-01-01 (the
// projection cites no sources), so the same graph always gives the same bytes.
func WriteProjectionCSVZip(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	bw := bufio.NewWriterSize(w, bufSize)
	zw := zip.NewWriter(bw)
	for _, part := range []struct {
		name  string
		write func(context.Context, io.Writer, *OneModeGraph) error
	}{{"nodes.csv", writeProjectionNodes}, {"edges.csv", writeProjectionEdges}} {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: zipEpoch})
		if err != nil {
			return err
		}
		if err := part.write(ctx, f, g); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func writeProjectionNodes(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ProjectionNodeColumns); err != nil {
		return err
	}
	err := g.eachNode(ctx, func(id, label string, kind kg.NodeKind) error {
		return cw.Write([]string{clean(id), clean(label), string(kind)})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func writeProjectionEdges(ctx context.Context, w io.Writer, g *OneModeGraph) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(ProjectionEdgeColumns); err != nil {
		return err
	}
	err := g.eachTie(ctx, func(i int, s, t string, weight int, shared []string) error {
		return cw.Write([]string{tieID(i), clean(s), clean(t), "Undirected", strconv.Itoa(weight), clean(strings.Join(shared, listSep))})
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}
