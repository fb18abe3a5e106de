package memstore_test

import (
	"context"
	"sort"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// BenchmarkDegrees shows that a count costs O(1), not O(edges): the degree of the busiest
// network (tens of thousands of members at 1M nodes) costs what a leaf's does, while counting
// by loading the edges (EdgesOf, the "walk" case) grows with the count.
//
//	go test ./internal/memstore -run '^$' -bench Degrees -benchtime 300ms
func BenchmarkDegrees(b *testing.B) {
	for _, size := range []struct {
		name  string
		nodes int
	}{{"100k", 100_000}, {"1M", 1_000_000}} {
		b.Run("size="+size.name, func(b *testing.B) {
			g, lm := gen.Generate(gen.Config{Nodes: size.nodes, Seed: 1})
			s, err := memstore.New(g)
			if err != nil {
				b.Fatal(err)
			}
			ctx := context.Background()
			members := kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn}
			// A leaf: the node with the fewest relationships (at least one).
			deg := map[string]int{}
			for _, e := range g.AllEdges() {
				deg[e.From]++
				deg[e.To]++
			}
			ids := make([]string, 0, len(deg))
			for id := range deg {
				ids = append(ids, id)
			}
			sort.Slice(ids, func(i, j int) bool { return deg[ids[i]] < deg[ids[j]] || deg[ids[i]] == deg[ids[j]] && ids[i] < ids[j] })
			leaf := ids[0]
			hundred := ids[len(ids)-100:] // the 100 busiest nodes
			for _, c := range []struct {
				name string
				id   []string
				q    kg.DegreeQuery
			}{
				{"busy network members", []string{lm.BusyNetwork}, members},
				{"busy network all", []string{lm.BusyNetwork}, kg.DegreeQuery{}},
				{"leaf all", []string{leaf}, kg.DegreeQuery{}},
				{"100 busiest all", hundred, kg.DegreeQuery{}},
			} {
				got, err := s.Degrees(ctx, c.id, c.q)
				if err != nil {
					b.Fatal(err)
				}
				counted := 0
				for _, n := range got {
					counted += n
				}
				b.Run("index/"+c.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := s.Degrees(ctx, c.id, c.q); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(counted), "edges-counted")
				})
				b.Run("walk/"+c.name, func(b *testing.B) {
					for b.Loop() {
						if _, err := s.EdgesOf(ctx, c.id, kg.EdgeFilter{Types: c.q.Types, Direction: c.q.Direction}); err != nil {
							b.Fatal(err)
						}
					}
					b.ReportMetric(float64(counted), "edges-counted")
				})
			}
		})
	}
}
