package neo4jstore

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// Projection implements kg.Store.
func (s *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	return nil, kg.Errorf(kg.EUNAVAILABLE, "not yet")
}
