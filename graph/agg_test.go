package graph

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

// The root fields of issue 16 owned by graph/agg.go and graph/timeline.go, end to end on the
// shipped seeds: search pages join up to kg.RankSearch's answer, counts add up, timelines
// batch into one store call per level, allNodes orders by degree, the time arguments reach
// the store.
func TestAggRootFields(t *testing.T) {
	g := shipped(t)
	mem, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(mem)

	t.Run("search pages", func(t *testing.T) {
		want := kg.RankSearch(kg.SearchQuery{Text: "kommun", First: 10000}, g.Nodes)
		var got []string
		after := ""
		for pages := 0; pages < 100; pages++ {
			res := execute(t, st, fmt.Sprintf(`{ search(text: "kommun", first: 7%s) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { score node { id } } } } }`, after))
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			conn := res.Data["search"].(map[string]any)
			if int(conn["totalCount"].(float64)) != len(want) {
				t.Fatalf("totalCount %v, want %d", conn["totalCount"], len(want))
			}
			for _, e := range conn["edges"].([]any) {
				got = append(got, e.(map[string]any)["node"].(map[string]any)["node"].(map[string]any)["id"].(string))
			}
			pi := conn["pageInfo"].(map[string]any)
			if !pi["hasNextPage"].(bool) {
				break
			}
			after = fmt.Sprintf(", after: %q", pi["endCursor"])
		}
		var wantIDs []string
		for _, h := range want {
			wantIDs = append(wantIDs, h.Node.ID)
		}
		if !slices.Equal(got, wantIDs) {
			t.Errorf("pages joined\n got %v\nwant %v", got, wantIDs)
		}
	})

	t.Run("counts add up", func(t *testing.T) {
		for group, want := range map[string]int{"KIND": len(g.Nodes), "CATEGORY": len(g.Nodes), "EDGE_TYPE": len(g.AllEdges())} {
			res := execute(t, st, fmt.Sprintf(`{ counts(groupBy: %s) { key label count } }`, group))
			if len(res.Errors) > 0 {
				t.Fatal(res.Errors)
			}
			sum := 0
			for _, b := range res.Data["counts"].([]any) {
				sum += int(b.(map[string]any)["count"].(float64))
			}
			if sum != want {
				t.Errorf("%s: counts sum to %d, want %d", group, sum, want)
			}
		}
	})

	t.Run("bad arguments", func(t *testing.T) {
		for q, msg := range map[string]string{
			`{ counts(groupBy: EDGE_TYPE, kinds: [PERSON]) { key } }`:                                       "kinds",
			`{ counts(groupBy: KIND, around: "vaxjo-kommun", hops: 4) { key } }`:                            "hops",
			`{ counts(groupBy: KIND, hops: 2) { key } }`:                                                    "around",
			`{ search(text: "v", after: "nonsense") { totalCount } }`:                                       "cursor",
			`{ allNodes(orderBy: {field: NAME, types: [MEMBER_OF]}) { totalCount } }`:                       "DEGREE",
			`{ allNodes(filter: {minDegree: {count: -1}}) { totalCount } }`:                                 "minDegree",
			`{ neighbourhood(id: "vaxjo-kommun", activeDuring: {from: "2020", to: "2019"}) { nodeCount } }`: "activeDuring",
			`{ node(id: "vaxjo-kommun") { timeline(first: 101) { totalCount } } }`:                          "first",
		} {
			res := execute(t, st, q)
			if len(res.Errors) == 0 || !strings.Contains(res.Errors[0].Message, msg) {
				t.Errorf("%s: errors %v, want one naming %s", q, res.Errors, msg)
			}
		}
	})

	t.Run("timelines batch", func(t *testing.T) {
		before := st.Calls(kgtest.Timeline)
		res := execute(t, st, `{ allNodes(first: 30) { nodes { id timeline(first: 2) { totalCount nodes { date point evidence { quote } } } } } }`)
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		// Siblings join a batch within the loaders' wait, so on a loaded machine a level may
		// take a few calls; never one per node.
		if calls := st.Calls(kgtest.Timeline) - before; calls < 1 || calls > 10 {
			t.Errorf("%d Timeline calls for 30 nodes of one level", calls)
		}
		res = execute(t, st, `{ node(id: "vaxjo-kommun") { timeline(first: 100) { totalCount nodes { date point relationship { type } mandate { id } evidence { quote } } } } }`)
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		tl := res.Data["node"].(map[string]any)["timeline"].(map[string]any)
		if n := int(tl["totalCount"].(float64)); n == 0 || n != len(tl["nodes"].([]any)) {
			t.Errorf("Växjö's timeline: totalCount %d, %d entries", n, len(tl["nodes"].([]any)))
		}
	})

	t.Run("allNodes by degree", func(t *testing.T) {
		deg := map[string]int{}
		for _, e := range g.AllEdges() {
			deg[e.From]++
			deg[e.To]++
		}
		res := execute(t, st, `{ networks(orderBy: {field: DEGREE, descending: true}, filter: {minDegree: {count: 2}}, first: 10) { totalCount nodes { id } } }`)
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		prev := 1 << 30
		for _, n := range res.Data["networks"].(map[string]any)["nodes"].([]any) {
			d := deg[n.(map[string]any)["id"].(string)]
			if d > prev || d < 2 {
				t.Errorf("degree %d after %d (min 2)", d, prev)
			}
			prev = d
		}
	})

	t.Run("neighbourhood as of a date", func(t *testing.T) {
		res := execute(t, st, `{ all: neighbourhood(id: "vaxjo-kommun", hops: 2) { nodeCount edgeCount }
		  then: neighbourhood(id: "vaxjo-kommun", hops: 2, activeAt: "2010", includeUndated: false) { nodeCount edgeCount edges { since until } } }`)
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		all, then := res.Data["all"].(map[string]any), res.Data["then"].(map[string]any)
		if then["edgeCount"].(float64) >= all["edgeCount"].(float64) {
			t.Errorf("as of 2010, dated only: %v edges of %v", then["edgeCount"], all["edgeCount"])
		}
		for _, e := range then["edges"].([]any) {
			m := e.(map[string]any)
			if m["since"] == nil && m["until"] == nil {
				t.Errorf("undated edge walked with includeUndated: false")
			}
		}
	})
}

// One Store.Timeline call per distinct page arguments, whatever the number of nodes.
func TestTimelineLoaderBatches(t *testing.T) {
	g := shipped(t)
	mem, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	st := kgtest.New(mem)
	l := NewLoaders(st, time.Second)
	var keys []timelineKey
	for _, n := range g.Nodes[:40] {
		keys = append(keys, timelineKey{id: n.ID, first: 5}, timelineKey{id: n.ID, first: 7})
	}
	pages, err := l.timeline.LoadAll(t.Context(), keys)
	if err != nil {
		t.Fatal(err)
	}
	if n := st.Calls(kgtest.Timeline); n != 2 {
		t.Errorf("%d Timeline calls for %d keys of two page sizes, want 2", n, len(keys))
	}
	for i, k := range keys {
		if pages[i] == nil || len(pages[i].Entries) > k.first {
			t.Errorf("%v: page %+v", k, pages[i])
		}
	}
}
