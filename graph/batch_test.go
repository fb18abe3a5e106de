package graph

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// representativesByPrincipal loads all principals in one store call: with P principals the
// query makes two NodesByIDs calls (the body, then every principal together), not 1+P, and
// the groups are the mandates of the body and its parts, grouped by principal, ordered by
// principal id with the group without one last.
func TestRepresentativesByPrincipalLoadsPrincipalsInOneBatch(t *testing.T) {
	g, lm := gen.Generate(gen.Config{Nodes: 1000, Seed: 1})
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(ms)
	res := execute(t, st, fmt.Sprintf(`{ node(id: %q) { ... on Organisation {
		representativesByPrincipal(first: 100) { totalCount pageInfo { hasNextPage }
			nodes { onBehalfOf { id name } mandates(first: 100) { totalCount nodes { id } } } } } } }`, lm.BusyBody))
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

	slices.SortFunc(want, func(a, b string) int { // by id, no principal last
		if (a == "") != (b == "") {
			return cmp.Compare(btoi(a == ""), btoi(b == ""))
		}
		return strings.Compare(a, b)
	})
	conn := res.Data["node"].(map[string]any)["representativesByPrincipal"].(map[string]any)
	groups := conn["nodes"].([]any)
	if int(conn["totalCount"].(float64)) != len(want) || len(groups) != min(len(want), 100) ||
		conn["pageInfo"].(map[string]any)["hasNextPage"] != (len(want) > 100) {
		t.Fatalf("%v groups (%d on the page), want %d", conn["totalCount"], len(groups), len(want))
	}
	for i, x := range groups {
		gr := x.(map[string]any)
		id := ""
		if p, ok := gr["onBehalfOf"].(map[string]any); ok {
			id = p["id"].(string)
		}
		mc := gr["mandates"].(map[string]any)
		if id != want[i] || int(mc["totalCount"].(float64)) != count[want[i]] || len(mc["nodes"].([]any)) != min(count[want[i]], 100) {
			t.Errorf("group %d: %q with %v mandates, want %q with %d", i, id, mc["totalCount"], want[i], count[want[i]])
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

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
