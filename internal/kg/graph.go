package kg

import (
	"slices"
	"strings"
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
	// Derived edge ids are unique when mandate ids are (MandateEdges appends a fixed suffix
	// per type); a written edge may still take one, which is found without building them.
	edges := make(map[string]struct{}, len(g.Edges))
	for _, e := range g.Edges {
		switch {
		case e == nil:
			return bad("nil edge")
		case e.ID == "":
			return bad("edge without id")
		case !e.Type.Valid():
			return bad("edge %q has unknown type %q", e.ID, e.Type)
		case !has(e.From) || !has(e.To):
			return bad("edge %q refers to an unknown node", e.ID)
		}
		if _, dup := edges[e.ID]; dup {
			return bad("duplicate edge id %q", e.ID)
		}
		if derivedEdgeID(e.ID, mandates) {
			return bad("duplicate edge id %q (a mandate's derived edge has it)", e.ID)
		}
		edges[e.ID] = struct{}{}
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
