package export

import (
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// BenchmarkProjectionExport measures the weighted one-mode projection export over generated
// graphs (KG_PROJECTION_SIZES, default "10k,100k,1M"): "compute" is a first request
// (SelectProjection on a store it has not seen: the store's projection, the pair-count
// bound, the projection, the names), "gexf" and "edges.csv" writing the cached result. A
// question above the bounds reports refused=1 and the cost of refusing. Run briefly:
//
//	go test ./internal/export/ -run '^$' -bench ProjectionExport -benchtime 1x
func BenchmarkProjectionExport(b *testing.B) {
	sizes := os.Getenv("KG_PROJECTION_SIZES")
	if sizes == "" {
		sizes = "10k,100k,1M"
	}
	ctx := context.Background()
	for _, sz := range strings.Split(sizes, ",") {
		n, err := gen.ParseSize(sz)
		if err != nil {
			b.Fatal(err)
		}
		g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
		st, err := memstore.New(g)
		if err != nil {
			b.Fatal(err)
		}
		g = nil
		memberships := []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}
		for _, c := range []struct {
			name string
			sel  ProjectionSelection
		}{
			{"whole/municipality-via-member_of,participates_in", ProjectionSelection{Kind: kg.KindMunicipality, Via: memberships}},
			{"whole/municipality-via-participates_in", ProjectionSelection{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeParticipatesIn}}},
			{"center-2hop/municipality-via-member_of,participates_in", ProjectionSelection{Kind: kg.KindMunicipality, Via: memberships, Center: lm.Center, Hops: 2}},
			{"center-2hop/municipality-via-participates_in", ProjectionSelection{Kind: kg.KindMunicipality, Via: []kg.EdgeType{kg.EdgeParticipatesIn}, Center: lm.Center, Hops: 2}},
		} {
			var res *OneModeGraph
			var refused error
			b.Run("size="+sz+"/"+c.name+"/compute", func(b *testing.B) {
				for b.Loop() {
					res, refused = SelectProjection(ctx, kgtest.New(st), c.sel) // a new store: not cached
					if refused != nil && kg.ErrorCode(refused) != kg.ETOOLARGE {
						b.Fatal(refused)
					}
				}
				if refused != nil {
					b.ReportMetric(1, "refused")
					b.Logf("%s: %v", c.name, refused)
					return
				}
				var weight int
				for _, t := range res.om.Ties {
					weight += t.Weight()
				}
				b.ReportMetric(float64(res.Nodes()), "nodes")
				b.ReportMetric(float64(res.Ties()), "ties")
				b.ReportMetric(float64(weight), "weight")
			})
			if res == nil {
				continue
			}
			for _, f := range []string{"graph.gexf", "edges.csv"} {
				pf, _ := ProjectionFormatByFile(f)
				b.Run("size="+sz+"/"+c.name+"/"+pf.Name, func(b *testing.B) {
					var cw countWriter
					for b.Loop() {
						cw = 0
						if err := pf.Write(ctx, &cw, res); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(cw), "bytes")
				})
			}
		}
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)
