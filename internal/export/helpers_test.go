package export

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// ---- stores ------------------------------------------------------------------------------

// shippedStore is the store built from the seeds embedded in the binary.
func shippedStore(t *testing.T) *memstore.Store {
	t.Helper()
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatalf("the shipped seeds do not load (fix the seeds, not the exporter): %v", err)
	}
	s, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Hostile text: markup characters, a CDATA end, a comment dash pair, control characters XML
// 1.0 forbids, a noncharacter, an invalid UTF-8 byte, and line breaks.
const hostile = "Tom & \"Jerry\" <b>'s</b> ]]> -- \x01\x08\x1b\x7f\uFFFE \xff line1\nline2\r\n\ttab"

// fixtureGraph is a small graph with every feature the exporter handles: diacritics,
// partial dates, a mandate, contact data, attributes, aliases and hostile text in names,
// notes, quotes, roles and ids.
func fixtureGraph() *kg.Graph {
	d := kg.MustDate
	ev := func(q string) []kg.Evidence {
		return []kg.Evidence{{SourceID: "s1", Quote: q, SourceUpdated: d("2022-09-09")}}
	}
	num := 1000.0
	nodes := []*kg.Node{
		{ID: "vaxjo-kommun", Kind: kg.KindMunicipality, Name: "Växjö kommun", Aliases: []string{"Växjö", "Vaxjo"},
			Category: "kommun", Evidence: append(ev("Växjö kommun är medlem"), kg.Evidence{SourceID: "s2", Quote: "andra källan"}),
			Attributes: []kg.Attribute{{Key: "memberCount", Value: "mer än 1000 städer", Number: &num, Evidence: ev("mer än 1000 städer")}}},
		{ID: "region-kronoberg", Kind: kg.KindRegion, Name: "Region Kronoberg", Evidence: ev("Region Kronoberg")},
		{ID: "energy-cities", Kind: kg.KindNetwork, Name: "Energy Cities", Since: d("1990"), Evidence: ev("Energy Cities bildades 1990")},
		{ID: "erb", Kind: kg.KindOrganisation, Name: "Euroregion Baltic", Abbreviation: "ERB", Evidence: ev("ERB")},
		{ID: "anna-berg", Kind: kg.KindPerson, Name: "Anna Berg", Evidence: ev("Anna Berg (S)"),
			Contact: &kg.Contact{Email: "anna.berg@example.se", Phone: "0470-00 00 00", Evidence: ev("anna.berg@example.se")}},
		{ID: "projekt-x", Kind: kg.KindProject, Name: "Projekt X", Since: d("2014"), Until: d("2016-02"), Evidence: ev("Projekt X")},
		{ID: "hostile", Kind: kg.KindNetwork, Name: hostile, Note: hostile, Category: "<cat>", Aliases: []string{hostile},
			Evidence: ev(hostile)},
		{ID: "odd id <&\"'>\x02", Kind: kg.KindOrganisation, Name: "Odd", Evidence: ev("odd")},
	}
	edges := []*kg.Edge{
		{ID: "vaxjo-kommun--member-of--energy-cities", Type: kg.EdgeMemberOf, From: "vaxjo-kommun", To: "energy-cities",
			Role: "medlem", Since: d("2014"), Until: d("2016-02"), Evidence: ev("medlem sedan 2014")},
		{ID: "vaxjo-kommun--located-in--region-kronoberg", Type: kg.EdgeLocatedIn, From: "vaxjo-kommun", To: "region-kronoberg",
			Evidence: ev("i Kronobergs län")},
		{ID: "region-kronoberg--member-of--erb", Type: kg.EdgeMemberOf, From: "region-kronoberg", To: "erb",
			Since: d("2014-08-28"), Evidence: ev("sedan 28 augusti 2014")},
		{ID: "vaxjo-kommun--participates-in--projekt-x", Type: kg.EdgeParticipatesIn, From: "vaxjo-kommun", To: "projekt-x",
			Until: d("2016"), Evidence: ev("deltog")},
		{ID: "hostile--partner-of--energy-cities", Type: kg.EdgePartnerOf, From: "hostile", To: "energy-cities",
			Role: hostile, Note: hostile, Evidence: ev(hostile)},
		{ID: "odd edge <&>\x03", Type: kg.EdgePartnerOf, From: "odd id <&\"'>\x02", To: "hostile", Evidence: ev("odd")},
	}
	mandates := []*kg.Mandate{
		{ID: "anna-berg--mandate--erb", Person: "anna-berg", OnBehalfOf: "region-kronoberg", Body: "erb",
			Role: "ledamot", Since: d("2019"), Evidence: ev("Anna Berg (S), ledamot")},
	}
	return &kg.Graph{Nodes: nodes, Edges: edges, Mandates: mandates,
		Sources: []*kg.Source{{ID: "s1", Title: "Källa"}, {ID: "s2", Title: "Andra"}}}
}

func fixtureStore(t *testing.T) *memstore.Store {
	t.Helper()
	s, err := memstore.New(fixtureGraph())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// bigStore has more nodes than one page and more than one EdgesOf batch: a chain of n
// organisations, each PARTNER_OF the next.
func bigStore(t *testing.T, n int) *memstore.Store {
	t.Helper()
	g := &kg.Graph{}
	for i := range n {
		g.Nodes = append(g.Nodes, &kg.Node{ID: fmt.Sprintf("org-%05d", i), Kind: kg.KindOrganisation,
			Name:     fmt.Sprintf("Organisation nummer %d med ett ganska långt namn", i),
			Evidence: []kg.Evidence{{SourceID: "s", Quote: strings.Repeat("citat ", 10)}}})
		if i > 0 {
			g.Edges = append(g.Edges, &kg.Edge{ID: fmt.Sprintf("e-%05d", i), Type: kg.EdgePartnerOf,
				From: fmt.Sprintf("org-%05d", i-1), To: fmt.Sprintf("org-%05d", i)})
		}
	}
	s, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// ---- expectations, computed independently of fields.go ------------------------------------

type record = map[string]string

func evidenceText(ev []kg.Evidence) string {
	var parts []string
	for _, e := range ev {
		src := e.SourceID
		switch {
		case !e.SourceUpdated.IsZero() && (e.Basis == kg.BasisDerived || e.Basis == kg.BasisInferred):
			src += " (" + e.SourceUpdated.String() + ", " + string(e.Basis) + ")"
		case !e.SourceUpdated.IsZero():
			src += " (" + e.SourceUpdated.String() + ")"
		case e.Basis == kg.BasisDerived || e.Basis == kg.BasisInferred:
			src += " (" + string(e.Basis) + ")"
		}
		parts = append(parts, src+": "+e.Quote)
	}
	return strings.Join(parts, " | ")
}

func prune(r record) record {
	for k, v := range r {
		if v = clean(v); v == "" {
			delete(r, k)
		} else {
			r[k] = v
		}
	}
	return r
}

func wantNode(n *kg.Node, contact bool) record {
	var attrs []string
	for _, a := range n.Attributes {
		attrs = append(attrs, a.Key+": "+a.Value)
	}
	r := record{
		"label": n.Name, "kind": string(n.Kind), "category": n.Category, "abbreviation": n.Abbreviation,
		"aliases": strings.Join(n.Aliases, " | "), "since": n.Since.String(), "until": n.Until.String(),
		"note": n.Note, "attributes": strings.Join(attrs, " | "), "evidence": evidenceText(n.Evidence),
	}
	if contact && n.Contact != nil {
		r["email"], r["phone"] = n.Contact.Email, n.Contact.Phone
	}
	return prune(r)
}

func wantEdge(e *kg.Edge) record {
	r := record{
		"source": e.From, "target": e.To, "type": string(e.Type), "role": e.Role,
		"since": e.Since.String(), "until": e.Until.String(), "note": e.Note, "mandate": e.MandateID,
		"evidence": evidenceText(e.Evidence),
	}
	if e.MandateID != "" && e.Type == kg.EdgeRepresents {
		r["body"], r["onBehalfOf"] = e.Context, e.To
	}
	if e.MandateID != "" && e.Type == kg.EdgeServesOn {
		r["body"], r["onBehalfOf"] = e.To, e.Context
	}
	return prune(r)
}

// expected is what an export of nodes and edges must read back as.
type expected struct {
	nodes map[string]record
	edges map[string]record
}

func expect(nodes []*kg.Node, edges []*kg.Edge, contact bool) expected {
	x := expected{nodes: map[string]record{}, edges: map[string]record{}}
	for _, n := range nodes {
		x.nodes[clean(n.ID)] = wantNode(n, contact)
	}
	for _, e := range edges {
		x.edges[clean(e.ID)] = wantEdge(e)
	}
	return x
}

// ---- parsed exports ----------------------------------------------------------------------

// parsed is an export read back: records by id, plus the raw counts (to catch duplicates).
type parsed struct {
	nodes, edges         map[string]record
	nodeCount, edgeCount int
	// gexf only
	mode, timeformat string
	spells           map[string][2]string // edge id → start, end ("" = open)
	nodeSpells       map[string][2]string // node id → start, end
	// csv only: Time Interval cells by id ("" when empty)
	nodeIntervals, edgeIntervals map[string]string
	// csv.zip only: sources.csv rows by id, and the entries' modification times
	sources  map[string]record
	zipTimes []time.Time
}

func newParsed() *parsed {
	return &parsed{nodes: map[string]record{}, edges: map[string]record{}, spells: map[string][2]string{},
		nodeSpells: map[string][2]string{}, nodeIntervals: map[string]string{}, edgeIntervals: map[string]string{},
		sources: map[string]record{}}
}

// ---- XML structure validation --------------------------------------------------------------

// xmlSchema lists, per element, the children it may have; textual elements may hold text.
type xmlSchema struct {
	ns       string
	root     string
	children map[string][]string
	textual  map[string]bool
	// order, when set, lists an element's children in the order they must come.
	order map[string][]string
}

var graphmlSchema = xmlSchema{
	ns: GraphMLNamespace, root: "graphml",
	children: map[string][]string{
		"graphml": {"key", "graph"},
		"key":     {},
		"graph":   {"desc", "node", "edge"},
		"node":    {"data"},
		"edge":    {"data"},
	},
	textual: map[string]bool{"data": true, "desc": true},
	order:   map[string][]string{"graphml": {"key", "graph"}, "graph": {"desc", "node", "edge"}},
}

var gexfSchema = xmlSchema{
	ns: GEXFNamespace, root: "gexf",
	children: map[string][]string{
		"gexf":       {"meta", "graph"},
		"meta":       {"creator", "description"},
		"graph":      {"attributes", "nodes", "edges"},
		"attributes": {"attribute"},
		"attribute":  {},
		"nodes":      {"node"},
		"node":       {"attvalues", "spells"},
		"edges":      {"edge"},
		"edge":       {"attvalues", "spells"},
		"attvalues":  {"attvalue"},
		"attvalue":   {},
		"spells":     {"spell"},
		"spell":      {},
	},
	textual: map[string]bool{"creator": true, "description": true},
	order:   map[string][]string{"gexf": {"meta", "graph"}, "graph": {"attributes", "nodes", "edges"}},
}

// validateXML parses b strictly with encoding/xml and checks every element's namespace and
// place against the schema, and that only textual elements carry text.
func validateXML(t *testing.T, b []byte, s xmlSchema) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("no XML declaration: %.60q", b)
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	type frame struct {
		name string
		last int // index in order of the last child seen
	}
	var stack []frame
	roots := 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if tk.Name.Space != s.ns {
				t.Fatalf("element %s in namespace %q, want %q", tk.Name.Local, tk.Name.Space, s.ns)
			}
			name := tk.Name.Local
			if len(stack) == 0 {
				roots++
				if name != s.root || roots > 1 {
					t.Fatalf("root element %q, want one %q", name, s.root)
				}
			} else {
				parent := &stack[len(stack)-1]
				allowed, known := s.children[parent.name]
				if !known || !slices.Contains(allowed, name) {
					t.Fatalf("<%s> may not contain <%s>", parent.name, name)
				}
				if ord := s.order[parent.name]; ord != nil {
					i := slices.Index(ord, name)
					if i < parent.last {
						t.Fatalf("<%s> comes after <%s> in <%s>", name, ord[parent.last], parent.name)
					}
					parent.last = i
				}
			}
			stack = append(stack, frame{name: name})
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 && !s.textual[stack[len(stack)-1].name] && len(bytes.TrimSpace(tk)) > 0 {
				t.Fatalf("text %q in <%s>", tk, stack[len(stack)-1].name)
			}
		}
	}
	if roots != 1 || len(stack) != 0 {
		t.Fatalf("incomplete document")
	}
}

// ---- readers per format ------------------------------------------------------------------

type gmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type gmlDoc struct {
	XMLName xml.Name
	Keys    []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []gmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []gmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func readGraphML(t *testing.T, b []byte) *parsed {
	t.Helper()
	validateXML(t, b, graphmlSchema)
	var doc gmlDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != GraphMLNamespace || doc.XMLName.Local != "graphml" {
		t.Fatalf("root %v", doc.XMLName)
	}
	if doc.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", doc.Graph.EdgeDefault)
	}
	keys := map[string][2]string{} // id → for, name
	for _, k := range doc.Keys {
		if _, dup := keys[k.ID]; dup {
			t.Fatalf("key %q declared twice", k.ID)
		}
		if k.Type != "string" {
			t.Errorf("key %s: attr.type %q", k.ID, k.Type)
		}
		keys[k.ID] = [2]string{k.For, k.Name}
	}
	data := func(what string, ds []gmlData) record {
		r := record{}
		for _, d := range ds {
			k, ok := keys[d.Key]
			if !ok || k[0] != what {
				t.Fatalf("%s data with undeclared key %q", what, d.Key)
			}
			r[k[1]] = d.Value
		}
		return r
	}
	p := newParsed()
	for _, n := range doc.Graph.Nodes {
		p.nodes[n.ID] = prune(data("node", n.Data))
		p.nodeCount++
	}
	for _, e := range doc.Graph.Edges {
		r := data("edge", e.Data)
		r["source"], r["target"] = e.Source, e.Target
		p.edges[e.ID] = prune(r)
		p.edgeCount++
	}
	return p
}

type gexfAttvalue struct {
	For   string `xml:"for,attr"`
	Value string `xml:"value,attr"`
}

type gexfSpell struct {
	Start string `xml:"start,attr"`
	End   string `xml:"end,attr"`
}

type gexfDoc struct {
	XMLName xml.Name
	Version string `xml:"version,attr"`
	Graph   struct {
		DefaultEdgeType string `xml:"defaultedgetype,attr"`
		Mode            string `xml:"mode,attr"`
		TimeFormat      string `xml:"timeformat,attr"`
		Attributes      []struct {
			Class string `xml:"class,attr"`
			Attrs []struct {
				ID    string `xml:"id,attr"`
				Title string `xml:"title,attr"`
				Type  string `xml:"type,attr"`
			} `xml:"attribute"`
		} `xml:"attributes"`
		Nodes []struct {
			ID        string         `xml:"id,attr"`
			Label     string         `xml:"label,attr"`
			Attvalues []gexfAttvalue `xml:"attvalues>attvalue"`
			Spells    []gexfSpell    `xml:"spells>spell"`
		} `xml:"nodes>node"`
		Edges []struct {
			ID        string         `xml:"id,attr"`
			Source    string         `xml:"source,attr"`
			Target    string         `xml:"target,attr"`
			Label     string         `xml:"label,attr"`
			Kind      string         `xml:"kind,attr"`
			Attvalues []gexfAttvalue `xml:"attvalues>attvalue"`
			Spells    []gexfSpell    `xml:"spells>spell"`
		} `xml:"edges>edge"`
	} `xml:"graph"`
}

// readGEXF reads a GEXF file of the given version. Node labels are tokens in GEXF (white
// space collapsed), so the label is compared in that form: the record's "label" holds
// token(name).
func readGEXF(t *testing.T, b []byte, version string) *parsed {
	t.Helper()
	schema := gexfSchema
	ns := map[string]string{GEXF13: GEXFNamespace, GEXF12: GEXF12Namespace}[version]
	schema.ns = ns
	validateXML(t, b, schema)
	var doc gexfDoc
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.XMLName.Space != ns || doc.XMLName.Local != "gexf" || doc.Version != version {
		t.Fatalf("root %v version %q", doc.XMLName, doc.Version)
	}
	if doc.Graph.DefaultEdgeType != "directed" {
		t.Errorf("defaultedgetype %q", doc.Graph.DefaultEdgeType)
	}
	attrs := map[string]map[string]string{"node": {}, "edge": {}} // class → id → title
	for _, a := range doc.Graph.Attributes {
		for _, at := range a.Attrs {
			if at.Type != "string" {
				t.Errorf("attribute %s: type %q", at.ID, at.Type)
			}
			attrs[a.Class][at.ID] = at.Title
		}
	}
	values := func(class string, avs []gexfAttvalue) record {
		r := record{}
		for _, av := range avs {
			title, ok := attrs[class][av.For]
			if !ok {
				t.Fatalf("%s attvalue for undeclared attribute %q", class, av.For)
			}
			r[title] = av.Value
		}
		return r
	}
	p := newParsed()
	p.mode, p.timeformat = doc.Graph.Mode, doc.Graph.TimeFormat
	for _, n := range doc.Graph.Nodes {
		r := values("node", n.Attvalues)
		r["label"] = n.Label
		p.nodes[n.ID] = prune(r)
		p.nodeCount++
		switch len(n.Spells) {
		case 0:
		case 1:
			p.nodeSpells[n.ID] = [2]string{n.Spells[0].Start, n.Spells[0].End}
		default:
			t.Errorf("node %s: %d spells", n.ID, len(n.Spells))
		}
	}
	for _, e := range doc.Graph.Edges {
		r := values("edge", e.Attvalues)
		if e.Label != r["type"] || e.Kind != r["type"] {
			t.Errorf("edge %s: label %q kind %q, want the type %q", e.ID, e.Label, e.Kind, r["type"])
		}
		r["source"], r["target"] = e.Source, e.Target
		p.edges[e.ID] = prune(r)
		p.edgeCount++
		switch len(e.Spells) {
		case 0:
		case 1:
			p.spells[e.ID] = [2]string{e.Spells[0].Start, e.Spells[0].End}
		default:
			t.Errorf("edge %s: %d spells", e.ID, len(e.Spells))
		}
	}
	return p
}

// readCSV reads one CSV table, checking the header and that every row has its width.
func readCSV(t *testing.T, b []byte, header []string) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = 0 // every record as wide as the first
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("invalid CSV: %v", err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		t.Fatalf("header %q, want %q", rows[0], header)
	}
	for i, row := range rows {
		if len(row) != len(header) {
			t.Fatalf("row %d has %d columns, want %d", i, len(row), len(header))
		}
	}
	return rows[1:]
}

// csvName maps a CSV column back to the field name of the other formats.
var csvName = map[string]string{"Label": "label", "Source": "source", "Target": "target"}

func readNodesCSV(t *testing.T, b []byte, contact bool, p *parsed) {
	t.Helper()
	cols := NodeColumns(contact)
	if cols[0] != "Id" || cols[1] != "Label" {
		t.Fatalf("nodes.csv header %q: Gephi needs Id, Label", cols)
	}
	for _, row := range readCSV(t, b, cols) {
		r := record{}
		for i, c := range cols[1:] {
			if n, ok := csvName[c]; ok {
				c = n
			}
			r[c] = row[i+1]
		}
		p.nodeIntervals[row[0]] = r["Time Interval"]
		delete(r, "Time Interval")
		p.nodes[row[0]] = prune(r)
		p.nodeCount++
	}
}

func readEdgesCSV(t *testing.T, b []byte, p *parsed) {
	t.Helper()
	cols := EdgeColumns()
	if !slices.Equal(cols[:6], []string{"Id", "Source", "Target", "Type", "Label", "kind"}) {
		t.Fatalf("edges.csv header %q: Gephi needs Id, Source, Target, Type, Label", cols)
	}
	for _, row := range readCSV(t, b, cols) {
		r := record{}
		for i, c := range cols[1:] {
			if n, ok := csvName[c]; ok {
				c = n
			}
			r[c] = row[i+1]
		}
		if r["Type"] != "Directed" {
			t.Errorf("edge %s: Type %q, want Directed (Gephi reads Type as the direction)", row[0], r["Type"])
		}
		if r["label"] != r["kind"] {
			t.Errorf("edge %s: Label %q, kind %q: both must be the edge type", row[0], r["label"], r["kind"])
		}
		r["type"] = r["kind"]
		p.edgeIntervals[row[0]] = r["Time Interval"]
		for _, c := range []string{"Type", "label", "kind", "Time Interval"} {
			delete(r, c)
		}
		p.edges[row[0]] = prune(r)
		p.edgeCount++
	}
}

func readZip(t *testing.T, b []byte, contact bool) *parsed {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	p := newParsed()
	for _, f := range zr.File {
		names = append(names, f.Name)
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p.zipTimes = append(p.zipTimes, f.Modified)
		switch f.Name {
		case "nodes.csv":
			readNodesCSV(t, data, contact, p)
		case "edges.csv":
			readEdgesCSV(t, data, p)
		case "sources.csv":
			cols := SourceColumns()
			for _, row := range readCSV(t, data, cols) {
				r := record{}
				for i, c := range cols {
					r[c] = row[i]
				}
				p.sources[row[0]] = r
			}
		}
	}
	if !slices.Equal(names, []string{"nodes.csv", "edges.csv", "sources.csv"}) {
		t.Fatalf("zip holds %v", names)
	}
	return p
}

type cyDoc struct {
	Data       map[string]any `json:"data"`
	Directed   bool           `json:"directed"`
	Multigraph bool           `json:"multigraph"`
	Elements   struct {
		Nodes []struct {
			Data map[string]any `json:"data"`
		} `json:"nodes"`
		Edges []struct {
			Data map[string]any `json:"data"`
		} `json:"edges"`
	} `json:"elements"`
}

// readCytoscape reads the Cytoscape.js JSON and flattens its structured fields the way the
// other formats write them, so that all formats compare against one expectation.
func readCytoscape(t *testing.T, b []byte) *parsed {
	t.Helper()
	if !json.Valid(b) {
		t.Fatalf("invalid JSON")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var doc cyDoc
	if err := dec.Decode(&doc); err != nil {
		t.Fatal(err)
	}
	flat := func(what string, data map[string]any) (string, record) {
		r := record{}
		id, _ := data["id"].(string)
		for k, v := range data {
			switch v := v.(type) {
			case string:
				r[k] = v
			case []any:
				var parts []string
				for _, item := range v {
					switch it := item.(type) {
					case string: // aliases
						parts = append(parts, it)
					case map[string]any:
						if k == "evidence" {
							src := fmt.Sprint(it["source"])
							var marks []string
							if d, ok := it["sourceUpdated"].(string); ok && d != "" {
								marks = append(marks, d)
							}
							if b := fmt.Sprint(it["basis"]); b != "STATED" {
								marks = append(marks, b)
							}
							if len(marks) > 0 {
								src += " (" + strings.Join(marks, ", ") + ")"
							}
							parts = append(parts, src+": "+fmt.Sprint(it["quote"]))
						} else { // attributes
							parts = append(parts, fmt.Sprint(it["key"])+": "+fmt.Sprint(it["value"]))
						}
					default:
						t.Fatalf("%s %s: unexpected %s item %T", what, id, k, item)
					}
				}
				r[k] = strings.Join(parts, " | ")
			default:
				t.Fatalf("%s %s: field %s has type %T", what, id, k, v)
			}
		}
		delete(r, "id")
		return id, prune(r)
	}
	if !doc.Directed || !doc.Multigraph || doc.Data == nil {
		t.Errorf("cytoscape JSON: directed %v multigraph %v data %v: networkx needs all three", doc.Directed, doc.Multigraph, doc.Data)
	}
	p := newParsed()
	for _, n := range doc.Elements.Nodes {
		if n.Data["value"] != n.Data["id"] {
			t.Errorf("node %v: value %v, want the id", n.Data["id"], n.Data["value"])
		}
		delete(n.Data, "value")
		id, r := flat("node", n.Data)
		p.nodes[id] = r
		p.nodeCount++
	}
	for _, e := range doc.Elements.Edges {
		if e.Data["key"] != e.Data["id"] {
			t.Errorf("edge %v: key %v, want the id", e.Data["id"], e.Data["key"])
		}
		delete(e.Data, "key")
		id, r := flat("edge", e.Data)
		p.edges[id] = r
		p.edgeCount++
	}
	return p
}

// ---- running every format ----------------------------------------------------------------

type formatCase struct {
	name  string
	write func(context.Context, io.Writer, *Graph) error
	read  func(t *testing.T, b []byte, contact bool) *parsed
	gexf  string // Selection.GEXF for this case
}

var formatCases = []formatCase{
	{"graphml", WriteGraphML, func(t *testing.T, b []byte, _ bool) *parsed { return readGraphML(t, b) }, ""},
	{"gexf", WriteGEXF, func(t *testing.T, b []byte, _ bool) *parsed { return readGEXF(t, b, GEXF13) }, ""},
	{"gexf1.2", WriteGEXF, func(t *testing.T, b []byte, _ bool) *parsed { return readGEXF(t, b, GEXF12) }, GEXF12},
	{"json", WriteCytoscapeJSON, func(t *testing.T, b []byte, _ bool) *parsed { return readCytoscape(t, b) }, ""},
	{"csv", nil, nil, ""}, // nodes.csv + edges.csv written separately, each from a fresh Graph
	{"csv.zip", WriteCSVZip, readZip, ""},
}

// export runs one format over a fresh selection and reads the result back.
func export(t *testing.T, store kg.Store, sel Selection, fc formatCase) (*parsed, []byte) {
	t.Helper()
	ctx := context.Background()
	if fc.gexf != "" {
		sel.GEXF = fc.gexf
	}
	run := func(write func(context.Context, io.Writer, *Graph) error) []byte {
		g, err := Select(ctx, store, sel)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := write(ctx, &buf, g); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	if fc.name == "csv" {
		nb, eb := run(WriteNodesCSV), run(WriteEdgesCSV)
		p := newParsed()
		readNodesCSV(t, nb, sel.Contact, p)
		readEdgesCSV(t, eb, p)
		return p, append(nb, eb...)
	}
	b := run(fc.write)
	return fc.read(t, b, sel.Contact), b
}

// compare checks a parsed export against the expectation: same ids, no duplicates, and
// every attribute equal. GEXF labels are compared as tokens.
func compare(t *testing.T, format string, p *parsed, want expected) {
	t.Helper()
	if p.nodeCount != len(p.nodes) || p.edgeCount != len(p.edges) {
		t.Errorf("%s: duplicate ids (%d nodes / %d ids, %d edges / %d ids)", format, p.nodeCount, len(p.nodes), p.edgeCount, len(p.edges))
	}
	if got, w := sortedKeys(p.nodes), sortedKeys(want.nodes); !slices.Equal(got, w) {
		t.Errorf("%s: %d nodes, want %d\n got %q\nwant %q", format, len(got), len(w), got, w)
	}
	if got, w := sortedKeys(p.edges), sortedKeys(want.edges); !slices.Equal(got, w) {
		t.Errorf("%s: %d edges, want %d\n got %q\nwant %q", format, len(got), len(w), got, w)
	}
	for id, w := range want.nodes {
		got, ok := p.nodes[id]
		if !ok {
			continue
		}
		if strings.HasPrefix(format, "gexf") {
			w = maps(w)
			w["label"] = token(w["label"])
		}
		diff(t, format+" node "+id, got, w)
	}
	for id, w := range want.edges {
		if got, ok := p.edges[id]; ok {
			diff(t, format+" edge "+id, got, w)
		}
	}
}

func maps(r record) record {
	out := record{}
	for k, v := range r {
		out[k] = v
	}
	return out
}

func diff(t *testing.T, what string, got, want record) {
	t.Helper()
	for _, k := range unionKeys(got, want) {
		if got[k] != want[k] {
			t.Errorf("%s: %s = %q, want %q", what, k, got[k], want[k])
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func unionKeys(a, b record) []string {
	set := map[string]bool{}
	for k := range a {
		set[k] = true
	}
	for k := range b {
		set[k] = true
	}
	return sortedKeys(set)
}
