package neo4jstore

import (
	"context"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// Counts and Timeline. Node groups over the whole graph are counted in the database (one
// statement, one row per bucket); groups over a neighbourhood count what Neighbourhood
// returns, with one more statement for the countries of its nodes. Edge types over the whole
// graph read Neo4j's count store: one per-type count per branch, no relationship touched.
const (
	cypherCountKinds = `
MATCH (n:Entity)
WHERE n.kind IN $kinds
RETURN n.kind AS key, null AS label, count(*) AS count`
	cypherCountCategories = `
MATCH (n:Entity)
WHERE n.kind IN $kinds
RETURN coalesce(n.category, '') AS key, null AS label, count(*) AS count`
	// Countries: each node counts once in every COUNTRY it reaches by LOCATED_IN edges
	// outwards (any depth), and once under '' when it reaches none — found, as for
	// ListNodes' country filter, by walking inwards from each country (DISTINCT lets the
	// planner prune the var-length expand).
	cypherCountCountries = `
CALL {
  MATCH (n:Entity) WHERE n.kind IN $kinds RETURN count(n) AS total
}
CALL {
  MATCH (c:Entity)<-[:LOCATED_IN*1..]-(n:Entity)
  WHERE c.kind = 'COUNTRY' AND n <> c AND n.kind IN $kinds
  RETURN count(DISTINCT n) AS located
}
CALL {
  MATCH (c:Entity) WHERE c.kind = 'COUNTRY'
  MATCH (c)<-[:LOCATED_IN*1..]-(n:Entity)
  WHERE n <> c AND n.kind IN $kinds
  WITH c, count(DISTINCT n) AS k
  RETURN collect({key: c.id, label: c.name, count: k}) AS per
}
UNWIND per + [{key: '', label: null, count: total - located}] AS b
RETURN b.key AS key, b.label AS label, b.count AS count`
	// cypherCountriesOf returns the countries of the given nodes (the neighbourhood case).
	cypherCountriesOf = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN n.id AS id, COLLECT {
  MATCH (n)-[:LOCATED_IN*1..]->(c:Entity)
  WHERE c.kind = 'COUNTRY' AND c <> n
  RETURN DISTINCT c {.id, .name} AS c
} AS countries`
	// tmplCountType is one branch of the edge-type count union (see buildCountTypes).
	tmplCountType = `
MATCH ()-[r:__TYPE__]->()
RETURN '__TYPE__' AS key, null AS label, count(r) AS count`

	// cypherTimeline fetches, per node, its written relationships with a since or until and
	// the mandates it is person, body or principal of (three index seeks); Go orders and
	// pages them (kg.PageTimeline), as the embedded store does.
	cypherTimeline = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN wantedId AS nodeId, COLLECT {
  MATCH (n)-[r]-(:Entity)
  WHERE type(r) IN $types AND r.mandateId IS NULL AND (r.sinceFirst IS NOT NULL OR r.untilLast IS NOT NULL)
  RETURN DISTINCT r
} AS rels, COLLECT {
  MATCH (m:Mandate {person: wantedId}) RETURN m
  UNION
  MATCH (m:Mandate {body: wantedId}) RETURN m
  UNION
  MATCH (m:Mandate {onBehalfOf: wantedId}) RETURN m
} AS mandates`
)

// cypherCountTypes is the UNION ALL of one count-store lookup per edge type.
var cypherCountTypes = must(buildCountTypes())

func buildCountTypes() (string, error) {
	parts := make([]string, 0, len(kg.AllEdgeTypes))
	for _, t := range kg.AllEdgeTypes {
		s, err := buildRelStatement(tmplCountType, t)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\nUNION ALL"), nil
}

func init() {
	for k, v := range map[string]string{
		"cypherCountKinds": cypherCountKinds, "cypherCountCategories": cypherCountCategories,
		"cypherCountCountries": cypherCountCountries, "cypherCountriesOf": cypherCountriesOf,
		"tmplCountType": tmplCountType, "cypherTimeline": cypherTimeline,
	} {
		constantStatements[k] = v
	}
}

// Counts implements kg.Store.
func (s *Store) Counts(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.Around != "" {
		return s.countsAround(ctx, q)
	}
	var bq query
	switch q.GroupBy {
	case kg.CountByKind:
		bq = query{"CountKinds", cypherCountKinds, map[string]any{"kinds": kindParams(q.Kinds)}}
	case kg.CountByCategory:
		bq = query{"CountCategories", cypherCountCategories, map[string]any{"kinds": kindParams(q.Kinds)}}
	case kg.CountByCountry:
		bq = query{"CountCountries", cypherCountCountries, map[string]any{"kinds": kindParams(q.Kinds)}}
	default:
		bq = query{"CountTypes", cypherCountTypes, map[string]any{}}
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, t := range q.Types {
		want[string(t)] = true
	}
	counts, labels := map[string]int{}, map[string]string{}
	for _, rec := range recs {
		m := rec.AsMap()
		key, err := optString(m["key"])
		if err != nil {
			return nil, classify(err)
		}
		label, err := optString(m["label"])
		if err != nil {
			return nil, classify(err)
		}
		c, err := optInt(m["count"])
		if err != nil {
			return nil, classify(err)
		}
		if q.GroupBy == kg.CountByEdgeType && len(want) > 0 && !want[key] {
			continue
		}
		counts[key] += c
		labels[key] = label
	}
	var label func(string) string
	if q.GroupBy == kg.CountByCountry {
		label = func(k string) string { return labels[k] }
	}
	return kg.Buckets(q.GroupBy, counts, label), nil
}

// countsAround counts within the neighbourhood of q.Around.
func (s *Store) countsAround(ctx context.Context, q kg.CountQuery) ([]kg.CountBucket, error) {
	sub, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: q.Around, Hops: q.Hops, Types: q.Types, Limit: q.Limit})
	if err != nil {
		return nil, err
	}
	if sub == nil {
		return []kg.CountBucket{}, nil
	}
	counts := map[string]int{}
	if q.GroupBy == kg.CountByEdgeType {
		for _, e := range sub.Edges {
			counts[string(e.Type)]++
		}
		return kg.Buckets(q.GroupBy, counts, nil), nil
	}
	var nodes []*kg.Node
	for _, n := range sub.Nodes {
		if len(q.Kinds) == 0 || kg.KindIn(n.Kind, q.Kinds) {
			nodes = append(nodes, n)
		}
	}
	switch q.GroupBy {
	case kg.CountByKind:
		for _, n := range nodes {
			counts[string(n.Kind)]++
		}
	case kg.CountByCategory:
		for _, n := range nodes {
			counts[n.Category]++
		}
	case kg.CountByCountry:
		ids := make([]string, len(nodes))
		for i, n := range nodes {
			ids[i] = n.ID
		}
		labels := map[string]string{}
		if len(ids) > 0 {
			recs, err := s.read(ctx, query{"CountriesOf", cypherCountriesOf, map[string]any{"ids": uniq(ids)}})
			if err != nil {
				return nil, err
			}
			for _, rec := range recs {
				xs, err := listValue(rec, "countries")
				if err != nil {
					return nil, classify(err)
				}
				if len(xs) == 0 {
					counts[""]++
				}
				for _, x := range xs {
					m, err := propsOf(x)
					if err != nil {
						return nil, classify(err)
					}
					id, _ := m["id"].(string)
					name, _ := m["name"].(string)
					counts[id]++
					labels[id] = name
				}
			}
		}
		return kg.Buckets(q.GroupBy, counts, func(k string) string { return labels[k] }), nil
	}
	return kg.Buckets(q.GroupBy, counts, nil), nil
}

// Timeline implements kg.Store: one statement for all ids.
func (s *Store) Timeline(ctx context.Context, ids []string, q kg.TimelineQuery) ([]*kg.TimelinePage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := kg.CheckTimelineCursor(q.After); err != nil {
		return nil, err
	}
	byID := map[string]*kg.TimelinePage{}
	if len(ids) > 0 {
		types, _, err := typeParams(nil)
		if err != nil {
			return nil, err
		}
		recs, err := s.read(ctx, query{"Timeline", cypherTimeline, map[string]any{"ids": uniq(ids), "types": types}})
		if err != nil {
			return nil, err
		}
		if byID, err = timelinesFromRecords(q, recs); err != nil {
			return nil, err
		}
	}
	out := make([]*kg.TimelinePage, len(ids))
	for i, id := range ids {
		if p := byID[id]; p != nil {
			out[i] = p
			continue
		}
		out[i], _ = kg.PageTimeline(q, nil)
	}
	return out, nil
}

func timelinesFromRecords(q kg.TimelineQuery, recs []*neo4j.Record) (map[string]*kg.TimelinePage, error) {
	out := make(map[string]*kg.TimelinePage, len(recs))
	for _, rec := range recs {
		idv, err := value(rec, "nodeId")
		if err != nil {
			return nil, classify(err)
		}
		id, _ := idv.(string)
		rs, err := listValue(rec, "rels")
		if err != nil {
			return nil, classify(err)
		}
		es, err := edgesFromList(rs)
		if err != nil {
			return nil, classify(err)
		}
		mv, err := listValue(rec, "mandates")
		if err != nil {
			return nil, classify(err)
		}
		ms := make([]*kg.Mandate, 0, len(mv))
		for _, v := range mv {
			m, err := mandateFromValue(v)
			if err != nil {
				return nil, classify(err)
			}
			ms = append(ms, m)
		}
		p, err := kg.PageTimeline(q, kg.TimelineEntries(es, ms))
		if err != nil {
			return nil, err
		}
		out[id] = p
	}
	return out, nil
}
