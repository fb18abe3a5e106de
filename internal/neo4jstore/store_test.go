package neo4jstore

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/storetest"
)

// These tests run the Store methods against a fake database that returns canned records. They
// check what Go does around the statement: validation before any query, exactly one round
// trip per call, parameters matching the statement, alignment, error mapping. What the
// statements compute is the contract suite's job (TestContract, needs a server).

func fixtureIndex() (map[string]*kg.Node, map[string]*kg.Edge, map[string]*kg.Mandate) {
	g := storetest.Graph()
	ns, es, ms := map[string]*kg.Node{}, map[string]*kg.Edge{}, map[string]*kg.Mandate{}
	for _, n := range g.Nodes {
		ns[n.ID] = n
	}
	for _, e := range g.AllEdges() {
		es[e.ID] = e
	}
	for _, m := range g.Mandates {
		ms[m.ID] = m
	}
	return ns, es, ms
}

func idsParam(t *testing.T, q query) []string {
	t.Helper()
	var out []string
	for _, v := range q.params["ids"].([]any) {
		out = append(out, v.(string))
	}
	return out
}

func TestByIDsAlignOneRoundTrip(t *testing.T) {
	nodes, edges, mandates := fixtureIndex()
	s, db := newFakeStore(t, func(q query) ([]*neo4j.Record, error) {
		var recs []*neo4j.Record
		for _, id := range idsParam(t, q) {
			switch q.name {
			case "NodesByIDs":
				if n := nodes[id]; n != nil {
					recs = append(recs, record("n", dbNode(t, n)))
				}
			case "EdgesByIDs":
				if e := edges[id]; e != nil {
					recs = append(recs, record("r", dbRel(t, e)))
				}
			case "MandatesByIDs":
				if m := mandates[id]; m != nil {
					recs = append(recs, record("m", dbMandate(t, m)))
				}
			}
		}
		return recs, nil
	})
	ctx := context.Background()
	ids := []string{"lulea-kommun", "no-such-id", "lulea-kommun", "", "sverige"}
	ns, err := s.NodesByIDs(ctx, ids)
	if err != nil {
		t.Fatal(err)
	}
	if len(db.calls) != 1 || s.RoundTrips() != 1 {
		t.Fatalf("%d calls, %d round trips; want 1", len(db.calls), s.RoundTrips())
	}
	if got := idsParam(t, db.calls[0]); !slices.Equal(got, []string{"lulea-kommun", "no-such-id", "", "sverige"}) {
		t.Errorf("ids sent %v, want de-duplicated", got)
	}
	for i, id := range ids {
		if want := nodes[id]; !reflect.DeepEqual(ns[i], want) {
			t.Errorf("[%d] %q: got %v, want %v", i, id, ns[i], want)
		}
	}

	es, err := s.EdgesByIDs(ctx, []string{"vaxjo-com", "x", "mandat-anna-lindqvist-covenant--represents"})
	if err != nil {
		t.Fatal(err)
	}
	if es[0].ID != "vaxjo-com" || es[1] != nil || es[2].MandateID != "mandat-anna-lindqvist-covenant" {
		t.Errorf("edges %v", es)
	}
	ms, err := s.MandatesByIDs(ctx, []string{"x", "mandat-sara-oberg-klimatkommunerna"})
	if err != nil {
		t.Fatal(err)
	}
	if ms[0] != nil || ms[1].Person != "sara-oberg" {
		t.Errorf("mandates %v", ms)
	}
	if s.RoundTrips() != 3 {
		t.Errorf("%d round trips after three calls", s.RoundTrips())
	}

	// No ids: no query, an empty aligned result.
	for _, call := range []func() (int, error){
		func() (int, error) { r, err := s.NodesByIDs(ctx, nil); return len(r), err },
		func() (int, error) { r, err := s.EdgesByIDs(ctx, []string{}); return len(r), err },
		func() (int, error) { r, err := s.MandatesByIDs(ctx, nil); return len(r), err },
		func() (int, error) { r, err := s.EdgesOf(ctx, nil, kg.EdgeFilter{}); return len(r), err },
	} {
		if n, err := call(); n != 0 || err != nil {
			t.Errorf("empty call: %d, %v", n, err)
		}
	}
	if s.RoundTrips() != 3 {
		t.Errorf("empty calls sent queries: %d round trips", s.RoundTrips())
	}
}

func TestEdgesOfParamsAndAlignment(t *testing.T) {
	_, edges, _ := fixtureIndex()
	s, db := newFakeStore(t, func(q query) ([]*neo4j.Record, error) {
		// Answer as the statement would for lulea-kommun only; unknown ids yield no row.
		return []*neo4j.Record{record("nodeId", "lulea-kommun", "edges", []any{
			dbRel(t, edges["lulea-com"]), dbRel(t, edges["lulea-klimatkommunerna"]),
		})}, nil
	})
	got, err := s.EdgesOf(context.Background(), []string{"lulea-kommun", "no-such-id", "lulea-kommun"},
		kg.EdgeFilter{Types: []kg.EdgeType{kg.EdgeMemberOf}, Direction: kg.DirOut, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || len(got[0]) != 2 || got[1] != nil || len(got[2]) != 2 {
		t.Fatalf("got %v", got)
	}
	q := db.calls[0]
	if q.cypher != cypherEdgesOfOut {
		t.Errorf("direction OUT did not pick the OUT statement")
	}
	if !reflect.DeepEqual(q.params["types"], []any{"MEMBER_OF"}) || q.params["limit"] != int64(2) {
		t.Errorf("params %v", q.params)
	}
	rank := q.params["rank"].(map[string]any)
	for i, typ := range kg.AllEdgeTypes {
		if rank[string(typ)] != int64(i) {
			t.Errorf("rank[%s] = %v, want %d", typ, rank[string(typ)], i)
		}
	}

	for dir, want := range map[kg.Direction]string{"": cypherEdgesOfBoth, kg.DirBoth: cypherEdgesOfBoth, kg.DirIn: cypherEdgesOfIn} {
		q, err := buildEdgesOf([]string{"a"}, kg.EdgeFilter{Direction: dir})
		if err != nil || q.cypher != want {
			t.Errorf("direction %q: %v", dir, err)
		}
		if len(q.params["types"].([]any)) != len(kg.AllEdgeTypes) {
			t.Errorf("no type filter must send every enum type")
		}
		if q.params["limit"].(int64) < 1<<30 {
			t.Errorf("limit 0 must mean no limit, sent %v", q.params["limit"])
		}
	}
}

// Bad input is rejected before any query, with INVALID, like the embedded store.
func TestInvalidInputSendsNothing(t *testing.T) {
	s, db := newFakeStore(t, nil)
	ctx := context.Background()
	bogus := []kg.EdgeType{"MEMBER_OF", "NOT_A_TYPE"}
	calls := map[string]func() error{
		"EdgesOf direction": func() error {
			_, err := s.EdgesOf(ctx, []string{"a"}, kg.EdgeFilter{Direction: "SIDEWAYS"})
			return err
		},
		"EdgesOf type": func() error { _, err := s.EdgesOf(ctx, []string{"a"}, kg.EdgeFilter{Types: bogus}); return err },
		"Path type": func() error {
			_, err := s.Path(ctx, kg.PathQuery{From: "a", To: "b", MaxHops: 3, Types: bogus})
			return err
		},
		"Path hops": func() error {
			_, err := s.Path(ctx, kg.PathQuery{From: "a", To: "b", MaxHops: maxPathHops + 1})
			return err
		},
		"Neighbourhood type": func() error {
			_, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "a", Hops: 1, Limit: 5, Types: bogus})
			return err
		},
		"Neighbourhood hops": func() error {
			_, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "a", Hops: 1000, Limit: 1000})
			return err
		},
		"ListNodes cursor":     func() error { _, err := s.ListNodes(ctx, kg.ListQuery{First: 5, After: "garbage"}); return err },
		"ListNodes cursor b64": func() error { _, err := s.ListNodes(ctx, kg.ListQuery{First: 5, After: "Zm9vYmFy"}); return err },
		"ListNodes kind": func() error {
			_, err := s.ListNodes(ctx, kg.ListQuery{First: 5, Kinds: []kg.NodeKind{"WIZARD"}})
			return err
		},
		"ListNodes kind+cursor": func() error {
			_, err := s.ListNodes(ctx, kg.ListQuery{Kinds: []kg.NodeKind{""}, After: "%%%"})
			return err
		},
	}
	for name, call := range calls {
		err := call()
		if kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%s: %v, want INVALID", name, err)
		}
	}
	if len(db.calls) != 0 {
		t.Errorf("invalid input sent %d queries", len(db.calls))
	}
}

// Answers known without the database cost no round trip.
func TestTrivialAnswersSendNothing(t *testing.T) {
	s, db := newFakeStore(t, nil)
	ctx := context.Background()
	if p, err := s.Path(ctx, kg.PathQuery{From: "a", To: "b", MaxHops: 0}); p != nil || err != nil {
		t.Errorf("MaxHops 0: %v %v", p, err)
	}
	for _, sq := range []kg.SearchQuery{{Text: "  ", First: 10}, {Text: "—!?", First: 10}} {
		if h, err := s.Search(ctx, sq); h == nil || len(h.Hits) != 0 || h.TotalCount != 0 || err != nil {
			t.Errorf("%+v: %v %v", sq, h, err)
		}
	}
	if len(db.calls) != 0 {
		t.Errorf("sent %d queries", len(db.calls))
	}
}

// A done context fails every method at once, without a query.
func TestCancelledContext(t *testing.T) {
	s, db := newFakeStore(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	errs := []error{}
	add := func(_ any, err error) { errs = append(errs, err) }
	add(s.NodesByIDs(ctx, []string{"a"}))
	add(s.EdgesByIDs(ctx, []string{"a"}))
	add(s.MandatesByIDs(ctx, []string{"a"}))
	add(s.EdgesOf(ctx, []string{"a"}, kg.EdgeFilter{}))
	add(s.Mandates(ctx, kg.MandateFilter{}))
	add(s.Search(ctx, kg.SearchQuery{Text: "a", First: 1}))
	add(s.Path(ctx, kg.PathQuery{From: "a", To: "a", MaxHops: 1}))
	add(s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "a", Hops: 1, Limit: 1}))
	add(s.ListNodes(ctx, kg.ListQuery{First: 1}))
	add(s.Sources(ctx))
	add(s.Stats(ctx))
	for i, err := range errs {
		if kg.ErrorCode(err) != kg.EUNAVAILABLE || kg.ErrorMessage(err) != msgCancelled {
			t.Errorf("call %d: %v", i, err)
		}
	}
	if len(db.calls) != 0 {
		t.Errorf("sent %d queries", len(db.calls))
	}
}

func TestDriverErrorsAreClassified(t *testing.T) {
	s, _ := newFakeStore(t, func(query) ([]*neo4j.Record, error) {
		return nil, &neo4j.Neo4jError{Code: "Neo.ClientError.Statement.SyntaxError", Msg: "Invalid input 'MATCH (n:Entity) secret'"}
	})
	_, err := s.NodesByIDs(context.Background(), []string{"a"})
	if kg.ErrorCode(err) != kg.EINTERNAL || kg.ErrorMessage(err) != msgInternal {
		t.Fatalf("got %v", err)
	}
	var n4e *neo4j.Neo4jError
	if !errors.As(err, &n4e) {
		t.Error("the driver error is not kept for logs")
	}
}

func TestMandatesParams(t *testing.T) {
	cases := []struct {
		f    kg.MandateFilter
		want string
	}{
		{kg.MandateFilter{}, cypherMandatesAll},
		{kg.MandateFilter{Persons: []string{"p"}, Bodies: []string{"b"}}, cypherMandatesByPerson},
		{kg.MandateFilter{Bodies: []string{"b"}, OnBehalfOf: []string{"o"}}, cypherMandatesByBody},
		{kg.MandateFilter{OnBehalfOf: []string{"o"}}, cypherMandatesByBehalf},
	}
	for _, c := range cases {
		q := buildMandates(c.f)
		checkParams(t, q)
		if q.cypher != c.want {
			t.Errorf("%+v: wrong entry statement", c.f)
		}
	}
	q := buildMandates(kg.MandateFilter{ActiveAt: kg.MustDate("2022-10")})
	if q.params["atFirst"] != int64(20221001) || q.params["atLast"] != int64(20221031) || q.params["persons"] != nil {
		t.Errorf("params %v", q.params)
	}

	// Go pins the documented order whatever order records arrive in.
	_, _, mandates := fixtureIndex()
	s, _ := newFakeStore(t, func(query) ([]*neo4j.Record, error) {
		var recs []*neo4j.Record
		for _, m := range storetest.Graph().Mandates {
			recs = append(recs, record("m", dbMandate(t, mandates[m.ID])))
		}
		return recs, nil
	})
	ms, err := s.Mandates(context.Background(), kg.MandateFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"mandat-erik-nystrom-covenant", "mandat-anna-lindqvist-covenant", "mandat-sara-oberg-klimatkommunerna",
		"mandat-erik-nystrom-klimatkommunerna", "mandat-anna-lindqvist-skr"}
	var got []string
	for _, m := range ms {
		got = append(got, m.ID)
	}
	if !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}

func TestPathMappingAndChoice(t *testing.T) {
	nodes, edges, _ := fixtureIndex()
	n := func(id string) any { return dbNode(t, nodes[id]) }
	r := func(id string) any { return dbRel(t, edges[id]) }
	// Two equally short paths from energikontor-sydost to vaxjo-kommun (parallel edges).
	recs := []*neo4j.Record{
		record("nodes", []any{n("energikontor-sydost"), n("vaxjo-kommun")}, "rels", []any{r("energikontor-partner-vaxjo-2020")}),
		record("nodes", []any{n("energikontor-sydost"), n("vaxjo-kommun")}, "rels", []any{r("energikontor-sydost-i-vaxjo")}),
		record("nodes", []any{n("energikontor-sydost"), n("vaxjo-kommun")}, "rels", []any{r("energikontor-partner-vaxjo-2015")}),
	}
	s, db := newFakeStore(t, func(query) ([]*neo4j.Record, error) { return recs, nil })
	p, err := s.Path(context.Background(), kg.PathQuery{From: "energikontor-sydost", To: "vaxjo-kommun", MaxHops: 3})
	if err != nil {
		t.Fatal(err)
	}
	// PARTNER_OF ranks before LOCATED_IN; then edge id.
	if len(p.Edges) != 1 || p.Edges[0].ID != "energikontor-partner-vaxjo-2015" || p.Nodes[1].ID != "vaxjo-kommun" {
		t.Errorf("picked %v", p.Edges)
	}
	slices.Reverse(recs)
	p2, _ := s.Path(context.Background(), kg.PathQuery{From: "energikontor-sydost", To: "vaxjo-kommun", MaxHops: 3})
	if p2.Edges[0].ID != p.Edges[0].ID {
		t.Errorf("choice depends on record order")
	}
	if db.calls[0].cypher != cypherPath[3] || db.calls[0].params["types"] == nil {
		t.Errorf("path query %v", db.calls[0].params)
	}
	// A malformed path (edge count) is INTERNAL.
	recs = []*neo4j.Record{record("nodes", []any{n("energikontor-sydost")}, "rels", []any{r("energikontor-sydost-i-vaxjo")})}
	if _, err := s.Path(context.Background(), kg.PathQuery{From: "a", To: "b", MaxHops: 3}); kg.ErrorCode(err) != kg.EINTERNAL {
		t.Errorf("malformed path: %v", err)
	}
	// No record: no path.
	recs = nil
	if p, err := s.Path(context.Background(), kg.PathQuery{From: "a", To: "b", MaxHops: 3}); p != nil || err != nil {
		t.Errorf("no path: %v %v", p, err)
	}
}

func TestPathToItself(t *testing.T) {
	nodes, _, _ := fixtureIndex()
	s, db := newFakeStore(t, func(q query) ([]*neo4j.Record, error) {
		if id := idsParam(t, q)[0]; nodes[id] != nil {
			return []*neo4j.Record{record("n", dbNode(t, nodes[id]))}, nil
		}
		return nil, nil
	})
	p, err := s.Path(context.Background(), kg.PathQuery{From: "sverige", To: "sverige", MaxHops: 0})
	if err != nil || p == nil || len(p.Nodes) != 1 || p.Nodes[0].ID != "sverige" || p.Edges == nil || len(p.Edges) != 0 {
		t.Fatalf("got %+v, %v", p, err)
	}
	if db.calls[0].cypher != cypherNodesByIDs {
		t.Error("a path to itself must not use shortestPath (Neo4j rejects equal ends)")
	}
	if p, err := s.Path(context.Background(), kg.PathQuery{From: "nope", To: "nope", MaxHops: 4}); p != nil || err != nil {
		t.Errorf("unknown: %v %v", p, err)
	}
}

func TestNeighbourhoodParamsAndMapping(t *testing.T) {
	nodes, edges, _ := fixtureIndex()
	var answer []*neo4j.Record
	s, db := newFakeStore(t, func(query) ([]*neo4j.Record, error) { return answer, nil })
	ctx := context.Background()

	// Unknown centre: no row, nil.
	sg, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "x", Hops: 2, Limit: 0})
	if sg != nil || err != nil {
		t.Errorf("unknown centre: %v %v", sg, err)
	}
	q := db.calls[0]
	if q.params["limit"] != int64(1) || q.cypher != cypherNeighbourhood[1] {
		t.Errorf("limit ≤ 0 must mean 1 (and cap the walk at 1 hop): %v", q.params)
	}

	answer = []*neo4j.Record{record(
		"nodes", []any{dbNode(t, nodes["sverige"]), dbNode(t, nodes["region-kronoberg"])},
		"truncated", true,
		"edges", []any{dbRel(t, edges["kronoberg-i-sverige"])})}
	sg, err = s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "sverige", Hops: 10, Limit: 100, Types: []kg.EdgeType{kg.EdgeLocatedIn}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sg.Nodes) != 2 || !sg.Truncated || len(sg.Edges) != 1 || sg.Edges[0].ID != "kronoberg-i-sverige" {
		t.Errorf("got %+v", sg)
	}
	if q := db.calls[1]; q.cypher != cypherNeighbourhood[10] || !reflect.DeepEqual(q.params["types"], []any{"LOCATED_IN"}) {
		t.Errorf("hops 10: wrong statement or types %v", q.params["types"])
	}
	// Hops 0 and negative hops: the centre only.
	for _, h := range []int{0, -3} {
		s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "sverige", Hops: h, Limit: 5})
		if last := db.calls[len(db.calls)-1]; last.cypher != cypherNeighbourhood[0] {
			t.Errorf("hops %d: not the 0-hop statement", h)
		}
	}
	for _, bad := range [][]*neo4j.Record{
		{record("nodes", []any{}, "truncated", "yes", "edges", []any{})},
		{record("nodes", []any{}, "truncated", false, "edges", []any{}), record("nodes", []any{}, "truncated", false, "edges", []any{})},
	} {
		answer = bad
		if _, err := s.Neighbourhood(ctx, kg.NeighbourhoodQuery{Center: "a", Hops: 1, Limit: 5}); kg.ErrorCode(err) != kg.EINTERNAL {
			t.Errorf("malformed answer: %v", err)
		}
	}
}

func TestListNodesParamsAndPages(t *testing.T) {
	nodes, _, _ := fixtureIndex()
	var answer []*neo4j.Record
	s, db := newFakeStore(t, func(query) ([]*neo4j.Record, error) { return answer, nil })
	ctx := context.Background()
	page := func(cursorKind any, countryFound bool, total int64, ids ...string) []*neo4j.Record {
		var ns []any
		for _, id := range ids {
			ns = append(ns, dbNode(t, nodes[id]))
		}
		return []*neo4j.Record{record("cursorKind", cursorKind, "countryFound", countryFound, "total", total, "nodes", ns)}
	}

	// First page of 2: the statement fetched 3 (First+1) → HasNext; nodes re-sorted by
	// folded name then id even if they arrive otherwise.
	answer = page(nil, true, 4, "oslo-kommune", "alvesta-kommun", "lulea-kommun")
	p, err := s.ListNodes(ctx, kg.ListQuery{First: 2, Kinds: []kg.NodeKind{kg.KindMunicipality}, NameContains: "  KOMMUN "})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{p.Nodes[0].ID, p.Nodes[1].ID}; !slices.Equal(got, []string{"alvesta-kommun", "lulea-kommun"}) || !p.HasNext || p.HasPrev || p.TotalCount != 4 {
		t.Errorf("page %v %+v", got, p)
	}
	if id, _ := kg.DecodeCursor(p.Cursors[1]); id != "lulea-kommun" {
		t.Errorf("cursor %q", p.Cursors[1])
	}
	q := db.calls[0]
	if q.cypher != cypherListNodes || q.params["limit"] != int64(3) || q.params["needle"] != "kommun" ||
		!reflect.DeepEqual(q.params["kinds"], []any{"MUNICIPALITY"}) || q.params["after"] != nil || q.params["activeFirst"] != nil {
		t.Errorf("params %v", q.params)
	}

	// Next page from the cursor: last page, HasPrev.
	answer = page("MUNICIPALITY", true, 4, "oslo-kommune", "vaxjo-kommun")
	p, err = s.ListNodes(ctx, kg.ListQuery{First: 2, Kinds: []kg.NodeKind{kg.KindMunicipality}, After: kg.EncodeCursor("lulea-kommun")})
	if err != nil || p.HasNext || !p.HasPrev || len(p.Nodes) != 2 {
		t.Errorf("second page %+v %v", p, err)
	}
	if db.calls[1].params["after"] != "lulea-kommun" {
		t.Errorf("after %v", db.calls[1].params["after"])
	}

	// A cursor the database does not know, or of another kind than the one listed: INVALID.
	for _, ck := range []any{nil, "PERSON"} {
		answer = page(ck, true, 4)
		_, err = s.ListNodes(ctx, kg.ListQuery{First: 2, Kinds: []kg.NodeKind{kg.KindMunicipality}, After: kg.EncodeCursor("x")})
		if kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("cursor kind %v: %v", ck, err)
		}
	}
	// With several kinds any known cursor is fine (its position in the whole order).
	answer = page("PERSON", true, 4)
	if _, err = s.ListNodes(ctx, kg.ListQuery{First: 2, Kinds: []kg.NodeKind{kg.KindMunicipality, kg.KindRegion}, After: kg.EncodeCursor("anna-lindqvist")}); err != nil {
		t.Errorf("several kinds: %v", err)
	}

	// Unknown country: an empty page.
	answer = page(nil, false, 0)
	p, err = s.ListNodes(ctx, kg.ListQuery{First: 5, Country: "atlantis", ActiveIn: 2021})
	if err != nil || len(p.Nodes) != 0 || p.TotalCount != 0 || p.HasNext || p.HasPrev {
		t.Errorf("unknown country %+v %v", p, err)
	}
	q = db.calls[len(db.calls)-1]
	if q.cypher != cypherListNodesInCountry || q.params["country"] != "atlantis" ||
		q.params["activeFirst"] != int64(20210101) || q.params["activeLast"] != int64(20211231) ||
		len(q.params["kinds"].([]any)) != len(kg.AllKinds) {
		t.Errorf("country params %v", q.params)
	}

	// First 0: no nodes, HasNext when anything follows.
	answer = page(nil, true, 27, "alvesta-kommun")
	p, err = s.ListNodes(ctx, kg.ListQuery{First: 0})
	if err != nil || len(p.Nodes) != 0 || !p.HasNext || p.TotalCount != 27 {
		t.Errorf("first 0: %+v %v", p, err)
	}
	if db.calls[len(db.calls)-1].params["limit"] != int64(1) {
		t.Error("first 0 must fetch one node to learn HasNext")
	}
}

func TestStatsAndSources(t *testing.T) {
	var answer []*neo4j.Record
	s, db := newFakeStore(t, func(query) ([]*neo4j.Record, error) { return answer, nil })
	ctx := context.Background()
	answer = []*neo4j.Record{record("version", "neo4j-27-42-0123456789abcdef", "nodes", int64(27), "edges", int64(42), "mandates", int64(5))}
	st, err := s.Stats(ctx)
	if err != nil || st != (kg.Stats{Nodes: 27, Edges: 42, Mandates: 5, Version: "neo4j-27-42-0123456789abcdef"}) {
		t.Errorf("stats %+v %v", st, err)
	}
	if db.calls[0].params["key"] != metaKey {
		t.Errorf("params %v", db.calls[0].params)
	}
	// Before any load: one row of nulls, zero stats.
	answer = []*neo4j.Record{record("version", nil, "nodes", nil, "edges", nil, "mandates", nil)}
	if st, err := s.Stats(ctx); err != nil || st != (kg.Stats{}) {
		t.Errorf("empty: %+v %v", st, err)
	}

	g := storetest.Graph()
	answer = nil
	for i, src := range g.Sources {
		p := driverValue(map[string]any(sourceProps(src, i))).(map[string]any)
		delete(p, "text")
		answer = append(answer, record("s", p))
	}
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) != 2 || srcs[0].ID != g.Sources[0].ID || srcs[0].Updated != g.Sources[0].Updated || srcs[1].Text != "" {
		t.Errorf("sources %v %v", srcs, err)
	}
}

// Search against the fake: the database returns candidates; the ranking must equal the
// shared rule's over the whole graph (kg.RankSearch, which the embedded store also obeys)
// whenever the candidates are a superset of its hits.
func TestSearchRanksCandidatesLikeTheWholeGraph(t *testing.T) {
	g := storetest.Graph()
	s, db := newFakeStore(t, func(q query) ([]*neo4j.Record, error) {
		var recs []*neo4j.Record
		for _, n := range g.Nodes { // every node of an allowed kind: a (large) superset
			if slices.Contains(q.params["kinds"].([]any), any(string(n.Kind))) {
				recs = append(recs, record("node", dbNode(t, n)))
			}
		}
		return recs, nil
	})
	ctx := context.Background()
	for _, sq := range []kg.SearchQuery{
		{Text: "Covenant of Mayors", First: 10},
		{Text: "gröna", First: 10},
		{Text: "vaxjo", First: 10},
		{Text: "Klimatkommunrena", First: 10},
		{Text: "covenant of mayors", First: 10, Kinds: []kg.NodeKind{kg.KindEvent, kg.KindOrganisation}},
		{Text: "a", First: 3},
		{Text: "klimatdagen i vaxjo", First: 1},
	} {
		page, err := s.Search(ctx, sq)
		if err != nil {
			t.Fatal(err)
		}
		got := page.Hits
		want := kg.RankSearch(sq, g.Nodes)
		if !sameHits(got, want) {
			t.Errorf("%+v:\n got %v\nwant %v", sq, hitsString(got), hitsString(want))
		}
	}
	last := db.calls[len(db.calls)-1]
	if last.params["cap"] != int64(searchCandidateCap) || last.params["lucene"] == "" {
		t.Errorf("search params %v", last.params)
	}
}
