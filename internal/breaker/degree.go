package breaker

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The degree methods of kg.Store (issue 16), guarded and opened like the others.

func (b *Store) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	return guard(ctx, b, func() ([]int, error) { return b.next.Degrees(ctx, ids, q) })
}

func (b *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	return guard(ctx, b, func() ([][]kg.RelationshipCount, error) { return b.next.RelationshipCounts(ctx, ids) })
}

func (l *Lazy) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Degrees(ctx, ids, q)
}

func (l *Lazy) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.RelationshipCounts(ctx, ids)
}
