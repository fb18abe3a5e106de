package kg

// Limits on what one request may ask for. They keep a hostile query from walking the whole
// graph many times over. The GraphQL edge and the export check the API limits and answer
// INVALID naming the argument; the stores enforce their own bounds (MaxPathHops,
// MaxStoreHops) the same way, so a caller that skips the edge cannot make them work harder
// than the API allows either. The contract suite (internal/storetest) holds both stores to
// them.
const (
	// MaxFirst is the largest page of a list, search or node's edges (first: …).
	MaxFirst = 100
	// MaxIDs is the most ids one nodes(ids: …) call may name.
	MaxIDs = 100
	// MaxIDBytes is the longest id (in bytes) an argument may carry.
	MaxIDBytes = 200
	// MaxSearchText is the longest search text or name filter, in characters.
	MaxSearchText = 200
	// MaxHops is the largest neighbourhood radius of the API and the export.
	MaxHops = 3
	// MaxSubgraph is the most nodes one API neighbourhood may return.
	MaxSubgraph = 1000
	// SubgraphEdgesPerNode bounds the edges of an API neighbourhood: at most this many times
	// its node limit (the first in walk order; Truncated says so when it cuts). Without it,
	// the nodes of a dense part of the graph could carry far more edges than nodes. The
	// query cost counts the edges the same way.
	SubgraphEdgesPerNode = 2
	// MaxSubgraphEdges is the most edges any API neighbourhood returns (at MaxSubgraph nodes).
	MaxSubgraphEdges = SubgraphEdgesPerNode * MaxSubgraph
	// MaxExportNodes caps a neighbourhood export; a walk that reaches it stops there and says
	// so (Truncated).
	MaxExportNodes = 100000
	// TypedFieldLimit caps a typed relationship list (members, participants …).
	TypedFieldLimit = 1000

	// MaxPathHops is the longest path asked for (PathQuery.MaxHops): the API's bound and
	// both stores' — a larger MaxHops is INVALID.
	MaxPathHops = 6
	// MaxStoreHops is the largest NeighbourhoodQuery.Hops a store accepts (INVALID above).
	// It is above the API's MaxHops so that tests can walk whole fixtures (the seed graph and
	// the contract fixture are whole within 8 hops of Växjö). It stays small because the
	// Neo4j store unrolls one statement per radius up to it, and a statement the server has
	// not planned yet costs seconds to plan: 6.8 s for 32 steps on a loaded 2-core machine
	// (execution then 40 ms), over the 10 s query timeout in a loaded CI run. The API's
	// radii (0..MaxHops) are planned at start-up by the Neo4j store's warm-up.
	MaxStoreHops = 10
)

// CheckPathHops rejects a PathQuery.MaxHops above MaxPathHops (0 or less is allowed: no
// path is that short, the answer is none).
func CheckPathHops(maxHops int) error {
	if maxHops > MaxPathHops {
		return Errorf(EINVALID, "maxHops must be at most %d", MaxPathHops)
	}
	return nil
}

// CheckStoreHops rejects a NeighbourhoodQuery.Hops above MaxStoreHops (0 or less means the
// centre alone).
func CheckStoreHops(hops int) error {
	if hops > MaxStoreHops {
		return Errorf(EINVALID, "hops must be at most %d", MaxStoreHops)
	}
	return nil
}

// DefaultFirst is the page size of every connection in the schema when the caller gives no
// first (relationships, typed relationship fields, mandates, contains, search, the root
// lists, timelines): one default and one maximum (MaxFirst) everywhere, so a client learns
// them once.
const DefaultFirst = 50
