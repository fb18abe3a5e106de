package kgtest

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// The methods of kg.Store added for issue 16's aggregates and timelines.
const (
	Counts   Method = "Counts"
	Timeline Method = "Timeline"
)

// TimelineArgs is the recorded argument of a Timeline call.
type TimelineArgs struct {
	IDs   []string
	Query kg.TimelineQuery
}

// Counts implements kg.Store.
func (s *Store) Counts(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	if err := s.before(ctx, Counts, q); err != nil {
		return nil, err
	}
	return s.next.Counts(ctx, q)
}

// Timeline implements kg.Store.
func (s *Store) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	if err := s.before(ctx, Timeline, TimelineArgs{IDs: ids, Query: q}); err != nil {
		return nil, err
	}
	return s.next.Timeline(ctx, ids, q)
}
