// Package graph is the GraphQL edge of the service: thin resolvers over the kg.Store port.
// Every resolver reaches the store through the request's loaders (loaders.go), so one
// nesting level of a query costs one store call however many items it has.
package graph

import "github.com/kommunkg/kg/internal/kg"

// Resolver is the root resolver. It holds only the store: configuration such as limits and
// authorisation reaches resolvers through the request context.
type Resolver struct {
	Store kg.Store
}
