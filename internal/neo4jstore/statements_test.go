package neo4jstore

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var cypherKeyword = regexp.MustCompile(`\b(MATCH|MERGE|RETURN|UNWIND|CREATE|CALL|DELETE|SET)\b`)

// The statement tests (injection, balance, placeholders) iterate constantStatements. This
// test makes that list complete by construction: it parses the package's source and requires
// every constant holding Cypher to be in constantStatements or to be a fragment of one that
// is, and no Cypher to be written as a literal anywhere else (inside a function, a var).
func TestEveryStatementIsChecked(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	refs := map[string][]string{} // const name → identifiers its value uses
	cypherConst := map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		inConst := map[ast.Node]bool{}
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, id := range vs.Names {
					if i >= len(vs.Values) {
						continue
					}
					ast.Inspect(vs.Values[i], func(n ast.Node) bool {
						switch x := n.(type) {
						case *ast.BasicLit:
							inConst[x] = true
							if x.Kind == token.STRING && cypherKeyword.MatchString(x.Value) {
								cypherConst[id.Name] = true
							}
						case *ast.Ident:
							refs[id.Name] = append(refs[id.Name], x.Name)
						}
						return true
					})
				}
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if x, ok := n.(*ast.BasicLit); ok && x.Kind == token.STRING && !inConst[x] &&
				cypherKeyword.MatchString(x.Value) && strings.Contains(x.Value, "(") {
				t.Errorf("%s: Cypher written outside a statement constant: %s", fset.Position(x.Pos()), firstLine(x.Value))
			}
			return true
		})
	}
	reached := map[string]bool{}
	var walk func(string)
	walk = func(n string) {
		if reached[n] {
			return
		}
		reached[n] = true
		for _, r := range refs[n] {
			walk(r)
		}
	}
	for name := range constantStatements {
		walk(name)
	}
	var missing []string
	for name := range cypherConst {
		if !reached[name] {
			missing = append(missing, name)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("statement constant %s is not in constantStatements (nor part of one): the statement tests would not see it", m)
	}
	if len(cypherConst) < 30 {
		t.Fatalf("found only %d Cypher constants; the source scan is broken", len(cypherConst))
	}
}
