package memstore_test

import (
	"context"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// Short benchmarks of the text-heavy paths (folding at build, search ranking), for
// before/after comparisons: go test ./internal/memstore -run '^$' -bench 'Search|Build' -benchtime 2s

func benchGraph(b *testing.B) (*kg.Graph, gen.Landmarks) {
	b.Helper()
	return gen.Generate(gen.Config{Nodes: 20000, Seed: 7})
}

func BenchmarkBuild20k(b *testing.B) {
	g, _ := benchGraph(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := memstore.New(g); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	g, lm := benchGraph(b)
	s, err := memstore.New(g)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	texts := []string{lm.SearchText, "kommun", "k", "björk", "bjork kommun", "styrelsen for", "anna andersson",
		"klimatnatverket", "Växjö", "energi kontor", "zzz", "regoin"}
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			if _, err := s.Search(ctx, kg.SearchQuery{Text: t, First: 10}); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkCheck is the part of BenchmarkBuild20k that kg.Graph.Check takes.
func BenchmarkCheck20k(b *testing.B) {
	g, _ := benchGraph(b)
	b.ResetTimer()
	for b.Loop() {
		if err := g.Check(); err != nil {
			b.Fatal(err)
		}
	}
}
