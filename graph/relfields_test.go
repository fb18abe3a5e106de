package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kommunkg/kg/graph/generated"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// kindOf is the node kind of a schema object type (Municipality → MUNICIPALITY).
func kindOf(object string) kg.NodeKind { return kg.NodeKind(strings.ToUpper(object)) }

// Every entry of the relationship table can hold edges under kg.EdgeRules: a field listing
// OUT edges of type T belongs to a kind T may start at, IN edges to a kind T may point to,
// BOTH to a kind that is both. A wrong direction or a type the kind can never have would
// make the field silently empty.
func TestRelFieldsMatchEdgeRules(t *testing.T) {
	for name, f := range relFields {
		k := kindOf(name.object)
		if !k.Valid() {
			t.Errorf("%s.%s: %s is not a node kind", name.object, name.field, k)
			continue
		}
		if !f.dir.Valid() || len(f.types) == 0 {
			t.Errorf("%s.%s: direction %q, types %v", name.object, name.field, f.dir, f.types)
		}
		for i, typ := range f.types {
			r, ok := kg.EdgeRules[typ]
			if !ok {
				t.Errorf("%s.%s: unknown edge type %s", name.object, name.field, typ)
				continue
			}
			if slices.Contains(f.types[:i], typ) {
				t.Errorf("%s.%s: %s listed twice", name.object, name.field, typ)
			}
			from, to := kg.KindIn(k, r.From), kg.KindIn(k, r.To)
			var ok2 bool
			switch f.dir {
			case kg.DirOut:
				ok2 = from
			case kg.DirIn:
				ok2 = to
			case kg.DirBoth:
				ok2 = from && to
			}
			if !ok2 {
				t.Errorf("%s.%s: %s %s edges cannot exist at a %s (from %v, to %v)", name.object, name.field, f.dir, typ, k, r.From, r.To)
			}
		}
	}
}

func schema() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
}

// The table and the schema agree: every `RelationshipConnection!` field without a types
// argument has an entry (its resolver is typedRels), and every entry is such a field.
func TestRelFieldsCoverSchema(t *testing.T) {
	s := schema()
	seen := map[fieldName]bool{}
	for _, def := range s.Types {
		if def.Kind != ast.Object || strings.HasPrefix(def.Name, "__") {
			continue
		}
		for _, fd := range def.Fields {
			if fd.Type.String() != "RelationshipConnection!" || fd.Arguments.ForName("types") != nil {
				continue
			}
			n := fieldName{def.Name, fd.Name}
			seen[n] = true
			if _, ok := relFields[n]; !ok {
				t.Errorf("%s.%s is a typed relationship field without an entry in relFields", n.object, n.field)
			}
		}
	}
	for n := range relFields {
		if !seen[n] {
			t.Errorf("relFields has %s.%s, which the schema has not (as RelationshipConnection! without types)", n.object, n.field)
		}
	}
}

var (
	shippedOnce  sync.Once
	shippedGraph *kg.Graph
	shippedErr   error
)

func shipped(t *testing.T) *kg.Graph {
	t.Helper()
	shippedOnce.Do(func() { shippedGraph, shippedErr = seed.Load(seeds.FS) })
	if shippedErr != nil {
		t.Fatalf("shipped seeds: %v", shippedErr)
	}
	return shippedGraph
}

// gqlResult is a GraphQL response.
type gqlResult struct {
	Data   map[string]any `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// execute runs query against st as an authorised caller, with a fresh set of loaders, as the
// HTTP edge does.
func execute(t *testing.T, st kg.Store, query string) gqlResult {
	t.Helper()
	h := handler.New(generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{Store: st}}))
	h.AddTransport(transport.POST{})
	body, _ := json.Marshal(map[string]any{"query": query})
	r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/json")
	ctx := WithLoaders(WithContactAccess(r.Context()), NewLoaders(st, 200*time.Microsecond))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r.WithContext(ctx))
	var res gqlResult
	if err := json.Unmarshal(w.Body.Bytes(), &res); err != nil {
		t.Fatalf("response %d %q: %v", w.Code, w.Body.String(), err)
	}
	return res
}

// selection selects every field of type name that needs no argument, down to depth levels
// of nesting (scalars only at depth 0). Leaving nothing out is the point: every resolver
// reachable from a node runs.
func selection(s *ast.Schema, name string, depth int) string {
	def := s.Types[name]
	parts := []string{"__typename"}
	for _, fd := range def.Fields {
		if strings.HasPrefix(fd.Name, "__") || requiresArgs(fd) {
			continue
		}
		inner := s.Types[fd.Type.Name()]
		if inner.Kind == ast.Scalar || inner.Kind == ast.Enum {
			parts = append(parts, fd.Name)
			continue
		}
		if depth > 0 {
			parts = append(parts, fd.Name+" { "+selection(s, inner.Name, depth-1)+" }")
		}
	}
	return strings.Join(parts, " ")
}

func requiresArgs(fd *ast.FieldDefinition) bool {
	for _, a := range fd.Arguments {
		if a.Type.NonNull && a.DefaultValue == nil {
			return true
		}
	}
	return false
}

// relOracle is what a typed relationship field must list for node id, straight from the seed
// graph: "TYPE DIRECTION other-end edge-id", sorted.
func relOracle(g *kg.Graph, id string, f relField) []string {
	out := []string{}
	for _, e := range g.AllEdges() {
		if !slices.Contains(f.types, e.Type) {
			continue
		}
		if (f.dir == kg.DirOut || f.dir == kg.DirBoth) && e.From == id {
			out = append(out, fmt.Sprintf("%s OUT %s %s", e.Type, e.To, e.ID))
		} else if (f.dir == kg.DirIn || f.dir == kg.DirBoth) && e.To == id {
			out = append(out, fmt.Sprintf("%s IN %s %s", e.Type, e.From, e.ID))
		}
	}
	sort.Strings(out)
	return out
}

func relsGot(v any) []string {
	out := []string{}
	conn, _ := v.(map[string]any)
	list, _ := conn["nodes"].([]any)
	for _, x := range list {
		m := x.(map[string]any)
		node, _ := m["node"].(map[string]any)
		edge, _ := m["edge"].(map[string]any)
		out = append(out, fmt.Sprintf("%v %v %v %v", m["type"], m["direction"], node["id"], edge["id"]))
	}
	sort.Strings(out)
	return out
}

// Every node of the shipped seeds, with every field its type has (two levels deep), as an
// authorised caller: no errors anywhere, every typed relationship field lists exactly the
// edges the seed graph has for it, and the other typed fields (contains, representatives,
// mandates, party …) exactly what the seed graph says.
func TestEveryFieldOnShippedSeeds(t *testing.T) {
	g := shipped(t)
	st, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	s := schema()
	byKind := map[kg.NodeKind][]string{}
	for _, n := range g.Nodes {
		byKind[n.Kind] = append(byKind[n.Kind], n.ID)
	}
	nonEmpty := map[fieldName]int{}
	objects := map[kg.NodeKind]string{}
	for _, def := range s.Types {
		if def.Kind == ast.Object && slices.Contains(def.Interfaces, "Node") {
			objects[kindOf(def.Name)] = def.Name
		}
	}
	sel := map[string]string{}
	for _, object := range objects {
		sel[object] = selection(s, object, 3)
	}
	for _, k := range kg.AllKinds {
		object, ok := objects[k]
		if !ok {
			t.Errorf("no schema object for kind %s", k)
			continue
		}
		ids := byKind[k]
		if len(ids) == 0 {
			t.Errorf("the shipped seeds have no %s: its fields go untested", k)
		}
		for len(ids) > 0 {
			chunk := ids[:min(len(ids), MaxIDs)]
			ids = ids[len(chunk):]
			res := execute(t, st, fmt.Sprintf("{ nodes(ids: %s) { id ... on %s { %s } } }", idList(chunk), object, sel[object]))
			for _, e := range res.Errors {
				t.Errorf("%s: %s at %v (%v)", object, e.Message, e.Path, e.Extensions)
			}
			nodes, _ := res.Data["nodes"].([]any)
			if len(nodes) != len(chunk) {
				t.Fatalf("%s: %d nodes for %d ids", object, len(nodes), len(chunk))
			}
			for i, x := range nodes {
				n := x.(map[string]any)
				if n["id"] != chunk[i] {
					t.Errorf("node %d is %v, want %s", i, n["id"], chunk[i])
				}
				for name, f := range relFields {
					if name.object != object {
						continue
					}
					got, want := relsGot(n[name.field]), relOracle(g, chunk[i], f)
					if !slices.Equal(got, want) {
						t.Errorf("%s(%s).%s:\n got  %q\n want %q", object, chunk[i], name.field, got, want)
					}
					conn, _ := n[name.field].(map[string]any)
					if tc, _ := conn["totalCount"].(float64); int(tc) != len(want) {
						t.Errorf("%s(%s).%s: totalCount %v, want %d", object, chunk[i], name.field, conn["totalCount"], len(want))
					}
					if len(want) > 0 {
						nonEmpty[name]++
					}
				}
				for name, oracle := range otherOracles {
					if name.object != object {
						continue
					}
					got, want := idsGot(n[name.field]), oracle(g, chunk[i])
					if !slices.Equal(got, want) {
						t.Errorf("%s(%s).%s:\n got  %q\n want %q", object, chunk[i], name.field, got, want)
					}
				}
			}
		}
	}
	var empty []string
	for name := range relFields {
		if nonEmpty[name] == 0 {
			empty = append(empty, name.object+"."+name.field)
		}
	}
	sort.Strings(empty)
	t.Logf("%d of %d typed relationship fields have data in the shipped seeds; empty everywhere: %v", len(relFields)-len(empty), len(relFields), empty)
}

// otherOracles state, straight from the seed graph, the ids the other typed fields (nodes and
// mandates rather than relationships) must return, sorted.
var otherOracles = func() map[fieldName]func(g *kg.Graph, id string) []string {
	located := func(g *kg.Graph, id string) []string { // what lies in id
		out := []string{}
		for _, e := range g.Edges {
			if e.Type == kg.EdgeLocatedIn && e.To == id {
				out = append(out, e.From)
			}
		}
		return sorted(out)
	}
	mandates := func(keep func(m *kg.Mandate, id string) bool) func(g *kg.Graph, id string) []string {
		return func(g *kg.Graph, id string) []string {
			out := []string{}
			for _, m := range g.Mandates {
				if keep(m, id) {
					out = append(out, m.ID)
				}
			}
			return sorted(out)
		}
	}
	byPrincipal := mandates(func(m *kg.Mandate, id string) bool { return m.OnBehalfOf == id })
	inBody := func(g *kg.Graph, id string) []string { // in id or its parts, two levels down
		bodies := map[string]bool{id: true}
		for range 2 {
			for _, e := range g.Edges {
				if e.Type == kg.EdgePartOf && bodies[e.To] {
					bodies[e.From] = true
				}
			}
		}
		return mandates(func(m *kg.Mandate, _ string) bool { return bodies[m.Body] })(g, id)
	}
	party := func(g *kg.Graph, id string) []string { // first party by id
		kind := map[string]kg.NodeKind{}
		for _, n := range g.Nodes {
			kind[n.ID] = n.Kind
		}
		var ps []string
		for _, e := range g.Edges {
			if e.Type == kg.EdgeMemberOf && e.From == id && kind[e.To] == kg.KindParty {
				ps = append(ps, e.To)
			}
		}
		return sorted(ps)[:min(len(ps), 1)]
	}
	return map[fieldName]func(g *kg.Graph, id string) []string{
		{"Region", "contains"}:              located,
		{"Country", "contains"}:             located,
		{"Municipality", "representatives"}: byPrincipal,
		{"Region", "representatives"}:       byPrincipal,
		{"Organisation", "representedBy"}:   byPrincipal,
		{"Network", "representatives"}:      inBody,
		{"Organisation", "representatives"}: inBody,
		{"Person", "mandates"}:              mandates(func(m *kg.Mandate, id string) bool { return m.Person == id }),
		{"Person", "party"}:                 party,
	}
}()

func sorted(ss []string) []string {
	sort.Strings(ss)
	return ss
}

// idsGot is the sorted ids of a list of objects, or of one object (none for null).
func idsGot(v any) []string {
	out := []string{}
	if c, ok := v.(map[string]any); ok && c["nodes"] != nil { // a connection
		v = c["nodes"]
	}
	switch x := v.(type) {
	case map[string]any:
		out = append(out, fmt.Sprint(x["id"]))
	case []any:
		for _, o := range x {
			out = append(out, fmt.Sprint(o.(map[string]any)["id"]))
		}
	}
	return sorted(out)
}

func idList(ids []string) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// typedRels outside a resolver (no field context) is a wiring error, not a panic.
func TestTypedRelsNeedsAField(t *testing.T) {
	if _, err := (&Resolver{}).typedRels(context.Background(), nil, nil, nil, nil, nil, nil); kg.ErrorCode(err) != kg.EINTERNAL {
		t.Errorf("typedRels without a field: %v", err)
	}
}
