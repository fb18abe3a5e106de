package graph

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
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
}

// edgeKey asks for one node's edges under a filter spec (see specOf). Keys with the same spec
// are fetched in one EdgesOf call.
type edgeKey struct {
	id   string
	spec string
}

// mandateKey asks for the mandates where field (person, behalf, body) equals id.
type mandateKey struct {
	field    string
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
			return ns, fanErr(err, len(ids))
		}, opt),
		edgeByID: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Edge, []error) {
			es, err := store.EdgesByIDs(ctx, ids)
			return es, fanErr(err, len(ids))
		}, opt),
		mandate: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Mandate, []error) {
			ms, err := store.MandatesByIDs(ctx, ids)
			return ms, fanErr(err, len(ids))
		}, opt),
		edges: dataloadgen.NewLoader(func(ctx context.Context, keys []edgeKey) ([][]*kg.Edge, []error) {
			return fetchEdges(ctx, store, keys)
		}, opt),
		mandates: dataloadgen.NewLoader(func(ctx context.Context, keys []mandateKey) ([][]*kg.Mandate, []error) {
			return fetchMandates(ctx, store, keys)
		}, opt),
		sources: dataloadgen.NewLoader(func(ctx context.Context, ids []string) ([]*kg.Source, []error) {
			all, err := store.Sources(ctx)
			if err != nil {
				return nil, fanErr(err, len(ids))
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

// fanErr turns one batch error into dataloadgen's "one error for every key" form (a
// single-element slice); nil stays nil.
func fanErr(err error, _ int) []error {
	if err == nil {
		return nil
	}
	return []error{err}
}

// specOf canonicalises an edge filter into a comparable key: sorted types, direction, limit.
func specOf(f kg.EdgeFilter) string {
	ts := make([]string, len(f.Types))
	for i, t := range f.Types {
		ts[i] = string(t)
	}
	sort.Strings(ts)
	dir := f.Direction
	if dir == "" {
		dir = kg.DirBoth
	}
	return strings.Join(ts, ",") + "|" + string(dir) + "|" + strconv.Itoa(f.Limit)
}

func parseSpec(spec string) kg.EdgeFilter {
	parts := strings.SplitN(spec, "|", 3)
	var f kg.EdgeFilter
	if parts[0] != "" {
		for _, t := range strings.Split(parts[0], ",") {
			f.Types = append(f.Types, kg.EdgeType(t))
		}
	}
	f.Direction = kg.Direction(parts[1])
	f.Limit, _ = strconv.Atoi(parts[2])
	return f
}

// fetchEdges groups keys by spec and makes one EdgesOf call per distinct spec — within one
// nesting level siblings share a spec, so that is one call per level.
func fetchEdges(ctx context.Context, store kg.Store, keys []edgeKey) ([][]*kg.Edge, []error) {
	out := make([][]*kg.Edge, len(keys))
	errs := make([]error, len(keys))
	failed := false
	groups := map[string][]int{}
	var order []string
	for i, k := range keys {
		if _, ok := groups[k.spec]; !ok {
			order = append(order, k.spec)
		}
		groups[k.spec] = append(groups[k.spec], i)
	}
	for _, spec := range order {
		idx := groups[spec]
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j] = keys[i].id
		}
		res, err := store.EdgesOf(ctx, ids, parseSpec(spec))
		for j, i := range idx {
			if err != nil {
				errs[i], failed = err, true
				continue
			}
			out[i] = res[j]
		}
	}
	if !failed {
		errs = nil
	}
	return out, errs
}

// fetchMandates makes one Mandates call per (field, activeAt) group and splits the result.
func fetchMandates(ctx context.Context, store kg.Store, keys []mandateKey) ([][]*kg.Mandate, []error) {
	type group struct {
		field string
		at    kg.PartialDate
	}
	out := make([][]*kg.Mandate, len(keys))
	errs := make([]error, len(keys))
	failed := false
	groups := map[group][]int{}
	var order []group
	for i, k := range keys {
		g := group{k.field, k.activeAt}
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
		f := kg.MandateFilter{ActiveAt: g.at}
		switch g.field {
		case "person":
			f.Persons = ids
		case "behalf":
			f.OnBehalfOf = ids
		default:
			f.Bodies = ids
		}
		ms, err := store.Mandates(ctx, f)
		if err != nil {
			for _, i := range idx {
				errs[i], failed = err, true
			}
			continue
		}
		byID := map[string][]*kg.Mandate{}
		for _, m := range ms {
			switch g.field {
			case "person":
				byID[m.Person] = append(byID[m.Person], m)
			case "behalf":
				byID[m.OnBehalfOf] = append(byID[m.OnBehalfOf], m)
			default:
				byID[m.Body] = append(byID[m.Body], m)
			}
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
