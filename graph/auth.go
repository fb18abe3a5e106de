package graph

import (
	"context"

	"github.com/kommunkg/kg/internal/kg"
)

// WithContactAccess marks ctx as coming from a caller allowed to read personal contact data;
// see kg.WithContactAccess, which it forwards to.
func WithContactAccess(ctx context.Context) context.Context { return kg.WithContactAccess(ctx) }

// HasContactAccess reports whether ctx was marked by WithContactAccess.
func HasContactAccess(ctx context.Context) bool { return kg.HasContactAccess(ctx) }

// contactField returns one personal contact field of p. An unauthorised caller gets null and
// a FORBIDDEN error for every person, whether or not the person has contact data: answering
// null-without-error for people without any would let anyone enumerate who has some. An
// authorised caller gets the value, or null when the person has none. The error names the
// field so the rest of the response stays usable.
func contactField(ctx context.Context, n *kg.Node, pick func(*kg.Contact) string) (*string, error) {
	if !HasContactAccess(ctx) {
		return nil, kg.Errorf(kg.EFORBIDDEN, "personal contact data requires an authorised caller (Authorization: Bearer <token>)")
	}
	if n.Contact == nil {
		return nil, nil
	}
	v := pick(n.Contact)
	if v == "" {
		return nil, nil
	}
	return &v, nil
}
