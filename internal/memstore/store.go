// Package memstore is the embedded, in-process graph store: the zero-setup default backend.
//
// A Store is built once from a validated kg.Graph and never changes afterwards, so any number
// of goroutines may read it without locks. Nodes are kept in id order and addressed by int32
// index; each node's adjacency is one run of (edge, direction) entries sorted by edge type,
// then the other end, then edge id. That order makes type filters a binary search, results
// deterministic, and keeps a 1M-node / 5M-edge graph within a few hundred MiB of indexes on
// top of the graph itself.
//
// Building is parallel (edges and adjacency, names and search, mandates and the version are
// built side by side) and uses counting sorts and compact open-addressing id tables instead
// of comparison sorts and Go maps where the graph is large; see BENCHMARKS.md.
package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/kommunkg/kg/internal/kg"
)

// Store implements kg.Store in memory.
type Store struct {
	nodes []*kg.Node // sorted by id
	// public is nodes as an anonymous caller gets them: the same pointers, except that a
	// node with personal contact data is a copy without it (built once; see view).
	public  []*kg.Node
	ids     []string // node ids, for the index to compare without loading the nodes
	nodeIdx idTable
	edges   []*kg.Edge // written edges, then mandate edges
	from    []int32    // edge → node index
	to      []int32
	trank   []uint8  // edge → rank of its type in kg.AllEdgeTypes
	adjOff  []uint32 // node → start of its run in adj (len(nodes)+1 entries)
	adj     []uint32 // edge<<1 | 1 if the node is the edge's to; sorted per node
	edgeIdx idTable
	deg     degreeIndex // per-node counts by type and direction (degree.go)

	mandates  []*kg.Mandate
	mIndex    map[string]int32
	mByPerson map[string][]int32
	mByBehalf map[string][]int32
	mByBody   map[string][]int32

	sources []*kg.Source

	folded   []string  // folded name per node
	order    []int32   // all nodes by (folded name, id)
	rank     []int32   // node → position in order
	byKind   [][]int32 // per kind (kg.AllKinds order), by (folded name, id)
	kindRank []int32   // node → position in its kind list

	search *searchIndex
	stats  kg.Stats
}

var _ kg.Store = (*Store)(nil)

// kindIdx is the position of each kind in kg.AllKinds.
var kindIdx = func() map[kg.NodeKind]int {
	m := make(map[kg.NodeKind]int, len(kg.AllKinds))
	for i, k := range kg.AllKinds {
		m[k] = i
	}
	return m
}()

// Type filters are bit sets over type ranks (typeMask). A 33rd edge type would overflow this
// constant and stop the build, instead of its bit silently becoming 0, which means "all
// types"; checkTypeMasks repeats the check where it can be tested.
const _ = uint32(1) << (kg.NumEdgeTypes - 1)

func init() {
	if err := checkTypeMasks(len(kg.AllEdgeTypes)); err != nil {
		panic(err)
	}
}

// checkTypeMasks reports whether n edge types fit the uint32 type masks.
func checkTypeMasks(n int) error {
	if n > 32 {
		return fmt.Errorf("memstore: %d edge types do not fit the 32-bit type masks", n)
	}
	return nil
}

// typeRank is the position of each edge type in kg.AllEdgeTypes.
var typeRank = func() map[kg.EdgeType]uint8 {
	m := make(map[kg.EdgeType]uint8, len(kg.AllEdgeTypes))
	for i, t := range kg.AllEdgeTypes {
		m[t] = uint8(i)
	}
	return m
}()

// New builds a Store from a validated graph; a graph that fails kg.Graph.Check is
// INVALID. The graph's nodes, edges and mandates are shared, not copied: callers must not
// modify them afterwards.
func New(g *kg.Graph) (*Store, error) {
	if err := g.Check(); err != nil {
		return nil, err
	}
	s := &Store{sources: g.Sources}
	s.buildNodes(g.Nodes)
	s.edges = g.AllEdges()
	if len(s.edges) >= 1<<31 {
		return nil, fmt.Errorf("memstore: %d edges is more than this store addresses", len(s.edges))
	}
	// Four independent parts, built side by side; each writes only its own fields.
	var wg sync.WaitGroup
	var edgeErr error
	var version string
	wg.Go(func() { edgeErr = s.buildEdges() })
	wg.Go(s.buildEdgeIndex)
	wg.Go(func() { s.buildOrder(); s.search = buildSearch(s) })
	wg.Go(func() { s.buildMandates(g); version = s.version() })
	wg.Wait()
	if edgeErr != nil {
		return nil, edgeErr
	}
	s.stats = kg.Stats{Nodes: len(s.nodes), Edges: len(s.edges), Mandates: len(s.mandates), Version: version}
	return s, nil
}

// buildNodes sorts the nodes by id (two halves in parallel, then a merge) and indexes them.
// Ids are unique and kinds known (kg.Graph.Check).
func (s *Store) buildNodes(in []*kg.Node) {
	type idKey struct {
		id string
		n  *kg.Node
	}
	byID := func(a, b idKey) int { return strings.Compare(a.id, b.id) }
	keys := make([]idKey, len(in))
	for i, n := range in {
		keys[i] = idKey{n.ID, n}
	}
	if len(keys) >= 1<<14 {
		half := len(keys) / 2
		a, b := keys[:half], keys[half:]
		var wg sync.WaitGroup
		wg.Go(func() { slices.SortFunc(a, byID) })
		slices.SortFunc(b, byID)
		wg.Wait()
		merged := make([]idKey, 0, len(keys))
		i, j := 0, 0
		for i < len(a) && j < len(b) {
			if a[i].id <= b[j].id {
				merged = append(merged, a[i])
				i++
			} else {
				merged = append(merged, b[j])
				j++
			}
		}
		keys = append(append(merged, a[i:]...), b[j:]...)
	} else {
		slices.SortFunc(keys, byID)
	}
	s.nodes = make([]*kg.Node, len(keys))
	s.ids = make([]string, len(keys))
	s.nodeIdx = newIDTable(len(keys))
	for i, k := range keys {
		s.nodes[i], s.ids[i] = k.n, k.id
		s.nodeIdx.insert(k.id, int32(i), s.nodeKey)
	}
	s.public = s.nodes
	cloned := false
	for i, n := range s.nodes {
		if n.Contact == nil {
			continue
		}
		if !cloned {
			s.public, cloned = slices.Clone(s.nodes), true
		}
		c := *n
		c.Contact = nil
		s.public[i] = &c
	}
}

// view is the node table a caller may see: personal contact data only for a context marked
// kg.WithContactAccess — the port's rule, which the Neo4j store keeps by never sending it.
func (s *Store) view(ctx context.Context) []*kg.Node {
	if kg.HasContactAccess(ctx) {
		return s.nodes
	}
	return s.public
}

func (s *Store) nodeKey(i int32) string { return s.ids[i] }
func (s *Store) edgeKey(i int32) string { return s.edges[i].ID }

// node returns the index of the node with id.
func (s *Store) node(id string) (int32, bool) { return s.nodeIdx.find(id, s.nodeKey) }

// buildEdges resolves every edge's ends and type and builds the adjacency.
func (s *Store) buildEdges() error {
	m := len(s.edges)
	s.from = make([]int32, m)
	s.to = make([]int32, m)
	s.trank = make([]uint8, m)
	s.adjOff = make([]uint32, len(s.nodes)+1)
	for i, e := range s.edges {
		f, ok1 := s.node(e.From)
		t, ok2 := s.node(e.To)
		r, ok3 := typeRank[e.Type]
		if !ok1 || !ok2 || !ok3 { // kg.Graph.Check rules this out
			return kg.Errorf(kg.EINTERNAL, "memstore: edge %q refers to an unknown node or type", e.ID)
		}
		s.from[i], s.to[i], s.trank[i] = f, t, r
		s.adjOff[f+1]++
		s.adjOff[t+1]++
	}
	for i := 1; i < len(s.adjOff); i++ {
		s.adjOff[i] += s.adjOff[i-1]
	}
	s.buildAdjacency()
	s.buildDegrees()
	return nil
}

// buildEdgeIndex indexes edges by id (unique: kg.Graph.Check).
func (s *Store) buildEdgeIndex() {
	s.edgeIdx = newIDTable(len(s.edges))
	for i, e := range s.edges {
		s.edgeIdx.insert(e.ID, int32(i), s.edgeKey)
	}
}

// buildAdjacency lays out every node's adjacency sorted by (type, other end, edge id,
// direction) with three stable counting-sort passes over all entries — by other end, by
// type, then scattered to their node — instead of sorting each list with comparisons. Only
// entries tying on (type, other end), i.e. parallel edges, are then sorted by edge id.
func (s *Store) buildAdjacency() {
	m := len(s.edges)
	cursor := make([]uint32, len(s.nodes))
	// Pass 1: by other end. A node is the other end of exactly as many entries as it owns,
	// so the owner offsets serve as buckets.
	copy(cursor, s.adjOff)
	byOther := make([]uint32, 2*m)
	for i := range m {
		f, t := s.from[i], s.to[i]
		byOther[cursor[t]] = uint32(i) << 1 // owned by from, other end to
		cursor[t]++
		byOther[cursor[f]] = uint32(i)<<1 | 1 // owned by to, other end from
		cursor[f]++
	}
	// Pass 2: by type, stable.
	var start [256]uint32
	for i := range m {
		start[s.trank[i]] += 2
	}
	sum := uint32(0)
	for r := range start {
		start[r], sum = sum, sum+start[r]
	}
	byType := make([]uint32, 2*m)
	for _, a := range byOther {
		r := s.trank[a>>1]
		byType[start[r]] = a
		start[r]++
	}
	// Pass 3: scatter to owners, stable; byOther's memory is reused.
	copy(cursor, s.adjOff)
	adj := byOther
	for _, a := range byType {
		o := s.owner(a)
		adj[cursor[o]] = a
		cursor[o]++
	}
	s.adj = adj
	// Parallel edges (same type, same other end) are in edge order; sort them by id.
	for n := range s.nodes {
		list := s.adjOf(int32(n))
		for i := 1; i < len(list); i++ {
			if s.trank[list[i]>>1] != s.trank[list[i-1]>>1] || s.other(list[i]) != s.other(list[i-1]) {
				continue
			}
			j := i - 1
			for i+1 < len(list) && s.trank[list[i+1]>>1] == s.trank[list[j]>>1] && s.other(list[i+1]) == s.other(list[j]) {
				i++
			}
			run := list[j : i+1]
			slices.SortFunc(run, func(a, b uint32) int {
				if c := strings.Compare(s.edges[a>>1].ID, s.edges[b>>1].ID); c != 0 {
					return c
				}
				return cmp.Compare(a&1, b&1)
			})
		}
	}
}

// adjOf returns node n's adjacency entries.
func (s *Store) adjOf(n int32) []uint32 { return s.adj[s.adjOff[n]:s.adjOff[n+1]] }

// other returns the node at the far end of adjacency entry a.
func (s *Store) other(a uint32) int32 {
	e := a >> 1
	if a&1 == 0 {
		return s.to[e]
	}
	return s.from[e]
}

// owner returns the node whose adjacency holds entry a.
func (s *Store) owner(a uint32) int32 {
	e := a >> 1
	if a&1 == 0 {
		return s.from[e]
	}
	return s.to[e]
}

func (s *Store) buildMandates(g *kg.Graph) {
	s.mandates = make([]*kg.Mandate, len(g.Mandates))
	copy(s.mandates, g.Mandates)
	kg.SortMandates(s.mandates)
	s.mByPerson = map[string][]int32{}
	s.mByBehalf = map[string][]int32{}
	s.mByBody = map[string][]int32{}
	s.mIndex = make(map[string]int32, len(s.mandates))
	for i, m := range s.mandates {
		s.mIndex[m.ID] = int32(i)
		s.mByPerson[m.Person] = append(s.mByPerson[m.Person], int32(i))
		if m.OnBehalfOf != "" {
			s.mByBehalf[m.OnBehalfOf] = append(s.mByBehalf[m.OnBehalfOf], int32(i))
		}
		s.mByBody[m.Body] = append(s.mByBody[m.Body], int32(i))
	}
}

// buildOrder folds every name once and orders all nodes, and each kind's nodes, by (folded
// name, id).
func (s *Store) buildOrder() {
	n := len(s.nodes)
	s.folded = make([]string, n)
	keys := make([]nameKey, n)
	for i, nd := range s.nodes {
		s.folded[i] = kg.Fold(nd.Name)
		keys[i] = nameKey{s.folded[i], int32(i)}
	}
	slices.SortFunc(keys, func(a, b nameKey) int {
		return kg.CompareListOrder(a.text, s.nodes[a.node].ID, b.text, s.nodes[b.node].ID)
	})
	s.order = make([]int32, n)
	for i, k := range keys {
		s.order[i] = k.node
	}
	s.rank = make([]int32, n)
	s.byKind = make([][]int32, len(kg.AllKinds))
	s.kindRank = make([]int32, n)
	for r, i := range s.order {
		s.rank[i] = int32(r)
		k := kindIdx[s.nodes[i].Kind]
		s.kindRank[i] = int32(len(s.byKind[k]))
		s.byKind[k] = append(s.byKind[k], i)
	}
}

// nameKey is a folded name and its node; sorted by text, then node index (= id order).
type nameKey struct {
	text string
	node int32
}

func compareNameKeys(a, b nameKey) int {
	if c := strings.Compare(a.text, b.text); c != 0 {
		return c
	}
	return cmp.Compare(a.node, b.node)
}

// NodesByIDs implements kg.Store.
func (s *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	out := make([]*kg.Node, len(ids))
	nv := s.view(ctx)
	for i, id := range ids {
		if j, ok := s.node(id); ok {
			out[i] = nv[j]
		}
	}
	return out, nil
}

// EdgesByIDs implements kg.Store.
func (s *Store) EdgesByIDs(ctx context.Context, ids []string) ([]*kg.Edge, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	out := make([]*kg.Edge, len(ids))
	for i, id := range ids {
		if j, ok := s.edgeIdx.find(id, s.edgeKey); ok {
			out[i] = s.edges[j]
		}
	}
	return out, nil
}

// MandatesByIDs implements kg.Store.
func (s *Store) MandatesByIDs(ctx context.Context, ids []string) ([]*kg.Mandate, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	out := make([]*kg.Mandate, len(ids))
	for i, id := range ids {
		if j, ok := s.mIndex[id]; ok {
			out[i] = s.mandates[j]
		}
	}
	return out, nil
}

// typeMask turns a type list into a bitmask over type ranks; 0 means all types.
func typeMask(types []kg.EdgeType) (uint32, error) {
	var m uint32
	for _, t := range types {
		r, ok := typeRank[t]
		if !ok {
			return 0, kg.Errorf(kg.EINVALID, "unknown edge type %q", t)
		}
		m |= 1 << r
	}
	return m, nil
}

func (s *Store) match(a uint32, mask uint32, dir kg.Direction) bool {
	if mask != 0 && mask&(1<<s.trank[a>>1]) == 0 {
		return false
	}
	switch dir {
	case kg.DirOut:
		return a&1 == 0
	case kg.DirIn:
		return a&1 == 1
	}
	return true
}

// typeRun returns the part of list (one node's adjacency) holding edges of type rank r.
func (s *Store) typeRun(list []uint32, r uint8) []uint32 {
	lo, hi := s.typeBounds(list, r)
	return list[lo:hi]
}

// typeBounds returns where the edges of type rank r start and end in list.
func (s *Store) typeBounds(list []uint32, r uint8) (int, int) {
	byRank := func(a uint32, r uint8) int { return cmp.Compare(s.trank[a>>1], r) }
	lo, _ := slices.BinarySearchFunc(list, r, byRank)
	n, _ := slices.BinarySearchFunc(list[lo:], r+1, byRank)
	return lo, lo + n
}

// EdgesOf implements kg.Store.
func (s *Store) EdgesOf(ctx context.Context, ids []string, f kg.EdgeFilter) ([][]*kg.Edge, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	mask, err := typeMask(f.Types)
	if err != nil {
		return nil, err
	}
	dir := f.Direction
	if dir == "" {
		dir = kg.DirBoth
	}
	if !dir.Valid() {
		return nil, kg.Errorf(kg.EINVALID, "unknown direction %q", dir)
	}
	out := make([][]*kg.Edge, len(ids))
	for i, id := range ids {
		n, ok := s.node(id)
		if !ok {
			continue
		}
		list := s.adjOf(n)
		if mask != 0 && len(list) > 32 {
			// Long lists (a network's members): visit only the runs of the wanted types.
			var res []*kg.Edge
			for r := uint8(0); r < uint8(len(kg.AllEdgeTypes)); r++ {
				if mask&(1<<r) == 0 {
					continue
				}
				if res = s.appendEdges(res, n, s.typeRun(list, r), 0, dir, f.Limit); f.Limit > 0 && len(res) >= f.Limit {
					break
				}
			}
			out[i] = res
			continue
		}
		out[i] = s.appendEdges(nil, n, list, mask, dir, f.Limit)
	}
	return out, nil
}

// appendEdges appends the edges of entries (from node n's adjacency) that match, up to limit
// in total (0 = no limit).
func (s *Store) appendEdges(res []*kg.Edge, n int32, entries []uint32, mask uint32, dir kg.Direction, limit int) []*kg.Edge {
	for _, a := range entries {
		if limit > 0 && len(res) >= limit {
			break
		}
		if !s.match(a, mask, dir) {
			continue
		}
		// A self-reference would appear twice (out and in); the validator forbids
		// them, but never return one edge twice.
		if dir == kg.DirBoth && a&1 == 1 && s.from[a>>1] == n {
			continue
		}
		res = append(res, s.edges[a>>1])
	}
	return res
}

// Mandates implements kg.Store.
func (s *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	// One id in one list (what a GraphQL field asks for): the postings are the answer.
	if lists := btoi(len(f.Persons) > 0) + btoi(len(f.Bodies) > 0) + btoi(len(f.OnBehalfOf) > 0); lists == 1 &&
		len(f.Persons)+len(f.Bodies)+len(f.OnBehalfOf) == 1 {
		var post []int32
		switch {
		case len(f.Persons) == 1:
			post = s.mByPerson[f.Persons[0]]
		case len(f.Bodies) == 1:
			post = s.mByBody[f.Bodies[0]]
		default:
			post = s.mByBehalf[f.OnBehalfOf[0]]
		}
		out := make([]*kg.Mandate, 0, len(post))
		for _, i := range post {
			if m := s.mandates[i]; kg.PeriodContains(m.Since, m.Until, f.ActiveAt) && f.Time.Match(m.Since, m.Until) {
				out = append(out, m)
			}
		}
		return out, nil
	}
	// Start from the most selective index given, then filter by the rest.
	var cand []int32
	switch {
	case len(f.Persons) > 0:
		cand = gather(s.mByPerson, f.Persons)
	case len(f.Bodies) > 0:
		cand = gather(s.mByBody, f.Bodies)
	case len(f.OnBehalfOf) > 0:
		cand = gather(s.mByBehalf, f.OnBehalfOf)
	default:
		cand = make([]int32, len(s.mandates))
		for i := range cand {
			cand[i] = int32(i)
		}
	}
	persons, bodies, behalf := set(f.Persons), set(f.Bodies), set(f.OnBehalfOf)
	out := make([]*kg.Mandate, 0, len(cand))
	for _, i := range cand {
		m := s.mandates[i]
		if (persons != nil && !persons[m.Person]) || (bodies != nil && !bodies[m.Body]) || (behalf != nil && !behalf[m.OnBehalfOf]) {
			continue
		}
		if !kg.PeriodContains(m.Since, m.Until, f.ActiveAt) || !f.Time.Match(m.Since, m.Until) {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// gather unions index postings, deduplicated and in mandate order.
func gather(idx map[string][]int32, keys []string) []int32 {
	var out []int32
	for _, k := range keys {
		out = append(out, idx[k]...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func set(xs []string) map[string]bool {
	if len(xs) == 0 {
		return nil
	}
	m := make(map[string]bool, len(xs))
	for _, x := range xs {
		m[x] = true
	}
	return m
}

// Sources implements kg.Store.
func (s *Store) Sources(ctx context.Context) ([]*kg.Source, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	return s.sources, nil
}

// Stats implements kg.Store.
func (s *Store) Stats(ctx context.Context) (kg.Stats, error) {
	if err := ctx.Err(); err != nil {
		return kg.Stats{}, ctxErr(err)
	}
	return s.stats, nil
}

// Graph returns the whole graph the store was built from (for export and tests).
func (s *Store) Graph() *kg.Graph {
	g := &kg.Graph{Sources: s.sources, Nodes: s.nodes, Mandates: s.mandates}
	for _, e := range s.edges {
		if e.MandateID == "" {
			g.Edges = append(g.Edges, e)
		}
	}
	return g
}

func ctxErr(err error) error {
	if err == context.DeadlineExceeded { // ctx.Err() returns the sentinel itself
		return kg.WrapError(kg.ETIMEOUT, err, "request timed out")
	}
	return kg.WrapError(kg.EUNAVAILABLE, err, "request cancelled or timed out")
}

// ListNodes implements kg.Store.
func (s *Store) ListNodes(ctx context.Context, q kg.ListQuery) (*kg.NodePage, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	list, ranks := s.order, s.rank
	var kindOK map[kg.NodeKind]bool
	if len(q.Kinds) == 1 {
		k, ok := kindIdx[q.Kinds[0]]
		if !ok {
			return nil, kg.Errorf(kg.EINVALID, "unknown kind %q", q.Kinds[0])
		}
		list, ranks = s.byKind[k], s.kindRank
	} else if len(q.Kinds) > 1 {
		kindOK = map[kg.NodeKind]bool{}
		for _, k := range q.Kinds {
			kindOK[k] = true
		}
	}
	// Another order than by name, or a degree filter: see listOrdered (listorder.go).
	ordered := !q.OrderBy.IsNameAsc() || q.MinDegree != nil
	start := 0
	if q.After != "" && !ordered {
		id, err := kg.DecodeCursor(q.After)
		if err != nil {
			return nil, err
		}
		i, ok := s.node(id)
		if !ok || (len(q.Kinds) == 1 && s.nodes[i].Kind != q.Kinds[0]) {
			return nil, kg.Errorf(kg.EINVALID, "after: cursor does not belong to this list")
		}
		start = int(ranks[i]) + 1
	}
	var countrySet map[int32]bool
	if q.Country != "" {
		c, ok := s.node(q.Country)
		if !ok {
			return &kg.NodePage{}, nil
		}
		countrySet = s.locatedIn(c)
	}
	needle := kg.Fold(q.NameContains)
	keep := func(i int32) bool {
		n := s.nodes[i]
		if kindOK != nil && !kindOK[n.Kind] {
			return false
		}
		if needle != "" && !s.nameContains(i, needle) {
			return false
		}
		if countrySet != nil && !countrySet[i] {
			return false
		}
		if q.ActiveIn != 0 {
			if n.Since.IsZero() && n.Until.IsZero() {
				return false
			}
			y := kg.PartialDate{Year: q.ActiveIn}
			if !kg.PeriodContains(n.Since, n.Until, y) {
				return false
			}
		}
		return true
	}
	filtered := kindOK != nil || needle != "" || countrySet != nil || q.ActiveIn != 0
	if ordered {
		return s.listOrdered(ctx, q, list, keep, filtered)
	}
	page := &kg.NodePage{HasPrev: start > 0}
	nv := s.view(ctx)
	total := 0
	for pos, i := range list {
		if pos&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, ctxErr(err)
			}
		}
		if filtered && !keep(i) {
			continue
		}
		total++
		if pos < start {
			continue
		}
		if len(page.Nodes) < q.First {
			page.Nodes = append(page.Nodes, nv[i])
			page.Cursors = append(page.Cursors, kg.EncodeCursor(s.nodes[i].ID))
		} else if len(page.Nodes) == q.First {
			page.HasNext = true
			if !filtered {
				total = len(list)
				break
			}
		}
	}
	page.TotalCount = total
	return page, nil
}

func (s *Store) nameContains(i int32, needle string) bool {
	if strings.Contains(s.folded[i], needle) {
		return true
	}
	for _, a := range s.nodes[i].Aliases {
		if strings.Contains(kg.Fold(a), needle) {
			return true
		}
	}
	return false
}

// locatedIn returns every node that reaches c by following LOCATED_IN edges outwards
// (a town in a region in a country), found by walking LOCATED_IN edges inwards from c.
func (s *Store) locatedIn(c int32) map[int32]bool {
	r := typeRank[kg.EdgeLocatedIn]
	seen := map[int32]bool{c: true}
	queue := []int32{c}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, a := range s.typeRun(s.adjOf(n), r) {
			if a&1 == 1 {
				o := s.from[a>>1]
				if !seen[o] {
					seen[o] = true
					queue = append(queue, o)
				}
			}
		}
	}
	delete(seen, c)
	return seen
}
