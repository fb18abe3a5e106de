package export

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
)

// TestProjectionAgainstNetworkx is the independent check of the projection export: for each
// selection the ordinary GraphML export of the same part of the seed graph and the
// projection in every format are written to a directory, and testdata/projection_check.py
// has networkx compute bipartite.weighted_projected_graph from the plain export and read
// each projection file (read_graphml, read_gexf, cytoscape_graph, csv): nodes, ties, weights
// and shared neighbours must be the same. It needs python3 with networkx (KG_PYTHON names
// another interpreter, e.g. a venv's); without it, it skips, unless KG_REQUIRE_PYTHON=1,
// when it fails (CI sets it).
func TestProjectionAgainstNetworkx(t *testing.T) {
	py := kgtest.Python(t)
	st := shippedStore(t)
	ctx := context.Background()
	for _, sel := range []ProjectionSelection{
		{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}},
		{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}, Center: "vaxjo-kommun", Hops: 2},
		{Kind: kg.KindOrganisation, Via: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeAffiliatedWith}},
		{Kind: kg.KindNetwork, Center: "region-kronoberg", Hops: 3},
		{Kind: kg.KindPerson},
	} {
		t.Run(ProjectionFilename(sel, ProjectionFormat{}), func(t *testing.T) {
			dir := t.TempDir()
			write := func(name string, fn func(*os.File) error) {
				f, err := os.Create(filepath.Join(dir, name))
				if err != nil {
					t.Fatal(err)
				}
				if err := fn(f); err != nil {
					t.Fatal(err)
				}
				if err := f.Close(); err != nil {
					t.Fatal(err)
				}
			}
			plain, err := Select(ctx, st, Selection{Center: sel.Center, Hops: sel.Hops, Types: sel.Via})
			if err != nil {
				t.Fatal(err)
			}
			write("plain.graphml", func(f *os.File) error { return WriteGraphML(ctx, f, plain) })
			gexf12 := sel
			gexf12.GEXF = GEXF12
			for _, x := range []struct {
				file string
				sel  ProjectionSelection
				w    func(context.Context, *os.File, *OneModeGraph) error
			}{
				{"projection.graphml", sel, func(ctx context.Context, f *os.File, g *OneModeGraph) error { return WriteProjectionGraphML(ctx, f, g) }},
				{"projection.gexf", gexf12, func(ctx context.Context, f *os.File, g *OneModeGraph) error { return WriteProjectionGEXF(ctx, f, g) }},
				{"projection.json", sel, func(ctx context.Context, f *os.File, g *OneModeGraph) error { return WriteProjectionJSON(ctx, f, g) }},
				{"projection-edges.csv", sel, func(ctx context.Context, f *os.File, g *OneModeGraph) error {
					return WriteProjectionEdgesCSV(ctx, f, g)
				}},
			} {
				g, err := SelectProjection(ctx, st, x.sel)
				if err != nil {
					t.Fatal(err)
				}
				write(x.file, func(f *os.File) error { return x.w(ctx, f, g) })
			}
			args := []string{"testdata/projection_check.py", dir, string(sel.Kind)}
			if sel.Center != "" {
				args = append(args, sel.Center)
			}
			out, err := exec.Command(py, args...).CombinedOutput()
			t.Logf("%s", out)
			if err != nil {
				t.Errorf("projection_check.py: %v", err)
			}
		})
	}
}
