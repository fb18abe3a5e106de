package neo4jstore

import (
	"slices"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// The counts statement lists every edge type, in kg.AllEdgeTypes order, OUT then IN.
func TestRelationshipCountsStatementCoversEveryType(t *testing.T) {
	if !slices.Equal(degreeTypes, kg.AllEdgeTypes) {
		t.Fatalf("degreeTypes = %v, want kg.AllEdgeTypes %v", degreeTypes, kg.AllEdgeTypes)
	}
	rest := cypherRelationshipCounts
	for _, typ := range kg.AllEdgeTypes {
		for _, pat := range []string{"(n)-[:" + string(typ) + "]->()", "(n)<-[:" + string(typ) + "]-()"} {
			i := strings.Index(rest, "COUNT { "+pat+" }")
			if i < 0 {
				t.Fatalf("%s missing or out of order in the counts statement", pat)
			}
			rest = rest[i+1:]
		}
	}
}

func TestCountsFromList(t *testing.T) {
	vals := make([]any, 2*len(kg.AllEdgeTypes))
	for i := range vals {
		vals[i] = int64(0)
	}
	vals[0] = int64(3)  // MEMBER_OF out
	vals[1] = int64(31) // MEMBER_OF in
	last := len(vals) - 1
	vals[last] = int64(2) // SERVES_ON in
	got, err := countsFromList(vals)
	if err != nil {
		t.Fatal(err)
	}
	want := []kg.RelationshipCount{
		{Type: kg.EdgeMemberOf, Direction: kg.DirOut, Count: 3},
		{Type: kg.EdgeMemberOf, Direction: kg.DirIn, Count: 31},
		{Type: kg.EdgeServesOn, Direction: kg.DirIn, Count: 2},
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	bad := []struct {
		name string
		xs   []any
	}{
		{"too short", vals[:3]},
		{"not a number", append(slices.Clone(vals[:last]), "x")},
		{"negative", append(slices.Clone(vals[:last]), int64(-1))},
	}
	for _, tc := range bad {
		if _, err := countsFromList(tc.xs); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}
