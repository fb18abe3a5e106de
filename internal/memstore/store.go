// Package memstore is the embedded, in-process graph store: the zero-setup default backend.
//
// A Store is built once from a validated kg.Graph and never changes afterwards, so any number
// of goroutines may read it without locks. Nodes are kept in id order and addressed by int32
// index; each node's adjacency is one slice of (edge, direction) entries sorted by edge type,
// then the other end, then edge id. That order makes type filters a binary search, results
// deterministic, and keeps a 1M-node / 5M-edge graph within a few hundred MiB.
package memstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"hash"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// Store implements kg.Store in memory.
type Store struct {
	nodes []*kg.Node // sorted by id
	index map[string]int32
	edges []*kg.Edge // written edges, then mandate edges
	from  []int32    // edge → node index
	to    []int32
	trank []uint8 // edge → rank of its type in kg.AllEdgeTypes
	adj   [][]uint32

	edgeIndex map[string]int32

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
	kindIdx  map[kg.NodeKind]int

	search *searchIndex
	stats  kg.Stats
}

var _ kg.Store = (*Store)(nil)

// New builds a Store from a validated graph. The graph's nodes, edges and mandates are
// shared, not copied: callers must not modify them afterwards.
func New(g *kg.Graph) (*Store, error) {
	s := &Store{index: make(map[string]int32, len(g.Nodes)), kindIdx: map[kg.NodeKind]int{}}
	for i, k := range kg.AllKinds {
		s.kindIdx[k] = i
	}
	s.nodes = make([]*kg.Node, len(g.Nodes))
	copy(s.nodes, g.Nodes)
	sort.Slice(s.nodes, func(i, j int) bool { return s.nodes[i].ID < s.nodes[j].ID })
	for i, n := range s.nodes {
		if _, dup := s.index[n.ID]; dup {
			return nil, fmt.Errorf("memstore: duplicate node id %q", n.ID)
		}
		if _, ok := s.kindIdx[n.Kind]; !ok {
			return nil, fmt.Errorf("memstore: node %q has unknown kind %q", n.ID, n.Kind)
		}
		s.index[n.ID] = int32(i)
	}
	if err := s.buildEdges(g); err != nil {
		return nil, err
	}
	s.buildMandates(g)
	s.buildOrder()
	s.search = buildSearch(s.nodes)
	s.sources = g.Sources
	s.stats = kg.Stats{Nodes: len(s.nodes), Edges: len(s.edges), Mandates: len(s.mandates), Version: s.version()}
	return s, nil
}

func typeRanks() map[kg.EdgeType]uint8 {
	m := make(map[kg.EdgeType]uint8, len(kg.AllEdgeTypes))
	for i, t := range kg.AllEdgeTypes {
		m[t] = uint8(i)
	}
	return m
}

func (s *Store) buildEdges(g *kg.Graph) error {
	all := g.AllEdges()
	ranks := typeRanks()
	s.edges = all
	s.from = make([]int32, len(all))
	s.to = make([]int32, len(all))
	s.trank = make([]uint8, len(all))
	deg := make([]int32, len(s.nodes))
	for i, e := range all {
		f, ok1 := s.index[e.From]
		t, ok2 := s.index[e.To]
		r, ok3 := ranks[e.Type]
		if !ok1 || !ok2 || !ok3 {
			return fmt.Errorf("memstore: edge %q refers to an unknown node or type", e.ID)
		}
		s.from[i], s.to[i], s.trank[i] = f, t, r
		deg[f]++
		deg[t]++
	}
	s.edgeIndex = make(map[string]int32, len(all))
	for i, e := range all {
		if _, dup := s.edgeIndex[e.ID]; dup {
			return fmt.Errorf("memstore: duplicate edge id %q", e.ID)
		}
		s.edgeIndex[e.ID] = int32(i)
	}
	// One backing array for all adjacency lists keeps allocations to a handful.
	backing := make([]uint32, 0, 2*len(all))
	s.adj = make([][]uint32, len(s.nodes))
	off := 0
	for i, d := range deg {
		s.adj[i] = backing[off : off : off+int(d)]
		off += int(d)
	}
	backing = backing[:off]
	for i := range all {
		f, t := s.from[i], s.to[i]
		s.adj[f] = append(s.adj[f], uint32(i)<<1)
		s.adj[t] = append(s.adj[t], uint32(i)<<1|1)
	}
	for n := range s.adj {
		a := s.adj[n]
		sort.Slice(a, func(i, j int) bool { return s.adjLess(a[i], a[j]) })
	}
	return nil
}

// other returns the node at the far end of adjacency entry a.
func (s *Store) other(a uint32) int32 {
	e := a >> 1
	if a&1 == 0 {
		return s.to[e]
	}
	return s.from[e]
}

func (s *Store) adjLess(a, b uint32) bool {
	ea, eb := a>>1, b>>1
	if s.trank[ea] != s.trank[eb] {
		return s.trank[ea] < s.trank[eb]
	}
	oa, ob := s.other(a), s.other(b)
	if oa != ob {
		return oa < ob
	}
	if ea != eb {
		return s.edges[ea].ID < s.edges[eb].ID
	}
	return a&1 < b&1
}

func (s *Store) buildMandates(g *kg.Graph) {
	s.mandates = make([]*kg.Mandate, len(g.Mandates))
	copy(s.mandates, g.Mandates)
	sort.Slice(s.mandates, func(i, j int) bool {
		a, b := s.mandates[i], s.mandates[j]
		if a.Body != b.Body {
			return a.Body < b.Body
		}
		if a.OnBehalfOf != b.OnBehalfOf {
			return a.OnBehalfOf < b.OnBehalfOf
		}
		if a.Person != b.Person {
			return a.Person < b.Person
		}
		return a.ID < b.ID
	})
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

func (s *Store) buildOrder() {
	n := len(s.nodes)
	s.folded = make([]string, n)
	for i, nd := range s.nodes {
		s.folded[i] = kg.Fold(nd.Name)
	}
	less := func(a, b int32) bool {
		if s.folded[a] != s.folded[b] {
			return s.folded[a] < s.folded[b]
		}
		return a < b // index order is id order
	}
	s.order = make([]int32, n)
	for i := range s.order {
		s.order[i] = int32(i)
	}
	sort.Slice(s.order, func(i, j int) bool { return less(s.order[i], s.order[j]) })
	s.rank = make([]int32, n)
	s.byKind = make([][]int32, len(kg.AllKinds))
	s.kindRank = make([]int32, n)
	for r, i := range s.order {
		s.rank[i] = int32(r)
		k := s.kindIdx[s.nodes[i].Kind]
		s.kindRank[i] = int32(len(s.byKind[k]))
		s.byKind[k] = append(s.byKind[k], i)
	}
}

// version fingerprints the whole graph: every field of every node, edge, mandate and source
// (so a corrected quote or date changes it too, not only ids and names). Each item is hashed on
// its own and the hashes are summed, so the result does not depend on the input order.
// When a field is added to a kg type, add it here.
func (s *Store) version() string {
	var sum uint64
	w := &fingerprint{h: fnv.New64a()}
	add := func() {
		w.h.Reset()
		w.h.Write(w.buf)
		sum += w.h.Sum64()
		w.buf = w.buf[:0]
	}
	for _, n := range s.nodes {
		w.str("N", n.ID, string(n.Kind), n.Name, n.Category, n.Abbreviation, n.Note)
		w.strs(n.Aliases)
		w.date(n.Since, n.Until)
		w.evidence(n.Evidence)
		w.num(len(n.Attributes))
		for _, a := range n.Attributes {
			w.str(a.Key, a.Value)
			if a.Number == nil {
				w.str("-")
			} else {
				w.buf = strconv.AppendFloat(w.buf, *a.Number, 'g', -1, 64)
				w.str("")
			}
			w.evidence(a.Evidence)
		}
		if n.Contact == nil {
			w.str("-")
		} else {
			w.str("C", n.Contact.Email, n.Contact.Phone)
			w.evidence(n.Contact.Evidence)
		}
		add()
	}
	for _, e := range s.edges {
		w.str("E", e.ID, string(e.Type), e.From, e.To, e.Role, e.Note, e.MandateID, e.Context)
		w.date(e.Since, e.Until)
		w.evidence(e.Evidence)
		add()
	}
	for _, m := range s.mandates {
		w.str("M", m.ID, m.Person, m.OnBehalfOf, m.Body, m.Role, m.Note)
		w.date(m.Since, m.Until)
		w.evidence(m.Evidence)
		add()
	}
	for _, src := range s.sources {
		w.str("S", src.ID, src.File, src.Original, src.Title, src.Publisher, src.Language, src.DateNote, src.Text)
		w.date(src.Updated)
		add()
	}
	return fmt.Sprintf("mem-%d-%d-%016x", len(s.nodes), len(s.edges), sum)
}

// fingerprint serialises fields unambiguously (each string NUL-terminated, lists counted).
type fingerprint struct {
	h   hash.Hash64
	buf []byte
}

func (w *fingerprint) str(ss ...string) {
	for _, x := range ss {
		w.buf = append(w.buf, x...)
		w.buf = append(w.buf, 0)
	}
}

func (w *fingerprint) num(n int) {
	w.buf = strconv.AppendInt(w.buf, int64(n), 10)
	w.buf = append(w.buf, 0)
}

func (w *fingerprint) strs(ss []string) {
	w.num(len(ss))
	w.str(ss...)
}

func (w *fingerprint) date(ds ...kg.PartialDate) {
	for _, d := range ds {
		w.str(d.String())
	}
}

func (w *fingerprint) evidence(ev []kg.Evidence) {
	w.num(len(ev))
	for _, e := range ev {
		w.str(e.SourceID, e.Quote)
		w.date(e.SourceUpdated)
	}
}

// NodesByIDs implements kg.Store.
func (s *Store) NodesByIDs(ctx context.Context, ids []string) ([]*kg.Node, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	out := make([]*kg.Node, len(ids))
	for i, id := range ids {
		if j, ok := s.index[id]; ok {
			out[i] = s.nodes[j]
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
		if j, ok := s.edgeIndex[id]; ok {
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
	if len(types) == 0 {
		return 0, nil
	}
	ranks := typeRanks()
	var m uint32
	for _, t := range types {
		r, ok := ranks[t]
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
		n, ok := s.index[id]
		if !ok {
			continue
		}
		var list []*kg.Edge
		for _, a := range s.adj[n] {
			if !s.match(a, mask, dir) {
				continue
			}
			// A self-reference would appear twice (out and in); the validator forbids
			// them, but never return one edge twice.
			if dir == kg.DirBoth && a&1 == 1 && s.from[a>>1] == n {
				continue
			}
			list = append(list, s.edges[a>>1])
			if f.Limit > 0 && len(list) >= f.Limit {
				break
			}
		}
		out[i] = list
	}
	return out, nil
}

// Mandates implements kg.Store.
func (s *Store) Mandates(ctx context.Context, f kg.MandateFilter) ([]*kg.Mandate, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
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
		if !kg.PeriodContains(m.Since, m.Until, f.ActiveAt) {
			continue
		}
		out = append(out, m)
	}
	return out, nil
}

// gather unions index postings, deduplicated and in mandate order.
func gather(idx map[string][]int32, keys []string) []int32 {
	var out []int32
	seen := map[int32]bool{}
	for _, k := range keys {
		for _, i := range idx[k] {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	sort.Slice(out, func(a, b int) bool { return out[a] < out[b] })
	return out
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
		k, ok := s.kindIdx[q.Kinds[0]]
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
	start := 0
	if q.After != "" {
		id, err := DecodeCursor(q.After)
		if err != nil {
			return nil, err
		}
		i, ok := s.index[id]
		if !ok || (len(q.Kinds) == 1 && s.nodes[i].Kind != q.Kinds[0]) {
			return nil, kg.Errorf(kg.EINVALID, "after: cursor does not belong to this list")
		}
		start = int(ranks[i]) + 1
	}
	var countrySet map[int32]bool
	if q.Country != "" {
		c, ok := s.index[q.Country]
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
	page := &kg.NodePage{HasPrev: start > 0}
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
			page.Nodes = append(page.Nodes, s.nodes[i])
			page.Cursors = append(page.Cursors, EncodeCursor(s.nodes[i].ID))
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
	r := typeRanks()[kg.EdgeLocatedIn]
	seen := map[int32]bool{c: true}
	queue := []int32{c}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, a := range s.adj[n] {
			if a&1 == 1 && s.trank[a>>1] == r {
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

// EncodeCursor makes an opaque cursor for a node id.
func EncodeCursor(id string) string {
	return base64.RawURLEncoding.EncodeToString([]byte("n:" + id))
}

// DecodeCursor reverses EncodeCursor.
func DecodeCursor(c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), "n:") {
		return "", kg.Errorf(kg.EINVALID, "after: invalid cursor")
	}
	return string(b[2:]), nil
}
