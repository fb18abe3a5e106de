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
	if depth := selectionDepth(op.SelectionSet, 0, d.max+1, map[string]bool{}); depth > d.max {
		err := gqlerror.Errorf("query depth exceeds the limit of %d", d.max)
		errcode.Set(err, codeDepthLimit)
		return err
	}
	return nil
}

// selectionDepth returns the depth of ss (a leaf field counts 1), stopping early once it
// passes stop. Fragment spreads are followed (validation has already rejected cycles; the
// visiting set guards anyway).
func selectionDepth(ss ast.SelectionSet, cur, stop int, visiting map[string]bool) int {
	best := cur
	for _, s := range ss {
		var d int
		switch s := s.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				continue
			}
			d = selectionDepth(s.SelectionSet, cur+1, stop, visiting)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, cur, stop, visiting)
		case *ast.FragmentSpread:
			if s.Definition == nil || visiting[s.Name] {
				continue
			}
			visiting[s.Name] = true
			d = selectionDepth(s.Definition.SelectionSet, cur, stop, visiting)
			delete(visiting, s.Name)
		}
		if d > best {
			best = d
		}
		if best >= stop {
			return best
		}
	}
	return best
}
