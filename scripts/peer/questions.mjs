// The workload questions of internal/bench, side by side: the query kg answers (kg serve on
// Neo4j and embedded get the same text) and the query the peer answers, with one normaliser
// per side that turns each answer into the same shape. This is the one place to change when
// kg's schema changes (e.g. a list becoming a connection with `nodes { … }`): edit the kg
// query text here and, if the shape moved, its normaliser — `items` already accepts a
// plain list, a connection's `nodes` or its `edges { node }`.
//
// The kg texts are internal/bench's (WhoRepresentsWhom, ThreeLevels, Search, Path,
// Neighbourhood, NeighbourhoodFixed) as of this commit; ids come from the graph's landmarks
// (internal/gen, or kgpeer's choice for the seeds). The peer's Int arguments are written
// into its query text because the load generator (cmd/kgload) sends string variables only.
//
// Equality rules (what "the same answer" means):
//   - lists of mandates, members, neighbourhood nodes and edges are compared as sets (sorted by
//     id): both sides order them, but the peer's generated relationship fields order by one
//     sort key list, and this check is about content;
//   - search hits are compared in order, with scores (the ranking is the question);
//   - a path is compared by length and ends, as internal/difftest does: among several equally
//     short paths the embedded store may choose another one than the Neo4j statement (the
//     port leaves the choice open). kg on Neo4j and the peer send the same path statement and
//     are also compared node by node (strictPath).

// items: a list, or a connection's nodes, or its edges' nodes.
export function items(x) {
  if (x == null) return [];
  if (Array.isArray(x)) return x;
  if (Array.isArray(x.nodes)) return x.nodes;
  if (Array.isArray(x.edges)) return x.edges.map((e) => e.node);
  throw new Error("not a list or connection: " + JSON.stringify(x).slice(0, 200));
}

const byId = (a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const sorted = (xs) => [...xs].sort(byId);

// ---- kg (internal/bench) --------------------------------------------------------------------

const kgWhoRepresentsWhom = `query WhoRepresentsWhom($body: ID!) {
  mandates(body: $body, first: 100) {
    totalCount
    nodes {
      id role since until
      person { id name party { id name } }
      onBehalfOf { id name kind }
      body { id name }
    }
  }
}`;

const kgThreeLevels = `query ThreeLevels($person: ID!) {
  node(id: $person) {
    id name
    ... on Person {
      mandates(first: 10) {
        nodes {
          id role
          body {
            id name
            ... on Organisation { members(first: 100) { totalCount nodes { node { id name kind } } } }
            ... on Network { members(first: 100) { totalCount nodes { node { id name kind } } } }
          }
        }
      }
    }
  }
}`;

const kgSearch = `query Search($text: String!) {
  search(text: $text, first: 10) { nodes { score node { id name kind } } }
}`;

const kgPath = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 6) { length nodes { id name kind } edges { id type } }
}`;

const kgNeighbourhood = (limit) => `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, hops: 2, limit: ${limit}) {
    truncated
    nodes { id name kind }
    edges { id type from { id } to { id } }
  }
}`;

// ---- the peer (scripts/peer/typedefs.mjs) ----------------------------------------------------

const peerWhoRepresentsWhom = `query WhoRepresentsWhom($body: ID!) {
  mandatesInBody(body: $body) {
    id role since until
    person { id name party { id name } }
    onBehalfOf { id name kind }
    body { id name }
  }
}`;

// Generated fields only: people(where:) → mandates → body → members. The peer's body is the
// one Entity type, so it selects kind to tell which bodies kg gives members (ORGANISATION,
// NETWORK); pages as kg's query: its first 10 mandates, each body's first 100 members.
const peerThreeLevels = `query ThreeLevels($person: ID!) {
  people(where: { id: { eq: $person } }) {
    id name
    mandates(limit: 10, sort: [{ bodyId: ASC }, { onBehalfOfId: ASC }, { id: ASC }]) {
      id role
      body { id name kind members(limit: 100, sort: [{ id: ASC }]) { id name kind } }
    }
  }
}`;

const peerSearch = `query Search($text: String!) {
  search(text: $text, first: 10) { score node { id name kind } }
}`;

const peerPath = `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to) { length nodes { id name kind } edges { id type } }
}`;

const peerNeighbourhood = (limit) => `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, limit: ${limit}) {
    truncated
    nodes { id name kind }
    edges { id type from { id } to { id } }
  }
}`;

// ---- normalisers -----------------------------------------------------------------------------

const mandateSet = (ms) => sorted(items(ms));

function threeLevels(person, membersOf) {
  if (!person) return null;
  return {
    id: person.id,
    name: person.name,
    mandates: sorted(items(person.mandates).map((m) => ({
      id: m.id,
      role: m.role,
      body: { id: m.body.id, name: m.body.name, members: membersOf(m.body) },
    }))),
  };
}

const hasMembers = new Set(["ORGANISATION", "NETWORK"]);

const pathShape = (p) => p && { length: p.length, from: p.nodes[0]?.id, to: p.nodes.at(-1)?.id };

const subgraph = (s) => s && { truncated: s.truncated, nodes: sorted(s.nodes), edges: sorted(s.edges) };

// questions returns the workload for a graph's landmarks (gen.Landmarks as JSON).
export function questions(lm) {
  return [
    {
      name: "WhoRepresentsWhom",
      vars: { body: lm.BusyBody },
      kg: kgWhoRepresentsWhom,
      peer: peerWhoRepresentsWhom,
      kgNorm: (d) => mandateSet(d.mandates),
      peerNorm: (d) => mandateSet(d.mandatesInBody),
    },
    {
      name: "ThreeLevels",
      vars: { person: lm.Person },
      kg: kgThreeLevels,
      peer: peerThreeLevels,
      kgNorm: (d) => threeLevels(d.node, (b) => (b.members === undefined ? null : sorted(items(b.members).map((r) => r.node)))),
      peerNorm: (d) => threeLevels(d.people[0], (b) => (hasMembers.has(b.kind) ? sorted(items(b.members)) : null)),
    },
    {
      name: "Search",
      vars: { text: lm.SearchText },
      kg: kgSearch,
      peer: peerSearch,
      kgNorm: (d) => items(d.search),
      peerNorm: (d) => d.search,
    },
    {
      name: "Path",
      vars: { from: lm.PathFrom, to: lm.PathTo },
      kg: kgPath,
      peer: peerPath,
      kgNorm: (d) => pathShape(d.path),
      peerNorm: (d) => pathShape(d.path),
      strictPath: (d) => d.path,
    },
    {
      name: "Neighbourhood2",
      vars: { id: lm.Center },
      kg: kgNeighbourhood(1000),
      peer: peerNeighbourhood(1000),
      kgNorm: (d) => subgraph(d.neighbourhood),
      peerNorm: (d) => subgraph(d.neighbourhood),
    },
    {
      name: "NeighbourhoodFixed",
      vars: { id: lm.Center },
      kg: kgNeighbourhood(200),
      peer: peerNeighbourhood(200),
      kgNorm: (d) => subgraph(d.neighbourhood),
      peerNorm: (d) => subgraph(d.neighbourhood),
    },
  ];
}
