package difftest

import (
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// TestAnalysisSameOnBothBackends: the network analysis fields (issue 17) answer the same on
// Neo4j and the embedded store on the seed graph — the README's four questions and each
// measure over the whole graph and a neighbourhood.
func TestAnalysisSameOnBothBackends(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	p := newPair(t, g, httpapi.Config{MaxComplexity: 1 << 20})
	qs := []string{
		`{ sharedTies(a: "region-kronoberg", b: "vaxjo-kommun") { count groups { typeA typeB count ties { node { name } edgesA { role evidence { quote } } edgesB { role } } } } }`,
		`{ sharedTies(a: "region-kronoberg", b: "vaxjo-kommun", activeAt: "2016") { count ties { node { id } edgesA { id } edgesB { id } } } }`,
		`{ interlocks(id: "vaxjo-kommun", kind: MUNICIPALITY, via: [MEMBER_OF, PARTICIPATES_IN], first: 10) { totalCount pageInfo { endCursor hasNextPage } nodes { rank count node { name } shared { name } } } }`,
		`{ interlocks(id: "euroregion-baltic", via: [SERVES_ON, REPRESENTS], first: 100) { totalCount nodes { rank count node { id } shared { id } } } }`,
		`{ communities(center: "vaxjo-kommun", hops: 2, types: [MEMBER_OF, PARTICIPATES_IN], first: 3) { modularity count communities { id size nodes { name } } } }`,
		`{ communities(first: 100) { modularity count communities { id size nodes { id } } } }`,
	}
	for _, m := range []string{"DEGREE", "BETWEENNESS", "EIGENVECTOR", "PAGERANK"} {
		qs = append(qs,
			fmt.Sprintf(`{ centrality(measure: %s, first: 100) { totalCount pageInfo { endCursor } nodes { rank score node { id } } } }`, m),
			fmt.Sprintf(`{ centrality(measure: %s, center: "region-kronoberg", hops: 3, types: [MEMBER_OF, PARTICIPATES_IN, LOCATED_IN]) { totalCount nodes { rank score node { id } } } }`, m))
	}
	for _, d := range []string{"OUT", "IN"} {
		qs = append(qs,
			fmt.Sprintf(`{ centrality(measure: PAGERANK, direction: %s, first: 100) { totalCount nodes { rank score node { id } } } }`, d),
			fmt.Sprintf(`{ centrality(measure: BETWEENNESS, direction: %s, center: "region-kronoberg", hops: 3) { totalCount nodes { rank score node { id } } } }`, d),
			fmt.Sprintf(`{ centrality(measure: EIGENVECTOR, direction: %s, types: [MEMBER_OF]) { totalCount } }`, d))
	}
	for i, q := range qs {
		p.same(t, req{name: fmt.Sprintf("analysis %d", i+1), query: q})
	}
	// The one-mode projection export: the same bytes from both stores.
	for _, path := range []string{
		"/export/projection/graph.graphml?kind=MUNICIPALITY&via=MEMBER_OF,PARTICIPATES_IN",
		"/export/projection/graph.gexf?kind=PERSON",
		"/export/projection/edges.csv?kind=MUNICIPALITY&via=MEMBER_OF,PARTICIPATES_IN&center=vaxjo-kommun&hops=2",
		"/export/projection/graph.json?kind=NETWORK&center=region-kronoberg&hops=3",
		"/export/projection/graph.graphml?center=no-such-node",
	} {
		p.same(t, req{name: "GET " + path, path: path})
	}
}
