// Every GraphQL text the two pages send is in this file, so that a schema change touches
// only this file. Written against the schema of this commit; where a newer schema differs,
// the explorer finds out once per page load by introspection (see `features`) and builds
// its queries for what the server has, so the same file serves both shapes:
//   - search(text, first) returning a list of SearchHit, or a SearchHitConnection (nodes);
//   - Node.relationships(first) returning a list, or a RelationshipConnection (totalCount, nodes);
//   - neighbourhood(..., activeAt) where the server has that argument (the date slider);
//   - Node.relationshipCounts where the server has it.
// The GraphiQL examples (EXAMPLES below) are the README's and follow its schema.
"use strict";

window.KG = window.KG || {};

window.KG.queries = (function () {
  // Introspection, once per page load: which optional arguments and fields the server has.
  const features = `query KgFeatures {
  query: __type(name: "Query") {
    fields { name args { name } type { kind name ofType { kind name ofType { kind name } } } }
  }
  node: __type(name: "Node") {
    fields { name type { kind name ofType { kind name ofType { kind name } } } }
  }
  edgeTypes: __type(name: "EdgeType") { enumValues { name } }
}`;

  // named(t) unwraps NON_NULL / LIST wrappers to the named type and tells whether a list was seen.
  function unwrap(t) {
    let list = false;
    while (t && (t.kind === "NON_NULL" || t.kind === "LIST")) {
      if (t.kind === "LIST") list = true;
      t = t.ofType;
    }
    return { name: t ? t.name : null, list: list };
  }

  // readFeatures turns the introspection answer into flags (null data: the defaults of this commit).
  function readFeatures(data) {
    const f = { searchConnection: false, relConnection: false, activeAt: false, relationshipCounts: false, edgeTypes: null };
    if (!data || !data.query) return f;
    const q = {};
    for (const fl of data.query.fields || []) q[fl.name] = fl;
    if (q.search) f.searchConnection = !unwrap(q.search.type).list;
    if (q.neighbourhood) f.activeAt = q.neighbourhood.args.some((a) => a.name === "activeAt");
    const n = {};
    for (const fl of (data.node && data.node.fields) || []) n[fl.name] = fl;
    if (n.relationships) f.relConnection = !unwrap(n.relationships.type).list;
    f.relationshipCounts = !!n.relationshipCounts;
    if (data.edgeTypes) f.edgeTypes = data.edgeTypes.enumValues.map((v) => v.name);
    return f;
  }

  const evidence = `evidence { quote asOf basis source { title publisher updated language } }`;

  function search(f) {
    const hit = `score node { id name kind category }`;
    return `query KgSearch($text: String!) {
  search(text: $text, first: 10) { ${f.searchConnection ? `nodes { ${hit} }` : hit} }
}`;
  }
  function searchHits(f, data) {
    return f.searchConnection ? data.search.nodes : data.search;
  }

  function neighbourhood(f) {
    return `query KgNeighbourhood($id: ID!, $hops: Int!, $types: [EdgeType!], $limit: Int!${f.activeAt ? ", $activeAt: PartialDate" : ""}) {
  neighbourhood(id: $id, hops: $hops, types: $types, limit: $limit${f.activeAt ? ", activeAt: $activeAt" : ""}) {
    truncated
    nodes { id name kind category }
    edges { id type role since until from { id } to { id } }
  }
}`;
  }

  // One page of a node's relationships (100, the maximum).
  const REL_PAGE = 100;
  function node(f) {
    const rel = `type direction role since until edge { id } node { id name kind }`;
    const rels = f.relConnection
      ? `relationships(first: ${REL_PAGE}) { totalCount pageInfo { hasNextPage endCursor } nodes { ${rel} } }`
      : `relationships(first: ${REL_PAGE}) { ${rel} }`;
    return `query KgNode($id: ID!) {
  node(id: $id) {
    id name kind category aliases since until note
    ${evidence}
    attributes { key value evidence { quote asOf source { title publisher language } } }
    ... on Person { party { name abbreviation } }
    ${f.relationshipCounts ? "relationshipCounts { type direction count }" : ""}
    ${rels}
  }
}`;
  }
  // The next page of a node's relationships (only where relationships is a connection).
  function relPage(f) {
    return `query KgRelPage($id: ID!, $after: String) {
  node(id: $id) {
    relationships(first: ${REL_PAGE}, after: $after) {
      totalCount pageInfo { hasNextPage endCursor }
      nodes { type direction role since until edge { id } node { id name kind } }
    }
  }
}`;
  }
  // relationships(f, node) → { list, total, after }: total is null when the server does not
  // count; after is the cursor of the next page, null when there is none.
  function relationships(f, n) {
    if (f.relConnection) {
      const c = n.relationships;
      return { list: c.nodes, total: c.totalCount, after: c.pageInfo.hasNextPage ? c.pageInfo.endCursor : null };
    }
    return { list: n.relationships, total: null, after: null };
  }

  const edge = `query KgEdge($id: ID!) {
  edge(id: $id) {
    id type role since until note
    from { id name kind }
    to { id name kind }
    ${evidence}
    mandate { role since until party { abbreviation } onBehalfOf { name } body { name } }
  }
}`;

  // Names and kinds of nodes known only by id (at most 100 ids).
  const nodesBrief = `query KgNodes($ids: [ID!]!) { nodes(ids: $ids) { id name kind } }`;

  // The query a node's "Open in GraphiQL" link opens (JSON-escaped id: ids are [a-z0-9-]).
  function nodeInGraphiQL(f, id) {
    const rel = `type direction role since until
      node { id name kind }
      evidence { quote asOf source { title } }`;
    return `# A node of the graph, with its relationships
# and their evidence. Draw the answer as a network:
# the network button in the toolbar.
query Node {
  node(id: ${JSON.stringify(id)}) {
    id name kind category aliases since until
    evidence { quote asOf source { title publisher } }
    attributes { key value }
    relationships(first: 50) {
      ${f.relConnection ? `totalCount
      nodes { ${rel} }` : rel}
    }
  }
}
`;
  }
  function edgeInGraphiQL(id) {
    return `# A relationship and where the documents say so.
query Relationship {
  edge(id: ${JSON.stringify(id)}) {
    id type role since until note
    from { id name kind }
    to { id name kind }
    evidence { quote asOf basis source { title publisher updated } }
  }
}
`;
  }

  // The README's example questions, one GraphiQL tab each (the operation name is the tab's title).
  const EXAMPLES = [
    `# Which bodies does Bo Frank sit in, on whose
# behalf, with which role — and where does it say
# so?
# Run: ▶ or Ctrl-Enter; other tabs hold the
# README's other questions. Contact data needs
# {"Authorization": "Bearer <token>"} under Headers.
query BoFrankMandates {
  node(id: "bo-frank") {
    name
    ... on Person {
      party { abbreviation }
      mandates {
        totalCount
        nodes {
          role since until
          onBehalfOf { name }
          body { name }
          evidence { quote asOf source { title publisher } }
        }
      }
      affiliations { nodes { role node { name } } }
    }
  }
}
`,
    `# Who represents Region Kronoberg, everywhere?
# (the principal's side)
query RegionKronobergRepresentatives {
  node(id: "region-kronoberg") {
    ... on Region {
      representatives { totalCount nodes { person { name } party { abbreviation } role body { name } } }
    }
  }
}
`,
    `# Who sits in Euroregion Baltic, grouped by whom
# they represent? (the body's side; a network's
# representatives include those in its boards and
# groups)
query EuroregionBalticByPrincipal {
  node(id: "euroregion-baltic") {
    ... on Network {
      representativesByPrincipal(first: 10) {
        nodes {
          onBehalfOf { name }
          mandates(first: 20) { nodes { person { name } role party { abbreviation } evidence { quote } } }
        }
      }
    }
  }
}
`,
    `# Or flat, filtered and dated
query EnergyCities2018 { mandates(body: "energy-cities", activeAt: "2018") { totalCount nodes { person { name } role onBehalfOf { name } } } }
`,
    `# All of Växjö kommun's relationships, page by
# page, with their counts (degree and
# relationshipCounts come from the store's degree
# index, without …
query VaxjoRelationshipsAndCounts {
  node(id: "vaxjo-kommun") {
    degree
    members: degree(types: [MEMBER_OF], direction: OUT)
    relationshipCounts { type direction count }
    relationships(first: 20) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { type direction role since until node { id name } } }
    }
  }
}
`,
    `# Växjö's network as it stood in 2016 (dated
# relationships only)
query VaxjoAsOf2016 {
  node(id: "vaxjo-kommun") {
    relationships(activeAt: "2016", includeUndated: false) { totalCount nodes { type since until node { name } } }
  }
}
`,
    `# Search — case-, diacritic- and alias-
# insensitive, one typo tolerated, ranked
query Search { search(text: "Borgmästaravtalet") { nodes { score node { id name kind aliases } } } }
`,
    `# Which networks have the most members? (from the
# degree index; filter: { minDegree: … } keeps
# only nodes with at least that many
# relationships)
query NetworksByMembers {
  networks(orderBy: { field: DEGREE, types: [MEMBER_OF], direction: IN, descending: true }, first: 5) {
    nodes { name }
  }
}
`,
    `# Dashboards and history — counts grouped by kind,
# category, country or edge type (optionally
# around a node), and a node's dated relationships
# and …
query CountsAndTimeline {
  counts(groupBy: COUNTRY) { key label count }
  node(id: "vaxjo-kommun") {
    timeline(first: 10) { totalCount nodes { date point relationship { type node { name } } mandate { role } evidence { quote } } }
  }
}
`,
    `# How is Roland Gustbée connected to Växjö kommun?
# (shortest path, any direction)
query GustbeeToVaxjo {
  path(from: "roland-gustbee", to: "vaxjo-kommun", maxHops: 4) {
    length
    nodes { id name kind }
    edges { type role from { id } to { id } evidence { quote } }
  }
}
`,
    `# Everything around Växjö kommun (for drawing the
# network)
query AroundVaxjo {
  neighbourhood(id: "vaxjo-kommun", hops: 1, limit: 200) {
    truncated
    nodes { id name kind }
    edges { id type role since from { id } to { id } }
  }
}
`,
    `# Typed lists are Relay connections with stable
# ordering (name, then id) and filters
query Projects2016 {
  projects(first: 10, filter: { activeIn: 2016 }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes {
      name since until
      participants { totalCount nodes { role node { name } } }
      funders { nodes { node { name } } }
      contacts { nodes { node { name } } }
    }
  }
}
`,
    `# Through what are Region Kronoberg and Växjö
# kommun tied?
query SharedTies { sharedTies(a: "region-kronoberg", b: "vaxjo-kommun") {
    count
    ties { node { name } edgesA { type role evidence { quote } } edgesB { type role } }
    groups { typeA typeB count ties { node { name } } } } }
`,
    `# Which municipalities share the most networks and
# projects with Växjö?
query Interlocks { interlocks(id: "vaxjo-kommun", kind: MUNICIPALITY, via: [MEMBER_OF, PARTICIPATES_IN], first: 10) {
    totalCount
    nodes { rank count node { name } shared { name } } } }
`,
    `# Who are the brokers of the network?
query Brokers { centrality(measure: BETWEENNESS, first: 5) { totalCount nodes { rank score node { name } } } }
`,
    `# Which networks have the most members? (IN
# counts the memberships pointing at a node)
query MostMembers { centrality(measure: DEGREE, types: [MEMBER_OF], direction: IN, first: 4) { totalCount nodes { rank score node { name } } } }
`,
    `# Which clusters of actors work together around
# Växjö?
query Communities { communities(center: "vaxjo-kommun", hops: 2, types: [MEMBER_OF, PARTICIPATES_IN], first: 3) {
    modularity count communities { id size nodes { name } } } }
`,
    `# Personal contact data needs a token: under
# "Headers" put {"Authorization": "Bearer <token>"}
# (a token from KG_CONTACT_TOKENS).
# Without one: null and a FORBIDDEN error.
query ContactData {
  node(id: "daniel-folkesson") {
    name
    ... on Person { email phone contactFor { nodes { node { name } } } }
  }
}
`,
  ];

  return {
    features, readFeatures, search, searchHits, neighbourhood, node, relationships, relPage, edge, nodesBrief,
    nodeInGraphiQL, edgeInGraphiQL, EXAMPLES, REL_PAGE,
  };
})();
