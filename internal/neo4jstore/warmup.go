package neo4jstore

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/kommunkg/kg/internal/kg"
)

// WarmUp sends every read statement the API can produce once, with arguments that match
// nothing, so that Neo4j plans and caches them (and its JIT warms up) before the first real
// request. On a freshly started server planning alone took up to 4 s for one statement
// (TestContract's first Path call, measured on Neo4j 5.26), which would eat most of a 10 s
// request timeout; Open calls WarmUp, so that cost is paid at start-up. Statement texts
// depend only on the hop bound, so the shapes are: each read method, Path for every
// maxHops of the API (1..6) and Neighbourhood for every hops of the API (0..3).
//
// It returns the first error (after trying every statement); answers are discarded.
func (s *Store) WarmUp(ctx context.Context) error {
	start := time.Now()
	const none = "\x00kg-warm-up" // no id can contain NUL
	var errs []error
	try := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	ids := []string{none}
	_, err := s.NodesByIDs(ctx, ids)
	try(err)
	_, err = s.EdgesByIDs(ctx, ids)
	try(err)
	_, err = s.MandatesByIDs(ctx, ids)
	try(err)
	_, err = s.EdgesOf(ctx, ids, kg.EdgeFilter{})
	try(err)
	_, err = s.EdgesOf(ctx, ids, kg.EdgeFilter{Limit: 1, Direction: kg.DirOut})
	try(err)
	_, err = s.Mandates(ctx, kg.MandateFilter{Persons: ids})
	try(err)
	_, err = s.Search(ctx, kg.SearchQuery{Text: "kg warm up", First: 1})
	try(err)
	for hops := 1; hops <= maxPathHops; hops++ {
		_, err = s.Path(ctx, kg.PathQuery{From: none, To: none + "2", MaxHops: hops})
		try(err)
	}
	for hops := 0; hops <= 3; hops++ {
		_, err = s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: none, Hops: hops, Limit: 200})
		try(err)
	}
	_, err = s.ListNodes(ctx, kg.ListQuery{First: 1})
	try(err)
	_, err = s.Sources(ctx)
	try(err)
	_, err = s.Stats(ctx)
	try(err)
	s.log.LogAttrs(ctx, slog.LevelInfo, "neo4j warm-up", slog.Duration("took", time.Since(start)), slog.Int("errors", len(errs)))
	return errors.Join(errs...)
}
