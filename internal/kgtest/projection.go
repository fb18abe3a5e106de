package kgtest

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// Projection names kg.Store.Projection (issue 17); added to Methods here.
const Projection Method = "Projection"

func init() { Methods = append(Methods, Projection) }

// Projection implements kg.Store.
func (s *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	if err := s.before(ctx, Projection, q); err != nil {
		return nil, err
	}
	return s.next.Projection(ctx, q)
}
