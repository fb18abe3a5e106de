package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// ---- Degrees and RelationshipCounts ------------------------------------------------------

// relationshipCounts is the oracle for RelationshipCounts: counted over the fixture's edges
// (written and mandate-derived), non-zero only, by type (kg.AllEdgeTypes order) then OUT, IN.
func (f *fixture) relationshipCounts(id string) []kg.RelationshipCount {
	out := []kg.RelationshipCount{}
	for _, t := range kg.AllEdgeTypes {
		var nOut, nIn int
		for _, e := range f.all {
			if e.Type != t {
				continue
			}
			if e.From == id {
				nOut++
			}
			if e.To == id {
				nIn++
			}
		}
		if nOut > 0 {
			out = append(out, kg.RelationshipCount{Type: t, Direction: kg.DirOut, Count: nOut})
		}
		if nIn > 0 {
			out = append(out, kg.RelationshipCount{Type: t, Direction: kg.DirIn, Count: nIn})
		}
	}
	return out
}

// degree is the oracle for Degrees: the fixture's edges of id matching q, counted one by one.
func (f *fixture) degree(id string, q kg.DegreeQuery) int {
	n := 0
	for _, e := range f.all {
		if len(q.Types) > 0 && !slices.Contains(q.Types, e.Type) {
			continue
		}
		switch q.Direction {
		case kg.DirOut:
			n += btoi(e.From == id)
		case kg.DirIn:
			n += btoi(e.To == id)
		default:
			n += btoi(e.From == id || e.To == id)
		}
	}
	return n
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (c *contract) degrees(t *testing.T) {
	t.Run("RelationshipCounts", c.relationshipCounts)
	ctx := authorised()
	all := append(c.allNodeIDs(), unknown, "", vaxjo, mAnnaCoM, "vaxjo-com")
	queries := []struct {
		name string
		q    kg.DegreeQuery
	}{
		{"everything", kg.DegreeQuery{}},
		{"both", kg.DegreeQuery{Direction: kg.DirBoth}},
		{"out", kg.DegreeQuery{Direction: kg.DirOut}},
		{"in", kg.DegreeQuery{Direction: kg.DirIn}},
		{"members (MEMBER_OF in)", kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn}},
		{"two types, any order", kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgePartnerOf, kg.EdgeLocatedIn}}},
		{"derived types", kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeRepresents}, Direction: kg.DirOut}},
		{"a type repeated", kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeMemberOf}}},
	}
	for _, tc := range queries {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.Degrees(ctx, all, tc.q)
			noErr(t, err)
			want := make([]int, len(all))
			for i, id := range all {
				want[i] = c.f.degree(id, tc.q)
			}
			if !slices.Equal(got, want) {
				t.Errorf("Degrees(%+v)\n got %v\nwant %v (ids %v)", tc.q, got, want, all)
			}
			// The count is the length of the list EdgesOf returns for the same filter.
			lists, err := c.s.EdgesOf(ctx, all, kg.EdgeFilter{Types: tc.q.Types, Direction: tc.q.Direction})
			noErr(t, err)
			for i, l := range lists {
				if len(l) != got[i] {
					t.Errorf("%s: degree %d but EdgesOf has %d edges", all[i], got[i], len(l))
				}
			}
		})
	}
	t.Run("known values", func(t *testing.T) {
		// Hand-checked against the fixture, so that the oracle cannot drift unseen.
		got, err := c.s.Degrees(ctx, []string{com, kk, isolated, energimynd}, kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn})
		noErr(t, err)
		if want := []int{3, 3, 0, 0}; !slices.Equal(got, want) {
			t.Errorf("members of com, kk, isolated, energimyndigheten = %v, want %v", got, want)
		}
	})
	t.Run("no ids", func(t *testing.T) {
		got, err := c.s.Degrees(ctx, []string{}, kg.DegreeQuery{})
		noErr(t, err)
		if len(got) != 0 {
			t.Errorf("got %v", got)
		}
	})
	for _, tc := range []struct {
		name string
		q    kg.DegreeQuery
	}{
		{"unknown type", kg.DegreeQuery{Types: []kg.EdgeType{"NOT_A_TYPE"}}},
		{"unknown direction", kg.DegreeQuery{Direction: "SIDEWAYS"}},
		{"unknown type, unknown ids", kg.DegreeQuery{Types: []kg.EdgeType{kg.EdgeMemberOf, "HOLDS_MANDATE"}}},
	} {
		t.Run("invalid/"+tc.name, func(t *testing.T) {
			_, err := c.s.Degrees(ctx, []string{unknown}, tc.q)
			wantCode(t, err, kg.EINVALID)
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := c.s.Degrees(cctx, []string{vaxjo}, kg.DegreeQuery{}); err == nil {
			t.Error("Degrees: no error for a cancelled context")
		}
		if _, err := c.s.RelationshipCounts(cctx, []string{vaxjo}); err == nil {
			t.Error("RelationshipCounts: no error for a cancelled context")
		}
	})
}

func (c *contract) relationshipCounts(t *testing.T) {
	ctx := authorised()
	ids := append(c.allNodeIDs(), unknown, "", lulea, mAnnaCoM)
	got, err := c.s.RelationshipCounts(ctx, ids)
	noErr(t, err)
	if len(got) != len(ids) {
		t.Fatalf("%d results for %d ids", len(got), len(ids))
	}
	for i, id := range ids {
		if want := c.f.relationshipCounts(id); !same(got[i], want) {
			t.Errorf("%s:\n got %v\nwant %v", id, got[i], want)
		}
		if got[i] == nil {
			t.Errorf("%s: nil, want an empty list", id)
		}
	}
	// The counts add up to the degrees.
	deg, err := c.s.Degrees(ctx, ids, kg.DegreeQuery{})
	noErr(t, err)
	for i := range ids {
		if s := kg.SumCounts(got[i], kg.DegreeQuery{}); s != deg[i] {
			t.Errorf("%s: counts add up to %d, degree is %d", ids[i], s, deg[i])
		}
	}
	t.Run("no ids", func(t *testing.T) {
		got, err := c.s.RelationshipCounts(ctx, nil)
		noErr(t, err)
		if len(got) != 0 {
			t.Errorf("got %v", got)
		}
	})
	t.Run("anonymous caller", func(t *testing.T) {
		got, err := c.s.RelationshipCounts(context.Background(), []string{anna})
		noErr(t, err)
		if want := c.f.relationshipCounts(anna); !same(got[0], want) {
			t.Errorf("got %v, want %v", got[0], want)
		}
	})
}
