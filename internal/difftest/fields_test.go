package difftest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// sub is the selection under a field that returns an object type, by the type's name. Every
// object type the schema returns from a node field must be here: typedSelection fails on a
// new one, so a field added to the schema is compared as soon as it exists.
var sub = map[string]string{
	"Node":                "{ __typename id name kind }",
	"Source":              "{ id title publisher updated dateNote language originalFile }",
	"Evidence":            "{ quote asOf source { id } }",
	"Attribute":           "{ key value number evidence { quote asOf source { id } } }",
	"Edge":                "{ id type role since until note from { id kind } to { id kind } evidence { quote asOf source { id } } mandate { id } }",
	"Relationship":        "{ type direction role since until node { id name kind } edge { id type from { id } to { id } } evidence { quote } }",
	"Mandate":             "{ id role since until note person { id name } onBehalfOf { id name kind } body { id name kind } party { id abbreviation } evidence { quote asOf source { id } } }",
	"RepresentationGroup": "{ onBehalfOf { id name } mandates { totalCount pageInfo { hasNextPage } nodes { id role person { id name } party { id } body { id } } } }",
	"RelationshipCount":   "{ type direction count }",
	"TimelineConnection": "{ totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor } " +
		"nodes { date point relationship { type direction node { id } edge { id } } mandate { id role } evidence { quote asOf source { id } } } }",
}

// Connections select their counts, page info, cursors and items (issue 16).
func init() {
	for _, item := range []string{"Edge", "Relationship", "Mandate", "RepresentationGroup", "Node"} {
		sub[item+"Connection"] = "{ totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node " + sub[item] + " } }"
	}
}

// nodeKinds maps each concrete Node type to its NodeKind.
type field struct {
	Name string
	Args []struct{ Name string }
	Type typeRef
}

type typeRef struct {
	Kind   string
	Name   string
	OfType *typeRef
}

func (t typeRef) named() typeRef {
	for t.OfType != nil {
		t = *t.OfType
	}
	return t
}

// typedSelections introspects the schema (through the embedded handler) and returns, for
// every type implementing Node, an inline fragment selecting every field it has, each
// without arguments (all node-field arguments are optional).
func typedSelections(t *testing.T, h http.Handler) map[string]string {
	t.Helper()
	a := do(t, h, req{query: `{ __type(name: "Node") { possibleTypes { name fields { name args { name }
		type { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }`})
	if a.status != http.StatusOK {
		t.Fatalf("introspection: %d %s", a.status, a.body)
	}
	var resp struct {
		Data struct {
			Type struct {
				PossibleTypes []struct {
					Name   string
					Fields []field
				}
			} `json:"__type"`
		}
	}
	if err := json.Unmarshal(a.body, &resp); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, pt := range resp.Data.Type.PossibleTypes {
		var sel []string
		for _, f := range pt.Fields {
			nt := f.Type.named()
			switch nt.Kind {
			case "SCALAR", "ENUM":
				sel = append(sel, f.Name)
			default:
				name := nt.Name
				if _, ok := sub[name]; !ok && nt.Kind == "INTERFACE" || isNodeType(resp.Data.Type.PossibleTypes, name) {
					name = "Node"
				}
				s, ok := sub[name]
				if !ok {
					t.Fatalf("%s.%s returns %s, which the differential test has no selection for: add one to sub", pt.Name, f.Name, nt.Name)
				}
				sel = append(sel, f.Name+" "+s)
			}
		}
		out[pt.Name] = fmt.Sprintf("... on %s { %s }", pt.Name, strings.Join(sel, " "))
	}
	if len(out) < 10 {
		t.Fatalf("introspection found %d node types, want the 10 kinds", len(out))
	}
	return out
}

func isNodeType(pts []struct {
	Name   string
	Fields []field
}, name string) bool {
	for _, p := range pts {
		if p.Name == name {
			return true
		}
	}
	return false
}
