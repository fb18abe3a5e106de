package memstore

import (
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// Type filters are one bit per type: every type has its own, non-zero bit, and a 33rd type
// is refused at start (and at compile time) rather than getting bit 0, "all types".
func TestTypeMasks(t *testing.T) {
	var all uint32
	for _, ty := range kg.AllEdgeTypes {
		m, err := typeMask([]kg.EdgeType{ty})
		if err != nil || m == 0 || all&m != 0 {
			t.Fatalf("typeMask(%s) = %b, %v (bits so far %b)", ty, m, err, all)
		}
		all |= m
	}
	for _, tc := range []struct {
		n  int
		ok bool
	}{{len(kg.AllEdgeTypes), true}, {32, true}, {33, false}, {64, false}} {
		if err := checkTypeMasks(tc.n); (err == nil) != tc.ok {
			t.Errorf("checkTypeMasks(%d) = %v, want ok=%v", tc.n, err, tc.ok)
		}
	}
}

// New checks the graph with kg.Graph.Check: what it refuses is INVALID, including what the
// store used to accept silently (a repeated mandate id, a nil item).
func TestNewChecksTheGraph(t *testing.T) {
	base := func() *kg.Graph {
		return &kg.Graph{
			Nodes:    []*kg.Node{{ID: "a", Kind: kg.KindPerson, Name: "A"}, {ID: "b", Kind: kg.KindNetwork, Name: "B"}},
			Edges:    []*kg.Edge{{ID: "e", Type: kg.EdgeMemberOf, From: "a", To: "b"}},
			Mandates: []*kg.Mandate{{ID: "m", Person: "a", Body: "b"}},
		}
	}
	if _, err := New(base()); err != nil {
		t.Fatal(err)
	}
	for name, change := range map[string]func(g *kg.Graph){
		"duplicate node":    func(g *kg.Graph) { g.Nodes = append(g.Nodes, g.Nodes[0]) },
		"unknown kind":      func(g *kg.Graph) { g.Nodes[0].Kind = "WIZARD" },
		"dangling edge":     func(g *kg.Graph) { g.Edges[0].To = "x" },
		"duplicate edge":    func(g *kg.Graph) { g.Edges = append(g.Edges, g.Edges[0]) },
		"derived edge id":   func(g *kg.Graph) { g.Edges[0].ID = "m--serves-on" },
		"duplicate mandate": func(g *kg.Graph) { g.Mandates = append(g.Mandates, g.Mandates[0]) },
		"nil node":          func(g *kg.Graph) { g.Nodes = append(g.Nodes, nil) },
		"nil source":        func(g *kg.Graph) { g.Sources = append(g.Sources, nil) },
	} {
		g := base()
		change(g)
		if _, err := New(g); kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%s: %v, want INVALID", name, err)
		}
	}
}
