package graph

import (
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// representativesByPrincipal loads all principals in one store call: with P principals the
// query makes two NodesByIDs calls (the body, then every principal together), not 1+P, and
// the groups are the mandates of the body and its parts, grouped by principal in order of
// first appearance.
func TestRepresentativesByPrincipalLoadsPrincipalsInOneBatch(t *testing.T) {
	g, lm := gen.Generate(gen.Config{Nodes: 1000, Seed: 1})
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(ms)
	res := execute(t, st, fmt.Sprintf(`{ node(id: %q) { ... on Organisation {
		representativesByPrincipal { onBehalfOf { id name } mandates { id } } } } }`, lm.BusyBody))
	for _, e := range res.Errors {
		t.Fatalf("%s at %v", e.Message, e.Path)
	}

	// The oracle: mandates held in the body or its parts (two levels of PART_OF), in the
	// store's order, grouped by principal.
	bodies := map[string]bool{lm.BusyBody: true}
	for range 2 {
		for _, e := range g.Edges {
			if e.Type == kg.EdgePartOf && bodies[e.To] {
				bodies[e.From] = true
			}
		}
	}
	all, err := ms.Mandates(t.Context(), kg.MandateFilter{Bodies: keys(bodies)})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	count := map[string]int{}
	for _, m := range all {
		if count[m.OnBehalfOf] == 0 {
			want = append(want, m.OnBehalfOf)
		}
		count[m.OnBehalfOf]++
	}

	groups := res.Data["node"].(map[string]any)["representativesByPrincipal"].([]any)
	if len(groups) != len(want) {
		t.Fatalf("%d groups, want %d", len(groups), len(want))
	}
	for i, x := range groups {
		gr := x.(map[string]any)
		id := ""
		if p, ok := gr["onBehalfOf"].(map[string]any); ok {
			id = p["id"].(string)
		}
		if id != want[i] || len(gr["mandates"].([]any)) != count[want[i]] {
			t.Errorf("group %d: %q with %d mandates, want %q with %d", i, id, len(gr["mandates"].([]any)), want[i], count[want[i]])
		}
	}
	t.Logf("%d principals", len(want))
	if len(want) < 20 {
		t.Fatalf("only %d principals: the fixture no longer tests batching", len(want))
	}
	if n := st.Calls(kgtest.NodesByIDs); n != 2 {
		t.Errorf("%d NodesByIDs calls for %d principals, want 2 (the body, then all principals): %v", n, len(want), st.Log())
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
