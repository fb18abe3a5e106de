package httpapi

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// codeDepthLimit is the extensions.code of a query nested deeper than the limit.
const codeDepthLimit = "DEPTH_LIMIT_EXCEEDED"

func init() { errcode.RegisterErrorType(codeDepthLimit, errcode.KindProtocol) }

// depthLimit rejects operations whose selection sets nest deeper than max before any
// resolver runs. Complexity alone does not bound depth: a narrow query can still walk
// node → relationships → node … a hundred levels down. Introspection subtrees (__schema,
// __type) are not counted, so GraphQL Playground's own schema query always works.
type depthLimit struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = depthLimit{}

func (depthLimit) ExtensionName() string                          { return "DepthLimit" }
func (depthLimit) Validate(schema graphql.ExecutableSchema) error { return nil }

func (d depthLimit) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	op := oc.Doc.Operations.ForName(oc.OperationName)
	if op == nil {
		return nil
	}
	w := depthWalker{stop: d.max + 1, memo: map[string]int{}, visiting: map[string]bool{}}
	if depth := w.depth(op.SelectionSet); depth > d.max {
		err := gqlerror.Errorf("query depth exceeds the limit of %d", d.max)
		errcode.Set(err, codeDepthLimit)
		return err
	}
	return nil
}

// depthWalker measures the nesting depth of a selection set (a leaf field counts 1).
// Fragment depths are memoised, so a "fragment bomb" (each fragment spreading the next
// several times) costs linear, not exponential, time; validation has already rejected
// cycles, and the visiting set guards anyway.
type depthWalker struct {
	stop     int
	memo     map[string]int
	visiting map[string]bool
}

func (w *depthWalker) depth(ss ast.SelectionSet) int {
	best := 0
	for _, s := range ss {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			d = 1 + w.depth(s.SelectionSet)
		case *ast.InlineFragment:
			d = w.depth(s.SelectionSet)
		case *ast.FragmentSpread:
			if s.Definition == nil || w.visiting[s.Name] {
				continue
			}
			if m, ok := w.memo[s.Name]; ok {
				d = m
				break
			}
			w.visiting[s.Name] = true
			d = w.depth(s.Definition.SelectionSet)
			delete(w.visiting, s.Name)
			w.memo[s.Name] = d
		}
		if d > best {
			best = d
		}
		if best >= w.stop {
			return best
		}
	}
	return best
}
