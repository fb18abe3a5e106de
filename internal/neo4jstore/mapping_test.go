package neo4jstore

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/storetest"
)

// Every fixture node, edge (written and derived), mandate and source survives the trip
// domain → properties → driver value → domain unchanged.
func TestRoundTripFixture(t *testing.T) {
	g := storetest.Graph()
	for _, n := range g.Nodes {
		got, err := nodeFromValue(dbNode(t, n))
		if err != nil {
			t.Fatalf("%s: %v", n.ID, err)
		}
		if !reflect.DeepEqual(got, n) {
			t.Errorf("node %s:\n got %s\nwant %s", n.ID, js(got), js(n))
		}
	}
	for _, e := range g.AllEdges() {
		got, err := edgeFromValue(dbRel(t, e))
		if err != nil {
			t.Fatalf("%s: %v", e.ID, err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("edge %s:\n got %s\nwant %s", e.ID, js(got), js(e))
		}
	}
	for _, m := range g.Mandates {
		got, err := mandateFromValue(dbMandate(t, m))
		if err != nil {
			t.Fatalf("%s: %v", m.ID, err)
		}
		if !reflect.DeepEqual(got, m) {
			t.Errorf("mandate %s:\n got %s\nwant %s", m.ID, js(got), js(m))
		}
	}
	for i, s := range g.Sources {
		p := driverValue(map[string]any(sourceProps(s, i))).(map[string]any)
		got, err := sourceFromValue(dbtype.Node{Labels: []string{"Source"}, Props: p})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, s) {
			t.Errorf("source %s:\n got %s\nwant %s", s.ID, js(got), js(s))
		}
		// What Sources() reads: a map projection without the text.
		delete(p, "text")
		got, err = sourceFromValue(p)
		if err != nil {
			t.Fatal(err)
		}
		want := *s
		want.Text = ""
		if !reflect.DeepEqual(*got, want) {
			t.Errorf("source %s (projection):\n got %s\nwant %s", s.ID, js(got), js(want))
		}
	}
}

func js(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestNodePropsLayout(t *testing.T) {
	forty := 40.0
	n := &kg.Node{
		ID: "klimatkommunerna", Kind: kg.KindNetwork, Name: "Klimatkommunerna", Aliases: []string{"KK Förening", "Klimat-kommunerna"},
		Abbreviation: "KK", Since: kg.MustDate("2003"), Until: kg.MustDate("2016-04"),
		Evidence: []kg.Evidence{{SourceID: "s", Quote: "q \"quoted\" ö", SourceUpdated: kg.MustDate("2023-05-04")}},
		Attributes: []kg.Attribute{{Key: "medlemmar", Value: "över 40", Number: &forty,
			Evidence: []kg.Evidence{{SourceID: "s", Quote: "40"}}}},
	}
	p, err := nodeProps(n)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"id": "klimatkommunerna", "kind": "NETWORK", "name": "Klimatkommunerna",
		"aliases": []string{"KK Förening", "Klimat-kommunerna"}, "abbreviation": "KK",
		"since": "2003", "until": "2016-04", "sinceFirst": int64(20030101), "untilLast": int64(20160430),
		"nameFold": "klimatkommunerna", "aliasFolds": []string{"kk forening", "klimat kommunerna"},
		"searchText":  "klimatkommunerna kk forening klimat kommunerna kk",
		"searchStart": "klimatkommunerna kk klimat kk",
	}
	for k, v := range want {
		if !reflect.DeepEqual(p[k], v) {
			t.Errorf("%s = %#v, want %#v", k, p[k], v)
		}
	}
	for _, k := range []string{"category", "note", "personalContact"} {
		if _, ok := p[k]; ok {
			t.Errorf("empty %s stored as %#v; want no property", k, p[k])
		}
	}
	// Evidence is a JSON array with the source's date at its own precision.
	var ev []map[string]string
	if err := json.Unmarshal([]byte(p["evidence"].(string)), &ev); err != nil {
		t.Fatal(err)
	}
	if len(ev) != 1 || ev[0]["source"] != "s" || ev[0]["quote"] != `q "quoted" ö` || ev[0]["sourceUpdated"] != "2023-05-04" {
		t.Errorf("evidence JSON = %s", p["evidence"])
	}
	if !strings.Contains(p["attributes"].(string), `"number":40`) {
		t.Errorf("attributes JSON = %s", p["attributes"])
	}
}

func TestEvidenceJSONRoundTrip(t *testing.T) {
	cases := [][]kg.Evidence{
		nil,
		{{SourceID: "a", Quote: "x"}},
		{{SourceID: "a", Quote: "Växjö \u00a0 \"q\" \\ </script>", SourceUpdated: kg.MustDate("2014")},
			{SourceID: "b", Quote: "y", SourceUpdated: kg.MustDate("2016-04")},
			{SourceID: "c", Quote: "z", SourceUpdated: kg.MustDate("2014-08-28")}},
		{{SourceID: "a", Quote: "x", Basis: kg.BasisStated},
			{SourceID: "a", Quote: "femårigt", Basis: kg.BasisDerived},
			{SourceID: "b", Quote: "Region Kronoberg", Basis: kg.BasisInferred}},
	}
	for _, ev := range cases {
		enc, err := encodeEvidence(ev)
		if err != nil {
			t.Fatal(err)
		}
		if len(ev) == 0 && enc != nil {
			t.Errorf("empty evidence encoded as %#v, want no property", enc)
		}
		got, err := decodeEvidence(enc)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ev) {
			t.Errorf("got %s, want %s", js(got), js(ev))
		}
	}
	if _, err := decodeEvidence("{not json"); err == nil {
		t.Error("malformed evidence JSON accepted")
	}
	if _, err := decodeEvidence(`[{"source":"a","quote":"q","sourceUpdated":"2014-13"}]`); err == nil {
		t.Error("invalid sourceUpdated accepted")
	}
	if _, err := decodeEvidence(`[{"source":"a","quote":"q","basis":"GUESSED"}]`); err == nil {
		t.Error("unknown basis accepted")
	}
}

// The yyyymmdd bounds stored for periods give exactly kg.PeriodContains' answers.
func TestDateBoundsMatchPeriodContains(t *testing.T) {
	var dates []kg.PartialDate
	dates = append(dates, kg.PartialDate{})
	for _, s := range []string{"2014", "2015", "2016", "2016-01", "2016-02", "2016-04", "2016-12",
		"2016-02-29", "2016-04-30", "2016-04-01", "2016-12-31", "2017-01-01", "2015-12-31"} {
		dates = append(dates, kg.MustDate(s))
	}
	in := func(since, until, at kg.PartialDate) bool {
		if at.IsZero() {
			return true
		}
		if f := dateFirst(since); f != nil && dateLast(at).(int64) < f.(int64) {
			return false
		}
		if l := dateLast(until); l != nil && dateFirst(at).(int64) > l.(int64) {
			return false
		}
		return true
	}
	for _, since := range dates {
		for _, until := range dates {
			for _, at := range dates {
				if got, want := in(since, until, at), kg.PeriodContains(since, until, at); got != want {
					t.Errorf("since %q until %q at %q: %v, kg.PeriodContains %v", since, until, at, got, want)
				}
			}
		}
	}
}

// Records as the driver builds them: nulls, lists as []any, ints as int64, nodes by value.
func TestNodeFromDriverValues(t *testing.T) {
	n := dbtype.Node{ElementId: "4:x:1", Labels: []string{"Entity", "Person"}, Props: map[string]any{
		"id": "p", "kind": "PERSON", "name": "Anna", "aliases": []any{"A. L.", "Anna L"},
		"since": "2019", "note": nil, "personalContact": `{"email":"a@example.org","evidence":[{"source":"s","quote":"a@example.org"}]}`,
		"sinceFirst": int64(20190101), "nameFold": "anna", "unknownFutureProperty": int64(7),
	}}
	for _, v := range []any{n, &n, map[string]any(n.Props)} {
		got, err := nodeFromValue(v)
		if err != nil {
			t.Fatalf("%T: %v", v, err)
		}
		want := &kg.Node{ID: "p", Kind: kg.KindPerson, Name: "Anna", Aliases: []string{"A. L.", "Anna L"},
			Since:   kg.MustDate("2019"),
			Contact: &kg.Contact{Email: "a@example.org", Evidence: []kg.Evidence{{SourceID: "s", Quote: "a@example.org"}}}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T:\n got %s\nwant %s", v, js(got), js(want))
		}
	}
}

func TestMappingRejectsUnexpectedData(t *testing.T) {
	node := func(p map[string]any) dbtype.Node { return dbtype.Node{Props: p} }
	nodeCases := map[string]any{
		"no id":             node(map[string]any{"kind": "PERSON", "name": "x"}),
		"unknown kind":      node(map[string]any{"id": "x", "kind": "WIZARD"}),
		"name not a string": node(map[string]any{"id": "x", "kind": "PERSON", "name": int64(3)}),
		"aliases not list":  node(map[string]any{"id": "x", "kind": "PERSON", "aliases": "a"}),
		"alias not string":  node(map[string]any{"id": "x", "kind": "PERSON", "aliases": []any{"a", int64(1)}}),
		"bad date":          node(map[string]any{"id": "x", "kind": "PERSON", "since": "14"}),
		"bad evidence":      node(map[string]any{"id": "x", "kind": "PERSON", "evidence": "[{"}),
		"bad contact":       node(map[string]any{"id": "x", "kind": "PERSON", "personalContact": "{"}),
		"a relationship":    dbtype.Relationship{Type: "MEMBER_OF"},
		"a string":          "x",
		"nil":               nil,
	}
	for name, v := range nodeCases {
		_, err := nodeFromValue(v)
		if err == nil {
			t.Errorf("node %s: accepted", name)
			continue
		}
		if got := classify(err); kg.ErrorCode(got) != kg.EINTERNAL {
			t.Errorf("node %s: classified %v, want INTERNAL", name, got)
		}
	}
	// A malformed contact must not be echoed: it is personal data.
	_, err := nodeFromValue(node(map[string]any{"id": "x", "kind": "PERSON", "personalContact": `{"email":"secret@example.org"`}))
	if err == nil || strings.Contains(err.Error(), "secret@example.org") {
		t.Errorf("contact error %v", err)
	}
	rel := func(typ string, p map[string]any) dbtype.Relationship {
		return dbtype.Relationship{Type: typ, Props: p}
	}
	relCases := map[string]any{
		"type outside the enum": rel("HOLDS_MANDATE", map[string]any{"id": "e", "from": "a", "to": "b"}),
		"no endpoints":          rel("MEMBER_OF", map[string]any{"id": "e"}),
		"a node":                dbtype.Node{},
		"nil":                   nil,
	}
	for name, v := range relCases {
		if _, err := edgeFromValue(v); err == nil {
			t.Errorf("edge %s: accepted", name)
		}
	}
	if _, err := mandateFromValue(dbtype.Node{Props: map[string]any{"person": "p"}}); err == nil {
		t.Error("mandate without id accepted")
	}
}

func TestRecordHelpers(t *testing.T) {
	rec := record("a", nil, "l", []any{"x"}, "s", "str")
	if v, err := value(rec, "a"); err != nil || v != nil {
		t.Errorf("null value: %v %v", v, err)
	}
	if _, err := value(rec, "missing"); err == nil {
		t.Error("missing key accepted")
	}
	if l, err := listValue(rec, "a"); err != nil || l != nil {
		t.Errorf("null list: %v %v", l, err)
	}
	if _, err := listValue(rec, "s"); err == nil {
		t.Error("string accepted as list")
	}
	if _, err := value((*neo4j.Record)(nil), "a"); err == nil {
		t.Error("nil record accepted")
	}
}
