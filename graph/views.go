package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/kommunkg/kg/graph/model"
	"github.com/kommunkg/kg/internal/kg"
)

// Views (issue 21): gqlgen runs every resolver field in a goroutine of its own, and a
// goroutine that starts on a small stack and then runs the generated marshallers grows its
// stack several times — most of an uncached answer's cost. So the fields that only read
// what the request already holds are plain methods of views (package model), which gqlgen
// runs inline; the resolver that makes a view queues, on the request's loaders, the data
// the query selects under it (one store call per nesting level, as before), and the view's
// methods wait for those thunks.

// wanted returns the fields the query selects on objects of type typ below the field being
// resolved, down to the first level of typ (fragments and aliases included; @skip and
// @include are not evaluated, so it may say more than is asked — it only decides what is
// queued early).
func wanted(ctx context.Context, typ string) map[string]bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return nil
	}
	out := map[string]bool{}
	collectWanted(fc.Field.Selections, typ, out)
	return out
}

func collectWanted(sel ast.SelectionSet, typ string, out map[string]bool) {
	for _, s := range sel {
		switch s := s.(type) {
		case *ast.Field:
			if s.ObjectDefinition != nil && s.ObjectDefinition.Name == typ {
				out[s.Name] = true
				continue
			}
			collectWanted(s.SelectionSet, typ, out)
		case *ast.InlineFragment:
			collectWanted(s.SelectionSet, typ, out)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				collectWanted(s.Definition.SelectionSet, typ, out)
			}
		}
	}
}

// nodeThunk returns id's node, which must exist. Queued now when eager (the query selects
// it), so that siblings share the batch; loaded when called otherwise.
func (r *Resolver) nodeThunk(ctx context.Context, l *Loaders, id string, eager bool) model.NodeThunk {
	if eager && l != nil {
		t := l.nodes.LoadThunk(ctx, id)
		return func() (model.Node, error) {
			n, err := t()
			if err != nil {
				return nil, err
			}
			if n == nil {
				return nil, kg.Errorf(kg.EINTERNAL, "graph inconsistent")
			}
			return model.Wrap(n), nil
		}
	}
	return func() (model.Node, error) { return r.mustNode(ctx, id) }
}

// mandateViews makes the views of ms, queuing the ends the query selects.
func (r *Resolver) mandateViews(ctx context.Context, ms []*kg.Mandate) []*model.Mandate {
	if len(ms) == 0 {
		return []*model.Mandate{}
	}
	want := wanted(ctx, "Mandate")
	l, _ := loadersFrom(ctx) // without loaders every thunk reports the wiring error when called
	out := make([]*model.Mandate, len(ms))
	for i, m := range ms {
		var principal model.NodeThunk
		if m.OnBehalfOf != "" {
			principal = r.nodeThunk(ctx, l, m.OnBehalfOf, want["onBehalfOf"])
		}
		out[i] = model.NewMandate(m, r.nodeThunk(ctx, l, m.Person, want["person"]), principal,
			r.nodeThunk(ctx, l, m.Body, want["body"]))
	}
	return out
}

// mandateView is mandateViews for one mandate (nil stays nil).
func (r *Resolver) mandateView(ctx context.Context, m *kg.Mandate) *model.Mandate {
	if m == nil {
		return nil
	}
	return r.mandateViews(ctx, []*kg.Mandate{m})[0]
}

// edgeViews makes the views of es, queuing the ends the query selects.
func (r *Resolver) edgeViews(ctx context.Context, es []*kg.Edge) []*model.Edge {
	out := make([]*model.Edge, len(es))
	if len(es) == 0 {
		return out
	}
	want := wanted(ctx, "Edge")
	l, _ := loadersFrom(ctx)
	for i, e := range es {
		out[i] = model.NewEdge(e, r.nodeThunk(ctx, l, e.From, want["from"]), r.nodeThunk(ctx, l, e.To, want["to"]))
	}
	return out
}

// relationshipViews makes the views of es seen from self, queuing their far ends when the
// query selects Relationship.node: the pages of every parent arrive together from one
// EdgePages batch, so their ends share one NodesByIDs batch (left to each item, they would
// trickle in while siblings marshal and miss the batching window).
func (r *Resolver) relationshipViews(ctx context.Context, self string, es []*kg.Edge) []*model.Relationship {
	out := make([]*model.Relationship, len(es))
	if len(es) == 0 {
		return out
	}
	eager := wanted(ctx, "Relationship")["node"]
	l, _ := loadersFrom(ctx)
	for i, e := range es {
		far := e.To
		if e.From != self {
			far = e.From
		}
		out[i] = model.NewRelationship(e, self, r.nodeThunk(ctx, l, far, eager))
	}
	return out
}

// edgeView is edgeViews for one edge (nil stays nil).
func (r *Resolver) edgeView(ctx context.Context, e *kg.Edge) *model.Edge {
	if e == nil {
		return nil
	}
	return r.edgeViews(ctx, []*kg.Edge{e})[0]
}
