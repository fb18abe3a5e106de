package neo4jstore

import (
	"context"
	"log/slog"
	"math"
	"sort"
	"unicode/utf8"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
)

// Each method below builds its query with a pure build* function, sends it once, and maps
// the records with a pure function; the pure parts are unit-tested without a server.

// ---- shared parameter helpers --------------------------------------------------------------

// uniq returns ids without duplicates, in first-seen order, as []any for the driver.
func uniq(ids []string) []any {
	seen := make(map[string]bool, len(ids))
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// typeParams validates an edge type filter against the enum and returns the $types list (all
// types when the filter is empty) and the $rank map. Unknown types are INVALID, as in the
// embedded store; they never reach a statement except as a parameter, and not even that.
func typeParams(types []kg.EdgeType) ([]any, map[string]any, error) {
	rank := make(map[string]any, len(kg.AllEdgeTypes))
	for i, t := range kg.AllEdgeTypes {
		rank[string(t)] = int64(i)
	}
	if len(types) == 0 {
		all := make([]any, len(kg.AllEdgeTypes))
		for i, t := range kg.AllEdgeTypes {
			all[i] = string(t)
		}
		return all, rank, nil
	}
	out := make([]any, 0, len(types))
	for _, t := range types {
		if _, ok := rank[string(t)]; !ok {
			return nil, nil, kg.Errorf(kg.EINVALID, "unknown edge type %q", t)
		}
		out = append(out, string(t))
	}
	return out, rank, nil
}

// kindParams is the $kinds list: the given kinds, or every kind.
func kindParams(kinds []kg.NodeKind) []any {
	if len(kinds) == 0 {
		kinds = kg.AllKinds
	}
	out := make([]any, len(kinds))
	for i, k := range kinds {
		out[i] = string(k)
	}
	return out
}

func strList(xs []string) any {
	if len(xs) == 0 {
		return nil
	}
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// ---- *ByIDs ---------------------------------------------------------------------------------

// NodesByIDs implements kg.Store.
func (s *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	return byIDs(ctx, s, ids, query{name: "NodesByIDs", cypher: cypherNodesByIDs}, "n", nodeFromValue,
		func(n *kg.Node) string { return n.ID })
}

// EdgesByIDs implements kg.Store.
func (s *Store) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	return byIDs(ctx, s, ids, query{name: "EdgesByIDs", cypher: cypherEdgesByIDs}, "r", edgeFromValue,
		func(e *kg.Edge) string { return e.ID })
}

// MandatesByIDs implements kg.Store.
func (s *Store) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	return byIDs(ctx, s, ids, query{name: "MandatesByIDs", cypher: cypherMandatesByIDs}, "m", mandateFromValue,
		func(m *kg.Mandate) string { return m.ID })
}

// byIDs is the one shape of the three *ByIDs reads: one statement for the distinct ids
// (passed as $ids), each record's column key mapped by from, and the results aligned with
// ids (nil where an id is unknown, repeated where an id is).
func byIDs[T any](ctx context.Context, s *Store, ids []string, q query, key string,
	from func(any) (*T, error), idOf func(*T) string) ([]*T, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	out := make([]*T, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	q.params = map[string]any{"ids": uniq(ids)}
	recs, err := s.read(ctx, q)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*T, len(recs))
	for _, rec := range recs {
		v, err := value(rec, key)
		if err != nil {
			return nil, classify(err)
		}
		x, err := from(v)
		if err != nil {
			return nil, classify(err)
		}
		byID[idOf(x)] = x
	}
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// ---- EdgesOf --------------------------------------------------------------------------------

func buildEdgesOf(ids []string, f kg.EdgeFilter) (query, error) {
	types, rank, err := typeParams(f.Types)
	if err != nil {
		return query{}, err
	}
	var cypher string
	switch f.Direction {
	case "", kg.DirBoth:
		cypher = cypherEdgesOfBoth
	case kg.DirOut:
		cypher = cypherEdgesOfOut
	case kg.DirIn:
		cypher = cypherEdgesOfIn
	default:
		return query{}, kg.Errorf(kg.EINVALID, "unknown direction %q", f.Direction)
	}
	limit := int64(math.MaxInt32) // "no limit": far above any degree
	if f.Limit > 0 {
		limit = int64(f.Limit)
	}
	return query{"EdgesOf", cypher, map[string]any{"ids": uniq(ids), "types": types, "rank": rank, "limit": limit}}, nil
}

// EdgesOf implements kg.Store.
func (s *Store) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	q, err := buildEdgesOf(ids, f)
	if err != nil {
		return nil, err
	}
	out := make([][]*kg.Edge, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, q)
	if err != nil {
		return nil, err
	}
	byID, err := edgesOfFromRecords(recs)
	if err != nil {
		return nil, classify(err)
	}
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

func edgesOfFromRecords(recs []*neo4j.Record) (map[string][]*kg.Edge, error) {
	byID := make(map[string][]*kg.Edge, len(recs))
	for _, rec := range recs {
		k, err := value(rec, "nodeId")
		if err != nil {
			return nil, err
		}
		id, err := optString(k)
		if err != nil {
			return nil, err
		}
		xs, err := listValue(rec, "edges")
		if err != nil {
			return nil, err
		}
		es, err := edgesFromList(xs)
		if err != nil {
			return nil, err
		}
		byID[id] = es
	}
	return byID, nil
}

// ---- Mandates -------------------------------------------------------------------------------

func buildMandates(f kg.MandateFilter) query {
	params := map[string]any{
		"persons": strList(f.Persons),
		"bodies":  strList(f.Bodies),
		"behalf":  strList(f.OnBehalfOf),
		"atFirst": dateFirst(f.ActiveAt),
		"atLast":  dateLast(f.ActiveAt),
		// the time filter (activeAt/activeDuring/includeUndated), as in EdgePages
		"excludeUndated": f.Time.ExcludeUndated,
		"tAtFirst":       dateFirst(f.Time.At),
		"tAtLast":        dateLast(f.Time.At),
		"during":         f.Time.During,
		"fromFirst":      dateFirst(f.Time.From),
		"toLast":         dateLast(f.Time.To),
	}
	// The most selective list drives an index seek; same preference as the embedded store.
	switch {
	case len(f.Persons) > 0:
		return query{"Mandates", cypherMandatesByPerson, params}
	case len(f.Bodies) > 0:
		return query{"Mandates", cypherMandatesByBody, params}
	case len(f.OnBehalfOf) > 0:
		return query{"Mandates", cypherMandatesByBehalf, params}
	}
	return query{"Mandates", cypherMandatesAll, params}
}

// Mandates implements kg.Store.
func (s *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, buildMandates(f))
	if err != nil {
		return nil, err
	}
	out := make([]*kg.Mandate, 0, len(recs))
	for _, rec := range recs {
		v, err := value(rec, "m")
		if err != nil {
			return nil, classify(err)
		}
		m, err := mandateFromValue(v)
		if err != nil {
			return nil, classify(err)
		}
		out = append(out, m)
	}
	kg.SortMandates(out) // the statement orders too; this pins Go's byte order of strings
	return out, nil
}

// ---- Path -----------------------------------------------------------------------------------

func buildPath(q kg.PathQuery) (query, error) {
	types, rank, err := typeParams(q.Types)
	if err != nil {
		return query{}, err
	}
	if err := kg.CheckPathHops(q.MaxHops); err != nil {
		return query{}, err
	}
	if err := q.Time.Check(); err != nil {
		return query{}, err
	}
	if q.From == q.To {
		return query{"Path", cypherNodesByIDs, map[string]any{"ids": []any{q.From}}}, nil
	}
	if q.MaxHops < 1 {
		return query{}, nil // no path can be that short; no query
	}
	return query{"Path", cypherPath[q.MaxHops], relWindowParams(map[string]any{
		"from": q.From, "to": q.To, "types": types, "rank": rank,
	}, q.Time)}, nil
}

// Path implements kg.Store: a shortest path ignoring direction, or nil. When several are
// equally short, the same one is returned every time (see pickPath).
func (s *Store) Path(ctx context.Context, q kg.PathQuery) (*kg.Path, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	bq, err := buildPath(q)
	if err != nil {
		return nil, err
	}
	if bq.cypher == "" {
		return nil, nil
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	if q.From == q.To {
		if len(recs) == 0 {
			return nil, nil
		}
		v, err := value(recs[0], "n")
		if err != nil {
			return nil, classify(err)
		}
		n, err := nodeFromValue(v)
		if err != nil {
			return nil, classify(err)
		}
		return &kg.Path{Nodes: []*kg.Node{n}, Edges: []*kg.Edge{}}, nil
	}
	paths, err := pathsFromRecords(recs)
	if err != nil {
		return nil, classify(err)
	}
	return pickPath(paths), nil
}

func pathsFromRecords(recs []*neo4j.Record) ([]*kg.Path, error) {
	out := make([]*kg.Path, 0, len(recs))
	for _, rec := range recs {
		xs, err := listValue(rec, "nodes")
		if err != nil {
			return nil, err
		}
		ns, err := nodesFromList(xs)
		if err != nil {
			return nil, err
		}
		rs, err := listValue(rec, "rels")
		if err != nil {
			return nil, err
		}
		es, err := edgesFromList(rs)
		if err != nil {
			return nil, err
		}
		if len(es) != len(ns)-1 {
			return nil, unexpected("path with %d nodes and %d relationships", len(ns), len(es))
		}
		out = append(out, &kg.Path{Nodes: ns, Edges: es})
	}
	return out, nil
}

// pickPath chooses among equally short paths the least by, step by step, edge type rank,
// next node id and edge id, so repeated calls agree. (The embedded store's choice follows its
// bidirectional search instead; the port leaves it unspecified.)
func pickPath(paths []*kg.Path) *kg.Path {
	if len(paths) == 0 {
		return nil
	}
	rank := map[kg.EdgeType]int{}
	for i, t := range kg.AllEdgeTypes {
		rank[t] = i
	}
	less := func(a, b *kg.Path) bool {
		if len(a.Edges) != len(b.Edges) {
			return len(a.Edges) < len(b.Edges)
		}
		for i := range a.Edges {
			ea, eb := a.Edges[i], b.Edges[i]
			if ra, rb := rank[ea.Type], rank[eb.Type]; ra != rb {
				return ra < rb
			}
			if na, nb := a.Nodes[i+1].ID, b.Nodes[i+1].ID; na != nb {
				return na < nb
			}
			if ea.ID != eb.ID {
				return ea.ID < eb.ID
			}
		}
		return false
	}
	best := paths[0]
	for _, p := range paths[1:] {
		if less(p, best) {
			best = p
		}
	}
	return best
}

// ---- Neighbourhood --------------------------------------------------------------------------

func buildNeighbourhood(q kg.NeighbourhoodQuery) (query, error) {
	types, rank, err := typeParams(q.Types)
	if err != nil {
		return query{}, err
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 1
	}
	if err := kg.CheckStoreHops(q.Hops); err != nil {
		return query{}, err
	}
	if err := q.Time.Check(); err != nil {
		return query{}, err
	}
	hops := max(q.Hops, 0)
	// A walk that keeps at most limit nodes cannot reach depth limit (it needs limit+1
	// nodes for that), so hops beyond limit change nothing; cutting them keeps the
	// unrolled statement short.
	hops = min(hops, limit)
	params := relWindowParams(map[string]any{"center": q.Center, "types": types, "rank": rank, "limit": int64(limit)}, q.Time)
	params["edgeLimit"] = nil
	if q.EdgeLimit > 0 {
		params["edgeLimit"] = int64(q.EdgeLimit)
	}
	if hops == 0 {
		delete(params, "limit") // the centre alone: the statement has no step to limit
	}
	return query{"Neighbourhood", cypherNeighbourhood[hops], params}, nil
}

// Neighbourhood implements kg.Store.
func (s *Store) Neighbourhood(ctx context.Context, q kg.NeighbourhoodQuery) (*kg.Subgraph, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	bq, err := buildNeighbourhood(q)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	sg, err := subgraphFromRecords(recs)
	if err != nil {
		return nil, classify(err)
	}
	return sg, nil
}

// subgraphFromRecords maps the one record of the neighbourhood statement; no record means an
// unknown centre (nil, like the embedded store).
func subgraphFromRecords(recs []*neo4j.Record) (*kg.Subgraph, error) {
	if len(recs) == 0 {
		return nil, nil
	}
	rec, err := one(recs)
	if err != nil {
		return nil, err
	}
	xs, err := listValue(rec, "nodes")
	if err != nil {
		return nil, err
	}
	ns, err := nodesFromList(xs)
	if err != nil {
		return nil, err
	}
	rs, err := listValue(rec, "edges")
	if err != nil {
		return nil, err
	}
	es, err := edgesFromList(rs)
	if err != nil {
		return nil, err
	}
	tv, err := value(rec, "truncated")
	if err != nil {
		return nil, err
	}
	tr, ok := tv.(bool)
	if !ok {
		return nil, unexpected("truncated: want a boolean, got %T", tv)
	}
	return &kg.Subgraph{Nodes: ns, Edges: es, Truncated: tr}, nil
}

// ---- ListNodes ------------------------------------------------------------------------------

// buildListNodes validates q (a single unknown kind and a malformed cursor are INVALID, as in
// the embedded store) and returns the statement.
func buildListNodes(q kg.ListQuery) (query, error) {
	if len(q.Kinds) == 1 && !q.Kinds[0].Valid() {
		return query{}, kg.Errorf(kg.EINVALID, "unknown kind %q", q.Kinds[0])
	}
	var after any
	if q.After != "" {
		id, err := kg.DecodeCursor(q.After) // the same opaque cursor as the embedded store
		if err != nil {
			return query{}, err
		}
		after = id
	}
	var needle any
	if f := kg.Fold(q.NameContains); f != "" {
		needle = f
	}
	var activeFirst, activeLast any
	if q.ActiveIn != 0 {
		y := kg.PartialDate{Year: q.ActiveIn}
		activeFirst, activeLast = dateFirst(y), dateLast(y)
	}
	first := max(q.First, 0)
	params := map[string]any{
		"after":       after,
		"kinds":       kindParams(q.Kinds),
		"needle":      needle,
		"activeFirst": activeFirst,
		"activeLast":  activeLast,
		"limit":       int64(first + 1),
	}
	if q.Country != "" {
		params["country"] = q.Country
		return query{"ListNodes", cypherListNodesInCountry, params}, nil
	}
	return query{"ListNodes", cypherListNodes, params}, nil
}

// ListNodes implements kg.Store.
func (s *Store) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if !q.OrderBy.IsNameAsc() || q.MinDegree != nil {
		return s.listOrdered(ctx, q) // listorder.go
	}
	bq, err := buildListNodes(q)
	if err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	return pageFromRecords(q, recs)
}

// pageFromRecords turns the one record of a list statement into a page.
func pageFromRecords(q kg.ListQuery, recs []*neo4j.Record) (*kg.NodePage, error) {
	rec, err := one(recs)
	if err != nil {
		return nil, classify(err)
	}
	kv, err := value(rec, "cursorKind")
	if err != nil {
		return nil, classify(err)
	}
	if q.After != "" {
		k, _ := kv.(string)
		if k == "" || (len(q.Kinds) == 1 && kg.NodeKind(k) != q.Kinds[0]) {
			return nil, kg.Errorf(kg.EINVALID, "after: cursor does not belong to this list")
		}
	}
	cf, err := value(rec, "countryFound")
	if err != nil {
		return nil, classify(err)
	}
	if found, _ := cf.(bool); !found {
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
	xs, err := listValue(rec, "nodes")
	if err != nil {
		return nil, classify(err)
	}
	ns, err := nodesFromList(xs)
	if err != nil {
		return nil, classify(err)
	}
	sortByFoldedName(ns)
	page := &kg.NodePage{TotalCount: total, HasPrev: q.After != ""}
	if q.First >= 0 && len(ns) > q.First {
		page.HasNext = true
		ns = ns[:q.First]
	}
	for _, n := range ns {
		page.Nodes = append(page.Nodes, n)
		page.Cursors = append(page.Cursors, kg.EncodeCursor(n.ID))
	}
	return page, nil
}

// sortByFoldedName orders nodes like the port: folded name, then id (Go byte order).
func sortByFoldedName(ns []*kg.Node) {
	keys := make(map[*kg.Node]string, len(ns))
	for _, n := range ns {
		keys[n] = kg.Fold(n.Name)
	}
	sort.SliceStable(ns, func(i, j int) bool {
		return kg.CompareListOrder(keys[ns[i]], ns[i].ID, keys[ns[j]], ns[j].ID) < 0
	})
}

// ---- Sources, Stats -------------------------------------------------------------------------

// Sources implements kg.Store. Source.Text is not read (the API never serves it).
func (s *Store) Sources(ctx context.Context) ([]*kg.Source, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, query{"Sources", cypherSources, map[string]any{}})
	if err != nil {
		return nil, err
	}
	out := make([]*kg.Source, 0, len(recs))
	for _, rec := range recs {
		v, err := value(rec, "s")
		if err != nil {
			return nil, classify(err)
		}
		src, err := sourceFromValue(v)
		if err != nil {
			return nil, classify(err)
		}
		out = append(out, src)
	}
	return out, nil
}

// Stats implements kg.Store. Before the first load every field is zero.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	if err := ctxErr(ctx); err != nil {
		return kg.Stats{}, err
	}
	recs, err := s.read(ctx, query{"Stats", cypherStats, map[string]any{"key": metaKey}})
	if err != nil {
		return kg.Stats{}, err
	}
	st, err := statsFromRecords(recs)
	if err != nil {
		return kg.Stats{}, classify(err)
	}
	return st, nil
}

func statsFromRecords(recs []*neo4j.Record) (kg.Stats, error) {
	rec, err := one(recs)
	if err != nil {
		return kg.Stats{}, err
	}
	var st kg.Stats
	r := &reader{p: rec.AsMap()}
	st.Version = r.str("version")
	for _, f := range []struct {
		key string
		dst *int
	}{{"nodes", &st.Nodes}, {"edges", &st.Edges}, {"mandates", &st.Mandates}} {
		n, err := optInt(r.p[f.key])
		r.fail(f.key, err)
		*f.dst = n
	}
	if r.err != nil {
		return kg.Stats{}, r.err
	}
	return st, nil
}

// ---- Search ---------------------------------------------------------------------------------

// Search implements kg.Store; see search.go.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	if err := kg.CheckSearchCursor(q.After); err != nil {
		return nil, err
	}
	bq, ok := buildSearch(q)
	if !ok {
		return kg.PageSearch(q, nil)
	}
	recs, err := s.read(ctx, bq)
	if err != nil {
		return nil, err
	}
	cands := make([]*kg.Node, 0, len(recs))
	for _, rec := range recs {
		v, err := value(rec, "node")
		if err != nil {
			return nil, classify(err)
		}
		n, err := nodeFromValue(v)
		if err != nil {
			return nil, classify(err)
		}
		cands = append(cands, n)
	}
	if len(cands) >= searchCandidateCap {
		// The search text may be personal (a name): log only its length.
		s.log.LogAttrs(ctx, slog.LevelWarn, "neo4j search hit the candidate cap; ranking may differ from the embedded store",
			slog.Int("text_runes", utf8.RuneCountInString(q.Text)), slog.Int("cap", searchCandidateCap))
	}
	return rankCandidates(ctx, q, cands)
}
