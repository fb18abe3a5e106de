// Type definitions of the peer: the Neo4j GraphQL Library (@neo4j/graphql 7) over the graph
// exactly as `kg load` writes it (internal/neo4jstore/load.go, mapping.go; docs/neo4j.md,
// "Data model"). Nothing is copied or re-shaped in the database:
//
//   (:Entity:<Kind> {id, kind, name, nameFold, aliasFolds, abbreviation, …})
//   (:Entity)-[:MEMBER_OF|PART_OF|… {id, from, to, role, …}]->(:Entity)
//   (:Mandate {id, person, onBehalfOf, body, role, since, until, …})
//   (:Entity)-[:HOLDS_MANDATE]->(:Mandate)-[:MANDATE_IN]->(:Entity), (:Mandate)-[:MANDATE_FOR]->(:Entity)
//
// What the library generates from @node/@relationship (people(where:), nested relationship
// fields with sort/limit) is used wherever it can express the question. Where it cannot,
// the field is a @cypher statement; each says why:
//   - mandatesInBody: "the body or one of its parts" is a variable-length PART_OF walk; the
//     generated filters have no such predicate (closest generated query:
//     mandates(where: {body: {id: {eq: $body}}}) — the body only, without its board/groups).
//   - search: the library's @fulltext returns Lucene's own score; kg ranks by its own rule
//     (exact 1.0, alias 0.9, prefix 0.7, word 0.5, fuzzy 0.3). The statement ranks the
//     full-text candidates by that rule in Cypher (see fold and within1 below).
//   - path, neighbourhood: the library has no path or traversal type at all. The statements
//     are those of kg's Neo4j adapter (internal/neo4jstore/cypher.go: allShortestPaths with
//     the deterministic ORDER BY; the unrolled breadth-first walk) with the workload's
//     parameters written in (maxHops 6, hops 2), so both sides send the same Cypher and the
//     comparison is of the GraphQL layers, not of Cypher skill.
//
// Limits of the peer's Cypher fold (kg.Fold in Go): lower case, NFD, combining marks
// U+0300–U+036F dropped, ø/æ/œ/ß/ł/đ/þ spelled out, ASCII non-alphanumerics become spaces;
// non-ASCII punctuation is kept as a letter (kg turns it into a space). Abbreviations are
// folded the same way. Enough for the workload (names with Swedish diacritics).

// Edge types of the graph and their rank (position in kg.AllEdgeTypes): the order kg uses.
export const edgeTypes = [
  "MEMBER_OF", "PARTICIPATES_IN", "FUNDS", "COORDINATES", "PARTNER_OF", "LOCATED_IN",
  "CONTACT_FOR", "AFFILIATED_WITH", "PART_OF", "HOSTS", "OWNS", "ORGANISES", "INITIATED",
  "REPRESENTS", "SERVES_ON",
];
const rank = "{" + edgeTypes.map((t, i) => `${t}: ${i}`).join(", ") + "}";
const types = "[" + edgeTypes.map((t) => `'${t}'`).join(", ") + "]";
const relAlt = edgeTypes.join("|");

// fold(x): a Cypher expression folding the string expression x (see the limits above).
const fold = (x) => String.raw`trim(reduce(s = '', c IN split(normalize(toLower(${x}), NFD), '') |
    s + CASE
      WHEN c >= '\u0300' AND c <= '\u036f' THEN ''
      WHEN (c >= 'a' AND c <= 'z') OR (c >= '0' AND c <= '9') THEN c
      WHEN c = 'ø' THEN 'o' WHEN c = 'æ' THEN 'ae' WHEN c = 'œ' THEN 'oe' WHEN c = 'ß' THEN 'ss'
      WHEN c = 'ł' THEN 'l' WHEN c = 'đ' THEN 'd' WHEN c = 'þ' THEN 'th'
      WHEN c > '\u007f' THEN c
      ELSE ' ' END))`;

// within1(a, b): kg.Within1 — equal, or one substitution, insertion, deletion or adjacent
// transposition apart (in code points).
const within1 = (a, b) => `(${a} = ${b}
  OR (size(${a}) = size(${b}) AND (
        size([i IN range(0, size(${a}) - 1) WHERE substring(${a}, i, 1) <> substring(${b}, i, 1)]) = 1
     OR any(i IN range(0, size(${a}) - 2) WHERE substring(${a}, 0, i) = substring(${b}, 0, i)
            AND substring(${a}, i, 1) = substring(${b}, i + 1, 1) AND substring(${a}, i + 1, 1) = substring(${b}, i, 1)
            AND substring(${a}, i + 2) = substring(${b}, i + 2))))
  OR (size(${a}) = size(${b}) + 1 AND any(i IN range(0, size(${a}) - 1) WHERE substring(${a}, 0, i) + substring(${a}, i + 1) = ${b}))
  OR (size(${b}) = size(${a}) + 1 AND any(i IN range(0, size(${b}) - 1) WHERE substring(${b}, 0, i) + substring(${b}, i + 1) = ${a})))`;

const searchStatement = `
WITH [w IN split(${fold("$text")}, ' ') WHERE w <> ''] AS words
WHERE size(words) > 0 AND $first > 0
WITH words, reduce(t = '', w IN words | t + CASE WHEN t = '' THEN '' ELSE ' ' END + w) AS text, size(words) - 1 AS last
WITH words, text, last,
  '(' + reduce(q = '', i IN range(0, last) | q + CASE WHEN i = 0 THEN '' ELSE ' ' END + '+(' + words[i]
      + CASE WHEN size(words[i]) >= 4 THEN ' ' + words[i] + '~1' ELSE '' END
      + CASE WHEN i = last AND size(words[i]) >= 3 THEN ' ' + words[i] + '*' ELSE '' END + ')')
  + ') OR (' + CASE WHEN last = 0 THEN 'searchStart:' + words[0] + '*'
      ELSE reduce(q = '', i IN range(0, last) | q + CASE WHEN i = 0 THEN '+searchStart:' + words[0]
                   WHEN i = last THEN ' +' + words[i] + '*' ELSE ' +' + words[i] END) END + ')' AS lucene
CALL db.index.fulltext.queryNodes('entity_search', lucene) YIELD node
WITH DISTINCT node AS n, words, text, last
LIMIT 2000
WITH n, words, text, last, [n.nameFold] + [a IN coalesce(n.aliasFolds, []) WHERE a <> '']
     + CASE WHEN n.abbreviation IS NULL THEN [] ELSE [${fold("n.abbreviation")}] END AS names
WITH n, words, text, last, names, reduce(v = [], f IN names | v + [w IN split(f, ' ') WHERE w <> '']) AS vocab
WITH n, CASE
  WHEN n.nameFold = text THEN 1.0
  WHEN any(f IN tail(names) WHERE f = text) THEN 0.9
  WHEN any(f IN names WHERE f STARTS WITH text) THEN 0.7
  WHEN all(i IN range(0, last) WHERE any(v IN vocab WHERE
         CASE WHEN i = last AND size(words[i]) >= 3 THEN v STARTS WITH words[i] ELSE v = words[i] END)) THEN 0.5
  WHEN all(w IN words WHERE any(v IN vocab WHERE
         CASE WHEN size(w) >= 4 THEN ${within1("w", "v")} ELSE v = w END)) THEN 0.3
  ELSE 0.0 END AS score
WHERE score > 0
WITH n, score ORDER BY score DESC, size(n.nameFold), n.nameFold, n.id
LIMIT $first
RETURN {score: score, node: n {.id, .name, .kind}} AS hit`;

// kg's path statement (tmplPath) with maxHops 6 and all graph edge types.
const pathStatement = `
MATCH (a:Entity {id: $from})
MATCH (b:Entity {id: $to})
MATCH p = allShortestPaths((a)-[*..6]-(b))
WHERE all(r IN relationships(p) WHERE type(r) IN ${types})
WITH p, relationships(p) AS rs, nodes(p) AS ns
ORDER BY [i IN range(0, size(rs) - 1) | [${rank}[type(rs[i])], ns[i + 1].id, rs[i].id]]
LIMIT 1
RETURN {length: size(rs), nodes: [x IN ns | x {.id, .name, .kind}],
        edges: [r IN rs | {id: r.id, type: type(r)}]} AS path`;

// kg's neighbourhood statement (neighbourhoodHead + 2 × neighbourhoodStep + neighbourhoodTail),
// with kg's edge cap: at most 2 × limit edges, the first in walk order (kg.SubgraphEdgesPerNode).
const step = `
WITH seen, frontier, truncated, seen AS expanded, COLLECT {
  UNWIND range(0, size(frontier) - 1) AS i
  WITH frontier[i] AS p, i
  MATCH (p)-[r]-(o:Entity)
  WHERE type(r) IN ${types} AND NOT o IN seen
  WITH o, min(i * 100 + ${rank}[type(r)]) AS k
  ORDER BY k, o.id
  RETURN o
} AS found
WITH expanded, truncated, found, seen, $limit - size(seen) AS room
WITH expanded, seen + found[..room] AS seen, found[..room] AS frontier, truncated OR size(found) > room AS truncated`;
const neighbourhoodStatement = `
MATCH (c:Entity {id: $id})
WITH [c] AS seen, [c] AS frontier, [] AS expanded, false AS truncated` + step + step + `
WITH truncated, seen, COLLECT {
  UNWIND range(0, size(expanded) - 1) AS i
  WITH expanded[i] AS p, i
  MATCH (p)-[r]-(o:Entity)
  WHERE type(r) IN ${types} AND o IN seen
  WITH r, min(i) AS fi
  WITH r, fi, CASE WHEN startNode(r) = expanded[fi] THEN endNode(r) ELSE startNode(r) END AS o
  ORDER BY fi, ${rank}[type(r)], o.id, r.id
  RETURN {id: r.id, type: type(r), from: {id: r.from}, to: {id: r.to}}
} AS edges
RETURN {truncated: truncated OR size(edges) > 2 * $limit, nodes: [x IN seen | x {.id, .name, .kind}],
        edges: edges[..2 * $limit]} AS sub`;

const mandatesInBodyStatement = `
MATCH (x:Entity)-[:PART_OF*0..2]->(b:Entity {id: $body})
WITH DISTINCT x
MATCH (x)<-[:MANDATE_IN]-(m:Mandate)
RETURN m
ORDER BY m.body, coalesce(m.onBehalfOf, ''), m.person, m.id
LIMIT 100`;

// GraphQL block strings keep backslashes literally, so the Cypher sees \u0300 as written.
const block = (s) => '"""' + s.replaceAll('"""', '\\"""') + '"""';

export const typeDefs = /* GraphQL */ `
type Entity @node(labels: ["Entity"]) @mutation(operations: []) {
  id: ID!
  name: String!
  kind: String!
  "MEMBER_OF pointing here (a network's or organisation's members)."
  members: [Entity!]! @relationship(type: "MEMBER_OF", direction: IN)
}

type Party @node(labels: ["Party"]) @mutation(operations: []) {
  id: ID!
  name: String!
  kind: String!
}

type Person @node(labels: ["Person"]) @mutation(operations: []) {
  id: ID!
  name: String!
  kind: String!
  party: Party @relationship(type: "MEMBER_OF", direction: OUT)
  mandates: [Mandate!]! @relationship(type: "HOLDS_MANDATE", direction: OUT)
}

type Mandate @node(labels: ["Mandate"]) @mutation(operations: []) {
  id: ID!
  role: String
  since: String
  until: String
  "The id properties kg load writes next to the links (for ordering)."
  bodyId: String! @alias(property: "body")
  personId: String! @alias(property: "person")
  onBehalfOfId: String @alias(property: "onBehalfOf")
  person: Person @relationship(type: "HOLDS_MANDATE", direction: IN)
  onBehalfOf: Entity @relationship(type: "MANDATE_FOR", direction: OUT)
  body: Entity @relationship(type: "MANDATE_IN", direction: OUT)
}

type SearchHitNode { id: ID! name: String! kind: String! }
type SearchHit { score: Float! node: SearchHitNode! }
type PathEdge { id: ID! type: String! }
type Path { length: Int! nodes: [SearchHitNode!]! edges: [PathEdge!]! }
type EndRef { id: ID! }
type SubgraphEdge { id: ID! type: String! from: EndRef! to: EndRef! }
type Subgraph { truncated: Boolean! nodes: [SearchHitNode!]! edges: [SubgraphEdge!]! }

type Query {
  "Mandates in the body or in one of its parts (two PART_OF levels), in kg's order."
  mandatesInBody(body: ID!): [Mandate!]!
    @cypher(statement: ${block(mandatesInBodyStatement)}, columnName: "m")
  search(text: String!, first: Int = 10): [SearchHit!]!
    @cypher(statement: ${block(searchStatement)}, columnName: "hit")
  "Shortest path of at most 6 hops (the bound is fixed in the statement)."
  path(from: ID!, to: ID!): Path
    @cypher(statement: ${block(pathStatement)}, columnName: "path")
  "Two hops around id (fixed in the statement), at most limit nodes."
  neighbourhood(id: ID!, limit: Int = 200): Subgraph
    @cypher(statement: ${block(neighbourhoodStatement)}, columnName: "sub")
}
`;
