package kg

import (
	"runtime"
	"slices"
	"strings"
	"sync"
)

// Check reports the first structural inconsistency of g, as an INVALID error: a nil item, an
// empty or repeated id (nodes; edges, written and mandate-derived together; mandates;
// sources), an unknown kind or edge type, or a reference to a node g does not hold. Every
// store checks a graph with it before building from it, and the seed loader checks its
// result with it; the loader's own, richer validation (kinds per edge type, evidence,
// periods) reports with file:line what a hand-written seed gets wrong.
//
// Self-references and parallel edges are structurally sound (stores handle them); the seed
// loader forbids self-references in seeds.
func (g *Graph) Check() error {
	if g == nil {
		return Errorf(EINVALID, "no graph")
	}
	bad := func(format string, args ...any) error { return Errorf(EINVALID, format, args...) }
	nodes := make(map[string]struct{}, len(g.Nodes))
	for _, n := range g.Nodes {
		switch {
		case n == nil:
			return bad("nil node")
		case n.ID == "":
			return bad("node without id")
		case !n.Kind.Valid():
			return bad("node %q has unknown kind %q", n.ID, n.Kind)
		}
		if _, dup := nodes[n.ID]; dup {
			return bad("duplicate node id %q", n.ID)
		}
		nodes[n.ID] = struct{}{}
	}
	has := func(id string) bool { _, ok := nodes[id]; return ok }
	mandates := make(map[string]*Mandate, len(g.Mandates))
	for _, m := range g.Mandates {
		switch {
		case m == nil:
			return bad("nil mandate")
		case m.ID == "":
			return bad("mandate without id")
		case mandates[m.ID] != nil:
			return bad("duplicate mandate id %q", m.ID)
		case !has(m.Person) || !has(m.Body) || (m.OnBehalfOf != "" && !has(m.OnBehalfOf)):
			return bad("mandate %q refers to an unknown node", m.ID)
		}
		mandates[m.ID] = m
	}
	if err := checkEdges(g.Edges, nodes, mandates); err != nil {
		return err
	}
	sources := make(map[string]struct{}, len(g.Sources))
	for _, s := range g.Sources {
		switch {
		case s == nil:
			return bad("nil source")
		case s.ID == "":
			return bad("source without id")
		}
		if _, dup := sources[s.ID]; dup {
			return bad("duplicate source id %q", s.ID)
		}
		sources[s.ID] = struct{}{}
	}
	return nil
}

// checkEdges checks the written edges: per edge, in this order, not nil, an id, a known
// type, known ends, not a derived edge's id, not a repeated id; the first failing edge is
// reported. Large graphs are checked in parallel — the fields in chunks, the repeated ids
// beside them — with the same answer: the failure of the lowest index wins.
func checkEdges(edges []*Edge, nodes map[string]struct{}, mandates map[string]*Mandate) error {
	bad := func(format string, args ...any) error { return Errorf(EINVALID, format, args...) }
	fields := func(e *Edge) error { // e is not nil
		_, okFrom := nodes[e.From]
		_, okTo := nodes[e.To]
		switch {
		case e.ID == "":
			return bad("edge without id")
		case !e.Type.Valid():
			return bad("edge %q has unknown type %q", e.ID, e.Type)
		case !okFrom || !okTo:
			return bad("edge %q refers to an unknown node", e.ID)
		case derivedEdgeID(e.ID, mandates):
			// Derived ids are unique when mandate ids are (MandateEdges appends a fixed
			// suffix per type), but a written edge may still take one.
			return bad("duplicate edge id %q (a mandate's derived edge has it)", e.ID)
		}
		return nil
	}
	// firstFields returns the index and error of the first edge of part failing fields.
	firstFields := func(part []*Edge, base int) (int, error) {
		for i, e := range part {
			if e == nil {
				return base + i, bad("nil edge")
			}
			if err := fields(e); err != nil {
				return base + i, err
			}
		}
		return -1, nil
	}
	// firstDup returns the index of the first repeated id.
	firstDup := func() (int, error) {
		seen := make(map[string]struct{}, len(edges))
		for i, e := range edges {
			if e == nil || e.ID == "" {
				continue
			}
			if _, dup := seen[e.ID]; dup {
				return i, bad("duplicate edge id %q", e.ID)
			}
			seen[e.ID] = struct{}{}
		}
		return -1, nil
	}
	type result struct {
		at  int
		err error
	}
	var results []result
	if workers := runtime.GOMAXPROCS(0); len(edges) < 1<<14 || workers < 2 {
		at, err := firstFields(edges, 0)
		results = append(results, result{at, err})
		at, err = firstDup()
		results = append(results, result{at, err})
	} else {
		chunks := workers - 1
		size := (len(edges) + chunks - 1) / chunks
		results = make([]result, chunks+1)
		var wg sync.WaitGroup
		for c := range chunks {
			lo, hi := min(c*size, len(edges)), min((c+1)*size, len(edges))
			wg.Go(func() { results[c].at, results[c].err = firstFields(edges[lo:hi], lo) })
		}
		wg.Go(func() { results[chunks].at, results[chunks].err = firstDup() })
		wg.Wait()
	}
	// The lowest failing index; at the same index a field failure comes before the repeat
	// (results hold the field chunks first).
	best := result{at: -1}
	for _, r := range results {
		if r.err != nil && (best.err == nil || r.at < best.at) {
			best = r
		}
	}
	return best.err
}

// Suffixes of the ids MandateEdges derives from a mandate id.
const (
	representsSuffix = "--represents"
	servesOnSuffix   = "--serves-on"
)

// derivedEdgeID reports whether id is the id of an edge derived from one of mandates.
func derivedEdgeID(id string, mandates map[string]*Mandate) bool {
	if m, ok := strings.CutSuffix(id, representsSuffix); ok {
		if mm := mandates[m]; mm != nil && mm.OnBehalfOf != "" {
			return true
		}
	}
	if m, ok := strings.CutSuffix(id, servesOnSuffix); ok && mandates[m] != nil {
		return true
	}
	return false
}

// CompareMandates is the order of Store.Mandates: body, principal ("" first), person, id,
// each in byte order.
func CompareMandates(a, b *Mandate) int {
	if c := strings.Compare(a.Body, b.Body); c != 0 {
		return c
	}
	if c := strings.Compare(a.OnBehalfOf, b.OnBehalfOf); c != 0 {
		return c
	}
	if c := strings.Compare(a.Person, b.Person); c != 0 {
		return c
	}
	return strings.Compare(a.ID, b.ID)
}

// SortMandates sorts ms in place by CompareMandates.
func SortMandates(ms []*Mandate) { slices.SortStableFunc(ms, CompareMandates) }
