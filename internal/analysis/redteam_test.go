package analysis

import (
	"context"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// A cached analysis result is shared by every caller, so its computation must not run with
// the rights of the caller who happened to start it: an authorised caller's computation sees
// no contact access (a store then returns no personal data into the shared result).
func TestCacheComputesWithoutContactAccess(t *testing.T) {
	c := NewCacheSlots(4, 2)
	ctx := kg.WithContactAccess(context.Background())
	v, err := c.Do(ctx, "k", func(ctx context.Context) (any, error) { return kg.HasContactAccess(ctx), nil })
	if err != nil {
		t.Fatal(err)
	}
	if v.(bool) {
		t.Fatal("the detached computation ran with the starting caller's contact access")
	}
}
