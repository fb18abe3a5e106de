package graph

import (
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// Every typed list at the root counts and returns the nodes of its kind in the shipped seeds,
// allNodes counts them all, and sources lists every document.
func TestRootListsOnShippedSeeds(t *testing.T) {
	g := shipped(t)
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	count := map[kg.NodeKind]int{}
	for _, n := range g.Nodes {
		count[n.Kind]++
	}
	for _, c := range []struct {
		field string
		kind  kg.NodeKind // "" = every kind
	}{
		{"allNodes", ""},
		{"municipalities", kg.KindMunicipality},
		{"regions", kg.KindRegion},
		{"countries", kg.KindCountry},
		{"networks", kg.KindNetwork},
		{"organisations", kg.KindOrganisation},
		{"funders", kg.KindFunder},
		{"people", kg.KindPerson},
		{"parties", kg.KindParty},
		{"projects", kg.KindProject},
		{"events", kg.KindEvent},
	} {
		want := len(g.Nodes)
		if c.kind != "" {
			want = count[c.kind]
		}
		res := execute(t, st, fmt.Sprintf(`{ %s(first: 3) { totalCount edges { cursor node { id kind } } nodes { id } pageInfo { hasNextPage endCursor } } }`, c.field))
		for _, e := range res.Errors {
			t.Fatalf("%s: %s", c.field, e.Message)
		}
		conn := res.Data[c.field].(map[string]any)
		if got := int(conn["totalCount"].(float64)); got != want {
			t.Errorf("%s: totalCount %d, want %d", c.field, got, want)
		}
		nodes, edges := conn["nodes"].([]any), conn["edges"].([]any)
		if len(nodes) != min(3, want) || len(edges) != len(nodes) {
			t.Errorf("%s: %d nodes, %d edges for first: 3 of %d", c.field, len(nodes), len(edges), want)
		}
		for _, e := range edges {
			n := e.(map[string]any)["node"].(map[string]any)
			if c.kind != "" && n["kind"] != string(c.kind) {
				t.Errorf("%s: node %v is a %v", c.field, n["id"], n["kind"])
			}
		}
		if hasNext := conn["pageInfo"].(map[string]any)["hasNextPage"].(bool); hasNext != (want > 3) {
			t.Errorf("%s: hasNextPage %v with %d nodes", c.field, hasNext, want)
		}
	}
	res := execute(t, st, `{ sources { id title } }`)
	if srcs, _ := res.Data["sources"].([]any); len(res.Errors) > 0 || len(srcs) != len(g.Sources) {
		t.Errorf("sources: %v, %d of %d", res.Errors, len(srcs), len(g.Sources))
	}
}
