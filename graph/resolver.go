// Package graph is the GraphQL edge of the service: thin resolvers over the kg.Store port.
//
// Root fields (search, path, neighbourhood, the lists, mandates …) make their one store call
// directly. Everything below the root goes through the request's loaders (loaders.go), so one
// nesting level of a query costs one store call per kind of data however many items it has;
// root fields prime or prefetch what the next level will ask for. What each typed
// relationship field lists is stated once, in relfields.go; the limits on arguments are named
// constants; whether the caller may read contact data comes with the request's
// context (auth.go).
package graph

import "github.com/kommunkg/kg/internal/kg"

// Resolver is the root resolver. It holds only the store; per-request state (the loaders,
// contact access) reaches resolvers through the request context.
type Resolver struct {
	Store kg.Store
}
