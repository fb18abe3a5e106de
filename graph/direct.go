package graph

import (
	"context"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kommunkg/kg/graph/generated"
	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Plain lists written directly (issue 21). gqlgen marshals every element of a list of
// objects in a goroutine of its own and every field through a field context, a context
// value, the field middleware and a marshaller closure; for the long lists a dashboard
// draws — a neighbourhood's nodes and edges, a path, a page of relationships — that is
// almost the whole cost of the answer, while the values are already in the views.
//
// DirectList writes such a list itself when everything the query selects below it is a
// plain field it knows: on nodes id, name, kind, aliases, category, since, until, note;
// on edges id, type, role, since, until, note and the ends' plain fields; on relationships
// type, direction, role, since, until and the far node's plain fields; on mandates id,
// role, since, until, note, party and the plain fields of person, onBehalfOf and body; a
// person's party; __typename everywhere. Anything else below the list — an argument, a connection, evidence, a
// Person's contact fields, @defer, an unknown directive, a value it cannot write exactly
// — and it declines, and gqlgen marshals the list as before. It writes the bytes gqlgen
// writes (the tests compare both on every shape of selection), applies the same redaction
// of personal data to String fields, and counts the fields it writes so the execution
// guard charges the same budget.
//
// The value is returned through the field middleware: gqlgen uses a graphql.Marshaler
// that the middleware chain returns in place of the field's value (resolveField), the
// mechanism it has for directives and middleware that produce the output themselves.

// DirectList returns the marshaller of v, the value of the list field being resolved in
// ctx, and the number of fields it wrote below the list (each selected field of each
// element once, a list of strings once more per item, as the execution guard counts);
// ok is false when it leaves the list to gqlgen. redact is whether String fields go
// through kg.RedactPersonal (a caller without contact access).
func DirectList(ctx context.Context, v any, redact bool) (m graphql.Marshaler, fields int64, ok bool) {
	switch v.(type) {
	case []model.Node, []*model.Edge, []*model.Relationship, []*model.Mandate:
	default:
		return nil, 0, false
	}
	fc := graphql.GetFieldContext(ctx)
	oc := graphql.GetOperationContext(ctx)
	if fc == nil || oc == nil || fc.Field.Field == nil {
		return nil, 0, false
	}
	w := &directWriter{ctx: ctx, oc: oc, redact: redact}
	// Parties are the one thing below a list that is not in the views: the first pass
	// notes the persons whose party it needs, partiesOf fetches them all in one batch
	// (the loader keys Person.party uses, often primed), and a second pass writes.
	for pass := 0; ; pass++ {
		w.buf = w.buf[:0]
		w.fields = 0
		w.needParty = w.needParty[:0]
		if !w.list(fc.Field.Selections, v) {
			return nil, 0, false
		}
		if len(w.needParty) == 0 {
			break
		}
		if pass > 0 {
			return nil, 0, false
		}
		ps, err := partiesOf(ctx, w.needParty)
		if err != nil {
			return nil, 0, false
		}
		w.parties = ps
	}
	directWritten.Add(1)
	out := w.buf
	return graphql.WriterFunc(func(wr io.Writer) { wr.Write(out) }), w.fields, true
}

// list writes one list of views; false: it declines.
func (w *directWriter) list(sel ast.SelectionSet, v any) bool {
	switch xs := v.(type) {
	case []model.Node:
		return each(w, sel, xs, w.node)
	case []*model.Edge:
		return each(w, sel, xs, w.edge)
	case []*model.Relationship:
		return each(w, sel, xs, w.relationship)
	case []*model.Mandate:
		return each(w, sel, xs, w.mandate)
	}
	return false
}

// each writes [x0,x1,…] with write; false as soon as one element is declined.
func each[T any](w *directWriter, sel ast.SelectionSet, xs []T, write func(ast.SelectionSet, T) bool) bool {
	w.byte('[')
	for i, x := range xs {
		if i > 0 {
			w.byte(',')
		}
		if !write(sel, x) {
			return false
		}
	}
	w.byte(']')
	return true
}

// directWritten counts the lists DirectList wrote, so that tests can tell their queries
// took this path.
var directWritten atomic.Int64

// DirectListsWritten is the number of lists DirectList has written in this process.
func DirectListsWritten() int64 { return directWritten.Load() }

type directWriter struct {
	ctx    context.Context
	oc     *graphql.OperationContext
	redact bool
	buf    []byte
	fields int64
	plans  []cachedPlan // a query has few selection sets below one list: a slice beats a map

	parties   map[string]*model.Party // persons' parties, fetched after the first pass
	needParty []string                // persons whose party this pass lacked
}

// planKey is a selection set, known by its backing array and length (within one list the
// same field's selections are the same slice: the query document's, or the one a plan
// keeps), as collected for one concrete type.
type planKey struct {
	sel *ast.Selection
	n   int
	typ string
}

type cachedPlan struct {
	key    planKey
	fields []planField // nil: declined
}

type planField struct {
	alias, name string
	sel         ast.SelectionSet
}

// Fields each type can write directly, besides __typename.
var (
	directNodeFields = map[string]bool{"id": true, "name": true, "kind": true, "aliases": true,
		"category": true, "since": true, "until": true, "note": true}
	directEdgeFields = map[string]bool{"id": true, "type": true, "role": true, "since": true,
		"until": true, "note": true, "from": true, "to": true}
	directRelFields = map[string]bool{"type": true, "direction": true, "role": true, "since": true,
		"until": true, "node": true}
	directPersonFields = map[string]bool{"id": true, "name": true, "kind": true, "aliases": true,
		"category": true, "since": true, "until": true, "note": true, "party": true}
	directMandateFields = map[string]bool{"id": true, "role": true, "since": true, "until": true,
		"note": true, "person": true, "onBehalfOf": true, "body": true, "party": true}
)

// plan collects sel for typ (fragments, @skip and @include as gqlgen does) and reports
// whether every field is one it can write.
func (w *directWriter) plan(sel ast.SelectionSet, typ string, known map[string]bool) ([]planField, bool) {
	key := planKey{sel: unsafe.SliceData(sel), n: len(sel), typ: typ}
	for _, c := range w.plans {
		if c.key == key {
			return c.fields, c.fields != nil
		}
	}
	var p []planField
	ok := true
	for _, f := range graphql.CollectFields(w.oc, sel, implementors(typ)) {
		if len(f.Deferrables) > 0 || len(f.Arguments) > 0 || !plainDirectives(f.Directives) ||
			(f.Name != "__typename" && !known[f.Name]) {
			ok = false
			break
		}
		if !slices.ContainsFunc(p, func(q planField) bool { return q.alias == f.Alias }) {
			p = append(p, planField{alias: f.Alias, name: f.Name, sel: f.Selections})
		}
	}
	if !ok {
		p = nil
	} else if p == nil {
		p = []planField{}
	}
	w.plans = append(w.plans, cachedPlan{key, p})
	return p, ok
}

func plainDirectives(ds ast.DirectiveList) bool {
	for _, d := range ds {
		if d.Name != "skip" && d.Name != "include" {
			return false
		}
	}
	return true
}

// object writes {"alias":value,...} as gqlgen's FieldSet does (plan has dropped a
// repeated alias, as FieldSet writes only its first).
func (w *directWriter) object(p []planField, value func(f planField) bool) bool {
	w.byte('{')
	for i, f := range p {
		if i > 0 {
			w.byte(',')
		}
		w.str(f.alias)
		w.byte(':')
		if f.name != "__typename" {
			w.fields++
		}
		if !value(f) {
			return false
		}
	}
	w.byte('}')
	return true
}

func (w *directWriter) node(sel ast.SelectionSet, n model.Node) bool {
	if n == nil || n.KGNode() == nil || w.ctx.Err() != nil {
		return false
	}
	typ := typeName(n)
	known := directNodeFields
	if typ == "Person" {
		known = directPersonFields
	}
	p, ok := w.plan(sel, typ, known)
	if !ok {
		return false
	}
	k := n.KGNode()
	return w.object(p, func(f planField) bool {
		switch f.name {
		case "__typename":
			w.str(typ)
		case "id":
			w.str(k.ID)
		case "name":
			w.text(k.Name)
		case "kind":
			return w.enum("NodeKind", string(k.Kind))
		case "aliases":
			w.byte('[')
			for i, a := range k.Aliases {
				if i > 0 {
					w.byte(',')
				}
				w.text(a)
			}
			w.byte(']')
			w.fields += int64(len(k.Aliases))
		case "category":
			w.optText(k.Category)
		case "since":
			w.date(k.Since)
		case "until":
			w.date(k.Until)
		case "note":
			w.optText(k.Note)
		case "party":
			return w.party(f.sel, k.ID)
		}
		return true
	})
}

// party writes the party of person id (Person.party, Mandate.party), or notes that this
// pass lacks it and writes a placeholder.
func (w *directWriter) party(sel ast.SelectionSet, person string) bool {
	p, ok := w.parties[person]
	if !ok {
		w.needParty = append(w.needParty, person)
		w.write("null")
		return true
	}
	if p == nil {
		w.write("null")
		return true
	}
	return w.node(sel, p)
}

func (w *directWriter) mandate(sel ast.SelectionSet, m *model.Mandate) bool {
	if m == nil || m.M == nil || w.ctx.Err() != nil {
		return false
	}
	p, ok := w.plan(sel, "Mandate", directMandateFields)
	if !ok {
		return false
	}
	return w.object(p, func(f planField) bool {
		switch f.name {
		case "__typename":
			w.str("Mandate")
		case "id":
			w.str(m.M.ID)
		case "role":
			w.optText(m.M.Role)
		case "since":
			w.date(m.M.Since)
		case "until":
			w.date(m.M.Until)
		case "note":
			w.optText(m.M.Note)
		case "person":
			n, err := m.Person()
			return err == nil && n != nil && w.node(f.sel, n)
		case "onBehalfOf":
			n, err := m.OnBehalfOf()
			if err != nil {
				return false
			}
			if n == nil {
				w.write("null")
				return true
			}
			return w.node(f.sel, n)
		case "body":
			n, err := m.Body()
			return err == nil && w.node(f.sel, n)
		case "party":
			return w.party(f.sel, m.M.Person)
		}
		return true
	})
}

func (w *directWriter) edge(sel ast.SelectionSet, e *model.Edge) bool {
	if e == nil || e.E == nil || w.ctx.Err() != nil {
		return false
	}
	p, ok := w.plan(sel, "Edge", directEdgeFields)
	if !ok {
		return false
	}
	return w.object(p, func(f planField) bool {
		switch f.name {
		case "__typename":
			w.str("Edge")
		case "id":
			w.str(e.E.ID)
		case "type":
			return w.enum("EdgeType", string(e.E.Type))
		case "role":
			w.optText(e.E.Role)
		case "since":
			w.date(e.E.Since)
		case "until":
			w.date(e.E.Until)
		case "note":
			w.optText(e.E.Note)
		case "from", "to":
			end := e.From
			if f.name == "to" {
				end = e.To
			}
			n, err := end()
			return err == nil && w.node(f.sel, n)
		}
		return true
	})
}

func (w *directWriter) relationship(sel ast.SelectionSet, r *model.Relationship) bool {
	if r == nil || r.Edge == nil || w.ctx.Err() != nil {
		return false
	}
	p, ok := w.plan(sel, "Relationship", directRelFields)
	if !ok {
		return false
	}
	return w.object(p, func(f planField) bool {
		switch f.name {
		case "__typename":
			w.str("Relationship")
		case "type":
			return w.enum("EdgeType", string(r.Type()))
		case "direction":
			return w.enum("Direction", string(r.Direction()))
		case "role":
			w.optText(r.Edge.Role)
		case "since":
			w.date(r.Edge.Since)
		case "until":
			w.date(r.Edge.Until)
		case "node":
			n, err := r.Node()
			return err == nil && w.node(f.sel, n)
		}
		return true
	})
}

// str writes s quoted as gqlgen writes every String and ID (graphql.MarshalString: ", \
// and control characters escaped, \t \r \n by name, others as \u00XX; every other byte
// as it is — multi-byte UTF-8 never contains those bytes, so a byte loop is the same).
func (w *directWriter) str(s string) {
	w.byte('"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '\\' && c != '"' {
			continue
		}
		w.write(s[start:i])
		switch c {
		case '\t':
			w.write(`\t`)
		case '\r':
			w.write(`\r`)
		case '\n':
			w.write(`\n`)
		case '\\':
			w.write(`\\`)
		case '"':
			w.write(`\"`)
		default:
			w.write(`\u00`)
			w.byte(hexDigits[c>>4])
			w.byte(hexDigits[c&0xf])
		}
		start = i + 1
	}
	w.write(s[start:])
	w.byte('"')
}

const hexDigits = "0123456789ABCDEF"

// text writes a String field's value, redacted as RedactPersonalFields does.
func (w *directWriter) text(s string) {
	if w.redact && kg.ContainsPersonal(s) {
		s = kg.RedactPersonal(s)
	}
	w.str(s)
}

// optText writes an optional String: "" is null (model.OptString).
func (w *directWriter) optText(s string) {
	if s == "" {
		w.write("null")
		return
	}
	w.text(s)
}

// date writes a PartialDate as model.MarshalPartialDate does: null or its quoted ISO text.
func (w *directWriter) date(d kg.PartialDate) {
	if d.IsZero() {
		w.write("null")
		return
	}
	w.buf = strconv.AppendQuote(w.buf, d.String())
}

func (w *directWriter) byte(c byte)    { w.buf = append(w.buf, c) }
func (w *directWriter) write(s string) { w.buf = append(w.buf, s...) }

// enum writes v if it is one of the schema's values of enum typ (gqlgen's marshaller would
// write "" for any other; then it declines).
func (w *directWriter) enum(typ, v string) bool {
	if !enumValues()[typ][v] { // typ: a constant of this file
		return false
	}
	w.str(v)
	return true
}

// typeName is the GraphQL type of a node view, as gqlgen.yml binds them.
func typeName(n model.Node) string {
	switch n.(type) {
	case *model.Municipality:
		return "Municipality"
	case *model.Region:
		return "Region"
	case *model.Country:
		return "Country"
	case *model.Network:
		return "Network"
	case *model.Organisation:
		return "Organisation"
	case *model.Funder:
		return "Funder"
	case *model.Person:
		return "Person"
	case *model.Party:
		return "Party"
	case *model.Project:
		return "Project"
	case *model.Event:
		return "Event"
	}
	return "" // not a view of the schema: no plan matches, the list is declined
}

var directSchema = sync.OnceValue(func() *ast.Schema {
	return generated.NewExecutableSchema(generated.Config{}).Schema()
})

// implementors is what gqlgen passes CollectFields for objects of type typ: the type and
// the interfaces it implements.
var implementorsOf sync.Map // string → []string

func implementors(typ string) []string {
	if v, ok := implementorsOf.Load(typ); ok {
		return v.([]string)
	}
	out := []string{typ}
	if d := directSchema().Types[typ]; d != nil {
		out = append(out, d.Interfaces...)
	}
	implementorsOf.Store(typ, out)
	return out
}

var enumValues = sync.OnceValue(func() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, typ := range []string{"NodeKind", "EdgeType", "Direction"} {
		vs := map[string]bool{}
		for _, v := range directSchema().Types[typ].EnumValues {
			vs[v.Name] = true
		}
		out[typ] = vs
	}
	return out
})
