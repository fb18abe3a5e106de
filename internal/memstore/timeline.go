package memstore

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// Timeline implements kg.Store: per node, its written edges with a since or until (from its
// adjacency) and the mandates it is person, body or principal of (from the mandate
// postings), paged by kg.PageTimeline.
func (s *Store) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if err := kg.CheckTimelineCursor(q.After); err != nil {
		return nil, err
	}
	out := make([]*kg.TimelinePage, len(ids))
	for i, id := range ids {
		if err := ctx.Err(); err != nil {
			return nil, ctxErr(err)
		}
		n, ok := s.node(id)
		if !ok {
			p, _ := kg.PageTimeline(q, nil)
			out[i] = p
			continue
		}
		var edges []*kg.Edge
		for _, a := range s.adjOf(n) {
			e := s.edges[a>>1]
			if e.MandateID == "" && (!e.Since.IsZero() || !e.Until.IsZero()) {
				edges = append(edges, e)
			}
		}
		var ms []*kg.Mandate
		for _, post := range [][]int32{s.mByPerson[id], s.mByBody[id], s.mByBehalf[id]} {
			for _, j := range post {
				ms = append(ms, s.mandates[j])
			}
		}
		p, err := kg.PageTimeline(q, kg.TimelineEntries(edges, ms))
		if err != nil {
			return nil, err
		}
		out[i] = p
	}
	return out, nil
}
