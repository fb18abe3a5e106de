package storetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kommunkg/kg/internal/kg"
)

// fixture indexes the graph a store was opened with; it is the test's oracle.
type fixture struct {
	g       *kg.Graph
	node    map[string]*kg.Node
	edge    map[string]*kg.Edge // written and mandate-derived
	mandate map[string]*kg.Mandate
	all     []*kg.Edge
}

func newFixture(g *kg.Graph) *fixture {
	f := &fixture{g: g, node: map[string]*kg.Node{}, edge: map[string]*kg.Edge{}, mandate: map[string]*kg.Mandate{}}
	for _, n := range g.Nodes {
		f.node[n.ID] = n
	}
	f.all = g.AllEdges()
	for _, e := range f.all {
		f.edge[e.ID] = e
	}
	for _, m := range g.Mandates {
		f.mandate[m.ID] = m
	}
	return f
}

// typeRank is the position of t in kg.AllEdgeTypes: the order EdgesOf sorts types in.
func typeRank(t kg.EdgeType) int { return slices.Index(kg.AllEdgeTypes, t) }

// edgesOf is the oracle for EdgesOf: the ids of id's edges matching ef, in the documented
// order (type, then the other end's id, then edge id), capped by ef.Limit.
func (f *fixture) edgesOf(id string, ef kg.EdgeFilter) []string {
	type item struct {
		rank      int
		other, id string
	}
	var items []item
	for _, e := range f.all {
		if len(ef.Types) > 0 && !slices.Contains(ef.Types, e.Type) {
			continue
		}
		out, in := e.From == id, e.To == id
		switch ef.Direction {
		case kg.DirOut:
			in = false
		case kg.DirIn:
			out = false
		}
		if !out && !in {
			continue
		}
		other := e.To
		if e.To == id {
			other = e.From
		}
		items = append(items, item{rank: typeRank(e.Type), other: other, id: e.ID})
	}
	sort.Slice(items, func(i, j int) bool {
		a, b := items[i], items[j]
		if a.rank != b.rank {
			return a.rank < b.rank
		}
		if a.other != b.other {
			return a.other < b.other
		}
		return a.id < b.id
	})
	ids := []string{}
	for _, it := range items {
		if ef.Limit > 0 && len(ids) == ef.Limit {
			break
		}
		ids = append(ids, it.id)
	}
	return ids
}

// listOrder is the oracle for ListNodes' order: folded name, then id.
func (f *fixture) listOrder(keep func(*kg.Node) bool) []string {
	var ns []*kg.Node
	for _, n := range f.g.Nodes {
		if keep == nil || keep(n) {
			ns = append(ns, n)
		}
	}
	sort.Slice(ns, func(i, j int) bool {
		return kg.CompareListOrder(kg.Fold(ns[i].Name), ns[i].ID, kg.Fold(ns[j].Name), ns[j].ID) < 0
	})
	ids := []string{}
	for _, n := range ns {
		ids = append(ids, n.ID)
	}
	return ids
}

// Distances returns the number of hops from node from to every node reachable from it in g,
// ignoring edge direction and following written and mandate-derived edges; only edges of the
// given types when types is non-empty. It is a plain breadth-first search, the reference for
// Path and Neighbourhood.
func Distances(g *kg.Graph, from string, types []kg.EdgeType) map[string]int {
	adj := map[string][]string{}
	for _, e := range g.AllEdges() {
		if len(types) > 0 && !slices.Contains(types, e.Type) {
			continue
		}
		adj[e.From] = append(adj[e.From], e.To)
		adj[e.To] = append(adj[e.To], e.From)
	}
	known := false
	for _, n := range g.Nodes {
		if n.ID == from {
			known = true
			break
		}
	}
	if !known {
		return map[string]int{}
	}
	dist := map[string]int{from: 0}
	queue := []string{from}
	for len(queue) > 0 {
		n := queue[0]
		queue = queue[1:]
		for _, o := range adj[n] {
			if _, seen := dist[o]; !seen {
				dist[o] = dist[n] + 1
				queue = append(queue, o)
			}
		}
	}
	return dist
}

// ValidWalk reports why p is not a walk from → to over the edges of g (written or
// mandate-derived, of the given types when types is non-empty, in either direction), or nil.
// It checks len(Edges) == len(Nodes)-1, that every node and edge exists in g as returned, that
// Edges[i] connects Nodes[i] and Nodes[i+1], and that no node repeats.
func ValidWalk(g *kg.Graph, p *kg.Path, from, to string, types []kg.EdgeType) error {
	if p == nil {
		return fmt.Errorf("path is nil")
	}
	if len(p.Nodes) == 0 {
		return fmt.Errorf("path has no nodes")
	}
	if len(p.Edges) != len(p.Nodes)-1 {
		return fmt.Errorf("len(Edges) = %d, want len(Nodes)-1 = %d", len(p.Edges), len(p.Nodes)-1)
	}
	nodes := map[string]bool{}
	for _, n := range g.Nodes {
		nodes[n.ID] = true
	}
	edges := map[string]*kg.Edge{}
	for _, e := range g.AllEdges() {
		edges[e.ID] = e
	}
	seen := map[string]bool{}
	for i, n := range p.Nodes {
		if n == nil {
			return fmt.Errorf("Nodes[%d] is nil", i)
		}
		if !nodes[n.ID] {
			return fmt.Errorf("Nodes[%d] = %q is not a node of the graph", i, n.ID)
		}
		if seen[n.ID] {
			return fmt.Errorf("node %q occurs twice", n.ID)
		}
		seen[n.ID] = true
	}
	if p.Nodes[0].ID != from {
		return fmt.Errorf("path starts at %q, want %q", p.Nodes[0].ID, from)
	}
	if last := p.Nodes[len(p.Nodes)-1].ID; last != to {
		return fmt.Errorf("path ends at %q, want %q", last, to)
	}
	for i, e := range p.Edges {
		if e == nil {
			return fmt.Errorf("Edges[%d] is nil", i)
		}
		ge, ok := edges[e.ID]
		if !ok {
			return fmt.Errorf("Edges[%d] = %q is not an edge of the graph", i, e.ID)
		}
		if e.From != ge.From || e.To != ge.To || e.Type != ge.Type {
			return fmt.Errorf("Edges[%d] = %q is %s %s→%s, the graph has %s %s→%s", i, e.ID, e.Type, e.From, e.To, ge.Type, ge.From, ge.To)
		}
		if len(types) > 0 && !slices.Contains(types, e.Type) {
			return fmt.Errorf("Edges[%d] = %q has type %s, not one of %v", i, e.ID, e.Type, types)
		}
		a, b := p.Nodes[i].ID, p.Nodes[i+1].ID
		if !(e.From == a && e.To == b) && !(e.From == b && e.To == a) {
			return fmt.Errorf("Edges[%d] = %q (%s→%s) does not connect %q and %q", i, e.ID, e.From, e.To, a, b)
		}
	}
	return nil
}

// same reports whether a and b are equal, treating nil and empty slices and maps alike (a
// backend may return either) and comparing pointers by what they point to.
func same(a, b any) bool { return cmp.Equal(a, b, cmpopts.EquateEmpty()) }

// show renders a value for failure messages (following pointers, unlike %v).
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%+v", v)
	}
	return string(b)
}

func nodeIDs(ns []*kg.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		if n == nil {
			out[i] = "<nil>"
		} else {
			out[i] = n.ID
		}
	}
	return out
}

func edgeIDs(es []*kg.Edge) []string {
	out := make([]string, len(es))
	for i, e := range es {
		if e == nil {
			out[i] = "<nil>"
		} else {
			out[i] = e.ID
		}
	}
	return out
}

func mandateIDs(ms []*kg.Mandate) []string {
	out := make([]string, len(ms))
	for i, m := range ms {
		if m == nil {
			out[i] = "<nil>"
		} else {
			out[i] = m.ID
		}
	}
	return out
}

func hitIDs(hs []kg.SearchHit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		if h.Node == nil {
			out[i] = "<nil>"
		} else {
			out[i] = h.Node.ID
		}
	}
	return out
}

// sameSet reports whether a and b hold the same strings, ignoring order; duplicates count.
func sameSet(a, b []string) bool {
	x, y := slices.Clone(a), slices.Clone(b)
	slices.Sort(x)
	slices.Sort(y)
	return slices.Equal(x, y)
}

func dupes(ids []string) []string {
	seen := map[string]int{}
	var out []string
	for _, id := range ids {
		seen[id]++
		if seen[id] == 2 {
			out = append(out, id)
		}
	}
	return out
}

func q(ss []string) string { return "[" + strings.Join(ss, " ") + "]" }

// noErr fails the test at once on an error.
func noErr(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// wantCode fails unless err is a kg.Error with the given code.
func wantCode(t *testing.T, err error, code kg.Code) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := kg.ErrorCode(err); got != code {
		t.Fatalf("error code = %s (%v), want %s", got, err, code)
	}
}
