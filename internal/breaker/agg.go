package breaker

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The kg.Store methods of issue 16's aggregates and timelines, guarded like the others.

func (b *Store) Counts(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	return guard(ctx, b, func() ([]kg.CountBucket, error) { return b.next.Counts(ctx, q) })
}

func (b *Store) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	return guard(ctx, b, func() ([]*kg.TimelinePage, error) { return b.next.Timeline(ctx, ids, q) })
}

func (l *Lazy) Counts(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Counts(ctx, q)
}

func (l *Lazy) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Timeline(ctx, ids, q)
}
