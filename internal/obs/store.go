package obs

import (
	"context"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
	"go.opentelemetry.io/otel/trace/noop"

	"github.com/kommunkg/kg/internal/kg"
)

// Store decorates a kg.Store: every call is timed (kg_store_call_duration_seconds), its ids
// counted (kg_loader_batch_size, for the batched methods), counted against the request
// (kg_store_calls_per_request, see WithCallCounter) and, when tracing is on, given a span.
//
// It embeds kg.Store, so a method added to the port passes through uninstrumented until it
// gets its own line here; each instrumented method is one call to observe.
type Store struct {
	kg.Store
	m      *Metrics
	tracer trace.Tracer
}

// Instrument wraps s. m may be nil (no metrics), tp may be nil (no spans).
func Instrument(s kg.Store, m *Metrics, tp trace.TracerProvider) *Store {
	if tp == nil {
		tp = noop.NewTracerProvider()
	}
	return &Store{Store: s, m: m, tracer: tp.Tracer("github.com/kommunkg/kg/internal/obs")}
}

// Unwrap returns the decorated store.
func (s *Store) Unwrap() kg.Store { return s.Store }

type callCounterKey struct{}

// WithCallCounter returns a context whose store calls are counted in *n.
func WithCallCounter(ctx context.Context) (context.Context, *atomic.Int64) {
	n := new(atomic.Int64)
	return context.WithValue(ctx, callCounterKey{}, n), n
}

// observe runs call as method, with batch ids (-1: not a batched method).
func observe[T any](ctx context.Context, s *Store, method string, batch int, call func(context.Context) (T, error)) (T, error) {
	if n, ok := ctx.Value(callCounterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
	ctx, span := s.tracer.Start(ctx, "kg.Store/"+method, trace.WithSpanKind(trace.SpanKindClient))
	if batch >= 0 && span.IsRecording() {
		span.SetAttributes(attribute.Int("kg.store.batch_size", batch))
	}
	start := time.Now()
	v, err := call(ctx)
	s.m.storeCall(method, time.Since(start), err, batch)
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, string(kg.ErrorCode(err)))
	}
	span.End()
	return v, err
}

func (s *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	return observe(ctx, s, "NodesByIDs", len(ids), func(ctx context.Context) ([]*kg.Node, error) { return s.Store.NodesByIDs(ctx, ids) })
}

func (s *Store) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	return observe(ctx, s, "EdgesByIDs", len(ids), func(ctx context.Context) ([]*kg.Edge, error) { return s.Store.EdgesByIDs(ctx, ids) })
}

func (s *Store) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	return observe(ctx, s, "MandatesByIDs", len(ids), func(ctx context.Context) ([]*kg.Mandate, error) { return s.Store.MandatesByIDs(ctx, ids) })
}

func (s *Store) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	return observe(ctx, s, "EdgesOf", len(ids), func(ctx context.Context) ([][]*kg.Edge, error) { return s.Store.EdgesOf(ctx, ids, f) })
}

func (s *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	batch := len(f.Persons) + len(f.OnBehalfOf) + len(f.Bodies)
	return observe(ctx, s, "Mandates", batch, func(ctx context.Context) ([]*kg.Mandate, error) { return s.Store.Mandates(ctx, f) })
}

func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	return observe(ctx, s, "Search", -1, func(ctx context.Context) (*kg.SearchPage, error) { return s.Store.Search(ctx, q) })
}

func (s *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	return observe(ctx, s, "Path", -1, func(ctx context.Context) (*kg.Path, error) { return s.Store.Path(ctx, q) })
}

func (s *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	return observe(ctx, s, "Neighbourhood", -1, func(ctx context.Context) (*kg.Subgraph, error) { return s.Store.Neighbourhood(ctx, q) })
}

func (s *Store) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	return observe(ctx, s, "ListNodes", -1, func(ctx context.Context) (*kg.NodePage, error) { return s.Store.ListNodes(ctx, q) })
}

func (s *Store) Sources(ctx context.Context) ([]*kg.Source, error) {
	return observe(ctx, s, "Sources", -1, func(ctx context.Context) ([]*kg.Source, error) { return s.Store.Sources(ctx) })
}

func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	return observe(ctx, s, "Stats", -1, func(ctx context.Context) (kg.Stats, error) { return s.Store.Stats(ctx) })
}

func (s *Store) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	return observe(ctx, s, "Degrees", len(ids), func(ctx context.Context) ([]int, error) { return s.Store.Degrees(ctx, ids, q) })
}

func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	return observe(ctx, s, "RelationshipCounts", len(ids), func(ctx context.Context) ([][]kg.RelationshipCount, error) {
		return s.Store.RelationshipCounts(ctx, ids)
	})
}

func (s *Store) EdgePages(ctx context.Context, ids []string, q kg.EdgePageQuery) ([]kg.EdgePage, error) {
	return observe(ctx, s, "EdgePages", len(ids), func(ctx context.Context) ([]kg.EdgePage, error) { return s.Store.EdgePages(ctx, ids, q) })
}

func (s *Store) MandatePage(ctx context.Context, f kg.MandateFilter, first int, after string) (kg.MandatePage, error) {
	batch := len(f.Persons) + len(f.OnBehalfOf) + len(f.Bodies)
	return observe(ctx, s, "MandatePage", batch, func(ctx context.Context) (kg.MandatePage, error) {
		return s.Store.MandatePage(ctx, f, first, after)
	})
}

func (s *Store) Counts(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	return observe(ctx, s, "Counts", -1, func(ctx context.Context) ([]kg.CountBucket, error) { return s.Store.Counts(ctx, q) })
}

func (s *Store) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	return observe(ctx, s, "Timeline", len(ids), func(ctx context.Context) ([]*kg.TimelinePage, error) { return s.Store.Timeline(ctx, ids, q) })
}

func (s *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	return observe(ctx, s, "Projection", -1, func(ctx context.Context) (*kg.Projection, error) { return s.Store.Projection(ctx, q) })
}
