package graph

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/analysis"
	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/kgtest"
	"github.com/kommunkg/kg/internal/memstore"
)

func seedStore(t *testing.T) (*kg.Graph, kg.Store) {
	t.Helper()
	g := shipped(t)
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return g, st
}

// neighbours is the oracle's adjacency: other end → the edges to it, over the edges of types.
func neighbours(g *kg.Graph, id string, types []kg.EdgeType) map[string][]string {
	out := map[string][]string{}
	for _, e := range g.AllEdges() {
		if len(types) > 0 && !slices.Contains(types, e.Type) {
			continue
		}
		switch {
		case e.From == id && e.To != id:
			out[e.To] = append(out[e.To], e.ID)
		case e.To == id && e.From != id:
			out[e.From] = append(out[e.From], e.ID)
		}
	}
	return out
}

func TestSharedTiesOnSeeds(t *testing.T) {
	g, st := seedStore(t)
	a, b := "region-kronoberg", "vaxjo-kommun"
	res := execute(t, st, fmt.Sprintf(`{ sharedTies(a: %q, b: %q) { a { id } b { id } count
		ties { node { id } edgesA { id from { id } to { id } evidence { quote } } edgesB { id } }
		groups { typeA typeB count ties { node { id } edgesA { type } edgesB { type } } } } }`, a, b))
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	na, nb := neighbours(g, a, nil), neighbours(g, b, nil)
	var want []string
	for o := range na {
		if _, ok := nb[o]; ok && o != a && o != b {
			want = append(want, o)
		}
	}
	sort.Strings(want)
	got := res.Data["sharedTies"].(map[string]any)
	var ids []string
	for _, x := range got["ties"].([]any) {
		tie := x.(map[string]any)
		o := tie["node"].(map[string]any)["id"].(string)
		ids = append(ids, o)
		var ea []string
		for _, e := range tie["edgesA"].([]any) {
			em := e.(map[string]any)
			ea = append(ea, em["id"].(string))
			ends := []string{em["from"].(map[string]any)["id"].(string), em["to"].(map[string]any)["id"].(string)}
			if !slices.Contains(ends, a) || !slices.Contains(ends, o) {
				t.Errorf("edge %v of a does not join %s and %s", em["id"], a, o)
			}
			if len(em["evidence"].([]any)) == 0 {
				t.Errorf("edge %v without evidence", em["id"])
			}
		}
		slices.Sort(ea)
		wa := slices.Clone(na[o])
		slices.Sort(wa)
		if !slices.Equal(ea, wa) {
			t.Errorf("%s: edgesA %v, want %v", o, ea, wa)
		}
		if len(tie["edgesB"].([]any)) != len(nb[o]) {
			t.Errorf("%s: %d edgesB, want %d", o, len(tie["edgesB"].([]any)), len(nb[o]))
		}
	}
	if !slices.Equal(ids, want) || int(got["count"].(float64)) != len(want) || len(want) == 0 {
		t.Errorf("ties %v (count %v), want %v", ids, got["count"], want)
	}
	for _, x := range got["groups"].([]any) {
		gr := x.(map[string]any)
		for _, y := range gr["ties"].([]any) {
			tie := y.(map[string]any)
			for side, key := range []string{"edgesA", "edgesB"} {
				want := []string{"typeA", "typeB"}[side]
				for _, e := range tie[key].([]any) {
					if e.(map[string]any)["type"] != gr[want] {
						t.Errorf("group %v/%v holds a %v edge", gr["typeA"], gr["typeB"], e.(map[string]any)["type"])
					}
				}
			}
		}
	}
	// As of a date before every dated tie began, only undated and open ones remain; an
	// unknown node is NOT_FOUND.
	early := execute(t, st, fmt.Sprintf(`{ sharedTies(a: %q, b: %q, activeAt: "1900") { count } }`, a, b))
	if len(early.Errors) > 0 || early.Data["sharedTies"].(map[string]any)["count"].(float64) > got["count"].(float64) {
		t.Errorf("activeAt 1900: %v %v", early.Errors, early.Data)
	}
	wantErrCode(t, execute(t, st, `{ sharedTies(a: "no-such", b: "vaxjo-kommun") { count } }`), "NOT_FOUND")
}

func wantErrCode(t *testing.T, res gqlResult, code string) {
	t.Helper()
	if len(res.Errors) == 0 {
		t.Fatalf("no error, want %s", code)
	}
	// execute has no error presenter (internal/httpapi maps codes to extensions.code): the
	// domain error's text starts with its code.
	if msg := res.Errors[0].Message; !strings.HasPrefix(msg, code+": ") {
		t.Errorf("error %q, want code %s", msg, code)
	}
}

// Interlocks, paged three at a time, list exactly the municipalities sharing networks or
// projects with Växjö, most shared first, with the shared neighbours the oracle finds.
func TestInterlocksOnSeeds(t *testing.T) {
	g, st := seedStore(t)
	via := []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}
	kind := map[string]kg.NodeKind{}
	for _, n := range g.Nodes {
		kind[n.ID] = n.Kind
	}
	want := map[string][]string{}
	for m := range neighbours(g, "vaxjo-kommun", via) {
		for x := range neighbours(g, m, via) {
			if x != "vaxjo-kommun" && kind[x] == kg.KindMunicipality {
				want[x] = append(want[x], m)
			}
		}
	}
	got := map[string][]string{}
	var order []int
	after := ""
	for page := 0; page < 100; page++ {
		res := execute(t, st, fmt.Sprintf(`{ interlocks(id: "vaxjo-kommun", kind: MUNICIPALITY, via: [MEMBER_OF, PARTICIPATES_IN], first: 3%s) {
			totalCount pageInfo { hasNextPage endCursor } nodes { node { id kind } count rank shared { id } } } }`, after))
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		conn := res.Data["interlocks"].(map[string]any)
		if int(conn["totalCount"].(float64)) != len(want) {
			t.Fatalf("totalCount %v, want %d", conn["totalCount"], len(want))
		}
		for _, x := range conn["nodes"].([]any) {
			il := x.(map[string]any)
			id := il["node"].(map[string]any)["id"].(string)
			for _, s := range il["shared"].([]any) {
				got[id] = append(got[id], s.(map[string]any)["id"].(string))
			}
			if int(il["count"].(float64)) != len(got[id]) {
				t.Errorf("%s: count %v, %d shared listed", id, il["count"], len(got[id]))
			}
			order = append(order, len(got[id]))
		}
		pi := conn["pageInfo"].(map[string]any)
		if !pi["hasNextPage"].(bool) {
			break
		}
		after = fmt.Sprintf(", after: %q", pi["endCursor"])
	}
	if len(got) != len(want) || len(want) == 0 {
		t.Fatalf("%d interlocks, want %d", len(got), len(want))
	}
	for id, ms := range want {
		slices.Sort(ms)
		if !slices.Equal(got[id], ms) {
			t.Errorf("%s: shared %v, want %v", id, got[id], ms)
		}
	}
	if !slices.IsSortedFunc(order, func(a, b int) int { return b - a }) {
		t.Errorf("not ranked by count: %v", order)
	}
	wantErrCode(t, execute(t, st, `{ interlocks(id: "no-such") { totalCount } }`), "NOT_FOUND")
	wantErrCode(t, execute(t, st, `{ interlocks(id: "vaxjo-kommun", first: 101) { totalCount } }`), "INVALID")
	wantErrCode(t, execute(t, st, `{ interlocks(id: "vaxjo-kommun", after: "bad") { totalCount } }`), "INVALID")
}

// Centrality pages through every node of the projection once, scores never increasing, ranks
// shared by equal scores; the whole graph is computed once per version (cached).
func TestCentralityOnSeeds(t *testing.T) {
	_, st := seedStore(t)
	for _, m := range []string{"DEGREE", "BETWEENNESS", "EIGENVECTOR", "PAGERANK"} {
		for _, scope := range []string{"", `, center: "vaxjo-kommun", hops: 2`} {
			t.Run(m+scope, func(t *testing.T) {
				seen := map[string]bool{}
				var scores []float64
				var ranks []int
				after, total := "", -1
				for page := 0; page < 100; page++ {
					res := execute(t, st, fmt.Sprintf(`{ centrality(measure: %s%s, first: 40%s) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { node { id } score rank } } } }`, m, scope, after))
					if len(res.Errors) > 0 {
						t.Fatal(res.Errors)
					}
					conn := res.Data["centrality"].(map[string]any)
					total = int(conn["totalCount"].(float64))
					for _, x := range conn["edges"].([]any) {
						s := x.(map[string]any)["node"].(map[string]any)
						id := s["node"].(map[string]any)["id"].(string)
						if seen[id] {
							t.Fatalf("%s listed twice", id)
						}
						seen[id] = true
						scores = append(scores, s["score"].(float64))
						ranks = append(ranks, int(s["rank"].(float64)))
					}
					pi := conn["pageInfo"].(map[string]any)
					if !pi["hasNextPage"].(bool) {
						break
					}
					after = fmt.Sprintf(", after: %q", pi["endCursor"])
				}
				if len(seen) != total || total < 50 {
					t.Fatalf("%d nodes listed, totalCount %d", len(seen), total)
				}
				for i := 1; i < len(scores); i++ {
					if scores[i] > scores[i-1] {
						t.Fatalf("score %d (%v) above %d (%v)", i, scores[i], i-1, scores[i-1])
					}
					if (scores[i] == scores[i-1]) != (ranks[i] == ranks[i-1]) || (ranks[i] != ranks[i-1] && ranks[i] != i+1) {
						t.Fatalf("ranks %v at %d for scores %v", ranks[i-1:i+1], i, scores[i-1:i+1])
					}
				}
				if ranks[0] != 1 {
					t.Errorf("first rank %d", ranks[0])
				}
			})
		}
	}
	wantErrCode(t, execute(t, st, `{ centrality(measure: DEGREE, center: "no-such") { totalCount } }`), "NOT_FOUND")
	wantErrCode(t, execute(t, st, `{ centrality(measure: DEGREE, center: "vaxjo-kommun", hops: 4) { totalCount } }`), "INVALID")
	wantErrCode(t, execute(t, st, `{ centrality(measure: DEGREE, hops: 2) { totalCount } }`), "INVALID")
}

func TestCommunitiesOnSeeds(t *testing.T) {
	_, st := seedStore(t)
	for _, scope := range []string{"", `center: "vaxjo-kommun", hops: 2, types: [MEMBER_OF, PARTICIPATES_IN], `} {
		res := execute(t, st, fmt.Sprintf(`{ communities(%sfirst: 100) { modularity count communities { id size nodes { id } } }
			centrality(measure: DEGREE%s) { totalCount } }`, scope, map[bool]string{true: "", false: `, center: "vaxjo-kommun", hops: 2, types: [MEMBER_OF, PARTICIPATES_IN]`}[scope == ""]))
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		c := res.Data["communities"].(map[string]any)
		q := c["modularity"].(float64)
		if q <= 0.3 || q >= 1 {
			t.Errorf("modularity %v", q)
		}
		seen := map[string]bool{}
		sizes := 0
		for i, x := range c["communities"].([]any) {
			cm := x.(map[string]any)
			if int(cm["id"].(float64)) != i {
				t.Errorf("community %d has id %v", i, cm["id"])
			}
			sizes += int(cm["size"].(float64))
			for _, n := range cm["nodes"].([]any) {
				id := n.(map[string]any)["id"].(string)
				if seen[id] {
					t.Errorf("%s in two communities", id)
				}
				seen[id] = true
			}
		}
		total := int(res.Data["centrality"].(map[string]any)["totalCount"].(float64))
		if sizes != total || len(seen) != total || int(c["count"].(float64)) != len(c["communities"].([]any)) {
			t.Errorf("sizes %d, nodes %d, projection %d", sizes, len(seen), total)
		}
	}
}

// Above the documented bounds the answer is TOO_LARGE, naming the bound.
func TestAnalysisTooLarge(t *testing.T) {
	g, _ := gen.Generate(gen.Config{Nodes: 3500, Seed: 1})
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	wantErrCode(t, execute(t, st, `{ centrality(measure: BETWEENNESS) { totalCount } }`), string(kg.ETOOLARGE))
	wantErrCode(t, execute(t, st, `{ communities { count } }`), string(kg.ETOOLARGE))
	res := execute(t, st, `{ centrality(measure: DEGREE, first: 1) { totalCount } }`)
	if len(res.Errors) > 0 {
		t.Errorf("degree of 3000 nodes: %v", res.Errors)
	}
}

// A whole-graph question reads the projection once per graph version: asking again (another
// page, the same measure) is answered from the cache; another measure is computed anew.
func TestWholeGraphComputedOncePerVersion(t *testing.T) {
	_, mem := seedStore(t)
	st := kgtest.New(mem)
	q := `{ centrality(measure: EIGENVECTOR, types: [MEMBER_OF], first: 2) { totalCount pageInfo { endCursor } } }`
	for i := 0; i < 3; i++ {
		if res := execute(t, st, q); len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
	}
	if n := st.Calls(kgtest.Projection); n != 1 {
		t.Errorf("%d projections for three asks of one question, want 1", n)
	}
	execute(t, st, `{ centrality(measure: DEGREE, types: [MEMBER_OF]) { totalCount } }`)
	if n := st.Calls(kgtest.Projection); n != 2 {
		t.Errorf("%d projections after a second measure, want 2", n)
	}
}

// The direction rule: DEGREE under OUT is each node's number of distinct successors through
// relationships as written, under IN its distinct predecessors (the oracle counts them from
// the seed graph), both over n − 1; the direction is part of the cached question; and a
// refusal that depends only on the graph (eigenvector without directed cycles) is cached too.
func TestCentralityDirectionOnSeeds(t *testing.T) {
	g, mem := seedStore(t)
	st := kgtest.New(mem)
	types := []kg.EdgeType{kg.EdgeMemberOf, kg.EdgeParticipatesIn}
	succ, pred := map[string]map[string]bool{}, map[string]map[string]bool{}
	nodes := map[string]bool{}
	for _, e := range g.AllEdges() {
		if !slices.Contains(types, e.Type) {
			continue
		}
		nodes[e.From], nodes[e.To] = true, true
		if e.From == e.To {
			continue
		}
		if succ[e.From] == nil {
			succ[e.From] = map[string]bool{}
		}
		if pred[e.To] == nil {
			pred[e.To] = map[string]bool{}
		}
		succ[e.From][e.To], pred[e.To][e.From] = true, true
	}
	n := float64(len(nodes))
	for _, tt := range []struct {
		dir  string
		want map[string]map[string]bool
	}{{"OUT", succ}, {"IN", pred}} {
		res := execute(t, st, fmt.Sprintf(`{ centrality(measure: DEGREE, types: [MEMBER_OF, PARTICIPATES_IN], direction: %s, first: 100) { totalCount nodes { score node { id } } } }`, tt.dir))
		if len(res.Errors) > 0 {
			t.Fatal(res.Errors)
		}
		conn := res.Data["centrality"].(map[string]any)
		if int(conn["totalCount"].(float64)) != len(nodes) {
			t.Errorf("%s: totalCount %v, want %d", tt.dir, conn["totalCount"], len(nodes))
		}
		for _, x := range conn["nodes"].([]any) {
			s := x.(map[string]any)
			id := s["node"].(map[string]any)["id"].(string)
			want := float64(len(tt.want[id])) / (n - 1)
			if got := s["score"].(float64); got < want-1e-9 || got > want+1e-9 {
				t.Errorf("%s degree of %s = %v, want %d/%v", tt.dir, id, got, len(tt.want[id]), n-1)
			}
		}
	}
	calls := st.Calls(kgtest.Projection)
	for i := 0; i < 2; i++ {
		wantErrCode(t, execute(t, st, `{ centrality(measure: EIGENVECTOR, types: [MEMBER_OF], direction: OUT) { totalCount } }`), "INVALID")
	}
	if got := st.Calls(kgtest.Projection) - calls; got != 1 {
		t.Errorf("%d projections for two asks of a refused question, want 1", got)
	}
	res := execute(t, st, `{ both: centrality(measure: PAGERANK, types: [MEMBER_OF], first: 1) { nodes { node { id } } }
		out: centrality(measure: PAGERANK, types: [MEMBER_OF], direction: OUT, first: 1) { nodes { node { id } } }
		in: centrality(measure: PAGERANK, types: [MEMBER_OF], direction: IN, first: 1) { nodes { node { id } } } }`)
	if len(res.Errors) > 0 {
		t.Fatal(res.Errors)
	}
	top := func(alias string) string {
		return res.Data[alias].(map[string]any)["nodes"].([]any)[0].(map[string]any)["node"].(map[string]any)["id"].(string)
	}
	// Under OUT rank flows from members to networks, under IN from networks to members: the
	// top node is a network under OUT and a member under IN.
	kinds := map[string]kg.NodeKind{}
	for _, nd := range g.Nodes {
		kinds[nd.ID] = nd.Kind
	}
	if k := kinds[top("out")]; k != kg.KindNetwork && k != kg.KindOrganisation {
		t.Errorf("OUT PageRank's top %s is a %s, want a network or organisation", top("out"), k)
	}
	if top("out") == top("in") {
		t.Errorf("OUT and IN PageRank agree on the top node %s: the direction was not followed", top("out"))
	}
	t.Logf("PageRank top, MEMBER_OF: BOTH %s, OUT %s (%s), IN %s (%s)", top("both"), top("out"), kinds[top("out")], top("in"), kinds[top("in")])
}

// An empty after is the start of the list, as on every other connection (it was INVALID on
// the analysis lists alone).
func TestAnalysisEmptyAfterIsTheStart(t *testing.T) {
	_, st := seedStore(t)
	for _, q := range []string{
		`{ x: centrality(measure: DEGREE, first: 2%s) { totalCount nodes { node { id } } } }`,
		`{ x: interlocks(id: "vaxjo-kommun", kind: MUNICIPALITY, via: [MEMBER_OF, PARTICIPATES_IN], first: 2%s) { totalCount nodes { node { id } } } }`,
	} {
		plain := execute(t, st, fmt.Sprintf(q, ""))
		empty := execute(t, st, fmt.Sprintf(q, `, after: ""`))
		if len(plain.Errors) > 0 || len(empty.Errors) > 0 {
			t.Fatalf("%s: %v / %v", q, plain.Errors, empty.Errors)
		}
		if fmt.Sprint(plain.Data) != fmt.Sprint(empty.Data) {
			t.Errorf("%s: after \"\" gave %v, without after %v", q, empty.Data, plain.Data)
		}
	}
}

// The cached analysis results know their size, so the caches' byte budget bounds them
// (a count of entries alone would let 32 whole-graph rankings of a large graph pile up).
func TestAnalysisResultsAreSized(t *testing.T) {
	ids := []string{"a", "bb", "ccc"}
	for _, v := range []any{
		&rankedResult{ids: ids, ranked: make([]analysis.Ranked, 3)},
		&partitionResult{ids: ids, p: analysis.Partition{Communities: [][]int32{{0, 1}, {2}}}},
	} {
		s, ok := v.(analysis.Sizer)
		if !ok {
			t.Fatalf("%T is not an analysis.Sizer", v)
		}
		if n := s.CacheBytes(); n < int64(len("abbccc")) {
			t.Errorf("%T: %d bytes", v, n)
		}
	}
}
