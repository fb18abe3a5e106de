package export

import (
	"archive/zip"
	"bytes"
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
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

func TestParseProjection(t *testing.T) {
	tests := []struct {
		query   string
		want    ProjectionSelection
		wantErr string
	}{
		{"", ProjectionSelection{}, ""},
		{"kind=municipality&via=MEMBER_OF,participates_in", ProjectionSelection{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}}, ""},
		{"via=MEMBER_OF&via=MEMBER_OF,PARTICIPATES_IN", ProjectionSelection{Via: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}}, ""},
		{"center=vaxjo-kommun", ProjectionSelection{Center: "vaxjo-kommun", Hops: 2}, ""},
		{"center=vaxjo-kommun&hops=3&gexf=1.2", ProjectionSelection{Center: "vaxjo-kommun", Hops: 3, GEXF: GEXF12}, ""},
		{"contact=true", ProjectionSelection{}, `unknown parameter "contact"`},
		{"kinds=MUNICIPALITY", ProjectionSelection{}, `unknown parameter "kinds"`},
		{"kind=TOWN", ProjectionSelection{}, `kind: unknown node kind "TOWN"`},
		{"kind=MUNICIPALITY&kind=REGION", ProjectionSelection{}, "kind: given more than once"},
		{"via=KNOWS", ProjectionSelection{}, `via: unknown edge type "KNOWS"`},
		{"via=", ProjectionSelection{}, "via: empty"},
		{"hops=2", ProjectionSelection{}, "hops: only meaningful with center"},
		{"center=x&hops=4", ProjectionSelection{}, "hops: must be an integer from 0 to 3"},
		{"center=", ProjectionSelection{}, "center: not a valid node id"},
		{"gexf=2", ProjectionSelection{}, "gexf: must be 1.3 or 1.2"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			q, err := url.ParseQuery(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseProjection(q)
			if tt.wantErr != "" {
				if err == nil || kg.ErrorCode(err) != kg.EINVALID || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want INVALID %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("selection (-want +got):\n%s", d)
			}
			back, err := ParseProjection(got.Values())
			if err != nil || !cmp.Equal(back, got) {
				t.Errorf("Values round trip: %+v, %v", back, err)
			}
		})
	}
	f, _ := ProjectionFormatByFile("edges.csv")
	if _, err := ParseProjectionRequest(f, url.Values{"gexf": {"1.2"}}); kg.ErrorCode(err) != kg.EINVALID {
		t.Errorf("gexf= for edges.csv: %v", err)
	}
}

// projected is a projection read back from a file: node id → kind and label, and tie
// "a|b" (a < b) → weight and shared ids.
type projected struct {
	kinds, labels map[string]string
	weights       map[string]int
	shared        map[string][]string
}

func newProjected() *projected {
	return &projected{kinds: map[string]string{}, labels: map[string]string{}, weights: map[string]int{}, shared: map[string][]string{}}
}

func (p *projected) tie(t *testing.T, a, b, weight, shared string) {
	t.Helper()
	if a > b {
		a, b = b, a
	}
	k := a + "|" + b
	if _, dup := p.weights[k]; dup {
		t.Errorf("tie %s written twice", k)
	}
	w, err := strconv.ParseFloat(weight, 64)
	if err != nil {
		t.Errorf("tie %s: weight %q", k, weight)
	}
	p.weights[k] = int(w)
	p.shared[k] = strings.Split(shared, listSep)
}

func writeProjection(t *testing.T, store kg.Store, sel ProjectionSelection, f ProjectionFormat) []byte {
	t.Helper()
	g, err := SelectProjection(context.Background(), store, sel)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := f.Write(context.Background(), &b, g); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readProjection parses any projection format with Go's own decoders.
func readProjection(t *testing.T, name string, b []byte) *projected {
	t.Helper()
	p := newProjected()
	switch name {
	case "graphml":
		var doc struct {
			Graph struct {
				EdgeDefault string `xml:"edgedefault,attr"`
				Nodes       []struct {
					ID   string `xml:"id,attr"`
					Data []struct {
						Key string `xml:"key,attr"`
						V   string `xml:",chardata"`
					} `xml:"data"`
				} `xml:"node"`
				Edges []struct {
					Source string `xml:"source,attr"`
					Target string `xml:"target,attr"`
					Data   []struct {
						Key string `xml:"key,attr"`
						V   string `xml:",chardata"`
					} `xml:"data"`
				} `xml:"edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Graph.EdgeDefault != "undirected" {
			t.Errorf("graphml edgedefault %q", doc.Graph.EdgeDefault)
		}
		for _, n := range doc.Graph.Nodes {
			for _, d := range n.Data {
				switch d.Key {
				case "n_kind":
					p.kinds[n.ID] = d.V
				case "n_label":
					p.labels[n.ID] = d.V
				}
			}
		}
		for _, e := range doc.Graph.Edges {
			var w, s string
			for _, d := range e.Data {
				switch d.Key {
				case "e_weight":
					w = d.V
				case "e_shared":
					s = d.V
				}
			}
			p.tie(t, e.Source, e.Target, w, s)
		}
	case "gexf":
		type attv struct {
			For   string `xml:"for,attr"`
			Value string `xml:"value,attr"`
		}
		var doc struct {
			Graph struct {
				Type  string `xml:"defaultedgetype,attr"`
				Nodes []struct {
					ID    string `xml:"id,attr"`
					Label string `xml:"label,attr"`
					Att   []attv `xml:"attvalues>attvalue"`
				} `xml:"nodes>node"`
				Edges []struct {
					Source string `xml:"source,attr"`
					Target string `xml:"target,attr"`
					Weight string `xml:"weight,attr"`
					Att    []attv `xml:"attvalues>attvalue"`
				} `xml:"edges>edge"`
			} `xml:"graph"`
		}
		if err := xml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Graph.Type != "undirected" {
			t.Errorf("gexf defaultedgetype %q", doc.Graph.Type)
		}
		for _, n := range doc.Graph.Nodes {
			p.labels[n.ID] = n.Label
			for _, a := range n.Att {
				if a.For == "kind" {
					p.kinds[n.ID] = a.Value
				}
			}
		}
		for _, e := range doc.Graph.Edges {
			var s string
			for _, a := range e.Att {
				if a.For == "shared" {
					s = a.Value
				}
			}
			p.tie(t, e.Source, e.Target, e.Weight, s)
		}
	case "json":
		var doc struct {
			Directed   bool `json:"directed"`
			Multigraph bool `json:"multigraph"`
			Elements   struct {
				Nodes []cyElement[cyProjectionNode]
				Edges []cyElement[cyProjectionEdge]
			}
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		if doc.Directed || doc.Multigraph {
			t.Errorf("json directed %v multigraph %v", doc.Directed, doc.Multigraph)
		}
		for _, n := range doc.Elements.Nodes {
			p.kinds[n.Data.ID], p.labels[n.Data.ID] = n.Data.Kind, n.Data.Label
		}
		for _, e := range doc.Elements.Edges {
			p.tie(t, e.Data.Source, e.Data.Target, strconv.Itoa(e.Data.Weight), strings.Join(e.Data.Shared, listSep))
		}
	case "nodes.csv", "edges.csv", "csv.zip":
		files := map[string][]byte{name: b}
		if name == "csv.zip" {
			zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			files = map[string][]byte{}
			for _, f := range zr.File {
				r, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				files[f.Name], _ = io.ReadAll(r)
				r.Close()
			}
		}
		for fname, data := range files {
			rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			switch fname {
			case "nodes.csv":
				if !slices.Equal(rows[0], ProjectionNodeColumns) {
					t.Errorf("nodes.csv header %v", rows[0])
				}
				for _, r := range rows[1:] {
					p.kinds[r[0]], p.labels[r[0]] = r[2], r[1]
				}
			case "edges.csv":
				if !slices.Equal(rows[0], ProjectionEdgeColumns) {
					t.Errorf("edges.csv header %v", rows[0])
				}
				for _, r := range rows[1:] {
					if r[3] != "Undirected" {
						t.Errorf("edges.csv Type %q", r[3])
					}
					p.tie(t, r[1], r[2], r[4], r[5])
				}
			}
		}
	default:
		t.Fatalf("no reader for %s", name)
	}
	return p
}

// oracle computes the one-mode projection straight from the seed graph's edges: the
// undirected simple neighbourhoods through via, and for every pair of nodes of kind their
// intersection.
func oracle(g *kg.Graph, kind kg.NodeKind, via []kg.EdgeType) *projected {
	nbr := map[string]map[string]bool{}
	kinds := map[string]kg.NodeKind{}
	for _, n := range g.Nodes {
		kinds[n.ID] = n.Kind
	}
	for _, e := range g.AllEdges() {
		if len(via) > 0 && !slices.Contains(via, e.Type) || e.From == e.To {
			continue
		}
		for _, p := range [][2]string{{e.From, e.To}, {e.To, e.From}} {
			if nbr[p[0]] == nil {
				nbr[p[0]] = map[string]bool{}
			}
			nbr[p[0]][p[1]] = true
		}
	}
	out := newProjected()
	var ids []string
	for id := range nbr {
		if kinds[id] == kind {
			ids = append(ids, id)
			out.kinds[id] = string(kind)
		}
	}
	slices.Sort(ids)
	for i, a := range ids {
		for _, b := range ids[i+1:] {
			var shared []string
			for m := range nbr[a] {
				if nbr[b][m] {
					shared = append(shared, m)
				}
			}
			if len(shared) > 0 {
				slices.Sort(shared)
				out.weights[a+"|"+b], out.shared[a+"|"+b] = len(shared), shared
			}
		}
	}
	return out
}

// Every format carries the same projection, and it is the oracle's: municipalities tied by
// shared networks and projects, organisations by shared people, over the seed graph.
func TestProjectionFormatsOnSeeds(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, sel := range []ProjectionSelection{
		{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}},
		{Kind: kg.KindOrganisation, Via: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeAffiliatedWith}},
		{Kind: kg.KindNetwork},
	} {
		want := oracle(g, sel.Kind, sel.Via)
		names := map[string]string{}
		for _, n := range g.Nodes {
			names[n.ID] = n.Name
		}
		if len(want.weights) == 0 {
			t.Fatalf("%s: the oracle finds no ties; pick a selection with some", sel.Describe())
		}
		for _, f := range ProjectionFormats {
			t.Run(string(sel.Kind)+"/"+f.Name, func(t *testing.T) {
				got := readProjection(t, f.Name, writeProjection(t, st, sel, f))
				if f.Name != "edges.csv" {
					if d := cmp.Diff(want.kinds, got.kinds); d != "" {
						t.Errorf("nodes (-oracle +%s):\n%s", f.Name, d)
					}
					for id, l := range got.labels {
						if n, ok := names[id]; !ok || (l != n && l != token(n)) {
							t.Errorf("label of %s %q", id, l)
						}
					}
				}
				if f.Name != "nodes.csv" {
					if d := cmp.Diff(want.weights, got.weights); d != "" {
						t.Errorf("weights (-oracle +%s):\n%s", f.Name, d)
					}
					if d := cmp.Diff(want.shared, got.shared); d != "" {
						t.Errorf("shared (-oracle +%s):\n%s", f.Name, d)
					}
				}
			})
		}
	}
}

// A neighbourhood's projection holds only what lies within hops of the centre, and each
// node's ties there are its interlocks: Växjö's row of its 2-hop projection through
// memberships and projects is the whole graph's row (its interlocks read that neighbourhood).
func TestProjectionNeighbourhood(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	via := []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}
	f, _ := ProjectionFormatByFile("graph.json")
	whole := readProjection(t, "json", writeProjection(t, st, ProjectionSelection{Kind: kg.KindMunicipality, Via: via}, f))
	local := readProjection(t, "json", writeProjection(t, st, ProjectionSelection{Kind: kg.KindMunicipality, Via: via, Center: "vaxjo-kommun", Hops: 2}, f))
	if len(local.kinds) >= len(whole.kinds) || len(local.kinds) < 2 {
		t.Errorf("neighbourhood has %d municipalities, the whole graph %d", len(local.kinds), len(whole.kinds))
	}
	row := func(p *projected, id string) map[string]int {
		out := map[string]int{}
		for k, w := range p.weights {
			a, b, _ := strings.Cut(k, "|")
			if a == id {
				out[b] = w
			} else if b == id {
				out[a] = w
			}
		}
		return out
	}
	wr, lr := row(whole, "vaxjo-kommun"), row(local, "vaxjo-kommun")
	if len(wr) == 0 {
		t.Fatal("Växjö has no ties")
	}
	if d := cmp.Diff(wr, lr); d != "" {
		t.Errorf("Växjö's ties (-whole graph +2-hop neighbourhood):\n%s", d)
	}
	t.Logf("Växjö: %d municipalities tied, %d in its 2-hop neighbourhood", len(wr), len(local.kinds)-1)
	if _, err := SelectProjection(context.Background(), st, ProjectionSelection{Center: "no-such-node", Hops: 1}); kg.ErrorCode(err) != kg.ENOTFOUND {
		t.Errorf("unknown centre: %v", err)
	}
}

// No format carries personal contact data, whatever the kind projected onto.
func TestProjectionNoContactData(t *testing.T) {
	st := fixtureStore(t)
	for _, kind := range []kg.NodeKind{"", kg.KindPerson, kg.KindOrganisation, kg.KindRegion} {
		for _, f := range ProjectionFormats {
			b := writeProjection(t, st, ProjectionSelection{Kind: kind}, f)
			if f.Name == "csv.zip" {
				zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
				if err != nil {
					t.Fatal(err)
				}
				var all []byte
				for _, zf := range zr.File {
					r, _ := zf.Open()
					c, _ := io.ReadAll(r)
					r.Close()
					all = append(all, c...)
				}
				b = all
			}
			for _, secret := range []string{"anna.berg@example.se", "0470-00 00 00", "email", "phone"} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s of kind %q contains %q", f.Name, kind, secret)
				}
			}
		}
	}
	// Even an authorised caller's request reads no contact data into the projection.
	g, err := SelectProjection(kg.WithContactAccess(context.Background()), st, ProjectionSelection{Kind: kg.KindPerson})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteProjectionJSON(context.Background(), &b, g); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(b.Bytes(), []byte("anna.berg@")) {
		t.Error("contact data in the projection of an authorised caller")
	}
}

// hubStore: one network with n member municipalities.
func hubStore(t *testing.T, n int) kg.Store {
	t.Helper()
	g := &kg.Graph{Nodes: []*kg.Node{{ID: "hub", Kind: kg.KindNetwork, Name: "Hub"}}}
	for i := range n {
		id := fmt.Sprintf("m%05d", i)
		g.Nodes = append(g.Nodes, &kg.Node{ID: id, Kind: kg.KindMunicipality, Name: id})
		g.Edges = append(g.Edges, &kg.Edge{ID: id + "-hub", Type: kg.EdgeMemberOf, From: id, To: "hub"})
	}
	s, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Above the bounds the answer is TOO_LARGE, before any pair is formed: the whole graph's
// projection of a network with 20001 members would tie 200 million pairs; its neighbourhood
// has more than kg.MaxInterlockNodes nodes. A bounded question answers, and is computed once
// per graph version.
func TestProjectionBounds(t *testing.T) {
	st := kgtest.New(hubStore(t, kg.MaxInterlockNodes+1))
	for _, sel := range []ProjectionSelection{
		{Kind: kg.KindMunicipality},
		{Kind: kg.KindMunicipality, Center: "hub", Hops: 1},
	} {
		_, err := SelectProjection(context.Background(), st, sel)
		if kg.ErrorCode(err) != kg.ETOOLARGE {
			t.Errorf("%s: %v, want TOO_LARGE", sel.Describe(), err)
		}
	}
	sel := ProjectionSelection{Kind: kg.KindNetwork}
	for range 3 {
		g, err := SelectProjection(context.Background(), st, sel)
		if err != nil {
			t.Fatal(err)
		}
		if g.Nodes() != 1 || g.Ties() != 0 {
			t.Errorf("networks: %d nodes, %d ties", g.Nodes(), g.Ties())
		}
	}
	before := st.Calls(kgtest.Projection)
	if _, err := SelectProjection(context.Background(), st, sel); err != nil {
		t.Fatal(err)
	}
	if st.Calls(kgtest.Projection) != before {
		t.Error("the same projection was read again for the same graph version")
	}
}
