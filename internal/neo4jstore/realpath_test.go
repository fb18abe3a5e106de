package neo4jstore

import (
	"context"
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// manyShortestPaths is a graph in which a and b are joined by width equally short paths
// a—n_k—b. Neo4j walks a node's relationships newest first, so the graph is loaded twice:
// in ascending and in descending order of k (the contract of Load re-creates nothing that
// is unchanged, so the order of the first load is what the store keeps); in one of them
// the least path (through n000) is among the last the database finds.
func manyShortestPaths(width int, ascending bool) *kg.Graph {
	ev := []kg.Evidence{{SourceID: "src", Quote: "member"}}
	g := &kg.Graph{Sources: []*kg.Source{{ID: "src", File: "src.txt", Title: "Source", Publisher: "P", Language: "en", Text: "every member"}}}
	g.Nodes = append(g.Nodes,
		&kg.Node{ID: "a", Kind: kg.KindMunicipality, Name: "A", Evidence: ev},
		&kg.Node{ID: "b", Kind: kg.KindMunicipality, Name: "B", Evidence: ev})
	for i := range width {
		k := width - 1 - i
		if ascending {
			k = i
		}
		n := fmt.Sprintf("n%03d", k)
		g.Nodes = append(g.Nodes, &kg.Node{ID: n, Kind: kg.KindNetwork, Name: "Network " + n, Evidence: ev})
		g.Edges = append(g.Edges,
			&kg.Edge{ID: "a-" + n, Type: kg.EdgeMemberOf, From: "a", To: n, Evidence: ev},
			&kg.Edge{ID: "b-" + n, Type: kg.EdgeMemberOf, From: "b", To: n, Evidence: ev})
	}
	return g
}

// TestPathChoiceInDatabase: among many equally short paths the database itself picks the
// least (edge type rank, next node id, edge id, step by step), not the least of whichever
// first N it happens to return.
func TestPathChoiceInDatabase(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	for _, asc := range []bool{true, false} {
		// An empty graph first, so that the next load creates every relationship anew.
		if _, err := st.Load(ctx, &kg.Graph{}); err != nil {
			t.Fatalf("load: %v", err)
		}
		if _, err := st.Load(ctx, manyShortestPaths(300, asc)); err != nil {
			t.Fatalf("load: %v", err)
		}
		checkLeastPath(t, st, asc)
	}
}

func checkLeastPath(t *testing.T, st *Store, asc bool) {
	t.Helper()
	ctx := context.Background()
	for _, tc := range []struct{ from, to, via string }{{"a", "b", "n000"}, {"b", "a", "n000"}} {
		p, err := st.Path(ctx, kg.PathQuery{From: tc.from, To: tc.to, MaxHops: 2})
		if err != nil || p == nil {
			t.Fatalf("path %s→%s: %v, %v", tc.from, tc.to, p, err)
		}
		if len(p.Nodes) != 3 || p.Nodes[1].ID != tc.via {
			ids := []string{}
			for _, n := range p.Nodes {
				ids = append(ids, n.ID)
			}
			t.Errorf("created ascending=%v: path %s→%s goes %v, want through %s (the least of 300 equally short paths)", asc, tc.from, tc.to, ids, tc.via)
		}
	}
}
