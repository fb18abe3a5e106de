// Package difftest proves the Neo4j backend equal to the embedded one through the whole
// service: the same graph is loaded into Neo4j (neo4jstore.Load) and into memstore, both are
// served by the real HTTP handler (httpapi.New), and the same broad set of GraphQL and export
// requests must get byte-identical answers (JSON compared after canonical key order).
//
// The tests need a Neo4j server (NEO4J_URI …, see scripts/neo4j.sh) and skip without one,
// unless KG_REQUIRE_NEO4J=1 (CI), which makes the skip a failure. They OVERWRITE the
// configured database: run them against a scratch server, and not in parallel with
// internal/neo4jstore's contract suite (go test -p 1, or one package at a time).
package difftest
