package neo4jstore

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// Projection reads the compact graph analytics run over (kg.ProjectionQuery) in batched
// statements and builds it with kg.BuildProjection, as the embedded store's rule states:
//
//   - the whole graph: entities in id order, projectionBatch at a time (keyset on the unique
//     id index), each with its outgoing relationships of the followed types — every
//     relationship once, about nodes/projectionBatch statements;
//   - a neighbourhood: the centre, then one statement per ring (the relationships of the
//     ring's nodes), and one for the relationships among the last ring — hops + 2 statements.
//
// The time filter is applied here, in Go, with kg.TimeFilter.Match (the one rule); periods
// come back as their stored strings. A projection above the query's node limit stops
// reading as soon as the limit is passed and is ETOOLARGE.
func (s *Store) Projection(ctx context.Context, q kg.ProjectionQuery) (*kg.Projection, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := kg.CheckProjectionQuery(q); err != nil {
		return nil, err
	}
	types, _, err := typeParams(q.Types)
	if err != nil {
		return nil, err
	}
	if q.Center == "" {
		return s.wholeProjection(ctx, q, types)
	}
	return s.scopedProjection(ctx, q, types)
}

// projectionBatch is the number of entities one whole-graph statement reads.
const projectionBatch = 5000

const cypherProjectionBatch = `
MATCH (n:Entity)
WHERE $after IS NULL OR n.id > $after
WITH n ORDER BY n.id LIMIT $batch
WITH collect(n) AS ns
RETURN CASE WHEN size(ns) = 0 THEN null ELSE ns[size(ns) - 1].id END AS last, COLLECT {
  UNWIND ns AS n
  MATCH (n)-[r]->(o:Entity)
  WHERE type(r) IN $types
  RETURN [n.id, n.kind, o.id, o.kind, type(r), r.since, r.until]
} AS rows`

const cypherProjectionCenter = `
MATCH (c:Entity {id: $center})
RETURN c.kind AS kind`

const cypherProjectionRing = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})-[r]-(o:Entity)
WHERE type(r) IN $types AND ($within IS NULL OR o.id IN $within)
RETURN [r.id, startNode(r).id, endNode(r).id, type(r), r.since, r.until, o.id, o.kind] AS row`

func init() {
	constantStatements["cypherProjectionBatch"] = cypherProjectionBatch
	constantStatements["cypherProjectionCenter"] = cypherProjectionCenter
	constantStatements["cypherProjectionRing"] = cypherProjectionRing
}

// projectionRow is one relationship as the projection statements return it.
type projectionRow struct {
	id, from, to string
	typ          kg.EdgeType
	since, until kg.PartialDate
}

func (s *Store) wholeProjection(ctx context.Context, q kg.ProjectionQuery, types []any) (*kg.Projection, error) {
	limit := q.ProjectionLimit()
	nodes := map[string]kg.NodeKind{}
	var edges []kg.RawEdge
	var after any
	for {
		recs, err := s.read(ctx, query{"ProjectionBatch", cypherProjectionBatch,
			map[string]any{"after": after, "batch": int64(projectionBatch), "types": types}})
		if err != nil {
			return nil, err
		}
		rec, err := one(recs)
		if err != nil {
			return nil, classify(err)
		}
		lv, err := value(rec, "last")
		if err != nil {
			return nil, classify(err)
		}
		if lv == nil {
			break
		}
		rows, err := listValue(rec, "rows")
		if err != nil {
			return nil, classify(err)
		}
		for _, x := range rows {
			cells, ok := x.([]any)
			if !ok || len(cells) != 7 {
				return nil, classify(unexpected("projection row: want 7 cells, got %T", x))
			}
			str, err := strings7(cells)
			if err != nil {
				return nil, classify(err)
			}
			since, err1 := parseDate(str[5])
			until, err2 := parseDate(str[6])
			if err1 != nil || err2 != nil {
				return nil, classify(unexpected("projection row: bad period %q–%q", str[5], str[6]))
			}
			if !q.Time.Match(since, until) {
				continue
			}
			nodes[str[0]], nodes[str[2]] = kg.NodeKind(str[1]), kg.NodeKind(str[3])
			if len(nodes) > limit {
				return nil, q.TooLarge()
			}
			edges = append(edges, kg.RawEdge{From: str[0], To: str[2], Type: kg.EdgeType(str[4])})
		}
		after = lv
	}
	return kg.BuildProjection(nodes, edges), nil
}

func (s *Store) scopedProjection(ctx context.Context, q kg.ProjectionQuery, types []any) (*kg.Projection, error) {
	recs, err := s.read(ctx, query{"ProjectionCenter", cypherProjectionCenter, map[string]any{"center": q.Center}})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, nil
	}
	rec, err := one(recs)
	if err != nil {
		return nil, classify(err)
	}
	kv, err := value(rec, "kind")
	if err != nil {
		return nil, classify(err)
	}
	kind, err := optString(kv)
	if err != nil {
		return nil, classify(err)
	}
	limit := q.ProjectionLimit()
	nodes := map[string]kg.NodeKind{q.Center: kg.NodeKind(kind)}
	seen := map[string]bool{}
	var edges []kg.RawEdge
	add := func(r projectionRow) {
		if !seen[r.id] {
			seen[r.id] = true
			edges = append(edges, kg.RawEdge{From: r.from, To: r.to, Type: r.typ})
		}
	}
	ring := []string{q.Center}
	for d := 0; d < q.Hops && len(ring) > 0; d++ {
		rows, others, err := s.ringRows(ctx, q, types, ring, nil)
		if err != nil {
			return nil, err
		}
		var next []string
		for i, r := range rows {
			add(r)
			o := others[i]
			if _, ok := nodes[o.id]; !ok {
				nodes[o.id] = o.kind
				if len(nodes) > limit {
					return nil, q.TooLarge()
				}
				next = append(next, o.id)
			}
		}
		ring = next
	}
	// The relationships among the last ring (and a centre's own loops when hops is 0).
	if len(ring) > 0 {
		rows, _, err := s.ringRows(ctx, q, types, ring, ring)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			add(r)
		}
	}
	return kg.BuildProjection(nodes, edges), nil
}

type projectionEnd struct {
	id   string
	kind kg.NodeKind
}

// ringRows reads the followed relationships of ids (to an end in within, when given) that pass
// the time filter, each with the end that is not in ids' row.
func (s *Store) ringRows(ctx context.Context, q kg.ProjectionQuery, types []any, ids, within []string) ([]projectionRow, []projectionEnd, error) {
	var w any
	if within != nil {
		w = strList(within)
	}
	recs, err := s.read(ctx, query{"ProjectionRing", cypherProjectionRing,
		map[string]any{"ids": strList(ids), "types": types, "within": w}})
	if err != nil {
		return nil, nil, err
	}
	rows := make([]projectionRow, 0, len(recs))
	ends := make([]projectionEnd, 0, len(recs))
	for _, rec := range recs {
		r, o, err := ringRow(rec)
		if err != nil {
			return nil, nil, classify(err)
		}
		if !q.Time.Match(r.since, r.until) {
			continue
		}
		rows = append(rows, r)
		ends = append(ends, o)
	}
	return rows, ends, nil
}

func ringRow(rec *neo4j.Record) (projectionRow, projectionEnd, error) {
	xs, err := listValue(rec, "row")
	if err != nil {
		return projectionRow{}, projectionEnd{}, err
	}
	if len(xs) != 8 {
		return projectionRow{}, projectionEnd{}, unexpected("projection ring row: want 8 cells, got %d", len(xs))
	}
	str := make([]string, 8)
	for i, x := range xs {
		if str[i], err = optString(x); err != nil {
			return projectionRow{}, projectionEnd{}, err
		}
	}
	since, err1 := parseDate(str[4])
	until, err2 := parseDate(str[5])
	if err1 != nil || err2 != nil {
		return projectionRow{}, projectionEnd{}, unexpected("projection row: bad period %q–%q", str[4], str[5])
	}
	return projectionRow{id: str[0], from: str[1], to: str[2], typ: kg.EdgeType(str[3]), since: since, until: until},
		projectionEnd{id: str[6], kind: kg.NodeKind(str[7])}, nil
}

func strings7(cells []any) ([7]string, error) {
	var out [7]string
	for i, c := range cells {
		s, err := optString(c)
		if err != nil {
			return out, err
		}
		out[i] = s
	}
	return out, nil
}
