package difftest

import (
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/bench"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/httpapi"
)

// TestSyntheticGraph: a generated graph of 10k nodes, loaded into Neo4j, must answer the
// benchmark workload, traversals and full paging exactly as the embedded store does.
func TestSyntheticGraph(t *testing.T) {
	g, lm := gen.Generate(gen.Config{Nodes: 10_000, Seed: 1})
	p := newPair(t, g, httpapi.Config{MaxComplexity: 1 << 20})

	t.Run("workload", func(t *testing.T) {
		for _, c := range bench.Cases(lm) {
			p.same(t, req{name: c.Name, query: c.Query, vars: c.Variables, anyPath: c.Name == "Path"})
		}
	})

	t.Run("neighbourhoods", func(t *testing.T) {
		for _, c := range []string{lm.Center, lm.Person, lm.BusyNetwork, lm.BusyBody, lm.PathTo} {
			// Limits stay at 200: at 10k nodes a limit of 1000 around a busy node exhausts
			// Neo4j's transaction memory (see docs/neo4j.md, "Known limits").
			for _, args := range []string{"", ", hops: 2", ", hops: 2, limit: 200", ", hops: 3, limit: 200", ", hops: 3, limit: 37", ", hops: 2, types: [MEMBER_OF, LOCATED_IN]"} {
				q := fmt.Sprintf(`{ neighbourhood(id: %s%s) { truncated nodes { id kind } edges { id type from { id } to { id } } } }`, quote(c), args)
				p.same(t, req{name: "neighbourhood " + c + args, query: q})
			}
		}
	})

	t.Run("paths", func(t *testing.T) {
		ends := []string{lm.PathFrom, lm.PathTo, lm.Center, lm.Person, lm.BusyNetwork}
		for _, a := range ends {
			for _, b := range ends {
				for _, hops := range []int{2, 4, 6} {
					q := fmt.Sprintf(`{ path(from: %s, to: %s, maxHops: %d) { length nodes { id } edges { id type } } }`, quote(a), quote(b), hops)
					p.same(t, req{name: fmt.Sprintf("path %s→%s ≤%d", a, b, hops), query: q, anyPath: true})
				}
			}
		}
	})

	t.Run("paging", func(t *testing.T) {
		for _, list := range []string{`allNodes(first: 100`, `people(first: 100`, `municipalities(first: 33, filter: { nameContains: "a" }`, `projects(first: 50, filter: { activeIn: 2015 }`} {
			after := ""
			pages := 0
			for ; pages < 200; pages++ {
				field := list[:len(list)-len(list[indexByte(list, '('):])]
				q := fmt.Sprintf(`{ %s%s) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`, list, after)
				ans := p.same(t, req{name: fmt.Sprintf("%s%s) page %d", list, after, pages), query: q})
				next, _ := dig(ans, "data", field, "pageInfo", "hasNextPage").(bool)
				cursor, _ := dig(ans, "data", field, "pageInfo", "endCursor").(string)
				if !next || cursor == "" {
					break
				}
				after = ", after: " + quote(cursor)
			}
			t.Logf("%s): %d pages", list, pages+1)
		}
	})

	t.Run("search", func(t *testing.T) {
		for _, text := range []string{lm.SearchText, lm.SearchText + "x", "kommun", "network", "a"} {
			q := fmt.Sprintf(`{ search(text: %s, first: 100) { nodes { score node { id name kind } } } }`, quote(text))
			p.same(t, req{name: "search " + text, query: q})
		}
	})
}

func indexByte(s string, c byte) int {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return i
		}
	}
	return len(s)
}
