package storetest

import (
	"slices"
	"strconv"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// ---- EdgePages and the time filter --------------------------------------------------------

// edgePage is the oracle for EdgePages without paging: the ids of id's edges matching q's
// types, direction and time filter, in the documented order.
func (f *fixture) edgePage(id string, q kg.EdgePageQuery) []string {
	all := f.edgesOf(id, kg.EdgeFilter{Types: q.Types, Direction: q.Direction})
	out := []string{}
	for _, eid := range all {
		e := f.edge[eid]
		if q.Time.Match(e.Since, e.Until) {
			out = append(out, eid)
		}
	}
	return out
}

func (c *contract) edgePages(t *testing.T) {
	ctx := authorised()
	d := kg.MustDate
	ids := append(c.allNodeIDs(), unknown, vaxjo)
	queries := []struct {
		name string
		q    kg.EdgePageQuery
	}{
		{"everything", kg.EdgePageQuery{}},
		{"out", kg.EdgePageQuery{Direction: kg.DirOut}},
		{"in", kg.EdgePageQuery{Direction: kg.DirIn}},
		{"members", kg.EdgePageQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirIn}},
		{"two types", kg.EdgePageQuery{Types: []kg.EdgeType{kg.EdgePartnerOf, kg.EdgeLocatedIn}}},
		{"activeAt 2016", kg.EdgePageQuery{Time: kg.TimeFilter{At: d("2016")}}},
		{"activeAt 2019 dated only", kg.EdgePageQuery{Time: kg.TimeFilter{At: d("2019"), ExcludeUndated: true}}},
		{"activeDuring 2019–2020", kg.EdgePageQuery{Time: kg.TimeFilter{During: true, From: d("2019"), To: d("2020")}}},
		{"activeDuring from 2021", kg.EdgePageQuery{Time: kg.TimeFilter{During: true, From: d("2021")}}},
		{"activeDuring until 2015-06", kg.EdgePageQuery{Time: kg.TimeFilter{During: true, To: d("2015-06")}}},
		{"dated only", kg.EdgePageQuery{Time: kg.TimeFilter{ExcludeUndated: true}}},
		{"derived, dated, 2022-10", kg.EdgePageQuery{Types: []kg.EdgeType{kg.EdgeRepresents, kg.EdgeServesOn}, Time: kg.TimeFilter{At: d("2022-10"), ExcludeUndated: true}}},
	}
	for _, tc := range queries {
		for _, first := range []int{1, 2, 3, kg.MaxFirst} {
			t.Run(tc.name+"/first="+strconv.Itoa(first), func(t *testing.T) {
				q := tc.q
				q.First = first
				// Every node's list, page by page, all nodes in one call per page.
				got := make([][]string, len(ids))
				after := make([]string, len(ids))
				done := make([]bool, len(ids))
				for round := 0; round < 40 && slices.Contains(done, false); round++ {
					for i, id := range ids {
						if done[i] {
							continue
						}
						q.After = after[i]
						ps, err := c.s.EdgePages(ctx, []string{id, unknown}, q)
						noErr(t, err)
						if len(ps) != 2 || len(ps[1].Edges) != 0 || ps[1].TotalCount != 0 || ps[1].HasNext {
							t.Fatalf("unknown id: %+v", ps)
						}
						p := ps[0]
						want := c.f.edgePage(id, q)
						if p.TotalCount != len(want) {
							t.Errorf("%s: totalCount %d, want %d", id, p.TotalCount, len(want))
						}
						if len(p.Edges) > first || len(p.Cursors) != len(p.Edges) {
							t.Fatalf("%s: %d edges, %d cursors for first %d", id, len(p.Edges), len(p.Cursors), first)
						}
						for j, e := range p.Edges {
							if p.Cursors[j] != kg.EdgeCursor(id, e) {
								t.Errorf("%s: cursor %d is not EdgeCursor", id, j)
							}
						}
						got[i] = append(got[i], edgeIDs(p.Edges)...)
						if n := len(got[i]); p.HasNext != (n < len(want)) {
							t.Errorf("%s: hasNext %v after %d of %d", id, p.HasNext, n, len(want))
						}
						if !p.HasNext || len(p.Edges) == 0 {
							done[i] = true
							continue
						}
						after[i] = p.Cursors[len(p.Cursors)-1]
					}
				}
				for i, id := range ids {
					if want := c.f.edgePage(id, q); !same(got[i], want) {
						t.Errorf("%s pages:\n got %v\nwant %v", id, got[i], want)
					}
				}
			})
		}
	}
	t.Run("batched pages are aligned", func(t *testing.T) {
		q := kg.EdgePageQuery{First: 2}
		batch := []string{lulea, unknown, isolated, vaxjo, lulea}
		ps, err := c.s.EdgePages(ctx, batch, q)
		noErr(t, err)
		for i, id := range batch {
			want := c.f.edgePage(id, q)
			if !same(edgeIDs(ps[i].Edges), want[:min(2, len(want))]) || ps[i].TotalCount != len(want) || ps[i].HasNext != (len(want) > 2) {
				t.Errorf("%s: %v total %d next %v, want %v", id, edgeIDs(ps[i].Edges), ps[i].TotalCount, ps[i].HasNext, want)
			}
		}
	})
	t.Run("first 0 counts only", func(t *testing.T) {
		ps, err := c.s.EdgePages(ctx, []string{vaxjo}, kg.EdgePageQuery{})
		noErr(t, err)
		if want := len(c.f.edgePage(vaxjo, kg.EdgePageQuery{})); len(ps[0].Edges) != 0 || ps[0].TotalCount != want || !ps[0].HasNext {
			t.Errorf("got %+v, want no edges, total %d, hasNext", ps[0], want)
		}
	})
	t.Run("a cursor of another node resumes by its keys", func(t *testing.T) {
		// Keyset: after (type, other, id) of any list means "after those keys".
		all := c.f.edgePage(vaxjo, kg.EdgePageQuery{})
		e := c.f.edge[all[2]]
		ps, err := c.s.EdgePages(ctx, []string{vaxjo}, kg.EdgePageQuery{First: kg.MaxFirst, After: kg.EdgeCursor(vaxjo, e)})
		noErr(t, err)
		if !same(edgeIDs(ps[0].Edges), all[3:]) {
			t.Errorf("got %v, want %v", edgeIDs(ps[0].Edges), all[3:])
		}
	})
	invalid := []struct {
		name string
		q    kg.EdgePageQuery
	}{
		{"garbage cursor", kg.EdgePageQuery{First: 5, After: "garbage"}},
		{"node-list cursor", kg.EdgePageQuery{First: 5, After: kg.EncodeCursor(vaxjo)}},
		{"other kind", kg.EdgePageQuery{First: 5, After: kg.EncodeKeyCursor("mandate", "a", "b", "c")}},
		{"unknown type in cursor", kg.EdgePageQuery{First: 5, After: kg.EncodeKeyCursor(kg.EdgeCursorKind, "NOPE", "b", "c")}},
		{"first above MaxFirst", kg.EdgePageQuery{First: kg.MaxFirst + 1}},
		{"negative first", kg.EdgePageQuery{First: -1}},
		{"unknown type", kg.EdgePageQuery{First: 5, Types: []kg.EdgeType{"NOPE"}}},
		{"unknown direction", kg.EdgePageQuery{First: 5, Direction: "SIDEWAYS"}},
		{"window ends before it begins", kg.EdgePageQuery{First: 5, Time: kg.TimeFilter{During: true, From: d("2020"), To: d("2019")}}},
	}
	for _, tc := range invalid {
		t.Run("invalid/"+tc.name, func(t *testing.T) {
			_, err := c.s.EdgePages(ctx, []string{vaxjo}, tc.q)
			wantCode(t, err, kg.EINVALID)
		})
	}
	t.Run("mandates by time", c.mandatesByTime)
	t.Run("MandatePage", c.mandatePages)
}

// mandatePages: pages of MandatePage join up to exactly what Mandates returns for the same
// filter, with the total, cursors and hasNext; bad arguments are INVALID.
func (c *contract) mandatePages(t *testing.T) {
	ctx := authorised()
	d := kg.MustDate
	filters := []kg.MandateFilter{{}, {Persons: []string{anna, erik}}, {Bodies: []string{com, kk}}, {OnBehalfOf: []string{lulea}},
		{Persons: []string{unknown}}, {Time: kg.TimeFilter{At: d("2020")}}, {Bodies: []string{com}, Time: kg.TimeFilter{ExcludeUndated: true}}}
	for i, f := range filters {
		want, err := c.s.Mandates(ctx, f)
		noErr(t, err)
		for _, first := range []int{1, 2, kg.MaxFirst} {
			t.Run(strconv.Itoa(i)+"/first="+strconv.Itoa(first), func(t *testing.T) {
				var got []string
				after := ""
				for round := 0; round < 20; round++ {
					p, err := c.s.MandatePage(ctx, f, first, after)
					noErr(t, err)
					if p.TotalCount != len(want) || len(p.Mandates) > first || len(p.Cursors) != len(p.Mandates) {
						t.Fatalf("page: total %d (want %d), %d mandates, %d cursors", p.TotalCount, len(want), len(p.Mandates), len(p.Cursors))
					}
					for j, m := range p.Mandates {
						if p.Cursors[j] != kg.MandateCursor(m) {
							t.Errorf("cursor %d is not MandateCursor", j)
						}
					}
					got = append(got, mandateIDs(p.Mandates)...)
					if p.HasNext != (len(got) < len(want)) {
						t.Fatalf("hasNext %v after %d of %d", p.HasNext, len(got), len(want))
					}
					if !p.HasNext {
						break
					}
					after = p.Cursors[len(p.Cursors)-1]
				}
				if !same(got, mandateIDs(want)) {
					t.Errorf("pages %v, want %v", got, mandateIDs(want))
				}
			})
		}
	}
	t.Run("first 0 counts only", func(t *testing.T) {
		p, err := c.s.MandatePage(ctx, kg.MandateFilter{}, 0, "")
		noErr(t, err)
		if len(p.Mandates) != 0 || p.TotalCount != len(c.f.g.Mandates) || !p.HasNext {
			t.Errorf("got %+v", p)
		}
	})
	for _, tc := range []struct {
		name  string
		first int
		after string
		f     kg.MandateFilter
	}{
		{"first above MaxFirst", kg.MaxFirst + 1, "", kg.MandateFilter{}},
		{"negative first", -1, "", kg.MandateFilter{}},
		{"garbage cursor", 5, "garbage", kg.MandateFilter{}},
		{"a relationship cursor", 5, kg.EncodeKeyCursor(kg.EdgeCursorKind, "MEMBER_OF", "a", "b"), kg.MandateFilter{}},
		{"window ends before it begins", 5, "", kg.MandateFilter{Time: kg.TimeFilter{During: true, From: d("2020"), To: d("2019")}}},
	} {
		t.Run("invalid/"+tc.name, func(t *testing.T) {
			_, err := c.s.MandatePage(ctx, tc.f, tc.first, tc.after)
			wantCode(t, err, kg.EINVALID)
		})
	}
}

// mandatesByTime: MandateFilter.Time is kg.TimeFilter.Match, on every entry point.
func (c *contract) mandatesByTime(t *testing.T) {
	ctx := authorised()
	d := kg.MustDate
	times := []kg.TimeFilter{
		{At: d("2020")},
		{At: d("2021-01"), ExcludeUndated: true},
		{During: true, From: d("2019"), To: d("2020")},
		{During: true, From: d("2023")},
		{During: true, To: d("2018")},
		{ExcludeUndated: true},
	}
	filters := []kg.MandateFilter{{}, {Persons: []string{anna, erik}}, {Bodies: []string{com, kk}}, {OnBehalfOf: []string{lulea}}}
	for i, tf := range times {
		for j, f := range filters {
			t.Run(strconv.Itoa(i)+"/"+strconv.Itoa(j), func(t *testing.T) {
				base, err := c.s.Mandates(ctx, f)
				noErr(t, err)
				want := []string{}
				for _, m := range base {
					if tf.Match(m.Since, m.Until) {
						want = append(want, m.ID)
					}
				}
				f.Time = tf
				got, err := c.s.Mandates(ctx, f)
				noErr(t, err)
				if !same(mandateIDs(got), want) {
					t.Errorf("Time %+v, filter %+v:\n got %v\nwant %v", tf, f, mandateIDs(got), want)
				}
			})
		}
	}
}
