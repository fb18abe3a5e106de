package graph

import (
	"context"

	"github.com/kommunkg/kg/graph/generated"
	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Issue 16's root fields owned here: counts, the time arguments of path and neighbourhood,
// and the cost of search, counts, path, neighbourhood and timelines.

// countsNodeLimit is how many nodes of a neighbourhood counts looks at: neighbourhood's
// default limit, so that a bar chart and the subgraph drawn beside it agree.
const countsNodeLimit = 200

func (r *queryResolver) counts(ctx context.Context, groupBy model.CountGroup, kinds []kg.NodeKind, around *string, hops *int, types []kg.EdgeType) ([]*model.CountBucket, error) {
	q := kg.CountQuery{GroupBy: kg.CountGroup(groupBy), Kinds: kinds, Types: types}
	if around != nil {
		if err := checkID("around", *around); err != nil {
			return nil, err
		}
		h := intArg(hops, 1)
		if err := checkRange("hops", h, 0, MaxHops); err != nil {
			return nil, err
		}
		q.Around, q.Hops, q.Limit = *around, h, countsNodeLimit
	} else if hops != nil && *hops != 1 {
		return nil, kg.Errorf(kg.EINVALID, "hops: only with around")
	}
	if err := q.Check(); err != nil {
		return nil, err
	}
	bs, err := r.Store.Counts(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]*model.CountBucket, len(bs))
	for i, b := range bs {
		out[i] = &model.CountBucket{Key: b.Key, Label: model.OptString(b.Label), Count: b.Count}
	}
	return out, nil
}

// aggComplexity sets the cost of the fields above (see Complexity for the model).
func aggComplexity(c *generated.ComplexityRoot) {
	perItem := func(child int) int { return 1 + child }
	c.Query.Search = func(child int, _ string, _ []kg.NodeKind, first *int, _ *string) int {
		return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child)
	}
	c.SearchHitConnection.Nodes = perItem
	c.SearchHitConnection.Edges = perItem
	c.TimelineConnection.Nodes = perItem
	c.TimelineConnection.Edges = perItem
	timeline := func(child int, first *int, _ *string) int {
		return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child)
	}
	c.Country.Timeline = timeline
	c.Event.Timeline = timeline
	c.Funder.Timeline = timeline
	c.Municipality.Timeline = timeline
	c.Network.Timeline = timeline
	c.Organisation.Timeline = timeline
	c.Party.Timeline = timeline
	c.Person.Timeline = timeline
	c.Project.Timeline = timeline
	c.Region.Timeline = timeline
	// At most MaxCountBuckets buckets of scalars.
	c.Query.Counts = func(child int, _ model.CountGroup, _ []kg.NodeKind, _ *string, _ *int, _ []kg.EdgeType) int {
		return list(kg.MaxCountBuckets, child)
	}
	// A subgraph holds at most limit nodes and SubgraphEdgesPerNode × limit edges: a node
	// costs one item, an edge counts SubgraphEdgesPerNode items, and the field multiplies
	// by limit.
	c.Subgraph.Nodes = perItem
	c.Subgraph.Edges = func(child int) int { return list(kg.SubgraphEdgesPerNode, child) }
	c.Query.Neighbourhood = func(child int, _ string, _ *int, _ []kg.EdgeType, limit *int, _ *kg.PartialDate, _ *model.PeriodInput, _ *bool) int {
		return 1 + mul(size(limit, 200, MaxSubgraph), child)
	}
	// A path has at most maxHops + 1 nodes and maxHops edges.
	c.Path.Nodes = perItem
	c.Path.Edges = perItem
	c.Query.Path = func(child int, _, _ string, maxHops *int, _ []kg.EdgeType, _ *kg.PartialDate, _ *model.PeriodInput, _ *bool) int {
		return 1 + mul(size(maxHops, 4, MaxPathHops)+1, child)
	}
}

// rootListComplexity sets the cost of allNodes and the typed root lists: first (default
// DefaultFirst) items of their selection. orderBy and minDegree change which nodes, not how
// many.
func rootListComplexity(c *generated.ComplexityRoot) {
	connection := func(child int, _ *model.NodeFilter, _ *model.NodeOrder, first *int, _ *string) int {
		return 1 + mul(size(first, kg.DefaultFirst, MaxFirst), child)
	}
	c.Query.AllNodes = func(child int, _ []kg.NodeKind, f *model.NodeFilter, o *model.NodeOrder, first *int, after *string) int {
		return connection(child, f, o, first, after)
	}
	c.Query.Municipalities = connection
	c.Query.Regions = connection
	c.Query.Countries = connection
	c.Query.Networks = connection
	c.Query.Organisations = connection
	c.Query.Funders = connection
	c.Query.People = connection
	c.Query.Parties = connection
	c.Query.Projects = connection
	c.Query.Events = connection
}

// listOrderArgs sets q's order and degree filter from the orderBy and filter.minDegree
// arguments, checked (INVALID naming the argument).
func listOrderArgs(q *kg.ListQuery, filter *model.NodeFilter, orderBy *model.NodeOrder) error {
	if orderBy != nil {
		q.OrderBy = kg.NodeOrder{Field: kg.NodeOrderField(orderBy.Field), Types: orderBy.Types}
		if orderBy.Direction != nil {
			q.OrderBy.Direction = *orderBy.Direction
		}
		if orderBy.Descending != nil {
			q.OrderBy.Descending = *orderBy.Descending
		}
		if err := q.OrderBy.Check(); err != nil {
			return err
		}
	}
	if filter != nil && filter.MinDegree != nil {
		md := filter.MinDegree
		q.MinDegree = &kg.DegreeFilter{Count: md.Count, Types: md.Types}
		if md.Direction != nil {
			q.MinDegree.Direction = *md.Direction
		}
		if err := q.MinDegree.Check(); err != nil {
			return err
		}
	}
	return nil
}
