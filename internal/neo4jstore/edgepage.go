package neo4jstore

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// EdgePages: one statement per direction, from constant fragments. For each input id a
// COLLECT subquery returns the page (first + 1 edges after the keyset cursor, in the port's
// order: type rank, other end's id, edge id; the extra one only says that more follow) and a
// COUNT subquery the total under the same type and time filter. The time filter is
// kg.TimeFilter.Match on the yyyymmdd bounds sinceFirst/untilLast: undated edges (neither
// bound) pass unless $excludeUndated; dated ones must satisfy activeAt ($atFirst/$atLast) and
// activeDuring ($during, $fromFirst, $toLast; null bounds are open).
const (
	edgePageTime = `
    AND (CASE WHEN r.sinceFirst IS NULL AND r.untilLast IS NULL THEN NOT $excludeUndated
         ELSE ($atFirst IS NULL OR ((r.sinceFirst IS NULL OR r.sinceFirst <= $atLast)
                                AND (r.untilLast IS NULL OR r.untilLast >= $atFirst)))
          AND (NOT $during OR ((r.untilLast IS NULL OR $fromFirst IS NULL OR r.untilLast >= $fromFirst)
                           AND (r.sinceFirst IS NULL OR $toLast IS NULL OR r.sinceFirst <= $toLast)))
         END)`
	edgePageHead = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN wantedId AS nodeId, COLLECT {
  MATCH `
	edgePageAfter = `
  WHERE type(r) IN $types` + edgePageTime + `
    AND ($afterRank IS NULL OR $rank[type(r)] > $afterRank
         OR ($rank[type(r)] = $afterRank AND (o.id > $afterOther OR (o.id = $afterOther AND r.id > $afterId))))
  WITH r, o
  ORDER BY $rank[type(r)], o.id, r.id
  LIMIT $limit
  RETURN r
} AS edges, COUNT {
  MATCH `
	edgePageTail = `
  WHERE type(r) IN $types` + edgePageTime + `
} AS total`
	cypherEdgePageBoth = edgePageHead + `(n)-[r]-(o:Entity)` + edgePageAfter + `(n)-[r]-(o:Entity)` + edgePageTail
	cypherEdgePageOut  = edgePageHead + `(n)-[r]->(o:Entity)` + edgePageAfter + `(n)-[r]->(o:Entity)` + edgePageTail
	cypherEdgePageIn   = edgePageHead + `(n)<-[r]-(o:Entity)` + edgePageAfter + `(n)<-[r]-(o:Entity)` + edgePageTail
)

func buildEdgePages(ids []string, q kg.EdgePageQuery) (query, error) {
	if err := kg.CheckEdgePageQuery(q); err != nil {
		return query{}, err
	}
	types, rank, err := typeParams(q.Types)
	if err != nil {
		return query{}, err
	}
	var cypher string
	switch q.Direction {
	case "", kg.DirBoth:
		cypher = cypherEdgePageBoth
	case kg.DirOut:
		cypher = cypherEdgePageOut
	default:
		cypher = cypherEdgePageIn
	}
	params := map[string]any{
		"ids": uniq(ids), "types": types, "rank": rank, "limit": int64(q.First + 1),
		"afterRank": nil, "afterOther": nil, "afterId": nil,
	}
	for k, v := range timeParams(q.Time) {
		params[k] = v
	}
	if q.After != "" {
		a, err := kg.DecodeEdgeCursor(q.After)
		if err != nil {
			return query{}, err
		}
		params["afterRank"], params["afterOther"], params["afterId"] = int64(a.Rank), a.Other, a.ID
	}
	return query{"EdgePages", cypher, params}, nil
}

// timeParams are the parameters of a kg.TimeFilter in the statements' time fragments.
func timeParams(t kg.TimeFilter) map[string]any {
	return map[string]any{
		"excludeUndated": t.ExcludeUndated,
		"atFirst":        dateFirst(t.At),
		"atLast":         dateLast(t.At),
		"during":         t.During,
		"fromFirst":      dateFirst(t.From),
		"toLast":         dateLast(t.To),
	}
}

// EdgePages implements kg.Store.
func (s *Store) EdgePages(ctx context.Context, ids []string, q kg.EdgePageQuery) ([]kg.EdgePage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	bq, err := buildEdgePages(ids, q)
	if err != nil {
		return nil, err
	}
	out := make([]kg.EdgePage, len(ids))
	for i := range out {
		out[i] = kg.EdgePage{Edges: []*kg.Edge{}, Cursors: []string{}}
	}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	byID, err := edgePagesFromRecords(recs, q.First)
	if err != nil {
		return nil, classify(err)
	}
	for i, id := range ids {
		if p, ok := byID[id]; ok {
			out[i] = p
			out[i].Edges = append([]*kg.Edge{}, p.Edges...)
			out[i].Cursors = make([]string, len(p.Edges))
			for j, e := range p.Edges {
				out[i].Cursors[j] = kg.EdgeCursor(id, e)
			}
		}
	}
	return out, nil
}

func edgePagesFromRecords(recs []*neo4j.Record, first int) (map[string]kg.EdgePage, error) {
	byID := make(map[string]kg.EdgePage, len(recs))
	for _, rec := range recs {
		k, err := value(rec, "nodeId")
		if err != nil {
			return nil, err
		}
		id, err := optString(k)
		if err != nil {
			return nil, err
		}
		xs, err := listValue(rec, "edges")
		if err != nil {
			return nil, err
		}
		es, err := edgesFromList(xs)
		if err != nil {
			return nil, err
		}
		tv, err := value(rec, "total")
		if err != nil {
			return nil, err
		}
		total, ok := tv.(int64)
		if !ok || total < 0 {
			return nil, fmt.Errorf("edge page: total is %T %v", tv, tv)
		}
		p := kg.EdgePage{Edges: es, TotalCount: int(total)}
		if len(p.Edges) > first {
			p.Edges, p.HasNext = p.Edges[:first], true
		}
		byID[id] = p
	}
	return byID, nil
}
