package httpapi_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/httpapi"
)

// docGen turns fuzz bytes into a GraphQL document over this schema: nested selections of
// real fields with sized lists, aliases (often colliding), directives, inline fragments,
// named fragments spreading each other (sometimes in cycles), and introspection. Most of
// what it writes is valid, so the fuzzer reaches validation, the cost walk and execution,
// not only the parser.
type docGen struct {
	b     []byte
	i     int
	frags int
	sb    strings.Builder
}

func (g *docGen) next() int {
	if g.i >= len(g.b) {
		return 0
	}
	v := int(g.b[g.i])
	g.i++
	return v
}

func (g *docGen) w(format string, args ...any) { fmt.Fprintf(&g.sb, format, args...) }

func (g *docGen) alias() {
	switch v := g.next(); {
	case v%4 == 1:
		g.w("a: ")
	case v%4 == 2:
		g.w("a%d: ", v%7)
	}
}

func (g *docGen) directives() {
	for n := g.next() % 4; n > 0; n-- {
		if g.next()%2 == 0 {
			g.w(" @include(if: %v)", g.next()%2 == 0)
		} else {
			g.w(" @skip(if: %v)", g.next()%3 == 0)
		}
	}
}

// nodeSet writes a selection set on the Node interface.
func (g *docGen) nodeSet(depth int) {
	g.w("{ ")
	for n := 1 + g.next()%5; n > 0; n-- {
		if depth > 14 || g.i >= len(g.b) {
			g.w("id ")
			continue
		}
		switch g.next() % 11 {
		case 0:
			g.alias()
			g.w("id")
		case 1:
			g.alias()
			g.w("name")
		case 2:
			g.w("__typename")
		case 3:
			g.alias()
			g.w("relationships(first: %d) { nodes { node ", g.next())
			g.nodeSet(depth + 3)
			g.w(" } }")
		case 4:
			g.alias()
			g.w("edges(first: %d) { nodes { id from ", g.next()%101)
			g.nodeSet(depth + 3)
			g.w(" } }")
		case 5:
			g.w("... on Node ")
			g.directives()
			g.nodeSet(depth + 1)
		case 6:
			g.w("...F%d", g.next()%(g.frags+1))
		case 7:
			g.w("... on Network { members { nodes { node ")
			g.nodeSet(depth + 3)
			g.w(" } } }")
		case 8:
			g.alias()
			g.w("evidence { quote }")
		case 9:
			g.w("... on Person { mandates { nodes { role body ")
			g.nodeSet(depth + 3)
			g.w(" } } }")
		default:
			g.alias()
			g.w("kind")
		}
		g.directives()
		g.w(" ")
	}
	g.w("}")
}

func (g *docGen) typeSet(depth int) {
	g.w("{ name ")
	if depth < 20 && g.next()%3 != 0 {
		switch g.next() % 4 {
		case 0:
			g.w("fields { name type ")
			g.typeSet(depth + 2)
			g.w(" } ")
		case 1:
			g.w("ofType ")
			g.typeSet(depth + 1)
		case 2:
			g.w("...T ")
		default:
			g.w("possibleTypes ")
			g.typeSet(depth + 1)
		}
	}
	g.w("}")
}

func generateDoc(b []byte) string {
	g := &docGen{b: b, frags: int(len(b) % 6)}
	g.w("query Q ")
	g.directives()
	g.w("{ ")
	for n := 1 + g.next()%4; n > 0; n-- {
		switch g.next() % 6 {
		case 0:
			g.alias()
			g.w(`search(text: "a", first: %d) { nodes { node `, g.next()%101)
			g.nodeSet(2)
			g.w(" } } ")
		case 1:
			g.alias()
			g.w(`neighbourhood(id: "vaxjo-kommun", hops: %d, limit: %d) { nodes `, g.next()%4, g.next()*4)
			g.nodeSet(2)
			g.w(" } ")
		case 2:
			g.alias()
			g.w("__schema { types ")
			g.typeSet(2)
			g.w(" } ")
		case 3:
			g.alias()
			g.w(`__type(name: "Node") `)
			g.typeSet(1)
		default:
			g.alias()
			g.w(`node(id: "vaxjo-kommun") `)
			g.nodeSet(1)
		}
	}
	g.w("} ")
	g.w("fragment T on __Type { kind name } ")
	for f := 0; f <= g.frags; f++ {
		g.w("fragment F%d on Node ", f)
		g.nodeSet(3)
		g.w(" ")
	}
	return g.sb.String()
}

// FuzzHostileDocument generates GraphQL documents from the fuzzer's bytes and asserts for
// each what the hostile-input suite asserts: answered or refused with coded errors, within
// the CPU and allocation bounds, never a 5xx.
func FuzzHostileDocument(f *testing.F) {
	for _, seed := range []string{
		"", "\x04\x03\x05\x06\x01\x02", "\x00\x03\x03\x03\x03\x03\x03\x03\x03\x03", "\x02\x02\x00\x01\x00\x02",
		"\x05\x06\x06\x06\x06\x06\x06", "\x01\x01\xff\x07\x03\xff\x03\xff\x03\xff", strings.Repeat("\x05\x05", 40),
		strings.Repeat("\x06\x01", 60), "\x03\x03\x00\x01\x01\x01\x01\x01\x01\x01",
	} {
		f.Add([]byte(seed))
	}
	h := httpapi.New(httpapi.Config{Store: shippedStore(f)})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			b = b[:4096]
		}
		doc := generateDoc(b)
		o := serveNoGC(h, gqlBody(doc))
		checkBounds(t, doc, o)
	})
}
