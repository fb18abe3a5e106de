package neo4jstore

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"sync"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/kommunkg/kg/internal/kg"
)

// driverValue converts a parameter-side value into what the driver hands back for it: lists
// become []any, ints int64, maps map[string]any. Records built from it look like real ones.
func driverValue(v any) any {
	switch x := v.(type) {
	case []string:
		out := make([]any, len(x))
		for i, s := range x {
			out[i] = s
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = driverValue(e)
		}
		return out
	case int:
		return int64(x)
	case props:
		return driverValue(map[string]any(x))
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = driverValue(e)
		}
		return out
	}
	return v
}

var elementSeq struct {
	sync.Mutex
	n int64
}

func nextElementID() (int64, string) {
	elementSeq.Lock()
	defer elementSeq.Unlock()
	elementSeq.n++
	return elementSeq.n, fmt.Sprintf("4:test:%d", elementSeq.n)
}

// dbNode is the dbtype.Node the driver would return for n.
func dbNode(t testing.TB, n *kg.Node) dbtype.Node {
	t.Helper()
	p, err := nodeProps(n)
	if err != nil {
		t.Fatal(err)
	}
	label, err := kindLabel(n.Kind)
	if err != nil {
		t.Fatal(err)
	}
	id, eid := nextElementID()
	return dbtype.Node{Id: id, ElementId: eid, Labels: []string{"Entity", label}, Props: driverValue(map[string]any(p)).(map[string]any)}
}

// dbRel is the dbtype.Relationship the driver would return for e.
func dbRel(t testing.TB, e *kg.Edge) dbtype.Relationship {
	t.Helper()
	p, err := edgeProps(e)
	if err != nil {
		t.Fatal(err)
	}
	id, eid := nextElementID()
	return dbtype.Relationship{Id: id, ElementId: eid, StartElementId: "4:test:from", EndElementId: "4:test:to",
		Type: string(e.Type), Props: driverValue(map[string]any(p)).(map[string]any)}
}

func dbMandate(t testing.TB, m *kg.Mandate) dbtype.Node {
	t.Helper()
	p, err := mandateProps(m)
	if err != nil {
		t.Fatal(err)
	}
	id, eid := nextElementID()
	return dbtype.Node{Id: id, ElementId: eid, Labels: []string{"Mandate"}, Props: driverValue(map[string]any(p)).(map[string]any)}
}

func record(kv ...any) *neo4j.Record {
	r := &neo4j.Record{}
	for i := 0; i < len(kv); i += 2 {
		r.Keys = append(r.Keys, kv[i].(string))
		r.Values = append(r.Values, kv[i+1])
	}
	return r
}

var paramRE = regexp.MustCompile(`\$([A-Za-z_][A-Za-z0-9_]*)`)

// paramsIn returns the names of the $parameters a statement uses.
func paramsIn(cypher string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range paramRE.FindAllStringSubmatch(cypher, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	sort.Strings(out)
	return out
}

// checkParams fails unless q provides exactly the parameters its statement uses (Neo4j
// rejects a statement with a missing parameter; an unused one points at a mistake).
func checkParams(t testing.TB, q query) {
	t.Helper()
	used := map[string]bool{}
	for _, p := range paramsIn(q.cypher) {
		used[p] = true
		if p == "contact" {
			continue // added by Store.read from the caller's access; TestContactParam checks it
		}
		if _, ok := q.params[p]; !ok {
			t.Errorf("%s: statement uses $%s, which is not provided", q.name, p)
		}
	}
	for k := range q.params {
		if !used[k] {
			t.Errorf("%s: parameter %q is provided but not used", q.name, k)
		}
	}
}

// fakeDB stands in for the database: it records every query, checks its parameters and
// answers with canned records.
type fakeDB struct {
	t      testing.TB
	mu     sync.Mutex
	calls  []query
	answer func(q query) ([]*neo4j.Record, error)
}

func (f *fakeDB) run(_ context.Context, q query) ([]*neo4j.Record, error) {
	f.t.Helper()
	checkParams(f.t, q)
	f.mu.Lock()
	f.calls = append(f.calls, q)
	f.mu.Unlock()
	if f.answer != nil {
		recs, err := f.answer(q)
		if recs != nil || err != nil || q.name != "ShowIndexes" {
			return recs, err
		}
	} else if q.name != "ShowIndexes" {
		return nil, nil
	}
	return schemaRecords(expectedSchema()), nil // a server holding exactly the expected schema
}

// schemaRecords answers cypherShowIndexes with the given definitions.
func schemaRecords(defs map[string]indexDef) []*neo4j.Record {
	var out []*neo4j.Record
	for n, d := range defs {
		out = append(out, record("name", n, "type", d.Type, "entityType", d.EntityType,
			"labelsOrTypes", stringsAny(d.Labels), "properties", stringsAny(d.Props),
			"unique", d.Unique, "analyzer", d.Analyzer))
	}
	return out
}

func stringsAny(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

func newFakeStore(t testing.TB, answer func(q query) ([]*neo4j.Record, error)) (*Store, *fakeDB) {
	f := &fakeDB{t: t, answer: answer}
	s := newStore(Config{URI: "neo4j://fake"}.withDefaults(), nil)
	s.run = f.run
	return s, f
}
