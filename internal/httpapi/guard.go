package httpapi

import (
	"context"
	"fmt"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/kommunkg/kg/graph"
	"github.com/kommunkg/kg/internal/kg"
)

// The query guard: everything a query document must pass before gqlparser's validation and
// before execution, in linear time. gqlparser's overlapping-fields rule and its
// introspection-depth rule, and gqlgen's complexity walk, are slower than linear on hostile
// documents (docs/upstream/); this pass measures the document with every fragment counted
// once (memoised) and refuses what would make them expensive, so they only ever see small
// inputs. Then the complexity walk below (also memoised) replaces gqlgen's.

// Error codes of the guard (the domain's own codes come from kg.Code).
const (
	codeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	codeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED" // the same code gqlgen's limit uses
)

func init() {
	for _, c := range []string{codeDepthLimit, codeComplexityLimit, string(codeTooLarge)} {
		errcode.RegisterErrorType(c, errcode.KindProtocol)
	}
}

// Fixed shape limits. They are far above what any honest query needs (GraphiQL's full
// introspection query: 1 __schema, inline nesting 0, no aliases, ≤ 6 fields per name) and far
// below what makes validation expensive; SECURITY.md lists them.
const (
	maxValidationErrors  = 100 // then validation stops reporting (Apollo Router, graphql-java)
	maxFieldsPerSet      = 200 // fields written in one selection set
	maxFieldsPerName     = 20  // fields merged under one response name at one place
	maxDocAliases        = 200 // aliases in one document
	maxDirectives        = 10  // directives on one field, fragment or spread
	maxInlineNesting     = 4   // inline fragments directly inside inline fragments
	maxSchemaFields      = 1   // __schema selections per operation (fragments expanded)
	maxIntrospectionList = 3   // nesting of fields/interfaces/possibleTypes/inputFields
	maxIntrospectionDeep = 16  // depth of an introspection subtree, counted from the root
)

type guardConfig struct {
	maxQueryBytes int
	maxTokens     int
	maxDepth      int
	maxComplexity int
	maxSelections int // selections with fragments expanded
	maxMergeWork  int // Σ k² over merged response names: the overlapping-fields rule's work
	introspection bool
}

func guardError(code string, pos *ast.Position, format string, args ...any) *gqlerror.Error {
	var err *gqlerror.Error
	if pos != nil {
		err = gqlerror.ErrorPosf(pos, format, args...)
	} else {
		err = gqlerror.Errorf(format, args...)
	}
	errcode.Set(err, code)
	return err
}

// querySize refuses query text over the limit before anything stores or parses it (APQ
// would otherwise keep it). Comments cost no parser tokens, so the token limit alone does
// not bound the text.
type querySize struct{ max int }

func (querySize) ExtensionName() string                   { return "QuerySize" }
func (querySize) Validate(graphql.ExecutableSchema) error { return nil }
func (q querySize) MutateOperationParameters(_ context.Context, p *graphql.RawParams) *gqlerror.Error {
	if len(p.Query) > q.max {
		return guardError(string(codeTooLarge), nil, "query text is %d bytes; the limit is %d", len(p.Query), q.max)
	}
	return nil
}

// preValidate is the linear pass in front of gqlparser's validation. A query already in the
// parsed-query cache has passed it and is not measured again.
type preValidate struct {
	cfg   guardConfig
	cache graphql.Cache[*ast.QueryDocument]
}

func (preValidate) ExtensionName() string                   { return "PreValidate" }
func (preValidate) Validate(graphql.ExecutableSchema) error { return nil }

func (v preValidate) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	if _, ok := v.cache.Get(ctx, p.Query); ok {
		return nil
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: p.Query}, v.cfg.maxTokens)
	if err != nil {
		return nil // gqlgen parses again and reports the same parse error with its code
	}
	return measure(doc, v.cfg)
}

// shape is what the pass measures of a selection set, with fragments expanded.
type shape struct {
	selections  int  // fields, fragments expanded (saturating)
	depth       int  // deepest path outside introspection (a leaf field is 1)
	introDepth  int  // deepest path that enters __schema / __type
	introLists  int  // nesting of introspection list fields
	schemas     int  // __schema selections
	inline      int  // inline-fragment nesting
	introspects bool // selects __schema or __type somewhere
}

const saturate = 1 << 30

func sat(a, b int) int { return min(a+b, saturate) }

type measurer struct {
	cfg      guardConfig
	doc      *ast.QueryDocument
	memo     map[string]shape
	visiting map[string]bool
	aliases  int
	err      *gqlerror.Error
}

// measure runs every check on a parsed (not yet validated) document.
func measure(doc *ast.QueryDocument, cfg guardConfig) *gqlerror.Error {
	m := &measurer{cfg: cfg, doc: doc, memo: map[string]shape{}, visiting: map[string]bool{}}
	for _, op := range doc.Operations {
		m.directives(op.Directives, op.Position)
		s := m.set(op.SelectionSet)
		if m.err != nil {
			return m.err
		}
		switch {
		case s.introspects && !cfg.introspection:
			return guardError(string(kg.EFORBIDDEN), op.Position, "introspection is disabled on this server")
		case s.depth > cfg.maxDepth:
			return guardError(codeDepthLimit, op.Position, "query depth exceeds the limit of %d", cfg.maxDepth)
		case s.introDepth > maxIntrospectionDeep:
			return guardError(codeDepthLimit, op.Position, "introspection depth exceeds the limit of %d", maxIntrospectionDeep)
		case s.schemas > maxSchemaFields:
			return guardError(codeComplexityLimit, op.Position, "__schema is selected %d times; at most %d per operation", s.schemas, maxSchemaFields)
		case s.selections > cfg.maxSelections:
			return guardError(codeComplexityLimit, op.Position, "the operation selects %s fields with its fragments expanded; the limit is %d", count(s.selections), cfg.maxSelections)
		}
	}
	for _, f := range doc.Fragments {
		m.fragment(f) // fragments no operation uses are measured too (validation will walk them)
		if m.err != nil {
			return m.err
		}
	}
	if m.aliases > maxDocAliases {
		return guardError(codeComplexityLimit, nil, "the document has %d aliases; the limit is %d", m.aliases, maxDocAliases)
	}
	// Only now, with every operation's expansion known to be small, expand for real.
	for _, op := range doc.Operations {
		if work := m.mergeWork(op.SelectionSet); work > m.cfg.maxMergeWork {
			return guardError(codeComplexityLimit, op.Position, "the operation repeats response names too often (merge work %s, limit %d)", count(work), m.cfg.maxMergeWork)
		}
		if m.err != nil {
			return m.err
		}
	}
	return m.err
}

func count(n int) string {
	if n >= saturate {
		return "more than a billion"
	}
	return fmt.Sprint(n)
}

func (m *measurer) fail(err *gqlerror.Error) {
	if m.err == nil {
		m.err = err
	}
}

func (m *measurer) directives(ds ast.DirectiveList, pos *ast.Position) {
	if len(ds) > maxDirectives {
		m.fail(guardError(codeComplexityLimit, pos, "%d directives in one place; the limit is %d", len(ds), maxDirectives))
	}
}

func (m *measurer) fragment(f *ast.FragmentDefinition) shape {
	if s, ok := m.memo[f.Name]; ok {
		return s
	}
	if m.visiting[f.Name] {
		return shape{} // a cycle: validation refuses it
	}
	m.visiting[f.Name] = true
	m.directives(f.Directives, f.Position)
	s := m.set(f.SelectionSet)
	delete(m.visiting, f.Name)
	m.memo[f.Name] = s
	return s
}

func isIntrospectionList(name string) bool {
	return name == "fields" || name == "interfaces" || name == "possibleTypes" || name == "inputFields"
}

func (m *measurer) set(ss ast.SelectionSet) shape {
	var out shape
	fields := 0
	for _, sel := range ss {
		if m.err != nil {
			return out
		}
		var s shape
		switch sel := sel.(type) {
		case *ast.Field:
			fields++
			if sel.Alias != "" && sel.Alias != sel.Name {
				m.aliases++
			}
			m.directives(sel.Directives, sel.Position)
			c := m.set(sel.SelectionSet)
			s.selections = sat(1, c.selections)
			s.schemas = c.schemas
			s.introspects = c.introspects
			s.introLists = c.introLists
			if isIntrospectionList(sel.Name) {
				s.introLists++
			}
			if sel.Name == "__schema" || sel.Name == "__type" {
				if c.introLists >= maxIntrospectionList {
					m.fail(guardError(errcode.ValidationFailed, sel.Position, "maximum introspection depth exceeded (%s nests fields/interfaces/possibleTypes/inputFields %d deep; the limit is %d)", sel.Name, c.introLists, maxIntrospectionList-1))
				}
				s.introspects = true
				s.introDepth = 1 + max(c.depth, c.introDepth)
				if sel.Name == "__schema" {
					s.schemas = sat(s.schemas, 1)
				}
			} else {
				s.depth = 1 + c.depth
				if c.introDepth > 0 {
					s.introDepth = 1 + c.introDepth
				}
			}
		case *ast.InlineFragment:
			m.directives(sel.Directives, sel.Position)
			s = m.set(sel.SelectionSet)
			s.inline++
			if s.inline > maxInlineNesting {
				m.fail(guardError(codeComplexityLimit, sel.Position, "inline fragments nested %d deep; the limit is %d", s.inline, maxInlineNesting))
			}
		case *ast.FragmentSpread:
			m.directives(sel.Directives, sel.Position)
			if f := m.doc.Fragments.ForName(sel.Name); f != nil {
				s = m.fragment(f)
			}
		}
		out.selections = sat(out.selections, s.selections)
		out.schemas = sat(out.schemas, s.schemas)
		out.depth = max(out.depth, s.depth)
		out.introDepth = max(out.introDepth, s.introDepth)
		out.introLists = max(out.introLists, s.introLists)
		out.inline = max(out.inline, s.inline)
		out.introspects = out.introspects || s.introspects
	}
	if fields > maxFieldsPerSet {
		m.fail(guardError(codeComplexityLimit, ss[0].GetPosition(), "%d fields in one selection set; the limit is %d", fields, maxFieldsPerSet))
	}
	return out
}

// mergeNode is one response name at one place in the operation, after merging every field
// that answers to it there (from inline fragments and spreads alike): the unit the
// overlapping-fields rule compares pairwise.
type mergeNode struct {
	k        int
	pos      *ast.Position
	children map[string]*mergeNode
}

// mergeWork expands the operation (affordable: its expanded size was checked) into merged
// response names and returns Σ k² over them — the number of field pairs the
// overlapping-fields rule has to compare, up to a constant.
func (m *measurer) mergeWork(ss ast.SelectionSet) int {
	root := map[string]*mergeNode{}
	m.merge(root, ss, map[string]bool{})
	work := 0
	var walk func(map[string]*mergeNode)
	walk = func(ns map[string]*mergeNode) {
		for name, n := range ns {
			if n.k > maxFieldsPerName {
				m.fail(guardError(codeComplexityLimit, n.pos, "response name %q is selected %d times in one place; the limit is %d", name, n.k, maxFieldsPerName))
			}
			work = sat(work, n.k*n.k)
			walk(n.children)
		}
	}
	walk(root)
	return work
}

func (m *measurer) merge(into map[string]*mergeNode, ss ast.SelectionSet, visiting map[string]bool) {
	for _, sel := range ss {
		switch sel := sel.(type) {
		case *ast.Field:
			name := sel.Alias
			if name == "" {
				name = sel.Name
			}
			n := into[name]
			if n == nil {
				n = &mergeNode{pos: sel.Position, children: map[string]*mergeNode{}}
				into[name] = n
			}
			n.k++
			m.merge(n.children, sel.SelectionSet, visiting)
		case *ast.InlineFragment:
			m.merge(into, sel.SelectionSet, visiting)
		case *ast.FragmentSpread:
			f := m.doc.Fragments.ForName(sel.Name)
			if f == nil || visiting[sel.Name] {
				continue
			}
			visiting[sel.Name] = true
			m.merge(into, f.SelectionSet, visiting)
			delete(visiting, sel.Name)
		}
	}
}

// validationRules are gqlparser's default rules with two changes: every rule reports into one
// capped error list (after maxValidationErrors errors one final error says validation
// stopped; the rest are dropped), and the introspection-depth rule, exponential on
// fragment bombs, is left to the linear pre-validation pass (which applies the same limit).
func validationRules() *rules.Rules {
	def := rules.NewDefaultRules().GetInner()
	delete(def, rules.MaxIntrospectionDepth.Name)
	names := make([]string, 0, len(def))
	for name := range def {
		names = append(names, name)
	}
	slices.Sort(names)
	errs := 0
	capped := func(add core.AddErrFunc) core.AddErrFunc {
		return func(opts ...core.ErrorOption) {
			errs++
			switch {
			case errs <= maxValidationErrors:
				add(opts...)
			case errs == maxValidationErrors+1:
				add(core.Message("too many validation errors: the first %d are shown and validation stopped", maxValidationErrors))
			}
		}
	}
	out := rules.NewRules()
	for _, name := range names {
		fn := def[name]
		out.AddRule(name, func(observers *core.Events, addError core.AddErrFunc) {
			fn(observers, capped(addError))
		})
	}
	return out
}

// complexityLimit refuses operations whose cost (graph.Complexity's model) exceeds max. It
// replaces gqlgen's complexity walk, which expands every fragment spread again (a fragment
// bomb is exponential); this walk memoises each fragment's cost.
type complexityLimit struct {
	es  graphql.ExecutableSchema
	max int
}

func (complexityLimit) ExtensionName() string                   { return "ComplexityLimit" }
func (complexityLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (c complexityLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil
	}
	w := costWalker{ctx: ctx, es: c.es, schema: c.es.Schema(), vars: oc.Variables, memo: map[string]int{}}
	if cost := w.set(op.SelectionSet); cost > c.max {
		return guardError(codeComplexityLimit, op.Position, "operation has complexity %s, which exceeds the limit of %d", count(cost), c.max)
	}
	return nil
}

type costWalker struct {
	ctx    context.Context
	es     graphql.ExecutableSchema
	schema *ast.Schema
	vars   map[string]any
	memo   map[string]int
}

// introspectionCost is what one __schema selection costs: its real size is bounded by the
// schema (and the depth rules), not by its arguments.
const introspectionCost = 500

func (w *costWalker) set(ss ast.SelectionSet) int {
	total := 0
	for _, sel := range ss {
		switch sel := sel.(type) {
		case *ast.Field:
			total = sat(total, w.field(sel))
		case *ast.InlineFragment:
			total = sat(total, w.set(sel.SelectionSet))
		case *ast.FragmentSpread:
			if sel.Definition == nil {
				continue
			}
			c, ok := w.memo[sel.Name]
			if !ok {
				w.memo[sel.Name] = 0 // cycles were refused by validation; guard anyway
				c = w.set(sel.Definition.SelectionSet)
				w.memo[sel.Name] = c
			}
			total = sat(total, c)
		}
	}
	return total
}

func (w *costWalker) field(f *ast.Field) int {
	if f.Name == "__schema" {
		return introspectionCost
	}
	if f.Definition == nil || f.ObjectDefinition == nil {
		return 0
	}
	elem := w.schema.Types[f.Definition.Type.Name()]
	if elem == nil || elem.Kind == ast.Scalar || elem.Kind == ast.Enum {
		return 0
	}
	child := w.set(f.SelectionSet)
	args := f.ArgumentMap(w.vars)
	parents := []*ast.Definition{f.ObjectDefinition}
	if k := f.ObjectDefinition.Kind; k == ast.Interface || k == ast.Union {
		parents = w.schema.GetPossibleTypes(f.ObjectDefinition)
	}
	best, found := 0, false
	for _, p := range parents {
		if c, ok := w.es.Complexity(w.ctx, p.Name, f.Name, child, args); ok {
			best, found = max(best, c), true
		}
	}
	if found {
		return min(best, saturate)
	}
	if f.Definition.Type.Elem != nil {
		return min(sat(1, child)*graph.UnsizedListWeight, saturate)
	}
	return sat(1, child)
}
