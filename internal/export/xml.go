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
	xsiNamespace     = "http://www.w3.org/2001/XMLSchema-instance"
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

// WriteGEXF writes g as GEXF 1.3 (http://gexf.net/1.3) for Gephi: a directed graph, the
// node name as the node label, the edge type as the edge label and kind (so parallel edges
// of different types stay apart), and every attribute of the package documentation as a
// string attribute (class node / edge).
//
// A dated edge gets a spell from since to until, using the widest reading of partial dates
// (since "2014" starts 2014-01-01, until "2014" ends 2014-12-31, until "2016-02" ends
// 2016-02-29; a missing bound leaves the spell open on that side); the exact dates stay in
// the since/until attributes. The graph is declared mode="dynamic" timeformat="date" only
// when spells may occur: a neighbourhood without dated edges is written as a static graph,
// the whole graph (not read twice to find out) is always declared dynamic. Nodes have no
// spells and so exist at all times.
func WriteGEXF(ctx context.Context, w io.Writer, g *Graph) error {
	x := newXMLOut(w)
	nf := nodeFieldsFor(g.Contact())
	x.raw(xml.Header)
	x.raw(`<gexf xmlns="` + GEXFNamespace + `" xmlns:xsi="` + xsiNamespace + `"` +
		` xsi:schemaLocation="` + GEXFNamespace + ` http://gexf.net/1.3/gexf.xsd" version="1.3">` + "\n")
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
			if dated(e) {
				x.raw("        <spells>\n          <spell")
				if !e.Since.IsZero() {
					x.attr("start", spellStart(e.Since))
				}
				if !e.Until.IsZero() {
					x.attr("end", spellEnd(e.Until))
				}
				x.raw("/>\n        </spells>\n")
			}
			x.raw("      </edge>\n")
			return x.err
		})
	}
	x.raw("    </edges>\n  </graph>\n</gexf>\n")
	return x.finish(err)
}

// mayBeDated reports whether some selected edge may have a spell: exactly for an
// in-memory neighbourhood, conservatively (true) for the paged whole graph.
func (g *Graph) mayBeDated() bool {
	if !g.sub {
		return true
	}
	for _, e := range g.edges {
		if dated(e) {
			return true
		}
	}
	return false
}
