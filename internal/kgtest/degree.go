package kgtest

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The degree methods of kg.Store (issue 16).
const (
	Degrees            Method = "Degrees"
	RelationshipCounts Method = "RelationshipCounts"
)

func init() { Methods = append(Methods, Degrees, RelationshipCounts) }

// DegreesArgs is the recorded argument of a Degrees call.
type DegreesArgs struct {
	IDs   []string
	Query kg.DegreeQuery
}

// Degrees implements kg.Store.
func (s *Store) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	if err := s.before(ctx, Degrees, DegreesArgs{IDs: ids, Query: q}); err != nil {
		return nil, err
	}
	return s.next.Degrees(ctx, ids, q)
}

// RelationshipCounts implements kg.Store.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	if err := s.before(ctx, RelationshipCounts, ids); err != nil {
		return nil, err
	}
	return s.next.RelationshipCounts(ctx, ids)
}
