package neo4jstore

import (
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// ListNodes in any order but the default, or with a degree filter. One statement: the
// matching nodes are counted in one subquery and paged in another, each computing a node's
// degrees from the 30 per-type, per-direction COUNT { } expressions of
// cypherRelationshipCounts (degreeTypes order), which Neo4j answers from the degree store
// without touching a relationship, weighted by $wMin / $wOrd (1 for a counted type and
// direction, else 0). The page is a keyset page: ORDER BY the signed degree ($sign: -1 for
// descending), folded name and id, after the cursor's position ($ck = signed degree, $cf,
// $cid; $cid null on the first page), LIMIT First+1. By name descending, the name keys are
// reversed. Go re-sorts the page with kg.CompareListPos (Go's byte order of names).
const (
	listOrderedMatch = `
MATCH (n:Entity)
WHERE ` + listFilter + `
  AND ($country IS NULL OR EXISTS { MATCH (n)-[:LOCATED_IN*1..]->(c:Entity {id: $country}) WHERE c <> n })
WITH n, [
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
] AS cs
WITH n, reduce(a = 0, i IN range(0, size(cs) - 1) | a + $wMin[i] * cs[i]) AS dmin,
        $sign * reduce(a = 0, i IN range(0, size(cs) - 1) | a + $wOrd[i] * cs[i]) AS k
WHERE dmin >= $minCount`
	listOrderedHead = `
OPTIONAL MATCH (ctry:Entity {id: $country})
CALL {` + listOrderedMatch + `
  RETURN count(n) AS total
}
CALL {` + listOrderedMatch
	cypherListOrderedAsc = listOrderedHead + `
    AND ($cid IS NULL OR k > $ck OR (k = $ck AND (n.nameFold > $cf OR (n.nameFold = $cf AND n.id > $cid))))
  WITH n, k ORDER BY k, n.nameFold, n.id LIMIT $limit
  RETURN collect({n: ` + entityOutN + `, k: k}) AS rows
}
RETURN $country IS NULL OR ctry IS NOT NULL AS countryFound, total, rows`
	cypherListOrderedDesc = listOrderedHead + `
    AND ($cid IS NULL OR k > $ck OR (k = $ck AND (n.nameFold < $cf OR (n.nameFold = $cf AND n.id < $cid))))
  WITH n, k ORDER BY k, n.nameFold DESC, n.id DESC LIMIT $limit
  RETURN collect({n: ` + entityOutN + `, k: k}) AS rows
}
RETURN $country IS NULL OR ctry IS NOT NULL AS countryFound, total, rows`
)

func init() {
	constantStatements["cypherListOrderedAsc"] = cypherListOrderedAsc
	constantStatements["cypherListOrderedDesc"] = cypherListOrderedDesc
}

// degreeWeights is the weight list of a degree query over cypherRelationshipCounts' list.
func degreeWeights(q kg.DegreeQuery) []any {
	w := make([]any, 2*len(degreeTypes))
	for i, t := range degreeTypes {
		typeOK := len(q.Types) == 0 || slices.Contains(q.Types, t)
		out := typeOK && q.Direction != kg.DirIn
		in := typeOK && q.Direction != kg.DirOut
		w[2*i], w[2*i+1] = b2i(out), b2i(in)
	}
	return w
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// buildListOrdered validates q and returns the statement (see above).
func buildListOrdered(q kg.ListQuery) (query, error) {
	o := q.OrderBy
	if err := o.Check(); err != nil {
		return query{}, err
	}
	if len(q.Kinds) == 1 && !q.Kinds[0].Valid() {
		return query{}, kg.Errorf(kg.EINVALID, "unknown kind %q", q.Kinds[0])
	}
	zero := make([]any, 2*len(degreeTypes))
	for i := range zero {
		zero[i] = int64(0)
	}
	params := map[string]any{
		"kinds": kindParams(q.Kinds), "needle": nil, "activeFirst": nil, "activeLast": nil,
		"country": nil, "wMin": zero, "minCount": int64(0), "wOrd": zero, "sign": int64(1),
		"ck": int64(0), "cf": "", "cid": nil, "limit": int64(max(q.First, 0) + 1),
	}
	if f := kg.Fold(q.NameContains); f != "" {
		params["needle"] = f
	}
	if q.ActiveIn != 0 {
		y := kg.PartialDate{Year: q.ActiveIn}
		params["activeFirst"], params["activeLast"] = dateFirst(y), dateLast(y)
	}
	if q.Country != "" {
		params["country"] = q.Country
	}
	if f := q.MinDegree; f != nil {
		if err := f.Check(); err != nil {
			return query{}, err
		}
		params["wMin"] = degreeWeights(kg.DegreeQuery{Types: f.Types, Direction: f.Direction})
		params["minCount"] = int64(f.Count)
	}
	sign := int64(1)
	if o.Field == kg.OrderByDegree {
		params["wOrd"] = degreeWeights(kg.DegreeQuery{Types: o.Types, Direction: o.Direction})
		if o.Descending {
			sign = -1
		}
	}
	params["sign"] = sign
	if q.After != "" {
		p, err := kg.DecodeListCursor(o, q.After)
		if err != nil {
			return query{}, err
		}
		params["ck"], params["cf"], params["cid"] = sign*int64(p.Degree), p.Folded, p.ID
	}
	if o.Field != kg.OrderByDegree && o.Descending {
		return query{"ListNodesOrdered", cypherListOrderedDesc, params}, nil
	}
	return query{"ListNodesOrdered", cypherListOrderedAsc, params}, nil
}

// listOrdered implements ListNodes for buildListOrdered's queries.
func (s *Store) listOrdered(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	bq, err := buildListOrdered(q)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	rec, err := one(recs)
	if err != nil {
		return nil, classify(err)
	}
	if cf, err := value(rec, "countryFound"); err != nil {
		return nil, classify(err)
	} else if found, _ := cf.(bool); !found {
		return &kg.NodePage{}, nil // unknown country: nothing is in it
	}
	tv, err := value(rec, "total")
	if err != nil {
		return nil, classify(err)
	}
	total, err := optInt(tv)
	if err != nil {
		return nil, classify(err)
	}
	rows, err := listValue(rec, "rows")
	if err != nil {
		return nil, classify(err)
	}
	sign := 1
	if q.OrderBy.Field == kg.OrderByDegree && q.OrderBy.Descending {
		sign = -1
	}
	type entry struct {
		pos kg.ListPos
		n   *kg.Node
	}
	es := make([]entry, 0, len(rows))
	for _, r := range rows {
		m, err := propsOf(r)
		if err != nil {
			return nil, classify(err)
		}
		n, err := nodeFromValue(m["n"])
		if err != nil {
			return nil, classify(err)
		}
		k, err := optInt(m["k"])
		if err != nil {
			return nil, classify(err)
		}
		es = append(es, entry{kg.ListPos{Degree: sign * k, Folded: kg.Fold(n.Name), ID: n.ID}, n})
	}
	slices.SortStableFunc(es, func(a, b entry) int { return kg.CompareListPos(q.OrderBy, a.pos, b.pos) })
	page := &kg.NodePage{TotalCount: total, HasPrev: q.After != "", Nodes: []*kg.Node{}, Cursors: []string{}}
	if first := max(q.First, 0); len(es) > first {
		page.HasNext = true
		es = es[:first]
	}
	for _, e := range es {
		page.Nodes = append(page.Nodes, e.n)
		page.Cursors = append(page.Cursors, kg.ListCursor(q.OrderBy, e.pos))
	}
	return page, nil
}
