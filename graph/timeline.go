package graph

import (
	"context"

	"github.com/vikstrous/dataloadgen"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// timelineKey asks for one page of one node's timeline. Keys with the same page arguments
// are fetched in one Store.Timeline call, so a list of nodes each asking for its timeline
// costs one call per nesting level.
type timelineKey struct {
	id    string
	first int
	after string
}

func newTimelineLoader(store kg.Store, opt dataloadgen.Option) *dataloadgen.Loader[timelineKey, *kg.TimelinePage] {
	type pageArgs struct {
		first int
		after string
	}
	return dataloadgen.NewLoader(func(ctx context.Context, keys []timelineKey) ([]*kg.TimelinePage, []error) {
		return batchBySpec(ctx, keys, func(k timelineKey) (string, pageArgs) { return k.id, pageArgs{k.first, k.after} },
			func(ctx context.Context, a pageArgs, ids []string) ([]*kg.TimelinePage, error) {
				return store.Timeline(ctx, ids, kg.TimelineQuery{First: a.first, After: a.after})
			})
	}, opt)
}

// timeline resolves Node.timeline for any node type.
func (r *Resolver) timeline(ctx context.Context, obj model.Node, first *int, after *string) (*model.TimelineConnection, error) {
	n := intArg(first, kg.DefaultFirst)
	if err := checkRange("first", n, 0, kg.MaxFirst); err != nil {
		return nil, err
	}
	key := timelineKey{id: obj.KGNode().ID, first: n}
	if after != nil {
		key.after = *after
		if err := kg.CheckTimelineCursor(key.after); err != nil {
			return nil, err
		}
	}
	l, err := loadersFrom(ctx)
	if err != nil {
		return nil, err
	}
	p, err := l.timeline.Load(ctx, key)
	if err != nil {
		return nil, err
	}
	if p == nil {
		p = &kg.TimelinePage{}
	}
	conn := &model.TimelineConnection{
		TotalCount: p.TotalCount,
		PageInfo:   pageInfo(p.Cursors, p.HasNext, p.HasPrev),
		Edges:      make([]*model.TimelineEntryEdge, 0, len(p.Entries)),
		Nodes:      make([]*model.TimelineEntry, 0, len(p.Entries)),
	}
	self := obj.KGNode().ID
	var ms []*kg.Mandate
	for _, e := range p.Entries {
		if e.Mandate != nil {
			ms = append(ms, e.Mandate)
		}
	}
	views := r.mandateViews(ctx, ms)
	var es []*kg.Edge
	for _, e := range p.Entries {
		if e.Edge != nil {
			es = append(es, e.Edge)
		}
	}
	rels := r.relationshipViews(ctx, self, es)
	for i, e := range p.Entries {
		te := &model.TimelineEntry{Date: e.Date, Point: model.TimelinePoint(e.Point)}
		if e.Mandate != nil {
			te.Mandate, views = views[0], views[1:]
		}
		if e.Edge != nil {
			te.Relationship, rels = rels[0], rels[1:]
		}
		ev := e.Evidence()
		te.Evidence = make([]*kg.Evidence, len(ev))
		for j := range ev {
			te.Evidence[j] = &ev[j]
		}
		conn.Edges = append(conn.Edges, &model.TimelineEntryEdge{Cursor: p.Cursors[i], Node: te})
		conn.Nodes = append(conn.Nodes, te)
	}
	return conn, nil
}
