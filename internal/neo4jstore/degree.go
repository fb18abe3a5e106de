package neo4jstore

import (
	"context"
	"fmt"

	"github.com/kommunkg/kg/internal/kg"
)

// cypherRelationshipCounts returns, for each wanted node, its relationship counts: for every
// type of kg.AllEdgeTypes in order, the OUT count then the IN count (degreeTypes pins that
// order; a test checks it against kg.AllEdgeTypes). Each COUNT { (n)-[:T]->() } is a single
// typed relationship pattern with no predicate, which Neo4j answers from the node's degree
// store (GetDegree in the plan) without touching a relationship: the cost is per node and
// type, not per edge. The other end carries no label so that the planner can do that; only
// domain types are named, so mandate browsing links are never counted.
const cypherRelationshipCounts = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN wantedId AS nodeId, [
  COUNT { (n)-[:MEMBER_OF]->() }, COUNT { (n)<-[:MEMBER_OF]-() },
  COUNT { (n)-[:PARTICIPATES_IN]->() }, COUNT { (n)<-[:PARTICIPATES_IN]-() },
  COUNT { (n)-[:FUNDS]->() }, COUNT { (n)<-[:FUNDS]-() },
  COUNT { (n)-[:COORDINATES]->() }, COUNT { (n)<-[:COORDINATES]-() },
  COUNT { (n)-[:PARTNER_OF]->() }, COUNT { (n)<-[:PARTNER_OF]-() },
  COUNT { (n)-[:LOCATED_IN]->() }, COUNT { (n)<-[:LOCATED_IN]-() },
  COUNT { (n)-[:CONTACT_FOR]->() }, COUNT { (n)<-[:CONTACT_FOR]-() },
  COUNT { (n)-[:AFFILIATED_WITH]->() }, COUNT { (n)<-[:AFFILIATED_WITH]-() },
  COUNT { (n)-[:PART_OF]->() }, COUNT { (n)<-[:PART_OF]-() },
  COUNT { (n)-[:HOSTS]->() }, COUNT { (n)<-[:HOSTS]-() },
  COUNT { (n)-[:OWNS]->() }, COUNT { (n)<-[:OWNS]-() },
  COUNT { (n)-[:ORGANISES]->() }, COUNT { (n)<-[:ORGANISES]-() },
  COUNT { (n)-[:INITIATED]->() }, COUNT { (n)<-[:INITIATED]-() },
  COUNT { (n)-[:REPRESENTS]->() }, COUNT { (n)<-[:REPRESENTS]-() },
  COUNT { (n)-[:SERVES_ON]->() }, COUNT { (n)<-[:SERVES_ON]-() }
] AS counts`

// degreeTypes is the order of the pairs in cypherRelationshipCounts' counts list.
var degreeTypes = []kg.EdgeType{"MEMBER_OF", "PARTICIPATES_IN", "FUNDS", "COORDINATES", "PARTNER_OF", "LOCATED_IN", "CONTACT_FOR", "AFFILIATED_WITH", "PART_OF", "HOSTS", "OWNS", "ORGANISES", "INITIATED", "REPRESENTS", "SERVES_ON"}

// Degrees implements kg.Store: one statement (the counts of every type and direction), summed
// in Go by kg.SumCounts, so both stores add the same way.
func (s *Store) Degrees(ctx context.Context, ids []string, q kg.DegreeQuery) ([]int, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := kg.CheckDegreeQuery(q); err != nil {
		return nil, err
	}
	counts, err := s.RelationshipCounts(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(ids))
	for i, cs := range counts {
		out[i] = kg.SumCounts(cs, q)
	}
	return out, nil
}

// RelationshipCounts implements kg.Store.
func (s *Store) RelationshipCounts(ctx context.Context, ids []string) ([][]kg.RelationshipCount, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	out := make([][]kg.RelationshipCount, len(ids))
	for i := range out {
		out[i] = []kg.RelationshipCount{}
	}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, query{"RelationshipCounts", cypherRelationshipCounts, map[string]any{"ids": uniq(ids)}})
	if err != nil {
		return nil, err
	}
	byID := make(map[string][]kg.RelationshipCount, len(recs))
	for _, rec := range recs {
		k, err := value(rec, "nodeId")
		if err != nil {
			return nil, classify(err)
		}
		id, err := optString(k)
		if err != nil {
			return nil, classify(err)
		}
		xs, err := listValue(rec, "counts")
		if err != nil {
			return nil, classify(err)
		}
		cs, err := countsFromList(xs)
		if err != nil {
			return nil, classify(err)
		}
		byID[id] = cs
	}
	for i, id := range ids {
		if cs, ok := byID[id]; ok {
			out[i] = cs
		}
	}
	return out, nil
}

// countsFromList maps the counts list of cypherRelationshipCounts (OUT, IN per type of
// degreeTypes) to the non-zero RelationshipCounts in the port's order.
func countsFromList(xs []any) ([]kg.RelationshipCount, error) {
	if len(xs) != 2*len(degreeTypes) {
		return nil, fmt.Errorf("relationship counts: %d values, want %d", len(xs), 2*len(degreeTypes))
	}
	out := []kg.RelationshipCount{}
	for i, x := range xs {
		c, ok := x.(int64)
		if !ok || c < 0 {
			return nil, fmt.Errorf("relationship counts: value %d is %T %v, want a count", i, x, x)
		}
		if c == 0 {
			continue
		}
		dir := kg.DirOut
		if i%2 == 1 {
			dir = kg.DirIn
		}
		out = append(out, kg.RelationshipCount{Type: degreeTypes[i/2], Direction: dir, Count: int(c)})
	}
	return out, nil
}
