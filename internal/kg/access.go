package kg

import "context"

type contactAccessKey struct{}

// WithContactAccess marks ctx as coming from a caller allowed to read personal contact data
// (e-mail, phone). The HTTP edge decides who that is (a configured bearer token); everything
// below it — resolvers, exports, and the stores themselves — only asks. It lives in the domain
// package, not in the GraphQL edge, so that a store can decide not to read personal data at
// all for an anonymous caller (Neo4j: contact properties never leave the database).
func WithContactAccess(ctx context.Context) context.Context {
	return context.WithValue(ctx, contactAccessKey{}, true)
}

// HasContactAccess reports whether ctx was marked by WithContactAccess.
func HasContactAccess(ctx context.Context) bool {
	ok, _ := ctx.Value(contactAccessKey{}).(bool)
	return ok
}
