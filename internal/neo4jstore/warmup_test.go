package neo4jstore

import (
	"context"
	"testing"
)

// TestWarmUpSendsEveryStatementShape: WarmUp plans each Path bound and each Neighbourhood
// hop count of the API, and the other reads, each once.
func TestWarmUpSendsEveryStatementShape(t *testing.T) {
	s, f := newFakeStore(t, nil)
	_ = s.WarmUp(context.Background()) // the fake answers nothing; only the statements matter
	sent := map[string]bool{}
	for _, q := range f.calls {
		sent[q.cypher] = true
	}
	for h := 1; h <= maxPathHops; h++ {
		if !sent[cypherPath[h]] {
			t.Errorf("Path with maxHops %d not warmed", h)
		}
	}
	for h := 0; h <= 3; h++ {
		if !sent[cypherNeighbourhood[h]] {
			t.Errorf("Neighbourhood with hops %d not warmed", h)
		}
	}
	if len(f.calls) < 20 {
		t.Errorf("%d statements sent, want every read (≥ 20)", len(f.calls))
	}
}

// TestWarmUpOnRealServer: against a server, every warm-up statement runs without error
// (each is valid Cypher with valid parameters), and a second warm-up finds the plans cached.
func TestWarmUpOnRealServer(t *testing.T) {
	st := openReal(t, realServer(t)) // Open warms up once
	before := st.RoundTrips()
	if err := st.WarmUp(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := st.RoundTrips() - before; n < 20 {
		t.Errorf("warm-up sent %d statements, want ≥ 20", n)
	}
}
