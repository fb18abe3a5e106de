package neo4jstore

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// allBuiltStatements is every statement the package can send, with a name.
func allBuiltStatements(t *testing.T) map[string]string {
	t.Helper()
	out := map[string]string{"cypherEdgesByIDs": cypherEdgesByIDs}
	for name, s := range constantStatements {
		if !strings.Contains(s, "__") && !strings.HasPrefix(name, "neighbourhood") {
			out[name] = s
		}
	}
	for h := 1; h <= maxPathHops; h++ {
		out[fmt.Sprintf("path/%d", h)] = cypherPath[h]
	}
	for h := 0; h <= maxNeighbourhoodHops; h++ {
		out[fmt.Sprintf("neighbourhood/%d", h)] = cypherNeighbourhood[h]
	}
	for _, typ := range kg.AllEdgeTypes {
		for _, tmpl := range []string{tmplDeleteStaleRels, tmplMergeRels, tmplEdgesByIDsBranch} {
			s, err := buildRelStatement(tmpl, typ)
			if err != nil {
				t.Fatal(err)
			}
			out["rel/"+string(typ)+"/"+firstLine(tmpl)] = s
		}
	}
	for _, k := range kg.AllKinds {
		s, err := buildSetKindLabel(k)
		if err != nil {
			t.Fatal(err)
		}
		out["label/"+string(k)] = s
	}
	schema, err := schemaStatements()
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range schema {
		out[fmt.Sprintf("schema/%d", i)] = s
	}
	return out
}

func firstLine(s string) string {
	return strings.SplitN(strings.TrimSpace(s), "\n", 2)[0]
}

var fmtVerbRE = regexp.MustCompile(`%[-+# 0]*[0-9]*(\.[0-9]+)?[vTtbcdoOqxXUeEfFgGsp%]`)

// No statement is a format string, and markers appear only in templates.
func TestStatementsHaveNoFormatPlaceholders(t *testing.T) {
	markers := regexp.MustCompile(`__[A-Z]+__`)
	known := map[string]bool{"__TYPE__": true, "__LABEL__": true, "__LABELS__": true, "__MAXHOPS__": true, "__INDEX__": true}
	for name, s := range constantStatements {
		if strings.Contains(s, "%") || fmtVerbRE.MatchString(s) {
			t.Errorf("%s contains a %% placeholder", name)
		}
		for _, m := range markers.FindAllString(s, -1) {
			if !known[m] {
				t.Errorf("%s: unknown marker %s", name, m)
			}
			if !strings.HasPrefix(name, "tmpl") {
				t.Errorf("%s: marker %s in a statement that is not a template", name, m)
			}
		}
	}
	for name, s := range allBuiltStatements(t) {
		if strings.Contains(s, "__") {
			t.Errorf("%s: unfilled marker in %q", name, s)
		}
		if strings.Contains(s, "%") {
			t.Errorf("%s contains %%", name)
		}
	}
}

// Every statement is balanced in (), [] and {} outside string literals: a cheap guard
// against a broken concatenation of fragments.
func TestStatementsAreBalanced(t *testing.T) {
	for name, s := range allBuiltStatements(t) {
		if err := balanced(s); err != nil {
			t.Errorf("%s: %v\n%s", name, err, s)
		}
	}
}

func balanced(s string) error {
	var stack []rune
	pair := map[rune]rune{')': '(', ']': '[', '}': '{'}
	var quote rune
	for i, r := range s {
		if quote != 0 {
			if r == quote {
				quote = 0
			}
			continue
		}
		switch r {
		case '\'', '"', '`':
			quote = r
		case '(', '[', '{':
			stack = append(stack, r)
		case ')', ']', '}':
			if len(stack) == 0 || stack[len(stack)-1] != pair[r] {
				return fmt.Errorf("unbalanced %q at %d", r, i)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if quote != 0 || len(stack) > 0 {
		return fmt.Errorf("unclosed %q / %q", quote, string(stack))
	}
	return nil
}

// Relationship types and labels reach statement text only from the enums.
func TestRelTypeOnlyFromEnum(t *testing.T) {
	for _, typ := range kg.AllEdgeTypes {
		got, err := relType(typ)
		if err != nil || got != string(typ) {
			t.Errorf("relType(%s) = %q, %v", typ, got, err)
		}
	}
	hostile := []kg.EdgeType{
		"", "member_of", "MEMBER_OF ", "HOLDS_MANDATE", "MANDATE_IN", "HAS_CONTACT",
		"MEMBER_OF]->() DETACH DELETE n //", "MEMBER_OF`", "`MEMBER_OF`", "MEMBER_OF|FUNDS", "MEMBER_OF {id: 1}",
		"$type", "MEMBER\u0000OF",
	}
	for _, typ := range hostile {
		if got, err := relType(typ); err == nil {
			t.Errorf("relType(%q) accepted as %q", typ, got)
		}
		for _, tmpl := range []string{tmplDeleteStaleRels, tmplMergeRels, tmplEdgesByIDsBranch} {
			if s, err := buildRelStatement(tmpl, typ); err == nil {
				t.Errorf("buildRelStatement(%q) built %q", typ, s)
			}
		}
		if s, err := buildRelIndex(typ); err == nil {
			t.Errorf("buildRelIndex(%q) built %q", typ, s)
		}
	}
}

func TestKindLabelOnlyFromEnum(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range kg.AllKinds {
		l, err := kindLabel(k)
		if err != nil {
			t.Fatalf("kindLabel(%s): %v", k, err)
		}
		if seen[l] || l == "Entity" || l == "Mandate" || l == "Source" || l == "Meta" {
			t.Errorf("label %q of %s collides", l, k)
		}
		seen[l] = true
	}
	if l, _ := kindLabel(kg.KindMunicipality); l != "Municipality" {
		t.Errorf("MUNICIPALITY → %q", l)
	}
	for _, k := range []kg.NodeKind{"", "municipality", "ENTITY", "WIZARD", "PERSON:Admin", "PERSON` SET n.x=1 //"} {
		if l, err := kindLabel(k); err == nil {
			t.Errorf("kindLabel(%q) accepted as %q", k, l)
		}
		if s, err := buildSetKindLabel(k); err == nil {
			t.Errorf("buildSetKindLabel(%q) built %q", k, s)
		}
	}
	// The label statement of a kind removes every other kind label.
	s, _ := buildSetKindLabel(kg.KindPerson)
	for _, k := range kg.AllKinds {
		l, _ := kindLabel(k)
		if k == kg.KindPerson {
			if !strings.Contains(s, "SET n:"+l) || strings.Contains(s, ":"+l+":") {
				t.Errorf("label statement of PERSON: %s", s)
			}
		} else if !strings.Contains(s, l) {
			t.Errorf("label statement of PERSON does not remove %s: %s", l, s)
		}
	}
}

// The variable-length bound is written only from a range-checked int.
func TestHopBoundsAreValidatedInts(t *testing.T) {
	for _, h := range []int{-1, 0, maxPathHops + 1, 1 << 40} {
		if s, err := buildPathCypher(h); err == nil {
			t.Errorf("buildPathCypher(%d) built %q", h, s)
		}
	}
	for h := 1; h <= maxPathHops; h++ {
		if !strings.Contains(cypherPath[h], fmt.Sprintf("[*..%d]", h)) {
			t.Errorf("path statement %d: %s", h, cypherPath[h])
		}
	}
	for _, h := range []int{-1, maxNeighbourhoodHops + 1} {
		if s, err := buildNeighbourhoodCypher(h); err == nil {
			t.Errorf("buildNeighbourhoodCypher(%d) built %d bytes", h, len(s))
		}
	}
	for h := 0; h <= maxNeighbourhoodHops; h++ {
		if n := strings.Count(cypherNeighbourhood[h], "AS found"); n != h {
			t.Errorf("neighbourhood statement for %d hops has %d steps", h, n)
		}
	}
}

func TestEdgesByIDsCoversEveryType(t *testing.T) {
	for _, typ := range kg.AllEdgeTypes {
		if !strings.Contains(cypherEdgesByIDs, "[r:"+string(typ)+"]") {
			t.Errorf("EdgesByIDs misses %s", typ)
		}
	}
	if n := strings.Count(cypherEdgesByIDs, "UNION ALL"); n != len(kg.AllEdgeTypes)-1 {
		t.Errorf("%d UNION ALL for %d types", n, len(kg.AllEdgeTypes))
	}
	if got := paramsIn(cypherEdgesByIDs); !slices.Equal(got, []string{"ids"}) {
		t.Errorf("params %v", got)
	}
}

func TestSchemaIndexesEveryRelationshipType(t *testing.T) {
	schema, err := schemaStatements()
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(schema, "\n")
	for _, typ := range kg.AllEdgeTypes {
		if !strings.Contains(all, "FOR ()-[r:"+string(typ)+"]-() ON (r.id)") {
			t.Errorf("no id index for %s", typ)
		}
	}
	for _, s := range schema {
		if !strings.Contains(s, "IF NOT EXISTS") {
			t.Errorf("schema statement not idempotent: %s", s)
		}
		if strings.Contains(s, "NODE KEY") {
			t.Errorf("NODE KEY needs the enterprise edition: %s", s)
		}
	}
	if !strings.Contains(all, "`fulltext.analyzer`: 'whitespace'") {
		t.Error("full-text index without the whitespace analyzer")
	}
}
