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

// contactField returns one personal contact field of p: null when the person has none, and
// null with a FORBIDDEN error when the caller may not see it. The error names the field so
// the rest of the response stays usable.
func contactField(ctx context.Context, n *kg.Node, pick func(*kg.Contact) string) (*string, error) {
	if n.Contact == nil {
		return nil, nil
	}
	v := pick(n.Contact)
	if v == "" {
		return nil, nil
	}
	if !HasContactAccess(ctx) {
		return nil, kg.Errorf(kg.EFORBIDDEN, "personal contact data requires an authorised caller (Authorization: Bearer <token>)")
	}
	return &v, nil
}
