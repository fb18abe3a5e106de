package neo4jstore

// All Cypher of the package lives in this file.
//
// Rules every statement follows (and cypher_test.go checks):
//   - Every value is a $parameter. Nothing a caller supplies is ever concatenated into a
//     statement, so there is no Cypher injection surface.
//   - Cypher cannot take labels, relationship types, index names or the bound of a
//     variable-length pattern as parameters. The few statements that need one are templates
//     with a __MARKER__ that only the builder functions at the end of this file fill in — from
//     the closed enums kg.AllKinds / kg.AllEdgeTypes (checked again against a strict
//     identifier pattern) or from an int range-checked in Go. No template is ever filled from
//     a string that reached the store.
//   - Written for Neo4j 5.6+ (COUNT/COLLECT subquery expressions) and the community edition
//     (uniqueness constraints, not NODE KEY). No APOC, no GDS.
//
// Data model (see docs/neo4j.md):
//
//	(:Entity:<KindLabel> {id, kind, name, aliases, category, abbreviation, since, until,
//	    sinceFirst, untilLast, note, evidence, attributes, personalContact,
//	    nameFold, aliasFolds, searchText, searchStart})
//	(:Entity)-[:<EDGE_TYPE> {id, from, to, role, since, until, sinceFirst, untilLast, note,
//	    evidence, mandateId, context}]->(:Entity)      EDGE_TYPE ∈ kg.AllEdgeTypes, including
//	                                                   the REPRESENTS/SERVES_ON edges derived
//	                                                   from mandates
//	(:Mandate {id, person, onBehalfOf, body, role, since, until, sinceFirst, untilLast, note,
//	    evidence})
//	(:Entity)-[:HOLDS_MANDATE]->(:Mandate)-[:MANDATE_IN]->(:Entity)
//	                          (:Mandate)-[:MANDATE_FOR]->(:Entity)     (browsing aids only)
//	(:Source {id, ord, file, original, title, publisher, language, updated, dateNote, text})
//	(:Meta {key, version, nodes, edges, mandates, sources, loadedAt})
//
// Evidence, attributes and contact are JSON strings: they are read whole and never queried.
// sinceFirst/untilLast are the first/last day a partial date may denote as yyyymmdd ints, so
// period filters are integer comparisons with exactly kg.PeriodContains' semantics.
// nameFold/aliasFolds/searchText/searchStart hold kg.Fold output, computed in Go at load, so
// the database never needs to agree with Go on case or diacritic folding.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// Names used inside statements (constants, not user input).
const (
	fulltextIndex = "entity_search"
	metaKey       = "graph" // the one :Meta node's key; passed as $key
)

// ---- reads ------------------------------------------------------------------------------

// The entity projections put an :Entity on the wire: its public properties, and its
// personal contact data only when the caller may read it ($contact, set by Store.read from
// kg.HasContactAccess). An anonymous caller's answer never carries contact data, not even to
// be dropped in Go. One projection per variable name, as statements are constants.
const (
	entityPublic  = `.id, .kind, .name, .aliases, .category, .abbreviation, .since, .until, .note, .evidence, .attributes`
	entityOutN    = `n {` + entityPublic + `, personalContact: CASE WHEN $contact THEN n.personalContact END}`
	entityOutNode = `node {` + entityPublic + `, personalContact: CASE WHEN $contact THEN node.personalContact END}`
	entityOutX    = `x {` + entityPublic + `, personalContact: CASE WHEN $contact THEN x.personalContact END}`
)

// cypherNodesByIDs fetches entities by id (ids are de-duplicated in Go; alignment too).
const cypherNodesByIDs = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN ` + entityOutN + ` AS n`

// cypherMandatesByIDs fetches mandates by id.
const cypherMandatesByIDs = `
UNWIND $ids AS wantedId
MATCH (m:Mandate {id: wantedId})
RETURN m`

// tmplEdgesByIDsBranch is one branch of the edges-by-id union: an edge id does not say its
// type, and a relationship property index is per type, so the lookup is a UNION ALL of one
// index seek per type (see buildEdgesByIDs). A type-less MATCH ()-[r]->() WHERE r.id IN $ids
// would scan every relationship.
const tmplEdgesByIDsBranch = `
MATCH ()-[r:__TYPE__]->()
WHERE r.id IN $ids
RETURN r`

// EdgesOf: one statement per direction, from constant fragments. For each input id, a
// COLLECT subquery orders that node's edges by type rank ($rank: type → position in
// kg.AllEdgeTypes), the other end's id and the edge id — the port's documented order — and
// applies the per-node limit in the database. $types is always a list of enum names (all of
// them when the filter has none), which also keeps non-domain relationships out.
const (
	edgesOfHead = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
RETURN wantedId AS nodeId, COLLECT {
  MATCH `
	edgesOfTail = `
  WHERE type(r) IN $types
  WITH r, o
  ORDER BY $rank[type(r)], o.id, r.id
  LIMIT $limit
  RETURN r
} AS edges`
	cypherEdgesOfBoth = edgesOfHead + `(n)-[r]-(o:Entity)` + edgesOfTail
	cypherEdgesOfOut  = edgesOfHead + `(n)-[r]->(o:Entity)` + edgesOfTail
	cypherEdgesOfIn   = edgesOfHead + `(n)<-[r]-(o:Entity)` + edgesOfTail
)

// Mandates: four entry points so that the most selective given list drives an index seek
// (person, body or onBehalfOf); the shared filter applies the remaining lists and the
// ActiveAt period test ($atFirst/$atLast are yyyymmdd bounds of the partial date, null when
// unset). A missing principal is stored as no property and compared as ” like the port does.
const (
	mandateFilter = mandateWhere + `
RETURN m
ORDER BY m.body, coalesce(m.onBehalfOf, ''), m.person, m.id`
	mandateWhere = `
WHERE ($persons IS NULL OR m.person IN $persons)
  AND ($bodies IS NULL OR m.body IN $bodies)
  AND ($behalf IS NULL OR coalesce(m.onBehalfOf, '') IN $behalf)
  AND ($atFirst IS NULL OR ((m.sinceFirst IS NULL OR m.sinceFirst <= $atLast)
                         AND (m.untilLast IS NULL OR m.untilLast >= $atFirst)))
  AND (CASE WHEN m.sinceFirst IS NULL AND m.untilLast IS NULL THEN NOT $excludeUndated
       ELSE ($tAtFirst IS NULL OR ((m.sinceFirst IS NULL OR m.sinceFirst <= $tAtLast)
                               AND (m.untilLast IS NULL OR m.untilLast >= $tAtFirst)))
        AND (NOT $during OR ((m.untilLast IS NULL OR $fromFirst IS NULL OR m.untilLast >= $fromFirst)
                         AND (m.sinceFirst IS NULL OR $toLast IS NULL OR m.sinceFirst <= $toLast)))
       END)`
	mandatesHeadPerson = `
UNWIND $persons AS wantedId
MATCH (m:Mandate {person: wantedId})
WITH DISTINCT m`
	mandatesHeadBody = `
UNWIND $bodies AS wantedId
MATCH (m:Mandate {body: wantedId})
WITH DISTINCT m`
	mandatesHeadBehalf = `
UNWIND $behalf AS wantedId
MATCH (m:Mandate {onBehalfOf: wantedId})
WITH DISTINCT m`
	mandatesHeadAll = `
MATCH (m:Mandate)`
	cypherMandatesByPerson = mandatesHeadPerson + mandateFilter
	cypherMandatesByBody   = mandatesHeadBody + mandateFilter
	cypherMandatesByBehalf = mandatesHeadBehalf + mandateFilter
	cypherMandatesAll      = mandatesHeadAll + mandateFilter
)

// cypherSearch fetches search candidates from the full-text index over the folded names
// (whitespace analyzer: tokens are exactly the words of kg.Fold). $lucene is built by
// luceneQuery from folded words only and is a parameter, never part of the statement. The
// result is a superset of what can score; Go ranks it (see search.go). $cap bounds the
// transfer for very unspecific queries.
const cypherSearch = `
CALL db.index.fulltext.queryNodes('` + fulltextIndex + `', $lucene) YIELD node
WHERE node.kind IN $kinds
RETURN ` + entityOutNode + ` AS node
LIMIT $cap`

// tmplPath finds the shortest undirected paths and returns the least of them all, ordered in
// the database step by step by edge type rank, next node id and edge id (lists compare
// element by element; ids are ASCII, so Cypher's UTF-16 order is Go's byte order), so the
// choice does not depend on which paths the search meets first. pickPath applies the same
// order in Go. The cost is enumerating every shortest path, bounded by the query timeout. The bound __MAXHOPS__ must be a literal in Cypher: buildPathCypher writes it
// from an int checked to be in 1..maxPathHops, nothing else. The relationship predicate is
// on all relationships of the path, which Neo4j evaluates during the breadth-first search.
// Two MATCH clauses avoid a cartesian-product warning; an unknown end yields no row.
const tmplPath = `
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..__MAXHOPS__]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN $types AND ` + relPeriodOK + `)
WITH p, relationships(p) AS rs, nodes(p) AS ns
ORDER BY [i IN range(0, size(rs) - 1) | [$rank[type(rs[i])], ns[i + 1].id, rs[i].id]]
LIMIT 1
RETURN [x IN ns | ` + entityOutX + `] AS nodes, rs AS rels`

// Neighbourhood is a breadth-first search unrolled into one statement, one step per hop
// (buildNeighbourhoodCypher repeats neighbourhoodStep a validated number of times), so a call is
// one round trip. It reproduces the embedded store's walk exactly:
//   - seen is the result in discovery order; frontier the nodes found by the previous step.
//   - A step collects the unseen neighbours of the frontier, ordered by where the walk meets
//     them first: the frontier position of the first node reaching them, then edge type rank
//     (both folded into one int key; rank < 100), then their id. It keeps as many as the
//     limit leaves room for; more than that sets truncated.
//   - expanded is seen before the last step: the nodes at depth < hops, whose edges to nodes
//     of the result are returned, each once, in walk order; at most $edgeLimit of them
//     (null = all), a cut setting truncated.
//   - Only relationships passing relPeriodOK (the TimeFilter) are walked or returned.
//
// Outer variables (seen, frontier, expanded) are visible inside COLLECT subqueries without
// importing. Cost: each step touches the edges of the frontier; NOT o IN seen is linear in
// the result size, which $limit bounds.
const (
	neighbourhoodHead = `
MATCH (c:Entity {id: $center})
WITH [c] AS seen, [c] AS frontier, [] AS expanded, false AS truncated`
	neighbourhoodStep = `
WITH seen, frontier, truncated, seen AS expanded, COLLECT {
  UNWIND range(0, size(frontier) - 1) AS i
  WITH frontier[i] AS p, i
  MATCH (p)-[r]-(o:Entity)
  WHERE type(r) IN $types AND NOT o IN seen AND ` + relPeriodOK + `
  WITH o, min(i * 100 + $rank[type(r)]) AS k
  ORDER BY k, o.id
  RETURN o
} AS found
WITH expanded, truncated, found, seen, $limit - size(seen) AS room
WITH expanded, seen + found[..room] AS seen, found[..room] AS frontier, truncated OR size(found) > room AS truncated`
	neighbourhoodTail = `
WITH [x IN seen | ` + entityOutX + `] AS nodes, truncated, COLLECT {
  UNWIND range(0, size(expanded) - 1) AS i
  WITH expanded[i] AS p, i
  MATCH (p)-[r]-(o:Entity)
  WHERE type(r) IN $types AND o IN seen AND ` + relPeriodOK + `
  WITH r, min(i) AS fi
  WITH r, fi, CASE WHEN startNode(r) = expanded[fi] THEN endNode(r) ELSE startNode(r) END AS o
  ORDER BY fi, $rank[type(r)], o.id, r.id
  RETURN r
} AS edges
WITH nodes, truncated, edges
RETURN nodes, truncated OR ($edgeLimit IS NOT NULL AND size(edges) > $edgeLimit) AS truncated,
       CASE WHEN $edgeLimit IS NULL THEN edges ELSE edges[..$edgeLimit] END AS edges`
)

// ListNodes. The filter is shared by the two statements and refers to n and parameters only:
// $kinds (always a list), $needle (folded, null for none) matched against the folded name
// and aliases, $activeFirst/$activeLast (yyyymmdd bounds of the ActiveIn year, null for
// none; nodes without any stated period never match, as in the port).
//
// The page is the first $limit (= First+1, to learn HasNext) nodes after the cursor in
// (nameFold, id) order; total counts every match regardless of the cursor. The cursor node is
// looked up in the same statement ($after null = first page), and its kind is returned so Go
// can reject a cursor that does not belong to the list. Both statements always return one row.
const (
	listFilter = `
n.kind IN $kinds
AND ($needle IS NULL OR n.nameFold CONTAINS $needle
     OR any(a IN coalesce(n.aliasFolds, []) WHERE a CONTAINS $needle))
AND ($activeFirst IS NULL OR ((n.sinceFirst IS NOT NULL OR n.untilLast IS NOT NULL)
     AND (n.sinceFirst IS NULL OR n.sinceFirst <= $activeLast)
     AND (n.untilLast IS NULL OR n.untilLast >= $activeFirst)))`
	listAfterCursor = `
(cur IS NULL OR n.nameFold > cur.nameFold OR (n.nameFold = cur.nameFold AND n.id > cur.id))`

	cypherListNodes = `
OPTIONAL MATCH (cur:Entity {id: $after})
WITH cur, COUNT { MATCH (n:Entity) WHERE ` + listFilter + ` } AS total
OPTIONAL MATCH (n:Entity)
WHERE ` + listFilter + `
  AND ` + listAfterCursor + `
WITH cur, total, n
ORDER BY n.nameFold, n.id
LIMIT $limit
RETURN cur.kind AS cursorKind, true AS countryFound, total, collect(` + entityOutN + `) AS nodes`

	// cypherListNodesInCountry starts from the country and follows LOCATED_IN edges inwards
	// to any depth (a town in a region in a country), like the embedded store; DISTINCT lets
	// the planner use a pruning breadth-first expand instead of enumerating paths.
	cypherListNodesInCountry = `
OPTIONAL MATCH (cur:Entity {id: $after})
OPTIONAL MATCH (ctry:Entity {id: $country})
WITH cur, ctry, COLLECT {
  MATCH (ctry)<-[:LOCATED_IN*1..]-(n:Entity)
  WHERE n <> ctry
  WITH DISTINCT n
  WHERE ` + listFilter + `
  RETURN n
} AS matched
WITH cur, ctry, size(matched) AS total,
     [n IN matched WHERE ` + listAfterCursor + `] AS rest
UNWIND CASE WHEN size(rest) = 0 THEN [null] ELSE rest END AS n
WITH cur, ctry, total, n
ORDER BY n.nameFold, n.id
LIMIT $limit
RETURN cur.kind AS cursorKind, ctry IS NOT NULL AS countryFound, total, collect(` + entityOutN + `) AS nodes`
)

// cypherSources lists the sources in seed order, without their (unserved) text.
const cypherSources = `
MATCH (s:Source)
RETURN s {.id, .ord, .file, .original, .title, .publisher, .language, .updated, .dateNote} AS s
ORDER BY s.ord, s.id`

// cypherStats reads the counts Load wrote next to the version (counting relationships by
// type at query time would scan them).
const cypherStats = `
OPTIONAL MATCH (m:Meta {key: $key})
RETURN m.version AS version, m.nodes AS nodes, m.edges AS edges, m.mandates AS mandates`

// ---- schema -----------------------------------------------------------------------------

// Schema statements, run one per transaction before a load. IF NOT EXISTS makes them
// idempotent (an existing index of the same name is kept as it is, even if its definition
// differs). Uniqueness constraints come with their own index, which the id lookups use.
const (
	cypherConstraintEntityID  = `CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE`
	cypherConstraintMandateID = `CREATE CONSTRAINT mandate_id IF NOT EXISTS FOR (m:Mandate) REQUIRE m.id IS UNIQUE`
	cypherConstraintSourceID  = `CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE`
	cypherConstraintMetaKey   = `CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:Meta) REQUIRE m.key IS UNIQUE`
	cypherIndexEntityKind     = `CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind)`
	cypherIndexEntityNameFold = `CREATE INDEX entity_name_fold IF NOT EXISTS FOR (n:Entity) ON (n.nameFold)`
	cypherIndexMandatePerson  = `CREATE INDEX mandate_person IF NOT EXISTS FOR (m:Mandate) ON (m.person)`
	cypherIndexMandateBody    = `CREATE INDEX mandate_body IF NOT EXISTS FOR (m:Mandate) ON (m.body)`
	cypherIndexMandateBehalf  = `CREATE INDEX mandate_on_behalf_of IF NOT EXISTS FOR (m:Mandate) ON (m.onBehalfOf)`
	// The full-text index covers the folded search fields. The whitespace analyzer neither
	// lower-cases nor strips anything: kg.Fold has already done exactly that, identically to
	// the embedded store.
	cypherIndexFulltext = "CREATE FULLTEXT INDEX " + fulltextIndex + ` IF NOT EXISTS
FOR (n:Entity) ON EACH [n.searchText, n.searchStart]
OPTIONS {indexConfig: {` + "`fulltext.analyzer`" + `: 'whitespace'}}`
	// tmplRelIndex indexes one relationship type's id (for EdgesByIDs and MERGE).
	tmplRelIndex = `CREATE INDEX __INDEX__ IF NOT EXISTS FOR ()-[r:__TYPE__]-() ON (r.id)`
	// cypherAwaitIndexes waits until new indexes are online, so a search right after the
	// first load finds everything.
	cypherAwaitIndexes = `CALL db.awaitIndexes($seconds)`
)

// ---- load (one write transaction) ---------------------------------------------------------

const (
	// cypherLoadVersion reads the stored version at the start of the load transaction.
	cypherLoadVersion = `
OPTIONAL MATCH (m:Meta {key: $key})
RETURN m.version AS version`

	// Entities: upsert by id; SET n = props replaces all properties, so a field removed from
	// the seeds disappears (props always include id).
	cypherUpsertEntities = `
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n = row.props`
	cypherDeleteStaleEntities = `
MATCH (n:Entity)
WHERE NOT n.id IN $ids
DETACH DELETE n`

	// tmplSetKindLabel gives the nodes of one kind their kind label and removes any other
	// kind label (a node whose kind changed). __LABEL__/__LABELS__ come from kg.AllKinds.
	tmplSetKindLabel = `
UNWIND $ids AS wantedId
MATCH (n:Entity {id: wantedId})
REMOVE n:__LABELS__
SET n:__LABEL__`

	cypherUpsertSources = `
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s = row.props`
	cypherDeleteStaleSources = `
MATCH (s:Source)
WHERE NOT s.id IN $ids
DETACH DELETE s`

	cypherUpsertMandates = `
UNWIND $rows AS row
MERGE (m:Mandate {id: row.id})
SET m = row.props`
	cypherDeleteStaleMandates = `
MATCH (m:Mandate)
WHERE NOT m.id IN $ids
DETACH DELETE m`
	// The browsing links of mandates are rebuilt on every (changed) load: cheap, and no
	// stale link can survive a changed person, body or principal.
	cypherDeleteMandateLinks = `
MATCH ()-[r:HOLDS_MANDATE|MANDATE_IN|MANDATE_FOR]->()
DELETE r`
	cypherCreateMandateLinks = `
UNWIND $rows AS row
MATCH (m:Mandate {id: row.id})
MATCH (p:Entity {id: row.person})
MATCH (b:Entity {id: row.body})
CREATE (p)-[:HOLDS_MANDATE]->(m)
CREATE (m)-[:MANDATE_IN]->(b)
WITH m, row
MATCH (o:Entity {id: row.onBehalfOf})
CREATE (m)-[:MANDATE_FOR]->(o)`

	// tmplDeleteStaleRels removes the relationships of one type that the new graph does not
	// have with the same id and endpoints (so a changed endpoint is a delete + create, and
	// MERGE below never finds a relationship to move).
	tmplDeleteStaleRels = `
MATCH (a)-[r:__TYPE__]->(b)
WHERE r.id IS NULL OR a.id IS NULL OR b.id IS NULL OR NOT [r.id, a.id, b.id] IN $keep
DELETE r`
	// tmplMergeRels upserts the relationships of one type.
	tmplMergeRels = `
UNWIND $rows AS row
MATCH (a:Entity {id: row.from})
MATCH (b:Entity {id: row.to})
MERGE (a)-[r:__TYPE__ {id: row.id}]->(b)
SET r = row.props`

	// cypherWriteMeta records the version and the counts Stats serves.
	cypherWriteMeta = `
MERGE (m:Meta {key: $key})
SET m.version = $version, m.nodes = $nodes, m.edges = $edges, m.mandates = $mandates,
    m.sources = $sources, m.loadedAt = datetime()`
)

// ---- builders -----------------------------------------------------------------------------

// Bounds of the integers that builders write into statements.
const (
	maxPathHops          = kg.MaxPathHops  // the stores' bound on PathQuery.MaxHops
	maxNeighbourhoodHops = kg.MaxStoreHops // the stores' bound on NeighbourhoodQuery.Hops
)

var identRE = regexp.MustCompile(`^[A-Z][A-Za-z_]*$`)

// relType returns t as a relationship type for a statement, or an error unless t is one of
// kg.AllEdgeTypes (and a plain identifier). It is the only way an edge type reaches Cypher
// text; user-supplied types only ever travel as $parameters.
func relType(t kg.EdgeType) (string, error) {
	for _, x := range kg.AllEdgeTypes {
		if x == t && identRE.MatchString(string(t)) {
			return string(t), nil
		}
	}
	return "", fmt.Errorf("neo4jstore: %q is not an edge type of kg.AllEdgeTypes", t)
}

// kindLabel returns the node label of kind k ("MUNICIPALITY" → "Municipality"), or an error
// unless k is one of kg.AllKinds.
func kindLabel(k kg.NodeKind) (string, error) {
	for _, x := range kg.AllKinds {
		if x == k {
			s := string(k)
			l := s[:1] + strings.ToLower(s[1:])
			if identRE.MatchString(l) && l != "Entity" {
				return l, nil
			}
		}
	}
	return "", fmt.Errorf("neo4jstore: %q is not a node kind of kg.AllKinds", k)
}

// fill replaces markers in a template; every value has passed relType/kindLabel or is an
// int formatted by strconv.
func fill(tmpl string, kv ...string) string {
	return strings.NewReplacer(kv...).Replace(tmpl)
}

// buildRelStatement fills a per-type template (tmplDeleteStaleRels, tmplMergeRels,
// tmplEdgesByIDsBranch).
func buildRelStatement(tmpl string, t kg.EdgeType) (string, error) {
	rt, err := relType(t)
	if err != nil {
		return "", err
	}
	return fill(tmpl, "__TYPE__", rt), nil
}

// buildRelIndex is the id index statement of one relationship type.
func buildRelIndex(t kg.EdgeType) (string, error) {
	rt, err := relType(t)
	if err != nil {
		return "", err
	}
	return fill(tmplRelIndex, "__INDEX__", "rel_"+strings.ToLower(rt)+"_id", "__TYPE__", rt), nil
}

// buildSetKindLabel is the label statement of one kind.
func buildSetKindLabel(k kg.NodeKind) (string, error) {
	l, err := kindLabel(k)
	if err != nil {
		return "", err
	}
	var others []string
	for _, x := range kg.AllKinds {
		if x != k {
			o, err := kindLabel(x)
			if err != nil {
				return "", err
			}
			others = append(others, o)
		}
	}
	return fill(tmplSetKindLabel, "__LABELS__", strings.Join(others, ":"), "__LABEL__", l), nil
}

// buildEdgesByIDs is the UNION ALL of one indexed lookup per edge type.
func buildEdgesByIDs() (string, error) {
	parts := make([]string, 0, len(kg.AllEdgeTypes))
	for _, t := range kg.AllEdgeTypes {
		s, err := buildRelStatement(tmplEdgesByIDsBranch, t)
		if err != nil {
			return "", err
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, "\nUNION ALL"), nil
}

// buildPathCypher writes the hop bound into tmplPath. hops must be in 1..maxPathHops; it is an int,
// so nothing but digits can reach the statement.
func buildPathCypher(hops int) (string, error) {
	if hops < 1 || hops > maxPathHops {
		return "", fmt.Errorf("neo4jstore: path bound %d outside 1..%d", hops, maxPathHops)
	}
	return fill(tmplPath, "__MAXHOPS__", strconv.Itoa(hops)), nil
}

// buildNeighbourhoodCypher unrolls hops breadth-first steps, hops in 0..maxNeighbourhoodHops.
func buildNeighbourhoodCypher(hops int) (string, error) {
	if hops < 0 || hops > maxNeighbourhoodHops {
		return "", fmt.Errorf("neo4jstore: neighbourhood hops %d outside 0..%d", hops, maxNeighbourhoodHops)
	}
	return neighbourhoodHead + strings.Repeat(neighbourhoodStep, hops) + neighbourhoodTail, nil
}

// Statements built once from the enums and the hop ranges. A failure is a programming error
// (an enum value that is not an identifier) and stops the process at start-up.
var (
	cypherEdgesByIDs    = must(buildEdgesByIDs())
	cypherPath          [maxPathHops + 1]string          // index = hops; [0] unused
	cypherNeighbourhood [maxNeighbourhoodHops + 1]string // index = hops
)

func init() {
	for h := 1; h <= maxPathHops; h++ {
		cypherPath[h] = must(buildPathCypher(h))
	}
	for h := 0; h <= maxNeighbourhoodHops; h++ {
		cypherNeighbourhood[h] = must(buildNeighbourhoodCypher(h))
	}
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

// cypherShowIndexes reads the definition of every index (a uniqueness constraint shows as its
// backing index, named like the constraint), for checkSchema: IF NOT EXISTS keeps an index of
// the expected name whatever its definition.
const cypherShowIndexes = `SHOW INDEXES YIELD name, type, entityType, labelsOrTypes, properties, owningConstraint, options
RETURN name, type, entityType, labelsOrTypes, properties, owningConstraint IS NOT NULL AS unique,
       coalesce(options.indexConfig['fulltext.analyzer'], '') AS analyzer`

// indexDef is one index's definition as SHOW INDEXES reports it.
type indexDef struct {
	Type       string // RANGE, FULLTEXT, ...
	EntityType string // NODE or RELATIONSHIP
	Labels     []string
	Props      []string
	Unique     bool   // backs a uniqueness constraint
	Analyzer   string // full-text analyzer; "" for other types
}

func (d indexDef) String() string {
	u := ""
	if d.Unique {
		u = " unique"
	}
	a := ""
	if d.Analyzer != "" {
		a = " analyzer=" + d.Analyzer
	}
	return fmt.Sprintf("%s%s %s %v %v%s", d.Type, u, d.EntityType, d.Labels, d.Props, a)
}

// expectedSchema is the definition every statement of schemaStatements creates, by name.
// TestExpectedSchemaMatchesStatements keeps the two in step.
func expectedSchema() map[string]indexDef {
	node := func(label string, unique bool, props ...string) indexDef {
		return indexDef{Type: "RANGE", EntityType: "NODE", Labels: []string{label}, Props: props, Unique: unique}
	}
	out := map[string]indexDef{
		"entity_id":            node("Entity", true, "id"),
		"mandate_id":           node("Mandate", true, "id"),
		"source_id":            node("Source", true, "id"),
		"meta_key":             node("Meta", true, "key"),
		"entity_kind":          node("Entity", false, "kind"),
		"entity_name_fold":     node("Entity", false, "nameFold"),
		"mandate_person":       node("Mandate", false, "person"),
		"mandate_body":         node("Mandate", false, "body"),
		"mandate_on_behalf_of": node("Mandate", false, "onBehalfOf"),
		fulltextIndex: {Type: "FULLTEXT", EntityType: "NODE", Labels: []string{"Entity"},
			Props: []string{"searchText", "searchStart"}, Analyzer: "whitespace"},
	}
	for _, t := range kg.AllEdgeTypes {
		rt, err := relType(t)
		if err != nil {
			continue // schemaStatements reports it
		}
		out["rel_"+strings.ToLower(rt)+"_id"] = indexDef{Type: "RANGE", EntityType: "RELATIONSHIP",
			Labels: []string{rt}, Props: []string{"id"}}
	}
	return out
}

// schemaStatements lists every schema statement in order.
func schemaStatements() ([]string, error) {
	out := []string{
		cypherConstraintEntityID, cypherConstraintMandateID, cypherConstraintSourceID, cypherConstraintMetaKey,
		cypherIndexEntityKind, cypherIndexEntityNameFold,
		cypherIndexMandatePerson, cypherIndexMandateBody, cypherIndexMandateBehalf,
		cypherIndexFulltext,
	}
	for _, t := range kg.AllEdgeTypes {
		s, err := buildRelIndex(t)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// constantStatements maps the name of every constant statement and template to its text,
// for the tests that check the rules above.
var constantStatements = map[string]string{
	"cypherNodesByIDs":          cypherNodesByIDs,
	"cypherMandatesByIDs":       cypherMandatesByIDs,
	"tmplEdgesByIDsBranch":      tmplEdgesByIDsBranch,
	"cypherEdgesOfBoth":         cypherEdgesOfBoth,
	"cypherEdgesOfOut":          cypherEdgesOfOut,
	"cypherEdgesOfIn":           cypherEdgesOfIn,
	"cypherMandatesByPerson":    cypherMandatesByPerson,
	"cypherMandatesByBody":      cypherMandatesByBody,
	"cypherMandatesByBehalf":    cypherMandatesByBehalf,
	"cypherMandatesAll":         cypherMandatesAll,
	"cypherRelationshipCounts":  cypherRelationshipCounts,
	"cypherMandatePageByPerson": cypherMandatePageByPerson,
	"cypherMandatePageByBody":   cypherMandatePageByBody,
	"cypherMandatePageByBehalf": cypherMandatePageByBehalf,
	"cypherMandatePageAll":      cypherMandatePageAll,
	"cypherEdgePageBoth":        cypherEdgePageBoth,
	"cypherEdgePageOut":         cypherEdgePageOut,
	"cypherEdgePageIn":          cypherEdgePageIn,
	"cypherSearch":              cypherSearch,
	"tmplPath":                  tmplPath,
	"neighbourhoodHead":         neighbourhoodHead,
	"neighbourhoodStep":         neighbourhoodStep,
	"neighbourhoodTail":         neighbourhoodTail,
	"cypherListNodes":           cypherListNodes,
	"cypherListNodesInCountry":  cypherListNodesInCountry,
	"cypherSources":             cypherSources,
	"cypherStats":               cypherStats,
	"cypherShowIndexes":         cypherShowIndexes,
	"cypherConstraintEntityID":  cypherConstraintEntityID,
	"cypherConstraintMandateID": cypherConstraintMandateID,
	"cypherConstraintSourceID":  cypherConstraintSourceID,
	"cypherConstraintMetaKey":   cypherConstraintMetaKey,
	"cypherIndexEntityKind":     cypherIndexEntityKind,
	"cypherIndexEntityNameFold": cypherIndexEntityNameFold,
	"cypherIndexMandatePerson":  cypherIndexMandatePerson,
	"cypherIndexMandateBody":    cypherIndexMandateBody,
	"cypherIndexMandateBehalf":  cypherIndexMandateBehalf,
	"cypherIndexFulltext":       cypherIndexFulltext,
	"tmplRelIndex":              tmplRelIndex,
	"cypherAwaitIndexes":        cypherAwaitIndexes,
	"cypherLoadVersion":         cypherLoadVersion,
	"cypherUpsertEntities":      cypherUpsertEntities,
	"cypherDeleteStaleEntities": cypherDeleteStaleEntities,
	"tmplSetKindLabel":          tmplSetKindLabel,
	"cypherUpsertSources":       cypherUpsertSources,
	"cypherDeleteStaleSources":  cypherDeleteStaleSources,
	"cypherUpsertMandates":      cypherUpsertMandates,
	"cypherDeleteStaleMandates": cypherDeleteStaleMandates,
	"cypherDeleteMandateLinks":  cypherDeleteMandateLinks,
	"cypherCreateMandateLinks":  cypherCreateMandateLinks,
	"tmplDeleteStaleRels":       tmplDeleteStaleRels,
	"tmplMergeRels":             tmplMergeRels,
	"cypherWriteMeta":           cypherWriteMeta,
}
