package memstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// Root lists ordered by degree and filtered by minDegree, from the degree index, at 100k and
// 1M generated nodes (the 1M graph takes a while to build; run them on their own):
//
//	go test ./internal/memstore -run '^$' -bench 'ListByDegree|ListMinDegree' -benchtime 20x
func benchListStore(b *testing.B, nodes int) *memstore.Store {
	b.Helper()
	g, _ := gen.Generate(gen.Config{Nodes: nodes, Seed: 7})
	s, err := memstore.New(g)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

func BenchmarkListByDegree(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		s := benchListStore(b, n)
		for _, c := range []struct {
			name string
			q    kg.ListQuery
		}{
			{"all", kg.ListQuery{OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Descending: true}, First: 50}},
			{"networks by members", kg.ListQuery{Kinds: []kg.NodeKind{kg.KindNetwork},
				OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn, Descending: true}, First: 50}},
			{"people by mandates", kg.ListQuery{Kinds: []kg.NodeKind{kg.KindPerson},
				OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Types: []kg.EdgeType{kg.EdgeServesOn}, Direction: kg.DirOut, Descending: true}, First: 50}},
		} {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, c.name), func(b *testing.B) {
				ctx := context.Background()
				for b.Loop() {
					if _, err := s.ListNodes(ctx, c.q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func BenchmarkListMinDegree(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		s := benchListStore(b, n)
		for _, c := range []struct {
			name string
			q    kg.ListQuery
		}{
			{"all, degree ≥ 10", kg.ListQuery{MinDegree: &kg.DegreeFilter{Count: 10}, First: 50}},
			{"networks, ≥ 100 members", kg.ListQuery{Kinds: []kg.NodeKind{kg.KindNetwork},
				MinDegree: &kg.DegreeFilter{Count: 100, Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn}, First: 50}},
		} {
			b.Run(fmt.Sprintf("%dk/%s", n/1000, c.name), func(b *testing.B) {
				ctx := context.Background()
				for b.Loop() {
					if _, err := s.ListNodes(ctx, c.q); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
