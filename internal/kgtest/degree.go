package kgtest

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The degree methods of kg.Store (issue 16).
const (
	Degrees            Method = "Degrees"
	RelationshipCounts Method = "RelationshipCounts"
	EdgePages          Method = "EdgePages"
	MandatePage        Method = "MandatePage"
)

func init() { Methods = append(Methods, Degrees, RelationshipCounts, EdgePages, MandatePage) }

// MandatePageArgs is the recorded argument of a MandatePage call.
type MandatePageArgs struct {
	Filter kg.MandateFilter
	First  int
	After  string
}

// MandatePage implements kg.Store.
func (s *Store) MandatePage(ctx context.Context, f kg.MandateFilter, first int, after string) (kg.MandatePage, error) {
	if err := s.before(ctx, MandatePage, MandatePageArgs{Filter: f, First: first, After: after}); err != nil {
		return kg.MandatePage{}, err
	}
	return s.next.MandatePage(ctx, f, first, after)
}

// EdgePagesArgs is the recorded argument of an EdgePages call.
type EdgePagesArgs struct {
	IDs   []string
	Query kg.EdgePageQuery
}

// EdgePages implements kg.Store.
func (s *Store) EdgePages(ctx context.Context, ids []string, q kg.EdgePageQuery) ([]kg.EdgePage, error) {
	if err := s.before(ctx, EdgePages, EdgePagesArgs{IDs: ids, Query: q}); err != nil {
		return nil, err
	}
	return s.next.EdgePages(ctx, ids, q)
}

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
