package analysis

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// Benchmarks of the in-memory computations over a generated graph's whole projection (every
// relationship type): the store's projection, the simple graph, each centrality, the
// directed graph with degree and PageRank under OUT, Louvain, and one interlock question. Sizes: KG_ANALYSIS_SIZES (default "10k,100k,1M"); run briefly:
//
//	go test ./internal/analysis/ -run '^$' -bench . -benchtime 1x
//
// Betweenness runs only up to MaxBetweennessNodes, Louvain only up to MaxCommunityNodes (the
// API refuses larger ones); the 1M rows show the cost of what the API does answer there.
func BenchmarkAnalysis(b *testing.B) {
	sizes := os.Getenv("KG_ANALYSIS_SIZES")
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
		q := kg.ProjectionQuery{MaxNodes: 1 << 30}
		var p *kg.Projection
		b.Run("size="+sz+"/projection", func(b *testing.B) {
			for b.Loop() {
				if p, err = st.Projection(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(p.IDs)), "nodes")
			b.ReportMetric(float64(len(p.Edges)), "edges")
		})
		if p == nil {
			p, _ = st.Projection(ctx, q)
		}
		var gr *Graph
		b.Run("size="+sz+"/graph", func(b *testing.B) {
			for b.Loop() {
				gr = New(p)
			}
		})
		if gr == nil {
			gr = New(p)
		}
		for _, m := range Measures {
			if m == Betweenness && gr.Len() > MaxBetweennessNodes {
				continue
			}
			b.Run("size="+sz+"/"+strings.ToLower(string(m)), func(b *testing.B) {
				for b.Loop() {
					if _, err := Centrality(ctx, gr, m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		// The direction rule: the directed graph (OUT) and the measures that follow it.
		var dg *Graph
		b.Run("size="+sz+"/graph-out", func(b *testing.B) {
			for b.Loop() {
				dg = NewDirected(p, kg.DirOut)
			}
		})
		for _, m := range []Measure{Degree, PageRank} {
			b.Run("size="+sz+"/"+strings.ToLower(string(m))+"-out", func(b *testing.B) {
				for b.Loop() {
					if _, err := Centrality(ctx, dg, m); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		if gr.Len() <= MaxCommunityNodes {
			b.Run("size="+sz+"/louvain", func(b *testing.B) {
				var part Partition
				for b.Loop() {
					part = Communities(gr)
				}
				b.ReportMetric(part.Modularity, "Q")
				b.ReportMetric(float64(len(part.Communities)), "communities")
			})
		}
		b.Run("size="+sz+"/interlocks", func(b *testing.B) {
			for b.Loop() {
				pi, err := st.Projection(ctx, kg.ProjectionQuery{Center: lm.Center, Hops: 2,
					Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}, MaxNodes: kg.MaxInterlockNodes})
				if err != nil {
					b.Fatal(err)
				}
				Interlocks(pi, New(pi), pi.Index(lm.Center), kg.KindMunicipality)
			}
		})
	}
}
