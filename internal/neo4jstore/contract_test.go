package neo4jstore

import (
	"context"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/storetest"
)

// TestContract runs the shared kg.Store contract suite against a real Neo4j. It needs a
// server (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE; see realServer and
// scripts/neo4j.sh) and
// OVERWRITES the configured database with the suite's fixture graph (and variants of it):
// point it at a scratch database or container, never at a database you care about.
func TestContract(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	// One driver for the whole suite; open loads the graph it is given. The suite calls
	// open again with modified graphs only at the end (Stats), and never writes otherwise.
	storetest.Run(t, func(t *testing.T, g *kg.Graph) kg.Store {
		t.Helper()
		rep, err := st.Load(ctx, g)
		if err != nil {
			t.Fatalf("load: %v", err)
		}
		t.Logf("loaded %s (unchanged %v, %d statements, %s)", rep.Version, rep.Unchanged, rep.RoundTrips, rep.Took)
		// A second load of the same graph must be a no-op.
		again, err := st.Load(ctx, g)
		if err != nil || !again.Unchanged || again.Version != rep.Version {
			t.Fatalf("reload: %+v, %v", again, err)
		}
		return st
	})

	// Every read is one round trip, whatever the batch size.
	t.Run("one round trip per call", func(t *testing.T) {
		g := storetest.Graph()
		if _, err := st.Load(ctx, g); err != nil {
			t.Fatal(err)
		}
		ids := make([]string, len(g.Nodes))
		for i, n := range g.Nodes {
			ids[i] = n.ID
		}
		before := st.RoundTrips()
		if _, err := st.EdgesOf(ctx, ids, kg.EdgeFilter{}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "vaxjo-kommun", Hops: 3, Limit: 100}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.Search(ctx, kg.SearchQuery{Text: "covenant of mayors", First: 10}); err != nil {
			t.Fatal(err)
		}
		if n := st.RoundTrips() - before; n != 3 {
			t.Errorf("%d round trips for 3 calls", n)
		}
	})
}
