package kg

import "context"

// WithoutContactAccess is ctx with contact access withdrawn (HasContactAccess false): for
// work that runs for everyone, such as a result computed once and cached for every caller,
// so that it can never hold personal data read with the rights of whoever started it.
func WithoutContactAccess(ctx context.Context) context.Context {
	return context.WithValue(ctx, contactAccessKey{}, false)
}
