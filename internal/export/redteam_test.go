package export

import (
	"context"
	"testing"

	"github.com/kommunkg/kg/internal/analysis"
)

// A cached projection tells the analysis cache its size, so that the cache's byte budget
// bounds it (a projection near the 2,000,000 shared-neighbour limit holds ~20 MB).
func TestRedteamProjectionSized(t *testing.T) {
	g, err := SelectProjection(context.Background(), shippedStore(t), ProjectionSelection{})
	if err != nil {
		t.Fatal(err)
	}
	var s analysis.Sizer = g
	if n := s.CacheBytes(); n < int64(16*g.Ties()+32*g.Nodes()) {
		t.Errorf("%d ties, %d nodes: CacheBytes %d", g.Ties(), g.Nodes(), n)
	}
}
