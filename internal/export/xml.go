package export

import (
	"bufio"
	"context"
	"encoding/xml"
	"io"

	"github.com/kommunkg/kg/internal/kg"
)

// Namespaces of the XML formats.
const (
	GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"
	GEXFNamespace    = "http://gexf.net/1.3"
	// GEXF12Namespace is GEXF 1.2's namespace, which kept the "draft" of its drafts.
	GEXF12Namespace = "http://www.gexf.net/1.2draft"
	xsiNamespace    = "http://www.w3.org/2001/XMLSchema-instance"
)

// bufSize is the write buffer: output reaches the underlying writer in pieces this big.
const bufSize = 32 << 10

// xmlOut writes XML to a buffer, remembering the first error. Markup is written by raw
// (trusted literals from this package only); every piece of data goes through text or attr,
// which clean it and escape it with xml.EscapeText.
type xmlOut struct {
	w   *bufio.Writer
	err error
}

func newXMLOut(w io.Writer) *xmlOut { return &xmlOut{w: bufio.NewWriterSize(w, bufSize)} }

func (x *xmlOut) raw(s string) {
	if x.err == nil {
		_, x.err = x.w.WriteString(s)
	}
}

// text writes character data, escaped.
func (x *xmlOut) text(s string) {
	if x.err == nil {
		x.err = xml.EscapeText(x.w, []byte(clean(s)))
	}
}

// attr writes ` name="value"` with the value escaped (quotes, <, &, and tab/newline/CR as
// character references, so attribute-value normalisation keeps them).
func (x *xmlOut) attr(name, value string) {
	x.raw(" ")
	x.raw(name)
	x.raw(`="`)
	x.text(value)
	x.raw(`"`)
}

// finish flushes the buffer if everything went well. On error nothing more is written, so
// that a caller that has not yet sent anything can still answer with an error instead.
func (x *xmlOut) finish(err error) error {
	if err != nil {
		return err
	}
	if x.err != nil {
		return x.err
	}
	return x.w.Flush()
}

// WriteGraphML writes g as GraphML (http://graphml.graphdrawing.org/xmlns): one directed
// graph, string-typed keys for every attribute (see the package documentation), node ids and
// edge ids as in the store. The node name is the key "label", which Gephi and yEd show;
// networkx: nx.read_graphml(path) gives a (Multi)DiGraph with these attributes.
func WriteGraphML(ctx context.Context, w io.Writer, g *Graph) error {
	x := newXMLOut(w)
	nf := nodeFieldsFor(g.Contact())
	x.raw(xml.Header)
	x.raw(`<graphml xmlns="` + GraphMLNamespace + `" xmlns:xsi="` + xsiNamespace + `"` +
		` xsi:schemaLocation="` + GraphMLNamespace + ` http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">` + "\n")
	for _, f := range nf {
		x.raw(`  <key id="n_` + f.name + `" for="node" attr.name="` + f.name + `" attr.type="string"/>` + "\n")
	}
	for _, f := range edgeFields {
		x.raw(`  <key id="e_` + f.name + `" for="edge" attr.name="` + f.name + `" attr.type="string"/>` + "\n")
	}
	x.raw(`  <graph id="kg" edgedefault="directed">` + "\n    <desc>")
	x.text("Municipal knowledge graph: " + g.sel.Describe())
	x.raw("</desc>\n")
	data := func(key, v string) {
		if v == "" {
			return
		}
		x.raw(`      <data key="` + key + `">`)
		x.text(v)
		x.raw("</data>\n")
	}
	err := g.Nodes(ctx, func(n *kg.Node) error {
		x.raw("    <node")
		x.attr("id", n.ID)
		x.raw(">\n")
		for _, f := range nf {
			data("n_"+f.name, f.get(n))
		}
		x.raw("    </node>\n")
		return x.err
	})
	if err == nil {
		err = g.Edges(ctx, func(e *kg.Edge) error {
			x.raw("    <edge")
			x.attr("id", e.ID)
			x.attr("source", e.From)
			x.attr("target", e.To)
			x.raw(">\n")
			for _, f := range edgeFields {
				data("e_"+f.name, f.get(e))
			}
			x.raw("    </edge>\n")
			return x.err
		})
	}
	x.raw("  </graph>\n</graphml>\n")
	return x.finish(err)
}

// GEXF versions ParseSelection accepts for the gexf parameter.
const (
	GEXF13 = "1.3"
	GEXF12 = "1.2"
)

// gexfVersion is what differs between the GEXF versions this package writes: only the
// root element. The content (spells, edge kinds, string attributes, timeformat="date") is
// valid in both.
type gexfVersion struct{ version, ns, xsd string }

var gexfVersions = map[string]gexfVersion{
	GEXF13: {GEXF13, GEXFNamespace, "http://gexf.net/1.3/gexf.xsd"},
	GEXF12: {GEXF12, GEXF12Namespace, "http://www.gexf.net/1.2draft/gexf.xsd"},
}

// WriteGEXF writes g as GEXF for Gephi, version 1.3 (http://gexf.net/1.3) unless the
// selection asks for 1.2 (http://www.gexf.net/1.2draft, which networkx before 3.6 needs): a
// directed graph, the node name as the node label, the edge type as the edge label and kind
// (so parallel edges of different types stay apart), and every attribute of the package
// documentation as a string attribute (class node / edge).
//
// A dated node or edge gets a spell from since to until, using the widest reading of
// partial dates (since "2014" starts 2014-01-01, until "2014" ends 2014-12-31, until
// "2016-02" ends 2016-02-29; a missing bound leaves the spell open on that side); the exact
// dates stay in the since/until attributes. Undated nodes and edges have no spell and so
// exist at all times. The graph is declared mode="dynamic" timeformat="date" only when
// spells may occur: a neighbourhood without dated nodes or edges is written as a static
// graph, the whole graph (not read twice to find out) is always declared dynamic.
func WriteGEXF(ctx context.Context, w io.Writer, g *Graph) error {
	v, ok := gexfVersions[g.sel.GEXF]
	if !ok {
		v = gexfVersions[GEXF13]
	}
	x := newXMLOut(w)
	nf := nodeFieldsFor(g.Contact())
	x.raw(xml.Header)
	x.raw(`<gexf xmlns="` + v.ns + `" xmlns:xsi="` + xsiNamespace + `"` +
		` xsi:schemaLocation="` + v.ns + ` ` + v.xsd + `" version="` + v.version + `">` + "\n")
	x.raw("  <meta>\n    <creator>kommunkg</creator>\n    <description>")
	x.text("Municipal knowledge graph: " + g.sel.Describe())
	x.raw("</description>\n  </meta>\n")
	if g.mayBeDated() {
		x.raw(`  <graph defaultedgetype="directed" mode="dynamic" timeformat="date">` + "\n")
	} else {
		x.raw(`  <graph defaultedgetype="directed" mode="static">` + "\n")
	}
	x.raw(`    <attributes class="node">` + "\n")
	for _, f := range nf {
		if f.name == "label" {
			continue // the node's own label
		}
		x.raw(`      <attribute id="` + f.name + `" title="` + f.name + `" type="string"/>` + "\n")
	}
	x.raw("    </attributes>\n")
	x.raw(`    <attributes class="edge">` + "\n")
	for _, f := range edgeFields {
		x.raw(`      <attribute id="` + f.name + `" title="` + f.name + `" type="string"/>` + "\n")
	}
	x.raw("    </attributes>\n")
	attvalues := func(vals func(yield func(id, v string))) {
		open := false
		vals(func(id, v string) {
			if v == "" {
				return
			}
			if !open {
				x.raw("        <attvalues>\n")
				open = true
			}
			x.raw(`          <attvalue for="` + id + `"`)
			x.attr("value", v)
			x.raw("/>\n")
		})
		if open {
			x.raw("        </attvalues>\n")
		}
	}
	// spell writes the spell of a dated node or edge (nothing for an undated one).
	spell := func(since, until kg.PartialDate) {
		if since.IsZero() && until.IsZero() {
			return
		}
		x.raw("        <spells>\n          <spell")
		if !since.IsZero() {
			x.attr("start", spellStart(since))
		}
		if !until.IsZero() {
			x.attr("end", spellEnd(until))
		}
		x.raw("/>\n        </spells>\n")
	}
	x.raw("    <nodes>\n")
	err := g.Nodes(ctx, func(n *kg.Node) error {
		x.raw("      <node")
		x.attr("id", n.ID)
		x.attr("label", token(n.Name))
		x.raw(">\n")
		attvalues(func(yield func(id, v string)) {
			for _, f := range nf {
				if f.name != "label" {
					yield(f.name, f.get(n))
				}
			}
		})
		spell(n.Since, n.Until)
		x.raw("      </node>\n")
		return x.err
	})
	x.raw("    </nodes>\n    <edges>\n")
	if err == nil {
		err = g.Edges(ctx, func(e *kg.Edge) error {
			x.raw("      <edge")
			x.attr("id", e.ID)
			x.attr("source", e.From)
			x.attr("target", e.To)
			x.attr("label", token(string(e.Type)))
			x.attr("kind", token(string(e.Type)))
			x.raw(">\n")
			attvalues(func(yield func(id, v string)) {
				for _, f := range edgeFields {
					yield(f.name, f.get(e))
				}
			})
			spell(e.Since, e.Until)
			x.raw("      </edge>\n")
			return x.err
		})
	}
	x.raw("    </edges>\n  </graph>\n</gexf>\n")
	return x.finish(err)
}

// mayBeDated reports whether some selected node or edge may have a spell: exactly for an
// in-memory neighbourhood, conservatively (true) for the paged whole graph.
func (g *Graph) mayBeDated() bool {
	if !g.sub {
		return true
	}
	for _, n := range g.nodes {
		if !n.Since.IsZero() || !n.Until.IsZero() {
			return true
		}
	}
	for _, e := range g.edges {
		if dated(e) {
			return true
		}
	}
	return false
}
