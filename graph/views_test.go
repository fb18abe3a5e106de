package graph

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// Query.mandates fetches what its two next levels select before it returns (the ends, and
// for party the persons' MEMBER_OF edges and those nodes): selecting party costs exactly one
// EdgesOf and one NodesByIDs call more than not selecting it, however many mandates there
// are, and the views answer with the store's data.
func TestMandatesPrefetchEndsAndParties(t *testing.T) {
	g, lm := gen.Generate(gen.Config{Nodes: 1000, Seed: 1})
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	const q = `{ mandates(body: %q, first: 100) { nodes { id person { id %s } onBehalfOf { id } body { id } } } }`
	calls := map[bool]map[kgtest.Method]int{}
	for _, party := range []bool{false, true} {
		st := kgtest.New(ms)
		sel := ""
		if party {
			sel = "party { id }"
		}
		res := execute(t, st, fmt.Sprintf(q, lm.BusyBody, sel))
		for _, e := range res.Errors {
			t.Fatalf("%s at %v", e.Message, e.Path)
		}
		calls[party] = map[kgtest.Method]int{kgtest.EdgesOf: st.Calls(kgtest.EdgesOf), kgtest.NodesByIDs: st.Calls(kgtest.NodesByIDs)}
		nodes := res.Data["mandates"].(map[string]any)["nodes"].([]any)
		if len(nodes) != gen.BusySeats {
			t.Fatalf("%d mandates, want %d", len(nodes), gen.BusySeats)
		}
		withParty := 0
		for _, x := range nodes {
			m := x.(map[string]any)
			dm, err := ms.MandatesByIDs(t.Context(), []string{m["id"].(string)})
			if err != nil || dm[0] == nil {
				t.Fatalf("mandate %v: %v", m["id"], err)
			}
			person := m["person"].(map[string]any)
			if person["id"] != dm[0].Person || m["body"].(map[string]any)["id"] != dm[0].Body {
				t.Errorf("mandate %s: person %v body %v, want %s %s", dm[0].ID, person["id"], m["body"], dm[0].Person, dm[0].Body)
			}
			if ob, _ := m["onBehalfOf"].(map[string]any); (ob == nil) != (dm[0].OnBehalfOf == "") || (ob != nil && ob["id"] != dm[0].OnBehalfOf) {
				t.Errorf("mandate %s: onBehalfOf %v, want %q", dm[0].ID, m["onBehalfOf"], dm[0].OnBehalfOf)
			}
			if !party {
				continue
			}
			want := ""
			es, _ := ms.EdgesOf(t.Context(), []string{dm[0].Person}, partyEdges)
			for _, e := range es[0] {
				if ns, _ := ms.NodesByIDs(t.Context(), []string{e.To}); ns[0] != nil && ns[0].Kind == kg.KindParty {
					want = e.To
					break
				}
			}
			got := ""
			if p, _ := person["party"].(map[string]any); p != nil {
				got = p["id"].(string)
				withParty++
			}
			if got != want {
				t.Errorf("person %s: party %q, want %q", dm[0].Person, got, want)
			}
		}
		if party && withParty == 0 {
			t.Fatal("no person has a party: the fixture no longer tests the prefetch")
		}
	}
	for _, m := range []kgtest.Method{kgtest.EdgesOf, kgtest.NodesByIDs} {
		if d := calls[true][m] - calls[false][m]; d != 1 {
			t.Errorf("%s: %d calls with party, %d without: want exactly one more", m, calls[true][m], calls[false][m])
		}
	}
	if calls[false][kgtest.NodesByIDs] != 1 {
		t.Errorf("%d NodesByIDs calls for the ends, want 1 (the prefetch)", calls[false][kgtest.NodesByIDs])
	}
}

// prefetchParties primes exactly the loader keys partyOf reads: afterwards partyOf answers
// for every person without another store call.
func TestPrefetchPartiesPrimesPartyOf(t *testing.T) {
	g, _ := gen.Generate(gen.Config{Nodes: 1000, Seed: 1})
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(ms)
	l := NewLoaders(st, time.Millisecond)
	ctx := WithLoaders(t.Context(), l)
	var persons []string
	for _, n := range g.Nodes {
		if n.Kind == kg.KindPerson && len(persons) < 50 {
			persons = append(persons, n.ID)
		}
	}
	l.prefetchParties(ctx, slices.Clone(persons))
	before := len(st.Log())
	r := &Resolver{Store: st}
	found := 0
	for _, p := range persons {
		party, err := r.partyOf(ctx, p)
		if err != nil {
			t.Fatal(err)
		}
		if party != nil {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no party found: the fixture no longer tests the prefetch")
	}
	if after := st.Log(); len(after) != before {
		t.Errorf("partyOf made store calls after the prefetch: %v", after[before:])
	}
}
