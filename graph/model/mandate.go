package model

import (
	"github.com/kommunkg/kg/internal/kg"
)

// NodeThunk returns a node that the resolver which made a view has already asked the request's
// loaders for (so siblings share one store call); calling it waits for that batch, if it has
// not completed yet.
type NodeThunk func() (Node, error)

// Mandate is the GraphQL view of a mandate: the domain value and its ends. Every field of
// the schema's Mandate except party is a plain method here, not a resolver, so gqlgen runs
// them inline instead of in a goroutine each: the ends arrive as thunks that the resolver
// producing the view queued on the loaders (package graph, views.go).
type Mandate struct {
	M                             *kg.Mandate
	personOf, principalOf, bodyOf NodeThunk
}

// NewMandate makes the view of m with its ends: person and body must be non-nil;
// principal is nil exactly when m names no principal.
func NewMandate(m *kg.Mandate, person, principal, body NodeThunk) *Mandate {
	return &Mandate{M: m, personOf: person, principalOf: principal, bodyOf: body}
}

func (m *Mandate) ID() string              { return m.M.ID }
func (m *Mandate) Role() *string           { return OptString(m.M.Role) }
func (m *Mandate) Since() kg.PartialDate   { return m.M.Since }
func (m *Mandate) Until() kg.PartialDate   { return m.M.Until }
func (m *Mandate) Note() *string           { return OptString(m.M.Note) }
func (m *Mandate) Evidence() []kg.Evidence { return nonNil(m.M.Evidence) }

// Person is the person who holds the mandate.
func (m *Mandate) Person() (*Person, error) {
	n, err := m.personOf()
	if err != nil {
		return nil, err
	}
	p, ok := n.(*Person)
	if !ok {
		return nil, kg.Errorf(kg.EINTERNAL, "graph inconsistent")
	}
	return p, nil
}

// OnBehalfOf is whom the person represents, or nil.
func (m *Mandate) OnBehalfOf() (Node, error) {
	if m.principalOf == nil {
		return nil, nil
	}
	return m.principalOf()
}

// Body is the body the person sits in.
func (m *Mandate) Body() (Node, error) { return m.bodyOf() }
