package neo4jstore

import (
	"context"
	"encoding/json"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/storetest"
)

func planOf(t *testing.T, g *kg.Graph) *loadPlan {
	t.Helper()
	p, err := planLoad(g)
	if err != nil {
		t.Fatalf("planLoad: %v", err)
	}
	return p
}

func writeNamed(p *loadPlan, name string) (query, bool) {
	for _, q := range p.writes {
		if q.name == name {
			return q, true
		}
	}
	return query{}, false
}

func TestPlanLoadRowsAndCounts(t *testing.T) {
	g := storetest.Graph()
	p := planOf(t, g)
	for _, q := range p.writes {
		checkParams(t, q)
		if strings.Contains(q.cypher, "__") {
			t.Errorf("%s: unfilled template", q.name)
		}
	}

	// Counts per kind and per type (derived edges included).
	wantKinds := map[kg.NodeKind]int{}
	for _, n := range g.Nodes {
		wantKinds[n.Kind]++
	}
	if !mapsEqual(p.nodes, wantKinds) {
		t.Errorf("nodes per kind %v, want %v", p.nodes, wantKinds)
	}
	wantTypes := map[kg.EdgeType]int{}
	for _, e := range g.AllEdges() {
		wantTypes[e.Type]++
	}
	if !mapsEqual(p.edges, wantTypes) || p.edges[kg.EdgeRepresents] != 4 || p.edges[kg.EdgeServesOn] != 5 {
		t.Errorf("edges per type %v, want %v", p.edges, wantTypes)
	}
	if p.mandates != 5 || p.sources != 2 || p.nEdges != len(g.AllEdges()) {
		t.Errorf("mandates %d sources %d edges %d", p.mandates, p.sources, p.nEdges)
	}

	// Entity rows: every node once, id in props, evidence as JSON.
	up, _ := writeNamed(p, "UpsertEntities")
	rows := up.params["rows"].([]any)
	if len(rows) != len(g.Nodes) {
		t.Fatalf("%d entity rows", len(rows))
	}
	for _, r := range rows {
		row := r.(map[string]any)
		pr := row["props"].(map[string]any)
		if pr["id"] != row["id"] {
			t.Errorf("row %v: props without the id (SET n = props would drop it)", row["id"])
		}
		var ev []evidenceJSON
		if err := json.Unmarshal([]byte(pr["evidence"].(string)), &ev); err != nil || len(ev) == 0 {
			t.Errorf("row %v: evidence %v", row["id"], pr["evidence"])
		}
	}
	// A label statement per kind present, with that kind's ids.
	for k, n := range wantKinds {
		q, ok := writeNamed(p, "SetKindLabel "+string(k))
		if !ok || len(q.params["ids"].([]any)) != n {
			t.Errorf("labels of %s: %v", k, q.params)
		}
	}
	// Per edge type: a stale-delete with the keep keys, and a merge with the rows.
	for _, typ := range kg.AllEdgeTypes {
		del, ok := writeNamed(p, "DeleteStaleRels "+string(typ))
		if !ok {
			t.Errorf("no stale delete for %s", typ)
			continue
		}
		keep := del.params["keep"].([]any)
		if len(keep) != wantTypes[typ] {
			t.Errorf("%s: %d keep keys, want %d", typ, len(keep), wantTypes[typ])
		}
		merge, ok := writeNamed(p, "MergeRels "+string(typ))
		if wantTypes[typ] == 0 {
			if ok {
				t.Errorf("%s: merge without rows", typ)
			}
			continue
		}
		if !ok || len(merge.params["rows"].([]any)) != wantTypes[typ] || !strings.Contains(merge.cypher, "[r:"+string(typ)+" {id: row.id}]") {
			t.Errorf("%s: merge %v", typ, merge.name)
		}
	}
	// The derived edge of a mandate carries the mandate id and context.
	merge, _ := writeNamed(p, "MergeRels REPRESENTS")
	found := false
	for _, r := range merge.params["rows"].([]any) {
		row := r.(map[string]any)
		if row["id"] == "mandat-anna-lindqvist-covenant--represents" {
			pr := row["props"].(map[string]any)
			found = pr["mandateId"] == "mandat-anna-lindqvist-covenant" && pr["context"] == "covenant-of-mayors" &&
				row["from"] == "anna-lindqvist" && row["to"] == "vaxjo-kommun" && pr["until"] == "2022-10"
		}
	}
	if !found {
		t.Error("derived REPRESENTS row missing or wrong")
	}
	// Mandate links: no onBehalfOf key for a mandate without a principal.
	links, _ := writeNamed(p, "CreateMandateLinks")
	for _, r := range links.params["rows"].([]any) {
		row := r.(map[string]any)
		if row["id"] == "mandat-sara-oberg-klimatkommunerna" {
			if _, ok := row["onBehalfOf"]; ok {
				t.Error("empty principal sent")
			}
		}
	}
	// The last statement records the version and counts.
	last := p.writes[len(p.writes)-1]
	if last.name != "WriteMeta" || last.params["version"] != p.version || last.params["edges"] != int64(p.nEdges) ||
		last.params["nodes"] != int64(len(g.Nodes)) {
		t.Errorf("meta %v", last.params)
	}
	// Order: entities before their labels and relationships; stale relationships deleted
	// before the merge of the same type.
	names := make([]string, len(p.writes))
	for i, q := range p.writes {
		names[i] = q.name
	}
	before := func(a, b string) {
		if i, j := slices.Index(names, a), slices.Index(names, b); i < 0 || j < 0 || i > j {
			t.Errorf("%s must come before %s: %v", a, b, names)
		}
	}
	before("UpsertEntities", "SetKindLabel MUNICIPALITY")
	before("UpsertEntities", "MergeRels MEMBER_OF")
	before("DeleteStaleRels MEMBER_OF", "MergeRels MEMBER_OF")
	before("UpsertMandates", "CreateMandateLinks")
	before("DeleteMandateLinks", "CreateMandateLinks")
}

func mapsEqual[K comparable](a, b map[K]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// The version is a content hash: independent of input order, different for any change.
func TestPlanLoadVersion(t *testing.T) {
	base := planOf(t, storetest.Graph()).version
	if !strings.HasPrefix(base, "neo4j-27-") {
		t.Errorf("version %q", base)
	}
	shuffled := storetest.Graph()
	rng := rand.New(rand.NewSource(7))
	rng.Shuffle(len(shuffled.Nodes), func(i, j int) { shuffled.Nodes[i], shuffled.Nodes[j] = shuffled.Nodes[j], shuffled.Nodes[i] })
	rng.Shuffle(len(shuffled.Edges), func(i, j int) { shuffled.Edges[i], shuffled.Edges[j] = shuffled.Edges[j], shuffled.Edges[i] })
	rng.Shuffle(len(shuffled.Mandates), func(i, j int) {
		shuffled.Mandates[i], shuffled.Mandates[j] = shuffled.Mandates[j], shuffled.Mandates[i]
	})
	if v := planOf(t, shuffled).version; v != base {
		t.Errorf("order changed the version: %s vs %s", v, base)
	}
	changes := map[string]func(g *kg.Graph){
		"node renamed":          func(g *kg.Graph) { g.Nodes[0].Name += " (ny)" },
		"alias added":           func(g *kg.Graph) { g.Nodes[1].Aliases = append(g.Nodes[1].Aliases, "Konungariket Sverige") },
		"evidence quote":        func(g *kg.Graph) { g.Nodes[2].Evidence[0].Quote = "den 11 maj" },
		"contact":               func(g *kg.Graph) { g.Nodes[3].Contact.Phone = "+46 470 00 00 00" },
		"kind":                  func(g *kg.Graph) { g.Nodes[4].Kind = kg.KindOrganisation },
		"edge role":             func(g *kg.Graph) { g.Edges[0].Role = "del" },
		"edge endpoint":         func(g *kg.Graph) { g.Edges[0].To = "sverige" },
		"edge removed":          func(g *kg.Graph) { g.Edges = g.Edges[1:] },
		"mandate period":        func(g *kg.Graph) { g.Mandates[0].Until = kg.MustDate("2025") },
		"mandate principal":     func(g *kg.Graph) { g.Mandates[0].OnBehalfOf = "" },
		"source title":          func(g *kg.Graph) { g.Sources[0].Title += "!" },
		"source order":          func(g *kg.Graph) { g.Sources[0], g.Sources[1] = g.Sources[1], g.Sources[0] },
		"source text":           func(g *kg.Graph) { g.Sources[1].Text += " " },
		"attribute number gone": func(g *kg.Graph) { g.Nodes[11].Attributes[0].Number = nil },
	}
	seen := map[string]string{base: "base"}
	for name, change := range changes {
		g := storetest.Graph()
		change(g)
		v := planOf(t, g).version
		if prev, dup := seen[v]; dup {
			t.Errorf("%s: version %s same as %s", name, v, prev)
		}
		seen[v] = name
	}
}

func TestPlanLoadRejectsInconsistentGraphs(t *testing.T) {
	cases := map[string]func(g *kg.Graph){
		"duplicate node":        func(g *kg.Graph) { g.Nodes = append(g.Nodes, &kg.Node{ID: "sverige", Kind: kg.KindCountry}) },
		"empty node id":         func(g *kg.Graph) { g.Nodes[0].ID = "" },
		"unknown kind":          func(g *kg.Graph) { g.Nodes[0].Kind = "WIZARD" },
		"kind injection":        func(g *kg.Graph) { g.Nodes[0].Kind = "PERSON:Admin" },
		"unknown edge type":     func(g *kg.Graph) { g.Edges[0].Type = "KNOWS" },
		"edge type injection":   func(g *kg.Graph) { g.Edges[0].Type = "MEMBER_OF]->() DETACH DELETE a //" },
		"dangling edge":         func(g *kg.Graph) { g.Edges[0].To = "atlantis" },
		"duplicate edge":        func(g *kg.Graph) { g.Edges = append(g.Edges, g.Edges[0]) },
		"edge id of a derived":  func(g *kg.Graph) { g.Edges[0].ID = "mandat-anna-lindqvist-skr--serves-on" },
		"duplicate mandate":     func(g *kg.Graph) { g.Mandates = append(g.Mandates, g.Mandates[0]) },
		"mandate unknown body":  func(g *kg.Graph) { g.Mandates[0].Body = "atlantis" },
		"mandate unknown party": func(g *kg.Graph) { g.Mandates[0].OnBehalfOf = "atlantis" },
		"duplicate source":      func(g *kg.Graph) { g.Sources = append(g.Sources, g.Sources[0]) },
		"nil node":              func(g *kg.Graph) { g.Nodes = append(g.Nodes, nil) },
		"nil edge":              func(g *kg.Graph) { g.Edges = append(g.Edges, nil) },
	}
	for name, change := range cases {
		g := storetest.Graph()
		change(g)
		if _, err := planLoad(g); kg.ErrorCode(err) != kg.EINVALID {
			t.Errorf("%s: %v, want INVALID", name, err)
		}
	}
	if _, err := planLoad(nil); kg.ErrorCode(err) != kg.EINVALID {
		t.Errorf("nil graph: %v", err)
	}
	// An empty graph is valid: loading it empties the database.
	p := planOf(t, &kg.Graph{})
	del, _ := writeNamed(p, "DeleteStaleEntities")
	if ids := del.params["ids"].([]any); len(ids) != 0 {
		t.Errorf("empty graph keeps %v", ids)
	}
}

// TestLoadFailsOnChangedIndexDefinition: IF NOT EXISTS keeps an index of the expected name
// whatever its definition, so Load compares SHOW INDEXES with the expected schema and fails
// naming what differs.
func TestLoadFailsOnChangedIndexDefinition(t *testing.T) {
	tests := []struct {
		name   string
		change func(m map[string]indexDef)
		want   []string // substrings of the error; nil: Load passes the schema step
	}{
		{"exact schema", func(map[string]indexDef) {}, nil},
		{"extra index of another name is left alone", func(m map[string]indexDef) {
			m["someone_elses"] = indexDef{Type: "RANGE", EntityType: "NODE", Labels: []string{"X"}, Props: []string{"y"}}
		}, nil},
		{"property changed", func(m map[string]indexDef) {
			d := m["entity_name_fold"]
			d.Props = []string{"name"}
			m["entity_name_fold"] = d
		}, []string{"entity_name_fold", "[name]", "[nameFold]"}},
		{"analyzer changed", func(m map[string]indexDef) {
			d := m[fulltextIndex]
			d.Analyzer = "standard-no-stop-words"
			m[fulltextIndex] = d
		}, []string{fulltextIndex, "analyzer=standard-no-stop-words", "analyzer=whitespace"}},
		{"constraint is a plain index", func(m map[string]indexDef) {
			d := m["entity_id"]
			d.Unique = false
			m["entity_id"] = d
		}, []string{"entity_id", "RANGE unique NODE"}},
		{"missing", func(m map[string]indexDef) { delete(m, "mandate_body") }, []string{"mandate_body: missing"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defs := expectedSchema()
			tt.change(defs)
			s, _ := newFakeStore(t, func(q query) ([]*neo4j.Record, error) {
				if q.name == "ShowIndexes" {
					return schemaRecords(defs), nil
				}
				return nil, nil
			})
			err := s.checkSchema(context.Background())
			if tt.want == nil {
				if err != nil {
					t.Fatalf("checkSchema: %v", err)
				}
				return
			}
			if kg.ErrorCode(err) != kg.EINTERNAL {
				t.Fatalf("checkSchema = %v, want an INTERNAL error", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

// TestExpectedSchemaMatchesStatements: every schema statement creates one name of
// expectedSchema, and every expected name has its statement.
func TestExpectedSchemaMatchesStatements(t *testing.T) {
	stmts, err := schemaStatements()
	if err != nil {
		t.Fatal(err)
	}
	want := expectedSchema()
	if len(stmts) != len(want) {
		t.Fatalf("%d schema statements, %d expected definitions", len(stmts), len(want))
	}
	for _, st := range stmts {
		f := strings.Fields(st)
		i := slices.Index(f, "IF")
		if i < 1 {
			t.Fatalf("no IF NOT EXISTS in %q", st)
		}
		if _, ok := want[f[i-1]]; !ok {
			t.Errorf("statement creates %q, which expectedSchema does not describe", f[i-1])
		}
	}
}
