// Every GraphQL text of the pages (internal/ui/src/queries.js) is valid against the schema of
// this checkout (schema.graphqls), for the features that schema has; and GraphiQL's example
// tabs are the README's example queries. No server or browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import vm from "node:vm";
import { buildSchema, graphqlSync, parse, print, validate, Kind } from "graphql";

const root = new URL("../../", import.meta.url);
const schema = buildSchema(fs.readFileSync(new URL("schema.graphqls", root), "utf8"));
const sandbox = { window: {} };
vm.runInNewContext(fs.readFileSync(new URL("internal/ui/src/queries.js", root), "utf8"), sandbox);
const Q = sandbox.window.KG.queries;

function check(name, text) {
  const errors = validate(schema, parse(text));
  assert.deepEqual(errors.map((e) => e.message), [], `${name}:\n${text}`);
}

const features = graphqlSync({ schema, source: Q.features });
assert.equal(features.errors, undefined);
const F = Q.readFeatures(features.data);

test("the introspection of features reads this schema", () => {
  check("features", Q.features);
  assert.ok(F.edgeTypes.includes("MEMBER_OF") && F.edgeTypes.includes("SERVES_ON"));
  const q = schema.getQueryType().getFields();
  assert.equal(F.activeAt, q.neighbourhood.args.some((a) => a.name === "activeAt"));
  assert.equal(F.relationshipCounts, "relationshipCounts" in schema.getType("Node").getFields());
});

test("the explorer's queries are valid against schema.graphqls", () => {
  check("search", Q.search(F));
  check("neighbourhood", Q.neighbourhood(F));
  check("node", Q.node(F));
  check("edge", Q.edge);
  check("nodesBrief", Q.nodesBrief);
  if (F.relConnection) check("relPage", Q.relPage(F));
  check("nodeInGraphiQL", Q.nodeInGraphiQL(F, "vaxjo-kommun"));
  check("edgeInGraphiQL", Q.edgeInGraphiQL("x"));
});

test("GraphiQL's example tabs are valid, named, and include every README example", () => {
  const strip = (text) => {
    const doc = parse(text, { noLocation: true });
    return print({ ...doc, definitions: doc.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? { ...d, name: undefined } : d)) });
  };
  const names = new Set();
  for (const ex of Q.EXAMPLES) {
    check("example", ex);
    const op = parse(ex).definitions[0];
    assert.ok(op.name, `an example without an operation name (the tab's title):\n${ex}`);
    assert.ok(!names.has(op.name.value), `two examples named ${op.name.value}`);
    names.add(op.name.value);
  }
  const tabs = new Set(Q.EXAMPLES.map(strip));
  const readme = fs.readFileSync(new URL("README.md", root), "utf8");
  const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 5, "README examples not found");
  for (const b of blocks) assert.ok(tabs.has(strip(b)), `README example missing from GraphiQL's tabs (queries.js EXAMPLES):\n${b}`);
});

// The planned shapes of issue 16 (connections for search and relationships, activeAt on
// neighbourhood, relationshipCounts), made from this schema by text edits where it still has
// the old shapes: the explorer's feature-detected queries must be valid against them too.
test("the explorer's queries are valid against the planned connection shapes too", (t) => {
  let sdl = fs.readFileSync(new URL("schema.graphqls", root), "utf8");
  const edits = [
    [/relationships\(types: \[EdgeType!\], direction: Direction = BOTH, first: Int = 50\): \[Relationship!\]!/g,
      "relationships(types: [EdgeType!], direction: Direction = BOTH, first: Int = 50, after: String): RelationshipConnection!\n  relationshipCounts: [RelationshipCount!]!"],
    [/search\(text: String!, kinds: \[NodeKind!\], first: Int = 10\): \[SearchHit!\]!/,
      "search(text: String!, kinds: [NodeKind!], first: Int = 50, after: String): SearchHitConnection!"],
    [/neighbourhood\(id: ID!, hops: Int = 1, types: \[EdgeType!\], limit: Int = 200\)/,
      "neighbourhood(id: ID!, hops: Int = 1, types: [EdgeType!], limit: Int = 200, activeAt: PartialDate)"],
  ];
  for (const [re, to] of edits) {
    if (!re.test(sdl)) { t.skip("schema.graphqls already changed: the test above covers it"); return; }
    sdl = sdl.replace(re, to);
  }
  sdl += `
type RelationshipEdge { cursor: String!  node: Relationship! }
type RelationshipConnection { totalCount: Int!  pageInfo: PageInfo!  edges: [RelationshipEdge!]!  nodes: [Relationship!]! }
type RelationshipCount { type: EdgeType!  direction: Direction!  count: Int! }
type SearchHitEdge { cursor: String!  node: SearchHit! }
type SearchHitConnection { totalCount: Int!  pageInfo: PageInfo!  edges: [SearchHitEdge!]!  nodes: [SearchHit!]! }
`;
  const planned = buildSchema(sdl);
  const f = Q.readFeatures(graphqlSync({ schema: planned, source: Q.features }).data);
  assert.deepEqual([f.searchConnection, f.relConnection, f.activeAt, f.relationshipCounts], [true, true, true, true]);
  for (const [name, text] of [["search", Q.search(f)], ["neighbourhood", Q.neighbourhood(f)], ["node", Q.node(f)],
    ["relPage", Q.relPage(f)], ["nodeInGraphiQL", Q.nodeInGraphiQL(f, "x")]]) {
    assert.deepEqual(validate(planned, parse(text)).map((e) => e.message), [], `${name}:\n${text}`);
  }
});
