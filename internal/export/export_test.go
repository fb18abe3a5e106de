package export

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// wholeExpectation is the whole graph of a memstore, straight from the graph it was built
// from (not through the export's own selection code).
func wholeExpectation(s *memstore.Store, contact bool) expected {
	g := s.Graph()
	return expect(g.Nodes, g.AllEdges(), contact)
}

// The whole shipped seed graph, in every format, reads back with every node, every edge
// (written and mandate-derived) and every attribute intact.
func TestShippedSeedsRoundTrip(t *testing.T) {
	s := shippedStore(t)
	stats, _ := s.Stats(context.Background())
	want := wholeExpectation(s, false)
	if len(want.nodes) != stats.Nodes || len(want.edges) != stats.Edges {
		t.Fatalf("expectation has %d nodes / %d edges, store %d / %d", len(want.nodes), len(want.edges), stats.Nodes, stats.Edges)
	}
	for _, fc := range formatCases {
		t.Run(fc.name, func(t *testing.T) {
			p, _ := export(t, s, Selection{}, fc)
			if len(p.nodes) != stats.Nodes || len(p.edges) != stats.Edges {
				t.Errorf("%d nodes, %d edges; store has %d, %d", len(p.nodes), len(p.edges), stats.Nodes, stats.Edges)
			}
			compare(t, fc.name, p, want)

			// Spot checks a reader of the file would make.
			v := p.nodes["vaxjo-kommun"]
			if label := v["label"]; label != "Växjö kommun" {
				t.Errorf("vaxjo-kommun label %q", label)
			}
			if v["kind"] != "MUNICIPALITY" {
				t.Errorf("vaxjo-kommun kind %q", v["kind"])
			}
			if !strings.Contains(v["evidence"], ": ") || !strings.Contains(v["evidence"], "Växjö kommun") {
				t.Errorf("vaxjo-kommun evidence %q", v["evidence"])
			}
			var roles, dated, mandates int
			for id, e := range p.edges {
				if e["role"] != "" {
					roles++
				}
				if e["since"] != "" {
					dated++
					if _, err := kg.ParsePartialDate(e["since"]); err != nil {
						t.Errorf("edge %s since %q: %v", id, e["since"], err)
					}
				}
				if e["type"] == string(kg.EdgeRepresents) {
					mandates++
					if e["body"] == "" || e["mandate"] == "" || e["onBehalfOf"] != e["target"] {
						t.Errorf("REPRESENTS edge %s without body/mandate: %v", id, e)
					}
				}
			}
			if roles == 0 || mandates == 0 {
				t.Errorf("no edge with a role (%d) or no REPRESENTS edge (%d)", roles, mandates)
			}
			_ = dated // the shipped seeds may or may not date edges; dated edges are checked on the fixture
		})
	}
}

// The neighbourhood of Region Kronoberg (the example) exports exactly the
// neighbourhood query's nodes and edges, in every format.
func TestShippedSeedsNeighbourhood(t *testing.T) {
	s := shippedStore(t)
	for _, hops := range []int{0, 1, 2} {
		sg, err := s.Neighbourhood(context.Background(), kg.NeighbourhoodQuery{Center: "region-kronoberg", Hops: hops, Limit: MaxSubgraphNodes})
		if err != nil || sg == nil {
			t.Fatalf("neighbourhood: %v %v", sg, err)
		}
		if hops > 0 && len(sg.Edges) == 0 {
			t.Fatalf("region-kronoberg has no edges within %d hops", hops)
		}
		want := expect(sg.Nodes, sg.Edges, false)
		for _, fc := range formatCases {
			p, _ := export(t, s, Selection{Center: "region-kronoberg", Hops: hops}, fc)
			compare(t, fc.name, p, want)
			if p.nodes["region-kronoberg"]["label"] != "Region Kronoberg" {
				t.Errorf("%s: centre label %q", fc.name, p.nodes["region-kronoberg"]["label"])
			}
		}
	}
}

// Filters: node kinds and edge types, for the whole graph and for a neighbourhood.
func TestShippedSeedsFilters(t *testing.T) {
	s := shippedStore(t)
	g := s.Graph()
	kinds := []kg.NodeKind{kg.KindPerson, kg.KindNetwork, kg.KindOrganisation}
	types := []kg.EdgeType{kg.EdgeServesOn, kg.EdgeRepresents, kg.EdgeMemberOf}
	keep := map[string]bool{}
	var nodes []*kg.Node
	for _, n := range g.Nodes {
		if slices.Contains(kinds, n.Kind) {
			keep[n.ID] = true
			nodes = append(nodes, n)
		}
	}
	var edges []*kg.Edge
	for _, e := range g.AllEdges() {
		if keep[e.From] && keep[e.To] && slices.Contains(types, e.Type) {
			edges = append(edges, e)
		}
	}
	if len(edges) == 0 {
		t.Fatal("filter selects no edges; pick other kinds")
	}
	want := expect(nodes, edges, false)
	for _, fc := range formatCases {
		p, _ := export(t, s, Selection{Kinds: kinds, Types: types}, fc)
		compare(t, fc.name, p, want)
	}

	// A neighbourhood restricted to kinds keeps the centre and drops edges to other kinds.
	sg, _ := s.Neighbourhood(context.Background(), kg.NeighbourhoodQuery{Center: "region-kronoberg", Hops: 1, Limit: MaxSubgraphNodes})
	nk := []kg.NodeKind{kg.KindPerson}
	keep = map[string]bool{"region-kronoberg": true}
	nodes, edges = nil, nil
	for _, n := range sg.Nodes {
		if n.ID == "region-kronoberg" || n.Kind == kg.KindPerson {
			keep[n.ID] = true
			nodes = append(nodes, n)
		}
	}
	for _, e := range sg.Edges {
		if keep[e.From] && keep[e.To] {
			edges = append(edges, e)
		}
	}
	want = expect(nodes, edges, false)
	p, _ := export(t, s, Selection{Center: "region-kronoberg", Hops: 1, Kinds: nk}, formatCases[0])
	compare(t, "graphml", p, want)
}

// The fixture has every feature (diacritics, partial dates, a mandate, attributes, aliases,
// hostile text); every format reads back equal to it.
func TestFixtureRoundTrip(t *testing.T) {
	s := fixtureStore(t)
	for _, contact := range []bool{false, true} {
		want := wholeExpectation(s, contact)
		for _, fc := range formatCases {
			p, _ := export(t, s, Selection{Contact: contact}, fc)
			compare(t, fc.name, p, want)
		}
	}
}

// A graph larger than one page and one EdgesOf batch is paged completely, each edge once.
func TestWholeGraphPaging(t *testing.T) {
	n := 2*pageSize + 345
	s := bigStore(t, n)
	want := wholeExpectation(s, false)
	for _, fc := range formatCases {
		p, _ := export(t, s, Selection{}, fc)
		if len(p.nodes) != n || len(p.edges) != n-1 {
			t.Errorf("%s: %d nodes, %d edges; want %d, %d", fc.name, len(p.nodes), len(p.edges), n, n-1)
		}
		compare(t, fc.name, p, want)
	}
}

// A Graph can be written twice (e.g. nodes.csv then edges.csv then again), and Edges works
// without a preceding Nodes pass.
func TestGraphReuse(t *testing.T) {
	s := bigStore(t, pageSize+10)
	ctx := context.Background()
	g, err := Select(ctx, s, Selection{})
	if err != nil {
		t.Fatal(err)
	}
	count := func() (n, e int) {
		_ = g.Nodes(ctx, func(*kg.Node) error { n++; return nil })
		_ = g.Edges(ctx, func(*kg.Edge) error { e++; return nil })
		return
	}
	g2, _ := Select(ctx, s, Selection{})
	e0 := 0
	if err := g2.Edges(ctx, func(*kg.Edge) error { e0++; return nil }); err != nil || e0 != pageSize+9 {
		t.Errorf("edges without a node pass: %d, %v", e0, err)
	}
	for range 2 {
		if n, e := count(); n != pageSize+10 || e != pageSize+9 {
			t.Errorf("pass: %d nodes, %d edges", n, e)
		}
	}
}

// GEXF: edge dates become spells by the documented rule, and the graph is dynamic only
// where spells may occur.
func TestGEXFSpells(t *testing.T) {
	s := fixtureStore(t)
	p, _ := export(t, s, Selection{}, formatCases[1])
	if p.mode != "dynamic" || p.timeformat != "date" {
		t.Errorf("whole graph: mode %q timeformat %q", p.mode, p.timeformat)
	}
	want := map[string][2]string{
		"vaxjo-kommun--member-of--energy-cities":   {"2014-01-01", "2016-02-29"},
		"region-kronoberg--member-of--erb":         {"2014-08-28", ""},
		"vaxjo-kommun--participates-in--projekt-x": {"", "2016-12-31"},
		"anna-berg--mandate--erb--represents":      {"2019-01-01", ""},
		"anna-berg--mandate--erb--serves-on":       {"2019-01-01", ""},
	}
	if !mapsEqual(p.spells, want) {
		t.Errorf("spells %v\nwant %v", p.spells, want)
	}
	if got := p.edges["vaxjo-kommun--member-of--energy-cities"]; got["since"] != "2014" || got["until"] != "2016-02" {
		t.Errorf("exact dates lost: %v", got)
	}

	// A neighbourhood without dated edges is a static graph.
	p, b := export(t, s, Selection{Center: "vaxjo-kommun", Hops: 1, Types: []kg.EdgeType{kg.EdgeLocatedIn}}, formatCases[1])
	if p.mode != "static" || p.timeformat != "" || bytes.Contains(b, []byte("spell")) {
		t.Errorf("undated neighbourhood: mode %q timeformat %q", p.mode, p.timeformat)
	}
	if len(p.edges) != 1 {
		t.Errorf("edges %v", p.edges)
	}
}

func mapsEqual(a, b map[string][2]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSpellRule(t *testing.T) {
	for _, c := range []struct{ date, start, end string }{
		{"2014", "2014-01-01", "2014-12-31"},
		{"2016-02", "2016-02-01", "2016-02-29"},
		{"2015-02", "2015-02-01", "2015-02-28"},
		{"2016-04", "2016-04-01", "2016-04-30"},
		{"2014-08-28", "2014-08-28", "2014-08-28"},
	} {
		d := kg.MustDate(c.date)
		if s, e := spellStart(d), spellEnd(d); s != c.start || e != c.end {
			t.Errorf("%s: %s..%s, want %s..%s", c.date, s, e, c.start, c.end)
		}
	}
}

// Hostile text: the XML stays well-formed (checked by the strict parser in compare's
// readers), forbidden characters are replaced by U+FFFD in every format, and markup in
// text never becomes markup.
func TestHostileText(t *testing.T) {
	s := fixtureStore(t)
	want := clean(hostile)
	if strings.ContainsAny(want, "\x01\x08\x1b\uFFFE\r") || !strings.Contains(want, "\uFFFD") || !strings.Contains(want, "line1\nline2") {
		t.Fatalf("clean(hostile) = %q", want)
	}
	for _, fc := range formatCases {
		p, b := export(t, s, Selection{}, fc)
		h := p.nodes["hostile"]
		label := want
		if strings.HasPrefix(fc.name, "gexf") {
			label = token(hostile)
		}
		if h["label"] != label || h["note"] != want || h["evidence"] != "s1 (2022-09-09): "+want {
			t.Errorf("%s: hostile node read back as %q", fc.name, h)
		}
		if e := p.edges["hostile--partner-of--energy-cities"]; e["role"] != want {
			t.Errorf("%s: hostile role %q", fc.name, e["role"])
		}
		if _, ok := p.nodes[clean("odd id <&\"'>\x02")]; !ok {
			t.Errorf("%s: odd node id lost: %q", fc.name, sortedKeys(p.nodes))
		}
		if fc.name != "csv.zip" && bytes.ContainsAny(b, "\x01\x08\x1b\r") { // (zip: compressed bytes)
			t.Errorf("%s: control characters in the output", fc.name)
		}
		if !strings.Contains(fc.name, "csv") && bytes.Contains(b, []byte("<b>")) {
			t.Errorf("%s: text became markup", fc.name)
		}
	}
}

// Go's XML decoder rejects what XML 1.0 forbids; the hostile test relies on it.
func TestDecoderRejectsControlCharacters(t *testing.T) {
	for _, doc := range []string{"<a>\x01</a>", `<a b="&#x1;"/>`, "<a>&#x1b;</a>"} {
		d := xml.NewDecoder(strings.NewReader(doc))
		var err error
		for err == nil {
			_, err = d.Token()
		}
		if errors.Is(err, io.EOF) {
			t.Errorf("%q accepted", doc)
		}
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Växjö kommun":     "Växjö kommun",
		"a\x00b":           "a\uFFFDb",
		"tab\tnl\ncr\r":    "tab\tnl\ncr\n",
		"crlf\r\nx\r\r\n":  "crlf\nx\n\n",
		"\xff\xfe":         "\uFFFD\uFFFD",
		"\uFFFE\uFFFF":     "\uFFFD\uFFFD",
		"emoji 😀 ok":       "emoji 😀 ok",
		"\u0085 \u2028 ok": "\u0085 \u2028 ok",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := token("  a \n\t b  "); got != "a b" {
		t.Errorf("token: %q", got)
	}
}

// Personal contact data is absent without Contact (not even in the bytes) and present with.
func TestContactData(t *testing.T) {
	s := fixtureStore(t)
	for _, fc := range formatCases {
		p, b := export(t, s, Selection{}, fc)
		for _, secret := range []string{"anna.berg@example.se", "0470-00 00 00"} {
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("%s: %q exported without contact access", fc.name, secret)
			}
		}
		if bytes.Contains(b, []byte("email")) || bytes.Contains(b, []byte("phone")) {
			t.Errorf("%s: contact columns/keys present without contact access", fc.name)
		}
		if _, ok := p.nodes["anna-berg"]["email"]; ok {
			t.Errorf("%s: email present", fc.name)
		}

		p, b = export(t, s, Selection{Contact: true}, fc)
		if a := p.nodes["anna-berg"]; a["email"] != "anna.berg@example.se" || a["phone"] != "0470-00 00 00" {
			t.Errorf("%s: contact data missing with access: %v", fc.name, a)
		}
		if _, ok := p.nodes["vaxjo-kommun"]["email"]; ok {
			t.Errorf("%s: email on a non-person", fc.name)
		}
	}
	if slices.Contains(NodeColumns(false), "email") || !slices.Contains(NodeColumns(true), "email") {
		t.Errorf("NodeColumns: %v / %v", NodeColumns(false), NodeColumns(true))
	}
}

// Mandates are exported as REPRESENTS (person → principal, body as attribute) and SERVES_ON
// (person → body, principal as attribute).
func TestMandateEdges(t *testing.T) {
	s := fixtureStore(t)
	for _, fc := range formatCases {
		p, _ := export(t, s, Selection{}, fc)
		r := p.edges["anna-berg--mandate--erb--represents"]
		if r["type"] != "REPRESENTS" || r["source"] != "anna-berg" || r["target"] != "region-kronoberg" ||
			r["body"] != "erb" || r["onBehalfOf"] != "region-kronoberg" || r["role"] != "ledamot" ||
			r["mandate"] != "anna-berg--mandate--erb" || r["since"] != "2019" {
			t.Errorf("%s: REPRESENTS %v", fc.name, r)
		}
		so := p.edges["anna-berg--mandate--erb--serves-on"]
		if so["type"] != "SERVES_ON" || so["target"] != "erb" || so["body"] != "erb" || so["onBehalfOf"] != "region-kronoberg" {
			t.Errorf("%s: SERVES_ON %v", fc.name, so)
		}
	}
}

func TestSelectUnknownCenter(t *testing.T) {
	_, err := Select(context.Background(), fixtureStore(t), Selection{Center: "nowhere", Hops: 1})
	if kg.ErrorCode(err) != kg.ENOTFOUND {
		t.Fatalf("err %v", err)
	}
}

// A neighbourhood with hops 0 is the centre alone.
func TestHopsZero(t *testing.T) {
	p, _ := export(t, fixtureStore(t), Selection{Center: "erb"}, formatCases[0])
	if len(p.nodes) != 1 || len(p.edges) != 0 || p.nodes["erb"]["abbreviation"] != "ERB" {
		t.Errorf("%v %v", p.nodes, p.edges)
	}
}
