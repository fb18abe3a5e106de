package graph

import (
	"context"
	"slices"
	"time"

	"github.com/vikstrous/dataloadgen"

	"github.com/kommunkg/kg/internal/kg"
)

// Loaders batch the store calls of one request: all siblings at one nesting level that need
// the same kind of data are served by a single store call. A fresh set is made per request
// (see Middleware), so nothing is cached across requests or callers.
type Loaders struct {
	store    kg.Store
	nodes    *dataloadgen.Loader[string, *kg.Node]
	edges    *dataloadgen.Loader[edgeKey, []*kg.Edge]
	edgeByID *dataloadgen.Loader[string, *kg.Edge]
	mandates *dataloadgen.Loader[mandateKey, []*kg.Mandate]
	mandate  *dataloadgen.Loader[string, *kg.Mandate]
	sources  *dataloadgen.Loader[string, *kg.Source]
	// connections and counts (conn.go)
	edgePages *dataloadgen.Loader[pageKey, kg.EdgePage]
	degrees   *dataloadgen.Loader[degKey, int]
	relCounts *dataloadgen.Loader[string, []kg.RelationshipCount]
	timeline  *dataloadgen.Loader[timelineKey, *kg.TimelinePage] // see timeline.go
}

// edgeKey asks for one node's edges under one filter. Keys with the same spec are fetched
// in one EdgesOf call.
type edgeKey struct {
	id   string
	spec edgeSpec
}

// edgeSpec is a kg.EdgeFilter in canonical, comparable form, so that it can be part of a
// loader key: equivalent filters (types in another order, "" and BOTH) are equal specs.
type edgeSpec struct {
	types typeSet
	dir   kg.Direction
	limit int
}

// typeSet is a set of edge types, one bit per position in kg.AllEdgeTypes; the empty set
// means "all types", as an empty kg.EdgeFilter.Types does.
type typeSet uint64

// specOf canonicalises f. It fails, as a wiring bug, for a type it cannot place: one not in
// kg.AllEdgeTypes, or beyond the 64 a typeSet holds — never silently "all types".
func specOf(f kg.EdgeFilter) (edgeSpec, error) {
	s := edgeSpec{dir: f.Direction, limit: f.Limit}
	if s.dir == "" {
		s.dir = kg.DirBoth
	}
	for _, t := range f.Types {
		i := slices.Index(kg.AllEdgeTypes, t)
		if i < 0 || i >= 64 {
			return edgeSpec{}, kg.Errorf(kg.EINTERNAL, "edge type %q has no place in a type set", t)
		}
		s.types |= 1 << i
	}
	return s, nil
}

// filter is the kg.EdgeFilter s stands for (types in kg.AllEdgeTypes order).
func (s edgeSpec) filter() kg.EdgeFilter {
	f := kg.EdgeFilter{Direction: s.dir, Limit: s.limit}
	for i, t := range kg.AllEdgeTypes {
		if i < 64 && s.types&(1<<i) != 0 {
			f.Types = append(f.Types, t)
		}
	}
	return f
}

// mandateSide names the end of a mandate that a mandate lookup is keyed on. The zero value
// is no side: a lookup with it fails instead of quietly meaning one of them.
type mandateSide int

const (
	sidePerson    mandateSide = iota + 1 // the person who holds the mandate
	sidePrincipal                        // whom the person represents (on behalf of)
	sideBody                             // the body the person sits in
)

// filter selects the mandates whose end on side s is one of ids.
func (s mandateSide) filter(ids []string, at kg.PartialDate) (kg.MandateFilter, error) {
	f := kg.MandateFilter{ActiveAt: at}
	switch s {
	case sidePerson:
		f.Persons = ids
	case sidePrincipal:
		f.OnBehalfOf = ids
	case sideBody:
		f.Bodies = ids
	default:
		return f, kg.Errorf(kg.EINTERNAL, "mandate lookup without a side")
	}
	return f, nil
}

// of is m's end on side s.
func (s mandateSide) of(m *kg.Mandate) string {
	switch s {
	case sidePerson:
		return m.Person
	case sidePrincipal:
		return m.OnBehalfOf
	case sideBody:
		return m.Body
	}
	return ""
}

// mandateKey asks for the mandates whose end on side is id (active at activeAt, if set).
type mandateKey struct {
	side     mandateSide
	id       string
	activeAt kg.PartialDate
}

// NewLoaders builds the per-request loaders over store. wait is how long a loader collects
// keys before it calls the store: long enough for sibling resolvers (goroutines started
// together) to join, short enough not to matter next to network latency.
func NewLoaders(store kg.Store, wait time.Duration) *Loaders {
	opt := dataloadgen.WithWait(wait)
	return &Loaders{
		store: store,
		nodes: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Node, []error) {
			ns, err := store.NodesByIDs(ctx, ids)
			return ns, fanErr(err)
		}, opt),
		edgeByID: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Edge, []error) {
			es, err := store.EdgesByIDs(ctx, ids)
			return es, fanErr(err)
		}, opt),
		mandate: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Mandate, []error) {
			ms, err := store.MandatesByIDs(ctx, ids)
			return ms, fanErr(err)
		}, opt),
		edges: dataloadgen.NewLoader(func(ctx context.Context, keys []edgeKey) ([][]*kg.Edge, []error) {
			return fetchEdges(ctx, store, keys)
		}, opt),
		mandates: dataloadgen.NewLoader(func(ctx context.Context, keys []mandateKey) ([][]*kg.Mandate, []error) {
			return fetchMandates(ctx, store, keys)
		}, opt),
		edgePages: dataloadgen.NewLoader(func(ctx context.Context, keys []pageKey) ([]kg.EdgePage, []error) {
			return fetchEdgePages(ctx, store, keys)
		}, opt),
		degrees: dataloadgen.NewLoader(func(ctx context.Context, keys []degKey) ([]int, []error) {
			return fetchDegrees(ctx, store, keys)
		}, opt),
		relCounts: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([][]kg.RelationshipCount, []error) {
			cs, err := store.RelationshipCounts(ctx, ids)
			return cs, fanErr(err)
		}, opt),
		timeline: newTimelineLoader(store, opt),
		sources: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Source, []error) {
			all, err := store.Sources(ctx)
			if err != nil {
				return nil, fanErr(err)
			}
			byID := make(map[string]*kg.Source, len(all))
			for _, s := range all {
				byID[s.ID] = s
			}
			out := make([]*kg.Source, len(ids))
			for i, id := range ids {
				out[i] = byID[id]
			}
			return out, nil
		}, opt),
	}
}

// primeNodes records nodes the request already holds (a subgraph's or a path's), so resolvers
// that ask for them — an edge's from and to — get them at once, with neither a store call
// nor a batching wait.
func (l *Loaders) primeNodes(ns []*kg.Node) {
	for _, n := range ns {
		if n != nil {
			l.nodes.Prime(n.ID, n)
		}
	}
}

// prefetchNodes fetches, in one store call, the nodes the next nesting level is about to ask
// for, and primes them: that level then resolves without waiting out a batch window. Only
// for a resolver with a single parent (a root field) — under a list it would cost a call per
// parent, which is what the batching loaders exist to avoid. A failure is ignored here: the
// loaders fetch again and report it where it belongs.
func (l *Loaders) prefetchNodes(ctx context.Context, ids []string) {
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	ns, err := l.store.NodesByIDs(ctx, ids)
	if err != nil {
		return
	}
	l.primeNodes(ns)
}

// prefetchParties fetches, in one EdgesOf and one NodesByIDs call, what partyOf will ask the
// loaders for about persons (their MEMBER_OF edges, the nodes at the far end) and primes
// both. Like prefetchNodes, only for a single parent, and a failure is left to the loaders.
func (l *Loaders) prefetchParties(ctx context.Context, persons []string) {
	if len(persons) == 0 {
		return
	}
	slices.Sort(persons)
	persons = slices.Compact(persons)
	f := partyEdges
	spec, err := specOf(f)
	if err != nil {
		return
	}
	lists, err := l.store.EdgesOf(ctx, persons, f)
	if err != nil || len(lists) != len(persons) {
		return
	}
	var far []string
	for i, id := range persons {
		l.edges.Prime(edgeKey{id: id, spec: spec}, lists[i])
		for _, e := range lists[i] {
			far = append(far, e.To)
		}
	}
	l.prefetchNodes(ctx, far)
}

// fanErr turns one batch error into dataloadgen's "one error for every key" form (a
// single-element slice); nil stays nil.
func fanErr(err error) []error {
	if err == nil {
		return nil
	}
	return []error{err}
}

// fetchEdges groups keys by spec and makes one EdgesOf call per distinct spec — within one
// nesting level siblings share a spec, so that is one call per level.
func fetchEdges(ctx context.Context, store kg.Store, keys []edgeKey) ([][]*kg.Edge, []error) {
	return batchBySpec(ctx, keys, func(k edgeKey) (string, edgeSpec) { return k.id, k.spec },
		func(ctx context.Context, spec edgeSpec, ids []string) ([][]*kg.Edge, error) {
			return store.EdgesOf(ctx, ids, spec.filter())
		})
}

// fetchMandates makes one Mandates call per (side, activeAt) group and splits the result.
func fetchMandates(ctx context.Context, store kg.Store, keys []mandateKey) ([][]*kg.Mandate, []error) {
	type group struct {
		side mandateSide
		at   kg.PartialDate
	}
	out := make([][]*kg.Mandate, len(keys))
	errs := make([]error, len(keys))
	failed := false
	groups := map[group][]int{}
	var order []group
	for i, k := range keys {
		g := group{k.side, k.activeAt}
		if _, ok := groups[g]; !ok {
			order = append(order, g)
		}
		groups[g] = append(groups[g], i)
	}
	for _, g := range order {
		idx := groups[g]
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = keys[i].id
		}
		f, err := g.side.filter(ids, g.at)
		var ms []*kg.Mandate
		if err == nil {
			ms, err = store.Mandates(ctx, f)
		}
		if err != nil {
			for _, i := range idx {
				errs[i], failed = err, true
			}
			continue
		}
		byID := map[string][]*kg.Mandate{}
		for _, m := range ms {
			end := g.side.of(m)
			byID[end] = append(byID[end], m)
		}
		for _, i := range idx {
			out[i] = byID[keys[i].id]
		}
	}
	if !failed {
		errs = nil
	}
	return out, errs
}

type loadersKey struct{}

// WithLoaders returns ctx carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, loadersKey{}, l)
}

// loadersFrom returns the request's loaders. Resolvers run only under Middleware, so a
// missing value is a wiring bug, reported as an internal error rather than a panic.
func loadersFrom(ctx context.Context) (*Loaders, error) {
	l, ok := ctx.Value(loadersKey{}).(*Loaders)
	if !ok {
		return nil, kg.Errorf(kg.EINTERNAL, "request loaders missing")
	}
	return l, nil
}
