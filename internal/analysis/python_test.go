package analysis

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// TestAgainstNetworkx is the independent check of issue 17: the shipped seed graph's
// projection (whole graph, and Växjö's two-hop neighbourhood through memberships and
// projects) is exported to a file, networkx computes the same measures from it
// (testdata/nx_check.py), and both must agree. It needs python3 with networkx (KG_PYTHON
// names another interpreter, e.g. a venv's); without them it skips, unless
// KG_REQUIRE_PYTHON=1, when it fails (CI sets it).
func TestAgainstNetworkx(t *testing.T) {
	py := kgtest.Python(t)
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []kg.ProjectionQuery{
		{},
		{Center: "vaxjo-kommun", Hops: 2, Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}},
		{Types: []kg.EdgeType{kg.EdgeRepresents, kg.EdgeServesOn, kg.EdgeMemberOf}},
	} {
		name := q.Center
		if name == "" {
			name = "whole graph"
		}
		name += "/" + typesName(q.Types)
		t.Run(name, func(t *testing.T) {
			p, err := st.Projection(context.Background(), q)
			if err != nil {
				t.Fatal(err)
			}
			compare(t, py, p)
		})
	}
}

func typesName(ts []kg.EdgeType) string {
	s := "all"
	if len(ts) > 0 {
		s = ""
		for _, t := range ts {
			s += string(t) + ","
		}
	}
	return s
}

func compare(t *testing.T, py string, p *kg.Projection) {
	ctx := context.Background()
	g := New(p)
	part := Communities(g)
	edges := make([][2]int32, len(p.Edges))
	for i, e := range p.Edges {
		edges[i] = [2]int32{e.From, e.To}
	}
	in, err := json.Marshal(map[string]any{"ids": p.IDs, "edges": edges, "partition": part.Communities, "directed": true})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "projection.json")
	if err := os.WriteFile(file, in, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/nx_check.py", file)
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("nx_check.py: %v\n%s", err, ee.Stderr)
		}
		t.Fatal(err)
	}
	var nx struct {
		Version                                    string
		Degree, Betweenness, Eigenvector, Pagerank []float64
		ModularityOfPartition                      float64 `json:"modularity_of_partition"`
		LouvainModularity                          float64 `json:"louvain_modularity"`
		Out, In                                    directedNX
	}
	if err := json.Unmarshal(out, &nx); err != nil {
		t.Fatalf("nx_check.py output: %v\n%s", err, out)
	}
	t.Logf("networkx %s: %d nodes, %d edges; modularity ours %.4f, networkx Louvain best of 5 seeds %.4f",
		nx.Version, g.Len(), g.Edges(), part.Modularity, nx.LouvainModularity)
	for _, m := range []struct {
		m    Measure
		want []float64
	}{{Degree, nx.Degree}, {Betweenness, nx.Betweenness}, {Eigenvector, nx.Eigenvector}, {PageRank, nx.Pagerank}} {
		got, err := Centrality(ctx, g, m.m)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(m.want) {
			t.Fatalf("%s: %d scores, networkx %d", m.m, len(got), len(m.want))
		}
		for i := range got {
			if !near(got[i], m.want[i], 1e-6) {
				t.Errorf("%s of %s: %v, networkx %v", m.m, p.IDs[i], got[i], m.want[i])
			}
		}
	}
	for _, d := range []struct {
		dir kg.Direction
		nx  directedNX
	}{{kg.DirOut, nx.Out}, {kg.DirIn, nx.In}} {
		compareDirected(t, p, d.dir, d.nx)
	}
	if !near(part.Modularity, nx.ModularityOfPartition, 1e-6) {
		t.Errorf("modularity of our partition: %v, networkx %v", part.Modularity, nx.ModularityOfPartition)
	}
	// Louvain is a heuristic: ours need not equal networkx's, but must be as good within 0.02.
	if part.Modularity < nx.LouvainModularity-0.02 {
		t.Errorf("our partition's modularity %v is well below networkx Louvain's %v", part.Modularity, nx.LouvainModularity)
	}
}

// directedNX is what nx_check.py computes over the DiGraph of the edges as written (out) or
// reversed (in); Eigenvector is nil when networkx's iteration did not converge.
type directedNX struct {
	Degree, Betweenness, Pagerank, Eigenvector []float64
	Edges                                      int
}

// compareDirected checks the direction rule (Centrality over NewDirected) against networkx:
// the same scores, and eigenvector refused exactly when networkx does not converge.
func compareDirected(t *testing.T, p *kg.Projection, dir kg.Direction, nx directedNX) {
	t.Helper()
	g := NewDirected(p, dir)
	if g.Edges() != nx.Edges {
		t.Errorf("%s: %d directed edges, networkx %d", dir, g.Edges(), nx.Edges)
	}
	for _, m := range []struct {
		m    Measure
		want []float64
	}{{Degree, nx.Degree}, {Betweenness, nx.Betweenness}, {PageRank, nx.Pagerank}, {Eigenvector, nx.Eigenvector}} {
		got, err := Centrality(context.Background(), g, m.m)
		if m.m == Eigenvector && m.want == nil {
			if kg.ErrorCode(err) != kg.EINVALID {
				t.Errorf("%s eigenvector: networkx does not converge, ours answers (err %v)", dir, err)
			}
			t.Logf("%s eigenvector: neither converges (refused: %v)", dir, err)
			continue
		}
		if err != nil {
			t.Errorf("%s %s: %v", dir, m.m, err)
			continue
		}
		if len(got) != len(m.want) {
			t.Fatalf("%s %s: %d scores, networkx %d", dir, m.m, len(got), len(m.want))
		}
		bad := 0
		for i := range got {
			if !near(got[i], m.want[i], 1e-6) {
				if bad++; bad <= 5 {
					t.Errorf("%s %s of %s: %v, networkx %v", dir, m.m, p.IDs[i], got[i], m.want[i])
				}
			}
		}
	}
}
