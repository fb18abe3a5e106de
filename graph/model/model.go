// Package model holds the Go types the GraphQL schema binds to: thin views over the domain
// types of internal/kg. Nothing here loads data; resolvers in package graph do that.
package model

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"

	"github.com/kommunkg/kg/internal/kg"
)

// Node is the GraphQL Node interface: every typed node view exposes its domain node.
type Node interface {
	KGNode() *kg.Node
}

// base carries the fields every Node type shares. Optional strings come back as null, not
// "", so clients can tell "not stated" from an empty value.
type base struct{ N *kg.Node }

func (b base) KGNode() *kg.Node           { return b.N }
func (b base) ID() string                 { return b.N.ID }
func (b base) Name() string               { return b.N.Name }
func (b base) Kind() kg.NodeKind          { return b.N.Kind }
func (b base) Aliases() []string          { return nonNil(b.N.Aliases) }
func (b base) Category() *string          { return OptString(b.N.Category) }
func (b base) Since() kg.PartialDate      { return b.N.Since }
func (b base) Until() kg.PartialDate      { return b.N.Until }
func (b base) Note() *string              { return OptString(b.N.Note) }
func (b base) Evidence() []kg.Evidence    { return nonNil(b.N.Evidence) }
func (b base) Attributes() []kg.Attribute { return nonNil(b.N.Attributes) }
func (b base) Abbreviation() string       { return b.N.Abbreviation }
func (b base) Date() kg.PartialDate       { return b.N.Since }
func nonNil[T any](xs []T) []T {
	if xs == nil {
		return []T{}
	}
	return xs
}

// The typed node views, one per kind.
type (
	Municipality struct{ base }
	Region       struct{ base }
	Country      struct{ base }
	Network      struct{ base }
	Organisation struct{ base }
	Funder       struct{ base }
	Person       struct{ base }
	Party        struct{ base }
	Project      struct{ base }
	Event        struct{ base }
)

// Wrap returns the typed view of n, or nil for a nil node.
func Wrap(n *kg.Node) Node {
	if n == nil {
		return nil
	}
	b := base{n}
	switch n.Kind {
	case kg.KindMunicipality:
		return &Municipality{b}
	case kg.KindRegion:
		return &Region{b}
	case kg.KindCountry:
		return &Country{b}
	case kg.KindNetwork:
		return &Network{b}
	case kg.KindOrganisation:
		return &Organisation{b}
	case kg.KindFunder:
		return &Funder{b}
	case kg.KindPerson:
		return &Person{b}
	case kg.KindParty:
		return &Party{b}
	case kg.KindProject:
		return &Project{b}
	case kg.KindEvent:
		return &Event{b}
	}
	panic(fmt.Sprintf("model.Wrap: unknown kind %q", n.Kind))
}

// OptString turns "" into null.
func OptString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// Relationship is an edge seen from one of its ends (Self), and a view (issue 21): the far
// end is a thunk the resolver that made it queued on the request's loaders (package graph,
// views.go, relationshipViews), so node, like every other field, is a plain method that
// gqlgen runs inline.
type Relationship struct {
	Edge   *kg.Edge
	Self   string
	nodeOf NodeThunk
}

// NewRelationship makes the view of e seen from self, with a thunk for its far end.
func NewRelationship(e *kg.Edge, self string, node NodeThunk) *Relationship {
	return &Relationship{Edge: e, Self: self, nodeOf: node}
}

// Node is the node at the far end.
func (r Relationship) Node() (Node, error) {
	if r.nodeOf == nil {
		return nil, kg.Errorf(kg.EINTERNAL, "relationship %s made without its far end", r.Edge.ID)
	}
	return r.nodeOf()
}

func (r Relationship) Type() kg.EdgeType { return r.Edge.Type }
func (r Relationship) Direction() kg.Direction {
	if r.Edge.From == r.Self {
		return kg.DirOut
	}
	return kg.DirIn
}
func (r Relationship) Role() *string           { return OptString(r.Edge.Role) }
func (r Relationship) Since() kg.PartialDate   { return r.Edge.Since }
func (r Relationship) Until() kg.PartialDate   { return r.Edge.Until }
func (r Relationship) Evidence() []kg.Evidence { return nonNil(r.Edge.Evidence) }

// OtherID is the id of the node at the far end.
func (r Relationship) OtherID() string {
	if r.Edge.From == r.Self {
		return r.Edge.To
	}
	return r.Edge.From
}

// MarshalPartialDate renders a partial date as its ISO string, or null when unset.
func MarshalPartialDate(d kg.PartialDate) graphql.Marshaler {
	if d.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalPartialDate parses "2014", "2016-04" or "2014-08-28".
func UnmarshalPartialDate(v any) (kg.PartialDate, error) {
	s, ok := v.(string)
	if !ok {
		return kg.PartialDate{}, kg.Errorf(kg.EINVALID, "PartialDate must be a string like \"2014\", \"2016-04\" or \"2014-08-28\"")
	}
	d, err := kg.ParsePartialDate(s)
	if err != nil {
		return kg.PartialDate{}, kg.Errorf(kg.EINVALID, "%v", err)
	}
	return d, nil
}

// RepresentationGroup is one principal's mandates in a body's list: Mandates holds all of
// them (a group is small: one principal's seats in one body); the schema's mandates field
// pages them.
type RepresentationGroup struct {
	OnBehalfOf Node
	Mandates   []*kg.Mandate
}
