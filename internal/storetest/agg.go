package storetest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// Contract cases of issue 16's search paging, time-filtered traversal, counts and timelines.
// Every oracle is computed from the fixture graph.

// ---- Search paging ----------------------------------------------------------------------

func (c *contract) searchPaging(t *testing.T) {
	for _, sq := range []kg.SearchQuery{
		{Text: "kommun"}, {Text: "covenant of mayors"}, {Text: "växjö"}, {Text: "klimatdagen i vaxjo"},
		{Text: "k"}, {Text: "kommun", Kinds: []kg.NodeKind{kg.KindMunicipality, kg.KindOrganisation}},
		{Text: "qwertyuiop"}, {Text: "Enrgimyndigheten"},
	} {
		all := sq
		all.First = len(c.f.g.Nodes) + 1
		want := kg.RankSearch(all, c.f.g.Nodes)
		for _, size := range []int{1, 2, 3, kg.MaxFirst} {
			t.Run(fmt.Sprintf("%s/%d", sq.Text, size), func(t *testing.T) {
				var got []kg.SearchHit
				after := ""
				for pages := 0; ; pages++ {
					if pages > len(want)+1 {
						t.Fatalf("paging does not end: %d pages", pages)
					}
					pq := sq
					pq.First, pq.After = size, after
					p, err := c.s.Search(authorised(), pq)
					noErr(t, err)
					if p.TotalCount != len(want) {
						t.Errorf("page %d: TotalCount %d, want %d", pages, p.TotalCount, len(want))
					}
					if len(p.Cursors) != len(p.Hits) || len(p.Hits) > size {
						t.Fatalf("page %d: %d hits, %d cursors, first %d", pages, len(p.Hits), len(p.Cursors), size)
					}
					if p.HasPrev != (after != "") {
						t.Errorf("page %d: HasPrev %v", pages, p.HasPrev)
					}
					got = append(got, p.Hits...)
					if p.HasNext != (len(got) < len(want)) {
						t.Errorf("page %d: HasNext %v with %d of %d hits", pages, p.HasNext, len(got), len(want))
					}
					if !p.HasNext || len(p.Hits) == 0 {
						break
					}
					after = p.Cursors[len(p.Cursors)-1]
				}
				if fmt.Sprint(hitKeys(got)) != fmt.Sprint(hitKeys(want)) {
					t.Errorf("pages joined:\n got %v\nwant %v", hitKeys(got), hitKeys(want))
				}
			})
		}
	}
	t.Run("first 0 counts", func(t *testing.T) {
		p, err := c.s.Search(authorised(), kg.SearchQuery{Text: "kommun", First: 0})
		noErr(t, err)
		want := kg.RankSearch(kg.SearchQuery{Text: "kommun", First: 1000}, c.f.g.Nodes)
		if len(p.Hits) != 0 || p.TotalCount != len(want) || p.HasNext != (len(want) > 0) {
			t.Errorf("got %d hits, total %d, next %v; want 0, %d", len(p.Hits), p.TotalCount, p.HasNext, len(want))
		}
	})
	for name, cur := range map[string]string{
		"garbage": "garbage", "a list cursor": kg.EncodeCursor(vaxjo),
		"a timeline cursor": kg.EncodeKeyCursor("timeline", "2020", "x", "SINCE", "E"),
		"a bad score":       kg.EncodeKeyCursor("search", "2", "vaxjo kommun", vaxjo),
	} {
		t.Run("after: "+name, func(t *testing.T) {
			_, err := c.s.Search(authorised(), kg.SearchQuery{Text: "kommun", First: 5, After: cur})
			wantCode(t, err, kg.EINVALID)
		})
	}
}

func hitKeys(hs []kg.SearchHit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = fmt.Sprintf("%s:%v", h.Node.ID, h.Score)
	}
	return out
}

// ---- Time-filtered traversal ------------------------------------------------------------

// timeFilters are the filters the traversal cases run with.
var timeFilters = []struct {
	name string
	f    kg.TimeFilter
}{
	{"active at 2016", kg.TimeFilter{At: kg.MustDate("2016")}},
	{"active at 2024, dated only", kg.TimeFilter{At: kg.MustDate("2024"), ExcludeUndated: true}},
	{"active at 2005", kg.TimeFilter{At: kg.MustDate("2005")}},
	{"during 2019-2021", kg.TimeFilter{During: true, From: kg.MustDate("2019"), To: kg.MustDate("2021")}},
	{"during from 2023", kg.TimeFilter{During: true, From: kg.MustDate("2023-01")}},
	{"dated only", kg.TimeFilter{ExcludeUndated: true}},
}

// filtered returns the fixture graph keeping the written edges and mandates f passes (a
// mandate's derived edges share its period).
func (c *contract) filtered(f kg.TimeFilter) *contract {
	g := *c.f.g
	g.Edges = slices.DeleteFunc(slices.Clone(g.Edges), func(e *kg.Edge) bool { return !f.Match(e.Since, e.Until) })
	g.Mandates = slices.DeleteFunc(slices.Clone(g.Mandates), func(m *kg.Mandate) bool { return !f.Match(m.Since, m.Until) })
	return &contract{s: c.s, f: newFixture(&g)}
}

func (c *contract) timeTraversal(t *testing.T) {
	for _, tf := range timeFilters {
		fc := c.filtered(tf.f)
		t.Run("Neighbourhood/"+tf.name, func(t *testing.T) {
			for _, centre := range []string{vaxjo, anna, ess, sverige, com} {
				for _, hops := range []int{1, 2, 3} {
					nq := kg.NeighbourhoodQuery{Center: centre, Hops: hops, Limit: 100, Time: tf.f}
					sg, err := c.s.Neighbourhood(authorised(), nq)
					noErr(t, err)
					if sg == nil {
						t.Fatalf("%s: nil", centre)
					}
					fc.checkSubgraph(t, nq, sg, false)
				}
			}
		})
		t.Run("Path/"+tf.name, func(t *testing.T) {
			for _, from := range []string{vaxjo, anna, dag2023} {
				dist := Distances(fc.f.g, from, nil)
				for _, to := range c.allNodeIDs() {
					pq := kg.PathQuery{From: from, To: to, MaxHops: 6, Time: tf.f}
					p, err := c.s.Path(authorised(), pq)
					noErr(t, err)
					d, ok := dist[to]
					if !ok || d > 6 {
						if p != nil {
							t.Errorf("%s → %s: got %v, want no path", from, to, q(edgeIDs(p.Edges)))
						}
						continue
					}
					if p == nil {
						t.Errorf("%s → %s: no path, want %d hops", from, to, d)
						continue
					}
					fc.checkPath(t, pq, p, d)
				}
			}
		})
	}
	t.Run("edge cap", func(t *testing.T) {
		full, err := c.s.Neighbourhood(authorised(), kg.NeighbourhoodQuery{Center: vaxjo, Hops: 2, Limit: 100})
		noErr(t, err)
		for _, cap := range []int{1, 3, len(full.Edges) - 1, len(full.Edges), len(full.Edges) + 5} {
			sg, err := c.s.Neighbourhood(authorised(), kg.NeighbourhoodQuery{Center: vaxjo, Hops: 2, Limit: 100, EdgeLimit: cap})
			noErr(t, err)
			want := edgeIDs(full.Edges)[:min(cap, len(full.Edges))]
			if !slices.Equal(edgeIDs(sg.Edges), want) {
				t.Errorf("cap %d: edges %v, want the first of the walk %v", cap, q(edgeIDs(sg.Edges)), q(want))
			}
			if sg.Truncated != (cap < len(full.Edges)) {
				t.Errorf("cap %d of %d edges: Truncated %v", cap, len(full.Edges), sg.Truncated)
			}
			if !sameSet(nodeIDs(sg.Nodes), nodeIDs(full.Nodes)) {
				t.Errorf("cap %d changed the nodes", cap)
			}
		}
	})
	t.Run("window ending before it begins", func(t *testing.T) {
		bad := kg.TimeFilter{During: true, From: kg.MustDate("2020"), To: kg.MustDate("2019")}
		_, err := c.s.Neighbourhood(authorised(), kg.NeighbourhoodQuery{Center: vaxjo, Hops: 1, Limit: 10, Time: bad})
		wantCode(t, err, kg.EINVALID)
		_, err = c.s.Path(authorised(), kg.PathQuery{From: vaxjo, To: lulea, MaxHops: 4, Time: bad})
		wantCode(t, err, kg.EINVALID)
	})
}

// ---- Counts ---------------------------------------------------------------------------------

// countOracle counts over the fixture graph: the nodes and edges of the whole graph, or of the
// ball of radius hops around (no case here reaches the node limit).
func (c *contract) countOracle(q kg.CountQuery) []kg.CountBucket {
	g := c.f.g
	nodes := g.Nodes
	edges := g.AllEdges()
	typeOK := func(e *kg.Edge) bool { return len(q.Types) == 0 || slices.Contains(q.Types, e.Type) }
	if q.Around != "" {
		dist := Distances(g, q.Around, q.Types)
		if len(dist) == 0 {
			return []kg.CountBucket{}
		}
		nodes = slices.DeleteFunc(slices.Clone(nodes), func(n *kg.Node) bool { d, ok := dist[n.ID]; return !ok || d > q.Hops })
		edges = slices.DeleteFunc(edges, func(e *kg.Edge) bool {
			df, okf := dist[e.From]
			dt, okt := dist[e.To]
			return !typeOK(e) || !okf || !okt || df > q.Hops || dt > q.Hops || min(df, dt) >= q.Hops
		})
	}
	counts := map[string]int{}
	labels := map[string]string{}
	if q.GroupBy == kg.CountByEdgeType {
		for _, e := range edges {
			if typeOK(e) {
				counts[string(e.Type)]++
			}
		}
		return kg.Buckets(q.GroupBy, counts, nil)
	}
	// countries[n] = the COUNTRY nodes n reaches over LOCATED_IN edges outwards.
	up := map[string][]string{}
	for _, e := range g.Edges {
		if e.Type == kg.EdgeLocatedIn {
			up[e.From] = append(up[e.From], e.To)
		}
	}
	countriesOf := func(id string) []string {
		seen := map[string]bool{id: true}
		var out []string
		for stack := []string{id}; len(stack) > 0; {
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, o := range up[n] {
				if !seen[o] {
					seen[o] = true
					stack = append(stack, o)
					if c.f.node[o].Kind == kg.KindCountry {
						out = append(out, o)
					}
				}
			}
		}
		return out
	}
	for _, n := range nodes {
		if len(q.Kinds) > 0 && !kg.KindIn(n.Kind, q.Kinds) {
			continue
		}
		switch q.GroupBy {
		case kg.CountByKind:
			counts[string(n.Kind)]++
		case kg.CountByCategory:
			counts[n.Category]++
		case kg.CountByCountry:
			cs := countriesOf(n.ID)
			if len(cs) == 0 {
				counts[""]++
			}
			for _, id := range cs {
				counts[id]++
				labels[id] = c.f.node[id].Name
			}
		}
	}
	var label func(string) string
	if q.GroupBy == kg.CountByCountry {
		label = func(k string) string { return labels[k] }
	}
	return kg.Buckets(q.GroupBy, counts, label)
}

func (c *contract) counts(t *testing.T) {
	groups := []kg.CountGroup{kg.CountByKind, kg.CountByCategory, kg.CountByCountry}
	var cases []kg.CountQuery
	for _, g := range groups {
		cases = append(cases,
			kg.CountQuery{GroupBy: g},
			kg.CountQuery{GroupBy: g, Kinds: []kg.NodeKind{kg.KindMunicipality, kg.KindEvent, kg.KindCountry}},
			kg.CountQuery{GroupBy: g, Kinds: []kg.NodeKind{kg.KindPerson}},
		)
		for _, around := range []string{vaxjo, anna, sverige, isolated} {
			for _, hops := range []int{0, 1, 2, 3} {
				cases = append(cases, kg.CountQuery{GroupBy: g, Around: around, Hops: hops, Limit: 200})
			}
		}
		cases = append(cases,
			kg.CountQuery{GroupBy: g, Around: sverige, Hops: 3, Limit: 200, Types: []kg.EdgeType{kg.EdgeLocatedIn}},
			kg.CountQuery{GroupBy: g, Around: vaxjo, Hops: 2, Limit: 200, Kinds: []kg.NodeKind{kg.KindMunicipality}},
		)
	}
	cases = append(cases,
		kg.CountQuery{GroupBy: kg.CountByEdgeType},
		kg.CountQuery{GroupBy: kg.CountByEdgeType, Types: []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeServesOn, kg.EdgeHosts}},
		kg.CountQuery{GroupBy: kg.CountByEdgeType, Around: vaxjo, Hops: 1, Limit: 200},
		kg.CountQuery{GroupBy: kg.CountByEdgeType, Around: vaxjo, Hops: 2, Limit: 200},
		kg.CountQuery{GroupBy: kg.CountByEdgeType, Around: anna, Hops: 3, Limit: 200, Types: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeMemberOf}},
		kg.CountQuery{GroupBy: kg.CountByKind, Around: unknown, Hops: 2, Limit: 200},
	)
	for _, cq := range cases {
		t.Run(fmt.Sprintf("%s %v around %q/%d %v", cq.GroupBy, cq.Kinds, cq.Around, cq.Hops, cq.Types), func(t *testing.T) {
			got, err := c.s.Counts(authorised(), cq)
			noErr(t, err)
			want := c.countOracle(cq)
			if !same(got, want) {
				t.Errorf("\n got %v\nwant %v", got, want)
			}
		})
	}
	t.Run("invalid", func(t *testing.T) {
		for _, cq := range []kg.CountQuery{
			{GroupBy: "COLOUR"},
			{GroupBy: kg.CountByEdgeType, Kinds: []kg.NodeKind{kg.KindPerson}},
			{GroupBy: kg.CountByKind, Kinds: []kg.NodeKind{"DRAGON"}},
			{GroupBy: kg.CountByKind, Types: []kg.EdgeType{"LOVES"}},
			{GroupBy: kg.CountByKind, Around: vaxjo, Hops: kg.MaxStoreHops + 1, Limit: 10},
		} {
			_, err := c.s.Counts(authorised(), cq)
			wantCode(t, err, kg.EINVALID)
		}
	})
}

// ---- Timeline -------------------------------------------------------------------------------

// timelineOracle lists a node's timeline from the fixture as "date point id" strings.
func (c *contract) timelineOracle(id string) []string {
	type entry struct {
		d     kg.PartialDate
		point kg.TimelinePoint
		id    string
		src   string
	}
	var es []entry
	add := func(since, until kg.PartialDate, id, src string) {
		if !since.IsZero() {
			es = append(es, entry{since, kg.PointSince, id, src})
		}
		if !until.IsZero() {
			es = append(es, entry{until, kg.PointUntil, id, src})
		}
	}
	for _, e := range c.f.g.Edges {
		if e.From == id || e.To == id {
			add(e.Since, e.Until, e.ID, "E")
		}
	}
	for _, m := range c.f.g.Mandates {
		if m.Person == id || m.Body == id || m.OnBehalfOf == id {
			add(m.Since, m.Until, m.ID, "M")
		}
	}
	slices.SortFunc(es, func(a, b entry) int {
		if c := kg.CompareDates(a.d, b.d); c != 0 {
			return c
		}
		if c := strings.Compare(a.id, b.id); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.point), string(b.point)); c != 0 {
			return c
		}
		return strings.Compare(a.src, b.src)
	})
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s %s %s", e.d, e.point, e.id)
	}
	return out
}

func timelineKeys(es []kg.TimelineEntry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = fmt.Sprintf("%s %s %s", e.Date, e.Point, e.ID())
	}
	return out
}

func (c *contract) timeline(t *testing.T) {
	ids := c.allNodeIDs()
	t.Run("every node, one batch", func(t *testing.T) {
		pages, err := c.s.Timeline(authorised(), ids, kg.TimelineQuery{First: kg.MaxFirst})
		noErr(t, err)
		if len(pages) != len(ids) {
			t.Fatalf("%d pages for %d ids", len(pages), len(ids))
		}
		dated := 0
		for i, id := range ids {
			want := c.timelineOracle(id)
			p := pages[i]
			if got := timelineKeys(p.Entries); !slices.Equal(got, want) {
				t.Errorf("%s:\n got %v\nwant %v", id, got, want)
			}
			if p.TotalCount != len(want) || p.HasNext || p.HasPrev || len(p.Cursors) != len(p.Entries) {
				t.Errorf("%s: total %d next %v prev %v cursors %d", id, p.TotalCount, p.HasNext, p.HasPrev, len(p.Cursors))
			}
			for _, e := range p.Entries {
				var wantEv []kg.Evidence
				switch {
				case e.Edge != nil && e.Mandate == nil:
					if !same(e.Edge, c.f.edge[e.Edge.ID]) {
						t.Errorf("%s: edge %s, want %s", id, show(e.Edge), show(c.f.edge[e.Edge.ID]))
					}
					wantEv = c.f.edge[e.Edge.ID].Evidence
				case e.Mandate != nil && e.Edge == nil:
					if !same(e.Mandate, c.f.mandate[e.Mandate.ID]) {
						t.Errorf("%s: mandate %s, want %s", id, show(e.Mandate), show(c.f.mandate[e.Mandate.ID]))
					}
					wantEv = c.f.mandate[e.Mandate.ID].Evidence
				default:
					t.Fatalf("%s: entry with edge %v and mandate %v", id, e.Edge, e.Mandate)
				}
				if !same(e.Evidence(), wantEv) || len(wantEv) == 0 {
					t.Errorf("%s: evidence %v, want %v", id, e.Evidence(), wantEv)
				}
			}
			dated += len(want)
		}
		if dated < 10 {
			t.Fatalf("fixture has only %d timeline entries", dated)
		}
	})
	t.Run("pages", func(t *testing.T) {
		for _, id := range []string{vaxjo, anna, com, ess, kk} {
			want := c.timelineOracle(id)
			for _, size := range []int{1, 2, 3} {
				var got []string
				after := ""
				for pages := 0; ; pages++ {
					if pages > len(want)+1 {
						t.Fatalf("%s: paging does not end", id)
					}
					ps, err := c.s.Timeline(authorised(), []string{id}, kg.TimelineQuery{First: size, After: after})
					noErr(t, err)
					p := ps[0]
					if p.TotalCount != len(want) || len(p.Entries) > size || p.HasPrev != (after != "") {
						t.Errorf("%s/%d: total %d, %d entries, prev %v", id, size, p.TotalCount, len(p.Entries), p.HasPrev)
					}
					got = append(got, timelineKeys(p.Entries)...)
					if p.HasNext != (len(got) < len(want)) {
						t.Errorf("%s/%d: HasNext %v at %d of %d", id, size, p.HasNext, len(got), len(want))
					}
					if !p.HasNext || len(p.Entries) == 0 {
						break
					}
					after = p.Cursors[len(p.Cursors)-1]
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s/%d: pages joined\n got %v\nwant %v", id, size, got, want)
				}
			}
		}
	})
	t.Run("aligned, unknown and repeated ids", func(t *testing.T) {
		in := []string{unknown, vaxjo, vaxjo, isolated}
		pages, err := c.s.Timeline(authorised(), in, kg.TimelineQuery{First: 5})
		noErr(t, err)
		if len(pages) != len(in) {
			t.Fatalf("%d pages for %d ids", len(pages), len(in))
		}
		for i, id := range in {
			want := c.timelineOracle(id)
			if pages[i] == nil || pages[i].TotalCount != len(want) || !slices.Equal(timelineKeys(pages[i].Entries), want[:min(5, len(want))]) {
				t.Errorf("[%d] %s: %+v, want %v", i, id, pages[i], want)
			}
		}
	})
	t.Run("bad cursor", func(t *testing.T) {
		for _, cur := range []string{"garbage", kg.EncodeCursor(vaxjo), kg.EncodeKeyCursor("timeline", "20x0", "a", "SINCE", "E"),
			kg.EncodeKeyCursor("timeline", "2020", "a", "DURING", "E")} {
			_, err := c.s.Timeline(authorised(), []string{vaxjo}, kg.TimelineQuery{First: 5, After: cur})
			wantCode(t, err, kg.EINVALID)
		}
	})
}

// aggCancelled: the new methods fail on a cancelled context, like the others.
func (c *contract) aggCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(authorised())
	cancel()
	if _, err := c.s.Counts(ctx, kg.CountQuery{GroupBy: kg.CountByKind}); err == nil {
		t.Error("Counts: no error for a cancelled context")
	}
	if _, err := c.s.Timeline(ctx, []string{vaxjo}, kg.TimelineQuery{First: 5}); err == nil {
		t.Error("Timeline: no error for a cancelled context")
	}
}

// ---- Ordered lists and the degree filter ----------------------------------------------------

// degreeOracle is a node's degree over the fixture's edges (written and mandate-derived).
func (c *contract) degreeOracle(id string, types []kg.EdgeType, dir kg.Direction) int {
	n := 0
	for _, e := range c.f.all {
		if len(types) > 0 && !slices.Contains(types, e.Type) {
			continue
		}
		if e.From == id && dir != kg.DirIn {
			n++
		}
		if e.To == id && dir != kg.DirOut {
			n++
		}
	}
	return n
}

func (c *contract) listOrdered(t *testing.T) {
	mem := []kg.EdgeType{kg.EdgeMemberOf}
	orders := []kg.NodeOrder{
		{Field: kg.OrderByDegree},
		{Field: kg.OrderByDegree, Descending: true},
		{Field: kg.OrderByDegree, Types: mem, Direction: kg.DirIn, Descending: true},
		{Field: kg.OrderByDegree, Types: []kg.EdgeType{kg.EdgeServesOn, kg.EdgeRepresents}, Direction: kg.DirOut, Descending: true},
		{Field: kg.OrderByName, Descending: true},
		{Field: kg.OrderByName},
	}
	filters := []struct {
		name string
		q    kg.ListQuery
		keep func(*kg.Node) bool
	}{
		{"all", kg.ListQuery{}, func(*kg.Node) bool { return true }},
		{"kind", kg.ListQuery{Kinds: []kg.NodeKind{kg.KindMunicipality}}, func(n *kg.Node) bool { return n.Kind == kg.KindMunicipality }},
		{"kinds and name", kg.ListQuery{Kinds: []kg.NodeKind{kg.KindNetwork, kg.KindOrganisation}, NameContains: "o"}, func(n *kg.Node) bool {
			return (n.Kind == kg.KindNetwork || n.Kind == kg.KindOrganisation) && (strings.Contains(kg.Fold(n.Name), "o") ||
				slices.ContainsFunc(n.Aliases, func(a string) bool { return strings.Contains(kg.Fold(a), "o") }))
		}},
	}
	mins := []*kg.DegreeFilter{nil, {Count: 3}, {Count: 1, Types: mem, Direction: kg.DirIn}, {Count: 0}}
	for _, o := range orders {
		for _, fl := range filters {
			for _, md := range mins {
				if o.IsNameAsc() && md == nil {
					continue // the default order: ListNodes' own cases
				}
				var want []kg.ListPos
				for _, n := range c.f.g.Nodes {
					if !fl.keep(n) {
						continue
					}
					if md != nil && c.degreeOracle(n.ID, md.Types, md.Direction) < md.Count {
						continue
					}
					p := kg.ListPos{Folded: kg.Fold(n.Name), ID: n.ID}
					if o.Field == kg.OrderByDegree {
						p.Degree = c.degreeOracle(n.ID, o.Types, o.Direction)
					}
					want = append(want, p)
				}
				slices.SortFunc(want, func(a, b kg.ListPos) int { return kg.CompareListPos(o, a, b) })
				name := fmt.Sprintf("%s %v %v desc %v/%s/min %+v", o.Field, o.Types, o.Direction, o.Descending, fl.name, md)
				for _, size := range []int{1, 3, kg.MaxFirst} {
					t.Run(fmt.Sprintf("%s/%d", name, size), func(t *testing.T) {
						var got, cursors []string
						after := ""
						for pages := 0; ; pages++ {
							if pages > len(want)+1 {
								t.Fatal("paging does not end")
							}
							lq := fl.q
							lq.OrderBy, lq.MinDegree, lq.First, lq.After = o, md, size, after
							p, err := c.s.ListNodes(authorised(), lq)
							noErr(t, err)
							if p.TotalCount != len(want) || len(p.Nodes) > size || len(p.Cursors) != len(p.Nodes) || p.HasPrev != (after != "") {
								t.Fatalf("page %d: total %d (want %d), %d nodes, %d cursors, prev %v", pages, p.TotalCount, len(want), len(p.Nodes), len(p.Cursors), p.HasPrev)
							}
							for _, n := range p.Nodes {
								if !same(n, c.f.node[n.ID]) {
									t.Errorf("node %s, want %s", show(n), show(c.f.node[n.ID]))
								}
							}
							got = append(got, nodeIDs(p.Nodes)...)
							cursors = append(cursors, p.Cursors...)
							if p.HasNext != (len(got) < len(want)) {
								t.Errorf("page %d: HasNext %v at %d of %d", pages, p.HasNext, len(got), len(want))
							}
							if !p.HasNext || len(p.Nodes) == 0 {
								break
							}
							after = p.Cursors[len(p.Cursors)-1]
						}
						var wantIDs, wantCursors []string
						for _, p := range want {
							wantIDs = append(wantIDs, p.ID)
							wantCursors = append(wantCursors, kg.ListCursor(o, p))
						}
						if !slices.Equal(got, wantIDs) {
							t.Errorf("order\n got %v\nwant %v", got, wantIDs)
						}
						// Cursors are the shared encoding of the position: identical in every store.
						if !slices.Equal(cursors, wantCursors) {
							t.Errorf("cursors differ from kg.ListCursor's")
						}
					})
				}
			}
		}
	}
	t.Run("country and minDegree", func(t *testing.T) {
		o := kg.NodeOrder{Field: kg.OrderByDegree, Descending: true}
		p, err := c.s.ListNodes(authorised(), kg.ListQuery{Country: sverige, OrderBy: o, MinDegree: &kg.DegreeFilter{Count: 2}, First: 100})
		noErr(t, err)
		base, err := c.s.ListNodes(authorised(), kg.ListQuery{Country: sverige, First: 100})
		noErr(t, err)
		var want []kg.ListPos
		for _, n := range base.Nodes {
			if d := c.degreeOracle(n.ID, nil, kg.DirBoth); d >= 2 {
				want = append(want, kg.ListPos{Degree: d, Folded: kg.Fold(n.Name), ID: n.ID})
			}
		}
		slices.SortFunc(want, func(a, b kg.ListPos) int { return kg.CompareListPos(o, a, b) })
		var wantIDs []string
		for _, w := range want {
			wantIDs = append(wantIDs, w.ID)
		}
		if got := nodeIDs(p.Nodes); !slices.Equal(got, wantIDs) || p.TotalCount != len(want) {
			t.Errorf("got %v (total %d), want %v", got, p.TotalCount, wantIDs)
		}
	})
	t.Run("cursor of another order", func(t *testing.T) {
		byDeg := kg.NodeOrder{Field: kg.OrderByDegree, Descending: true}
		p, err := c.s.ListNodes(authorised(), kg.ListQuery{OrderBy: byDeg, First: 2})
		noErr(t, err)
		for _, lq := range []kg.ListQuery{
			{OrderBy: kg.NodeOrder{Field: kg.OrderByDegree}, First: 2, After: p.Cursors[1]},
			{OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Descending: true, Types: []kg.EdgeType{kg.EdgeMemberOf}}, First: 2, After: p.Cursors[1]},
			{First: 2, After: p.Cursors[1]},
			{OrderBy: byDeg, First: 2, After: kg.EncodeCursor(vaxjo)},
		} {
			_, err := c.s.ListNodes(authorised(), lq)
			wantCode(t, err, kg.EINVALID)
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, lq := range []kg.ListQuery{
			{OrderBy: kg.NodeOrder{Field: "SIZE"}, First: 2},
			{OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Types: []kg.EdgeType{"LOVES"}}, First: 2},
			{OrderBy: kg.NodeOrder{Field: kg.OrderByDegree, Direction: "UP"}, First: 2},
			{OrderBy: kg.NodeOrder{Types: []kg.EdgeType{kg.EdgeMemberOf}}, First: 2},
			{MinDegree: &kg.DegreeFilter{Count: -1}, First: 2},
			{MinDegree: &kg.DegreeFilter{Count: 1, Types: []kg.EdgeType{"LOVES"}}, First: 2},
		} {
			_, err := c.s.ListNodes(authorised(), lq)
			wantCode(t, err, kg.EINVALID)
		}
	})
}
