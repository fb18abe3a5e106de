package graph

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// Every relationship of every seed node is reachable by paging Node.relationships, the pages
// join up to exactly the seed graph's edges, totalCount says how many there are, degree
// agrees with it and relationshipCounts adds up to it — the "done" of issue 16.
func TestEveryRelationshipReachableByPaging(t *testing.T) {
	g := shipped(t)
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{}
	for _, e := range g.AllEdges() {
		want[e.From] = append(want[e.From], e.ID)
		want[e.To] = append(want[e.To], e.ID)
	}
	const first = 7
	pages := 0
	for _, n := range g.Nodes {
		var got []string
		after := ""
		for {
			arg := ""
			if after != "" {
				arg = fmt.Sprintf(", after: %q", after)
			}
			res := execute(t, st, fmt.Sprintf(`{ node(id: %q) { degree relationshipCounts { type direction count }
				relationships(first: %d%s) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { edge { id } } } } } }`, n.ID, first, arg))
			for _, e := range res.Errors {
				t.Fatalf("%s: %s", n.ID, e.Message)
			}
			pages++
			node := res.Data["node"].(map[string]any)
			conn := node["relationships"].(map[string]any)
			total := int(conn["totalCount"].(float64))
			if total != len(want[n.ID]) || int(node["degree"].(float64)) != total {
				t.Fatalf("%s: totalCount %d, degree %v, want %d", n.ID, total, node["degree"], len(want[n.ID]))
			}
			sum := 0
			for _, c := range node["relationshipCounts"].([]any) {
				sum += int(c.(map[string]any)["count"].(float64))
			}
			if sum != total {
				t.Errorf("%s: relationshipCounts add up to %d, want %d", n.ID, sum, total)
			}
			for _, e := range conn["edges"].([]any) {
				got = append(got, e.(map[string]any)["node"].(map[string]any)["edge"].(map[string]any)["id"].(string))
			}
			info := conn["pageInfo"].(map[string]any)
			if info["hasNextPage"] != (len(got) < total) {
				t.Fatalf("%s: hasNextPage %v after %d of %d", n.ID, info["hasNextPage"], len(got), total)
			}
			if info["hasNextPage"] != true {
				break
			}
			after = info["endCursor"].(string)
		}
		slices.Sort(got)
		w := slices.Clone(want[n.ID])
		slices.Sort(w)
		if !slices.Equal(got, w) {
			t.Errorf("%s: paged %v, want %v", n.ID, got, w)
		}
	}
	t.Logf("%d nodes in %d pages", len(g.Nodes), pages)
}

// One rule for first on every connection: above MaxFirst or negative is INVALID, with a
// code, naming the argument; a bad cursor is INVALID too.
func TestConnectionArgumentsAreChecked(t *testing.T) {
	st, err := memstore.New(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	const node = `node(id: "vaxjo-kommun")`
	cases := []string{
		`{ ` + node + ` { relationships(first: 101) { totalCount } } }`,
		`{ ` + node + ` { edges(first: -1) { totalCount } } }`,
		`{ ` + node + ` { ... on Municipality { memberships(first: 1000) { totalCount } } } }`,
		`{ ` + node + ` { ... on Municipality { representatives(first: 101) { totalCount } } } }`,
		`{ ` + node + ` { relationships(after: "garbage") { totalCount } } }`,
		`{ ` + node + ` { relationships(activeDuring: {from: "2020", to: "2019"}) { totalCount } } }`,
		`{ ` + node + ` { degree(types: [MEMBER_OF], direction: IN) relationships(after: "` + kg.EncodeKeyCursor("mandate", "a", "b", "c", "d") + `") { totalCount } } }`,
		`{ mandates(first: 101) { totalCount } }`,
		`{ node(id: "sverige") { ... on Country { contains(first: 101) { totalCount } } } }`,
	}
	for _, q := range cases {
		res := execute(t, st, q)
		if len(res.Errors) == 0 {
			t.Errorf("%s: no error", q)
			continue
		}
		// Without the HTTP edge's presenter the code leads the message.
		if msg := res.Errors[0].Message; !strings.HasPrefix(msg, string(kg.EINVALID)+":") {
			t.Errorf("%s: %s, want INVALID", q, msg)
		}
	}
}

// The time arguments filter relationships and mandates by kg.TimeFilter, and totalCount
// follows them.
func TestTimeArguments(t *testing.T) {
	g := shipped(t)
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	at := kg.MustDate("2016")
	tf := kg.TimeFilter{At: at, ExcludeUndated: true}
	want := 0
	for _, e := range g.AllEdges() {
		if (e.From == "vaxjo-kommun" || e.To == "vaxjo-kommun") && tf.Match(e.Since, e.Until) {
			want++
		}
	}
	res := execute(t, st, `{ node(id: "vaxjo-kommun") { relationships(activeAt: "2016", includeUndated: false, first: 100) { totalCount nodes { since until } } } }`)
	for _, e := range res.Errors {
		t.Fatal(e.Message)
	}
	conn := res.Data["node"].(map[string]any)["relationships"].(map[string]any)
	if got := int(conn["totalCount"].(float64)); got != want || len(conn["nodes"].([]any)) != want {
		t.Errorf("activeAt 2016, dated only: %d (%d nodes), want %d", got, len(conn["nodes"].([]any)), want)
	}
	wantM := 0
	for _, m := range g.Mandates {
		if tf.Match(m.Since, m.Until) {
			wantM++
		}
	}
	res = execute(t, st, `{ mandates(activeAt: "2016", includeUndated: false, first: 0) { totalCount pageInfo { hasNextPage } } }`)
	for _, e := range res.Errors {
		t.Fatal(e.Message)
	}
	mc := res.Data["mandates"].(map[string]any)
	if got := int(mc["totalCount"].(float64)); got != wantM || mc["pageInfo"].(map[string]any)["hasNextPage"] != (wantM > 0) {
		t.Errorf("mandates active 2016: %d, want %d", got, wantM)
	}
}

// Keys with the same spec share one store call: sibling nodes' connections and counts cost
// one call per nesting level (LoadAll queues every key before the batch runs).
func TestConnectionLoadersBatch(t *testing.T) {
	ms, err := memstore.New(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(ms)
	l := NewLoaders(st, time.Millisecond)
	ctx := context.Background()
	ids := []string{"vaxjo-kommun", "lulea-kommun", "alvesta-kommun", "no-such-id"}
	a, err := pageSpecOf(kg.EdgePageQuery{First: 3})
	if err != nil {
		t.Fatal(err)
	}
	b, err := pageSpecOf(kg.EdgePageQuery{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirOut, First: 50, Time: kg.TimeFilter{At: kg.MustDate("2016")}})
	if err != nil {
		t.Fatal(err)
	}
	var keys []pageKey
	var dkeys []degKey
	for _, id := range ids {
		keys = append(keys, pageKey{id, a}, pageKey{id, b})
		dkeys = append(dkeys, degKey{id: id, dir: kg.DirBoth})
	}
	pages, err := l.edgePages.LoadAll(ctx, keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		want, _ := ms.EdgePages(ctx, []string{k.id}, k.spec.query())
		if pages[i].TotalCount != want[0].TotalCount || len(pages[i].Edges) != len(want[0].Edges) {
			t.Errorf("%s %+v: %+v, want %+v", k.id, k.spec, pages[i], want[0])
		}
	}
	degs, err := l.degrees.LoadAll(ctx, dkeys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := l.relCounts.LoadAll(ctx, ids); err != nil {
		t.Fatal(err)
	}
	for i := range ids {
		if degs[i] != pages[2*i].TotalCount {
			t.Errorf("%s: degree %d, totalCount %d", ids[i], degs[i], pages[2*i].TotalCount)
		}
	}
	for _, c := range []struct {
		m    kgtest.Method
		want int
	}{{kgtest.EdgePages, 2}, {kgtest.Degrees, 1}, {kgtest.RelationshipCounts, 1}} {
		if n := st.Calls(c.m); n != c.want {
			t.Errorf("%s: %d calls, want %d: %v", c.m, n, c.want, st.Log())
		}
	}
}

// Query.mandates pages in the store: the pages join up to every mandate of the seeds, in
// order, with the total.
func TestQueryMandatesPages(t *testing.T) {
	g := shipped(t)
	ms, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(ms)
	var got []string
	after := ""
	for range 100 {
		arg := ""
		if after != "" {
			arg = fmt.Sprintf(", after: %q", after)
		}
		res := execute(t, st, fmt.Sprintf(`{ mandates(first: 7%s) { totalCount pageInfo { hasNextPage endCursor } nodes { id person { id } } } }`, arg))
		for _, e := range res.Errors {
			t.Fatal(e.Message)
		}
		c := res.Data["mandates"].(map[string]any)
		if int(c["totalCount"].(float64)) != len(g.Mandates) {
			t.Fatalf("totalCount %v, want %d", c["totalCount"], len(g.Mandates))
		}
		for _, n := range c["nodes"].([]any) {
			got = append(got, n.(map[string]any)["id"].(string))
		}
		info := c["pageInfo"].(map[string]any)
		if info["hasNextPage"] != true {
			break
		}
		after = info["endCursor"].(string)
	}
	want := slices.Clone(g.Mandates)
	kg.SortMandates(want)
	var wantIDs []string
	for _, m := range want {
		wantIDs = append(wantIDs, m.ID)
	}
	if !slices.Equal(got, wantIDs) {
		t.Errorf("paged %d mandates, want %d in order", len(got), len(wantIDs))
	}
	if st.Calls(kgtest.Mandates) != 0 || st.Calls(kgtest.MandatePage) == 0 {
		t.Errorf("Query.mandates should page in the store: %d Mandates, %d MandatePage calls", st.Calls(kgtest.Mandates), st.Calls(kgtest.MandatePage))
	}
}
