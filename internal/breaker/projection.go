package breaker

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// Projection implements kg.Store.
func (b *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	return guard(ctx, b, func() (*kg.Projection, error) { return b.next.Projection(ctx, q) })
}

// Projection implements kg.Store.
func (l *Lazy) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	s, err := l.store(ctx)
	if err != nil {
		return nil, err
	}
	return s.Projection(ctx, q)
}
