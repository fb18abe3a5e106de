// Package export writes the knowledge graph, or a selected part of it, in the formats that
// network-analysis and drawing tools read: GraphML (networkx, igraph, yEd, Gephi), GEXF 1.3
// or 1.2 (Gephi; networkx before 3.6 reads only 1.2), Cytoscape.js JSON (dashboards,
// networkx's cytoscape_graph) and CSV node and edge tables (R, pandas, spreadsheets, Gephi's
// spreadsheet import), one at a time or in a zip with a table of the cited sources.
//
// # Selection
//
// A Selection is either the whole graph or the neighbourhood of a centre node (as the
// neighbourhood query: Hops 0..3, ignoring direction, optionally only along some edge
// types), in both cases optionally restricted to some node kinds. See ParseSelection for the
// query parameters and Select for the exact semantics.
//
// # Mandates
//
// Mandates (a person sits in a body on behalf of a principal) are ternary facts; the tools
// draw binary edges. They are exported as the two edges the store already derives from each
// mandate, with the third party as an attribute, so that nothing is lost and nothing
// special has to be drawn:
//
//   - REPRESENTS: person → on-behalf-of (the principal), attribute body = the body;
//   - SERVES_ON: person → body, attribute onBehalfOf = the principal ("" when none).
//
// Both edges carry role, since, until, note, evidence and mandate (the mandate id), and both
// carry body and onBehalfOf, so either edge type can be filtered by either party.
//
// # Attributes
//
// Every format carries the same attributes, defined once in fields.go:
//
//	nodes: id, label (the name), kind, category, abbreviation, aliases, since, until, note,
//	       attributes, evidence [, email, phone]
//	edges: id, source, target, type, role, since, until, body, onBehalfOf, mandate, note,
//	       evidence
//
// Dates are partial ISO dates at their own precision ("2014", "2016-04", "2014-08-28").
// In GraphML, GEXF and CSV, list values are flattened into one string with " | " between
// items: evidence as "source-id (source date, basis): quote" (see flattenEvidence),
// attributes as "key: value", aliases as they are.
// The Cytoscape.js JSON keeps them structured (arrays of objects), and is the format to use
// when the evidence must be read back exactly. Empty values are left out (GraphML, GEXF,
// JSON) or written as empty cells (CSV). The CSV tables name their columns as Gephi's
// spreadsheet import expects (Id, Label, Source, Target, Type, Time Interval; see csv.go).
//
// Dated nodes and edges (since/until) get time spells in GEXF and a Time Interval in CSV, by
// one rule (spellStart, spellEnd), so that Gephi's timeline shows them.
//
// email and phone (personal contact data) appear only when Selection.Contact is set; the
// HTTP edge (internal/httpapi) sets it only for callers the API itself would show contact
// data to. This package has no HTTP of its own: it selects and writes.
//
// # Text
//
// All text goes through one rule before it is written: characters XML 1.0 cannot carry
// (most C0 control characters, U+FFFE, U+FFFF, invalid UTF-8) become U+FFFD, in every
// format, so that the formats agree with each other. XML text is escaped with
// xml.EscapeText (which also encodes tab, newline and carriage return as character
// references, so they survive in attribute values); CSV is quoted by encoding/csv; JSON by
// encoding/json.
//
// # Streaming
//
// Writers pull nodes and edges from a Graph and write them as they come, through a small
// buffer; nothing is assembled in memory. A whole-graph Graph pages through the store: it
// holds one page of nodes and the set of selected node ids (to keep only edges whose both
// ends are selected), never a second copy of the graph.
package export
