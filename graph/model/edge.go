package model

import (
	"github.com/kommunkg/kg/internal/kg"
)

// Edge is the GraphQL view of an edge: the domain value and its ends as thunks the resolver
// that made the view queued on the loaders (package graph, views.go). Every field of the
// schema's Edge except mandate is a plain method, run inline by gqlgen (issue 21).
type Edge struct {
	E            *kg.Edge
	fromOf, toOf NodeThunk
}

// NewEdge makes the view of e with thunks for its two ends.
func NewEdge(e *kg.Edge, from, to NodeThunk) *Edge { return &Edge{E: e, fromOf: from, toOf: to} }

func (e *Edge) ID() string              { return e.E.ID }
func (e *Edge) Type() kg.EdgeType       { return e.E.Type }
func (e *Edge) From() (Node, error)     { return e.fromOf() }
func (e *Edge) To() (Node, error)       { return e.toOf() }
func (e *Edge) Role() *string           { return OptString(e.E.Role) }
func (e *Edge) Since() kg.PartialDate   { return e.E.Since }
func (e *Edge) Until() kg.PartialDate   { return e.E.Until }
func (e *Edge) Note() *string           { return OptString(e.E.Note) }
func (e *Edge) Evidence() []kg.Evidence { return nonNil(e.E.Evidence) }
