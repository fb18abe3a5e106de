package kg_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

func checkGraph() *kg.Graph {
	return &kg.Graph{
		Sources: []*kg.Source{{ID: "doc"}},
		Nodes: []*kg.Node{
			{ID: "vaxjo", Kind: kg.KindMunicipality}, {ID: "com", Kind: kg.KindNetwork},
			{ID: "anna", Kind: kg.KindPerson},
		},
		Edges:    []*kg.Edge{{ID: "vaxjo-in-com", Type: kg.EdgeMemberOf, From: "vaxjo", To: "com"}},
		Mandates: []*kg.Mandate{{ID: "m1", Person: "anna", Body: "com", OnBehalfOf: "vaxjo"}, {ID: "m2", Person: "anna", Body: "com"}},
	}
}

func TestGraphCheck(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(g *kg.Graph)
	}{
		{"duplicate node", func(g *kg.Graph) { g.Nodes = append(g.Nodes, &kg.Node{ID: "com", Kind: kg.KindNetwork}) }},
		{"empty node id", func(g *kg.Graph) { g.Nodes[0].ID = "" }},
		{"unknown kind", func(g *kg.Graph) { g.Nodes[0].Kind = "WIZARD" }},
		{"nil node", func(g *kg.Graph) { g.Nodes = append(g.Nodes, nil) }},
		{"unknown edge type", func(g *kg.Graph) { g.Edges[0].Type = "KNOWS" }},
		{"empty edge id", func(g *kg.Graph) { g.Edges[0].ID = "" }},
		{"dangling edge to", func(g *kg.Graph) { g.Edges[0].To = "atlantis" }},
		{"dangling edge from", func(g *kg.Graph) { g.Edges[0].From = "atlantis" }},
		{"duplicate edge", func(g *kg.Graph) { g.Edges = append(g.Edges, g.Edges[0]) }},
		{"nil edge", func(g *kg.Graph) { g.Edges = append(g.Edges, nil) }},
		{"edge id of a derived SERVES_ON", func(g *kg.Graph) { g.Edges[0].ID = "m2--serves-on" }},
		{"edge id of a derived REPRESENTS", func(g *kg.Graph) { g.Edges[0].ID = "m1--represents" }},
		{"duplicate mandate", func(g *kg.Graph) { g.Mandates = append(g.Mandates, g.Mandates[0]) }},
		{"mandate without id", func(g *kg.Graph) { g.Mandates[0].ID = "" }},
		{"nil mandate", func(g *kg.Graph) { g.Mandates = append(g.Mandates, nil) }},
		{"mandate unknown body", func(g *kg.Graph) { g.Mandates[0].Body = "atlantis" }},
		{"mandate unknown person", func(g *kg.Graph) { g.Mandates[0].Person = "" }},
		{"mandate unknown principal", func(g *kg.Graph) { g.Mandates[0].OnBehalfOf = "atlantis" }},
		{"duplicate source", func(g *kg.Graph) { g.Sources = append(g.Sources, g.Sources[0]) }},
		{"source without id", func(g *kg.Graph) { g.Sources[0].ID = "" }},
		{"nil source", func(g *kg.Graph) { g.Sources = append(g.Sources, nil) }},
	} {
		g := checkGraph()
		if err := g.Check(); err != nil {
			t.Fatalf("the base graph: %v", err)
		}
		tc.change(g)
		if err := g.Check(); kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%s: %v, want INVALID", tc.name, err)
		}
	}
	var nilGraph *kg.Graph
	if err := nilGraph.Check(); kg.ErrorCode(err) != kg.EINVALID {
		t.Errorf("nil graph: %v", err)
	}
	ok := []func(g *kg.Graph){
		func(g *kg.Graph) {}, // as built
		func(g *kg.Graph) { *g = kg.Graph{} },
		// A REPRESENTS id of a mandate without principal is free (that edge is not derived).
		func(g *kg.Graph) { g.Edges[0].ID = "m2--represents" },
		func(g *kg.Graph) { g.Edges[0].To = g.Edges[0].From }, // self-references are structurally sound
		func(g *kg.Graph) {
			g.Edges = append(g.Edges, &kg.Edge{ID: "parallel", Type: kg.EdgeMemberOf, From: "vaxjo", To: "com"})
		},
	}
	for i, change := range ok {
		g := checkGraph()
		change(g)
		if err := g.Check(); err != nil {
			t.Errorf("valid graph %d: %v", i, err)
		}
	}
}

func TestCompareMandates(t *testing.T) {
	ms := []*kg.Mandate{
		{ID: "5", Body: "b", OnBehalfOf: "p", Person: "x"},
		{ID: "4", Body: "b", OnBehalfOf: "p", Person: "a"},
		{ID: "3", Body: "b", OnBehalfOf: "", Person: "z"},
		{ID: "2", Body: "a", OnBehalfOf: "z", Person: "z"},
		{ID: "6", Body: "b", OnBehalfOf: "p", Person: "x"},
		{ID: "1", Body: "a", OnBehalfOf: "z", Person: "z"},
	}
	kg.SortMandates(ms)
	var got []string
	for _, m := range ms {
		got = append(got, m.ID)
	}
	if want := []string{"1", "2", "3", "4", "5", "6"}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestCursor(t *testing.T) {
	for _, id := range []string{"vaxjo-kommun", "", "å/ä?+"} {
		got, err := kg.DecodeCursor(kg.EncodeCursor(id))
		if err != nil || got != id {
			t.Errorf("round trip %q: %q, %v", id, got, err)
		}
	}
	if c := kg.EncodeCursor("lulea-kommun"); c != "bjpsdWxlYS1rb21tdW4" { // the wire format clients hold
		t.Errorf("cursor format changed: %q", c)
	}
	for _, c := range []string{"!", "bm90LWEtY3Vyc29y", "x:y"} {
		if _, err := kg.DecodeCursor(c); kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("DecodeCursor(%q): %v, want INVALID", c, err)
		}
	}
}

func TestLimitChecks(t *testing.T) {
	for _, tc := range []struct {
		check func(int) error
		n     int
		ok    bool
	}{
		{kg.CheckPathHops, kg.MaxPathHops, true}, {kg.CheckPathHops, kg.MaxPathHops + 1, false}, {kg.CheckPathHops, 0, true},
		{kg.CheckStoreHops, kg.MaxStoreHops, true}, {kg.CheckStoreHops, kg.MaxStoreHops + 1, false}, {kg.CheckStoreHops, -1, true},
	} {
		err := tc.check(tc.n)
		if (err == nil) != tc.ok || (err != nil && kg.ErrorCode(err) != kg.EINVALID) {
			t.Errorf("check(%d) = %v, want ok=%v", tc.n, err, tc.ok)
		}
	}
	if kg.MaxHops > kg.MaxStoreHops || kg.MaxPathHops < 1 {
		t.Error("the API limits exceed the stores'")
	}
	if kg.NumEdgeTypes != len(kg.AllEdgeTypes) {
		t.Error("NumEdgeTypes is not len(AllEdgeTypes)")
	}
}

// Large graphs are checked in parallel; the answer is still the first failing edge, field
// problems before a repeated id at the same edge.
func TestGraphCheckLargeIsDeterministic(t *testing.T) {
	big := func() *kg.Graph {
		g := &kg.Graph{Nodes: []*kg.Node{{ID: "a", Kind: kg.KindNetwork}, {ID: "b", Kind: kg.KindNetwork}}}
		for i := range 40000 {
			g.Edges = append(g.Edges, &kg.Edge{ID: fmt.Sprintf("e%05d", i), Type: kg.EdgePartnerOf, From: "a", To: "b"})
		}
		return g
	}
	for _, tc := range []struct {
		name   string
		change func(g *kg.Graph)
		want   string
	}{
		{"valid", func(g *kg.Graph) {}, ""},
		{"a repeat before a bad type", func(g *kg.Graph) {
			g.Edges[30000].Type = "KNOWS"
			g.Edges[100].ID = "e00007"
		}, `duplicate edge id "e00007"`},
		{"a bad type before a repeat", func(g *kg.Graph) {
			g.Edges[100].Type = "KNOWS"
			g.Edges[30000].ID = "e00007"
		}, `edge "e00100" has unknown type "KNOWS"`},
		{"a dangling end before a nil", func(g *kg.Graph) {
			g.Edges[39999] = nil
			g.Edges[25000].To = "x"
		}, `edge "e25000" refers to an unknown node`},
		{"a nil before a repeat", func(g *kg.Graph) {
			g.Edges[39999].ID = "e00001"
			g.Edges[20000] = nil
		}, "nil edge"},
		{"the same edge: bad type and repeated", func(g *kg.Graph) {
			g.Edges[20000].ID = "e00001"
			g.Edges[20000].Type = "KNOWS"
		}, `edge "e00001" has unknown type "KNOWS"`},
	} {
		g := big()
		tc.change(g)
		err := g.Check()
		got := ""
		if err != nil {
			got = err.Error()
		}
		if (tc.want == "") != (err == nil) || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
		}
	}
}
