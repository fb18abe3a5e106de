package neo4jstore

import (
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// The statement builders enforce kg's store bounds like the embedded store: on the query as
// given, before any shortcut (from = to, hops cut to the limit) could let it through.
func TestBuildersEnforceKGLimits(t *testing.T) {
	paths := []struct {
		q  kg.PathQuery
		ok bool
	}{
		{kg.PathQuery{From: "a", To: "b", MaxHops: kg.MaxPathHops}, true},
		{kg.PathQuery{From: "a", To: "b", MaxHops: kg.MaxPathHops + 1}, false},
		{kg.PathQuery{From: "a", To: "a", MaxHops: kg.MaxPathHops + 1}, false},
		{kg.PathQuery{From: "a", To: "a", MaxHops: 1}, true},
	}
	for _, tc := range paths {
		if _, err := buildPath(tc.q); (err == nil) != tc.ok || (err != nil && kg.ErrorCode(err) != kg.EINVALID) {
			t.Errorf("buildPath(%+v) = %v, want ok=%v", tc.q, err, tc.ok)
		}
	}
	hoods := []struct {
		q  kg.NeighbourhoodQuery
		ok bool
	}{
		{kg.NeighbourhoodQuery{Center: "a", Hops: kg.MaxStoreHops, Limit: 1000}, true},
		{kg.NeighbourhoodQuery{Center: "a", Hops: kg.MaxStoreHops + 1, Limit: 1000}, false},
		{kg.NeighbourhoodQuery{Center: "a", Hops: kg.MaxStoreHops + 1, Limit: 5}, false},
		{kg.NeighbourhoodQuery{Center: "a", Hops: -1, Limit: 5}, true},
	}
	for _, tc := range hoods {
		if _, err := buildNeighbourhood(tc.q); (err == nil) != tc.ok || (err != nil && kg.ErrorCode(err) != kg.EINVALID) {
			t.Errorf("buildNeighbourhood(%+v) = %v, want ok=%v", tc.q, err, tc.ok)
		}
	}
}
