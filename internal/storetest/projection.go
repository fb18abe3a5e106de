package storetest

import (
	"context"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/kommunkg/kg/internal/kg"
)

// projectionOracle is the rule of kg.ProjectionQuery computed over the fixture directly:
// the kept edges (types, time), the nodes they touch (whole graph) or reach from Center
// within Hops ignoring direction, and every kept edge among those nodes.
func (c *contract) projectionOracle(q kg.ProjectionQuery) *kg.Projection {
	keep := func(e *kg.Edge) bool {
		if len(q.Types) > 0 && !slices.Contains(q.Types, e.Type) {
			return false
		}
		return q.Time.Match(e.Since, e.Until)
	}
	var kept []*kg.Edge
	for _, e := range c.f.all {
		if keep(e) {
			kept = append(kept, e)
		}
	}
	in := map[string]kg.NodeKind{}
	if q.Center == "" {
		for _, e := range kept {
			in[e.From], in[e.To] = c.f.node[e.From].Kind, c.f.node[e.To].Kind
		}
	} else {
		if c.f.node[q.Center] == nil {
			return nil
		}
		in[q.Center] = c.f.node[q.Center].Kind
		frontier := []string{q.Center}
		for d := 0; d < q.Hops; d++ {
			var next []string
			for _, n := range frontier {
				for _, e := range kept {
					for _, pair := range [][2]string{{e.From, e.To}, {e.To, e.From}} {
						if pair[0] != n {
							continue
						}
						if _, ok := in[pair[1]]; !ok {
							in[pair[1]] = c.f.node[pair[1]].Kind
							next = append(next, pair[1])
						}
					}
				}
			}
			frontier = next
		}
	}
	raw := make([]kg.RawEdge, 0, len(kept))
	for _, e := range kept {
		raw = append(raw, kg.RawEdge{From: e.From, To: e.To, Type: e.Type})
	}
	return kg.BuildProjection(in, raw)
}

// projection holds Store.Projection to its documented rule on the fixture.
func (c *contract) projection(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name string
		q    kg.ProjectionQuery
	}{
		{"whole graph", kg.ProjectionQuery{}},
		{"whole graph, one type", kg.ProjectionQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}}},
		{"whole graph, mandates", kg.ProjectionQuery{Types: []kg.EdgeType{kg.EdgeRepresents, kg.EdgeServesOn}}},
		{"whole graph, dated only", kg.ProjectionQuery{Time: kg.TimeFilter{ExcludeUndated: true}}},
		{"whole graph as of 2016", kg.ProjectionQuery{Time: kg.TimeFilter{At: kg.MustDate("2016")}}},
		{"centre alone", kg.ProjectionQuery{Center: vaxjo}},
		{"one hop", kg.ProjectionQuery{Center: vaxjo, Hops: 1}},
		{"two hops, memberships and projects", kg.ProjectionQuery{Center: vaxjo, Hops: 2, Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}}},
		{"three hops", kg.ProjectionQuery{Center: anna, Hops: 3}},
		{"two hops during 2019–2020", kg.ProjectionQuery{Center: ess, Hops: 2, Time: kg.TimeFilter{During: true, From: kg.MustDate("2019"), To: kg.MustDate("2020")}}},
		{"isolated centre", kg.ProjectionQuery{Center: isolated, Hops: 2}},
		{"exactly at the limit", kg.ProjectionQuery{Center: vaxjo, Hops: 1, MaxNodes: len(c.projectionOracle(kg.ProjectionQuery{Center: vaxjo, Hops: 1}).IDs)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.s.Projection(ctx, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			want := c.projectionOracle(tc.q)
			if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("projection differs (-want +got):\n%s", diff)
			}
			if tc.q.Center != "" && want.Index(tc.q.Center) < 0 {
				t.Errorf("centre %s missing", tc.q.Center)
			}
		})
	}
	t.Run("unknown centre", func(t *testing.T) {
		p, err := c.s.Projection(ctx, kg.ProjectionQuery{Center: unknown, Hops: 1})
		if err != nil || p != nil {
			t.Errorf("got %v, %v; want nil, nil", p, err)
		}
	})
	whole := len(c.projectionOracle(kg.ProjectionQuery{}).IDs)
	oneHop := len(c.projectionOracle(kg.ProjectionQuery{Center: vaxjo, Hops: 1}).IDs)
	for _, tc := range []struct {
		name string
		q    kg.ProjectionQuery
		code kg.Code
	}{
		{"whole graph above the limit", kg.ProjectionQuery{MaxNodes: whole - 1}, kg.ETOOLARGE},
		{"neighbourhood above the limit", kg.ProjectionQuery{Center: vaxjo, Hops: 1, MaxNodes: oneHop - 1}, kg.ETOOLARGE},
		{"unknown type", kg.ProjectionQuery{Types: []kg.EdgeType{"KNOWS"}}, kg.EINVALID},
		{"hops above MaxHops", kg.ProjectionQuery{Center: vaxjo, Hops: kg.MaxHops + 1}, kg.EINVALID},
		{"negative hops", kg.ProjectionQuery{Center: vaxjo, Hops: -1}, kg.EINVALID},
		{"window ends before it begins", kg.ProjectionQuery{Time: kg.TimeFilter{During: true, From: kg.MustDate("2020"), To: kg.MustDate("2019")}}, kg.EINVALID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.s.Projection(ctx, tc.q)
			wantCode(t, err, tc.code)
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err := c.s.Projection(cctx, kg.ProjectionQuery{})
		if err == nil {
			t.Fatal("no error from a cancelled context")
		}
	})
	t.Run("fixture is not trivial", func(t *testing.T) {
		p := c.projectionOracle(kg.ProjectionQuery{})
		if len(p.Edges) < 10 || p.Index(isolated) >= 0 {
			t.Errorf("%d edges, isolated at %d", len(p.Edges), p.Index(isolated))
		}
	})
}
