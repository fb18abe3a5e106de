package storetest

import (
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// TestGraphIsValid checks the fixture the way the seed validator checks seeds: unique ids (one
// namespace for nodes, edges and mandates), known kinds, edges allowed between their kinds,
// no dangling references or self-loops, periods in order, and every quote found in its source
// with the source's date copied.
func TestGraphIsValid(t *testing.T) {
	g := Graph()
	if len(g.Nodes) < 25 || len(g.Edges) < 30 || len(g.Mandates) < 4 || len(g.Sources) != 2 {
		t.Errorf("fixture too small: %d nodes, %d edges, %d mandates, %d sources", len(g.Nodes), len(g.Edges), len(g.Mandates), len(g.Sources))
	}
	src := map[string]*kg.Source{}
	for _, s := range g.Sources {
		src[s.ID] = s
	}
	checkEv := func(what string, ev []kg.Evidence) {
		if len(ev) == 0 {
			t.Errorf("%s: no evidence", what)
		}
		for _, e := range ev {
			s := src[e.SourceID]
			if s == nil {
				t.Errorf("%s: unknown source %q", what, e.SourceID)
				continue
			}
			if !strings.Contains(s.Text, e.Quote) {
				t.Errorf("%s: quote %q not in %s", what, e.Quote, s.ID)
			}
			if e.SourceUpdated != s.Updated {
				t.Errorf("%s: SourceUpdated %v, source says %v", what, e.SourceUpdated, s.Updated)
			}
		}
	}
	checkPeriod := func(what string, since, until kg.PartialDate) {
		if !since.IsZero() && !until.IsZero() && until.Before(since) {
			t.Errorf("%s: until %v before since %v", what, until, since)
		}
	}
	ids := map[string]bool{}
	claim := func(id string) {
		if id == "" || ids[id] {
			t.Errorf("empty or duplicate id %q", id)
		}
		ids[id] = true
	}
	kind := map[string]kg.NodeKind{}
	seenKinds := map[kg.NodeKind]bool{}
	for _, n := range g.Nodes {
		claim(n.ID)
		kind[n.ID] = n.Kind
		seenKinds[n.Kind] = true
		if !n.Kind.Valid() {
			t.Errorf("node %q: kind %q", n.ID, n.Kind)
		}
		checkEv("node "+n.ID, n.Evidence)
		checkPeriod("node "+n.ID, n.Since, n.Until)
		for _, a := range n.Attributes {
			checkEv("attribute of "+n.ID, a.Evidence)
		}
		if n.Contact != nil {
			if n.Kind != kg.KindPerson {
				t.Errorf("node %q: contact on a %s", n.ID, n.Kind)
			}
			checkEv("contact of "+n.ID, n.Contact.Evidence)
		}
	}
	if len(seenKinds) != len(kg.AllKinds) {
		t.Errorf("fixture has %d of %d kinds", len(seenKinds), len(kg.AllKinds))
	}
	for _, e := range g.Edges {
		claim(e.ID)
		if kg.EdgeRules[e.Type].Derived {
			t.Errorf("edge %q: derived type %s written", e.ID, e.Type)
		}
		fk, ok1 := kind[e.From]
		tk, ok2 := kind[e.To]
		if !ok1 || !ok2 || e.From == e.To {
			t.Errorf("edge %q: bad ends %q → %q", e.ID, e.From, e.To)
			continue
		}
		if err := kg.CheckEdgeKinds(e.Type, fk, tk); err != nil {
			t.Errorf("edge %q: %v", e.ID, err)
		}
		checkEv("edge "+e.ID, e.Evidence)
		checkPeriod("edge "+e.ID, e.Since, e.Until)
	}
	for _, m := range g.Mandates {
		claim(m.ID)
		if kind[m.Person] != kg.KindPerson {
			t.Errorf("mandate %q: person %q", m.ID, m.Person)
		}
		if m.OnBehalfOf != "" && !kg.KindIn(kind[m.OnBehalfOf], kg.MandatePrincipalKinds) {
			t.Errorf("mandate %q: principal %q", m.ID, m.OnBehalfOf)
		}
		if !kg.KindIn(kind[m.Body], kg.MandateBodyKinds) {
			t.Errorf("mandate %q: body %q", m.ID, m.Body)
		}
		checkEv("mandate "+m.ID, m.Evidence)
		checkPeriod("mandate "+m.ID, m.Since, m.Until)
	}
	for _, e := range g.AllEdges() {
		if e.MandateID != "" {
			claim(e.ID)
		}
	}
	// The isolated node really is isolated.
	for _, e := range g.AllEdges() {
		if e.From == isolated || e.To == isolated {
			t.Errorf("edge %q touches the isolated node", e.ID)
		}
	}
}

// TestGraphIsFresh: each call returns an independent copy.
func TestGraphIsFresh(t *testing.T) {
	a, b := Graph(), Graph()
	a.Nodes[0].Name = "changed"
	a.Nodes[0].Evidence[0].Quote = "changed"
	if b.Nodes[0].Name == "changed" || b.Nodes[0].Evidence[0].Quote == "changed" {
		t.Error("Graph() shares data between calls")
	}
}
