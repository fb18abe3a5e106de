package neo4jstore

import (
	"context"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/kommunkg/kg/internal/storetest"
)

// TestRelationshipCountsUseTheDegreeStore: the plan of the counts statement reads degrees
// (GetDegree, or a relationship-count-from-store operator) and never expands a relationship,
// so a count costs the same whatever the number of edges.
func TestRelationshipCountsUseTheDegreeStore(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	if _, err := st.Load(ctx, storetest.Graph()); err != nil {
		t.Fatal(err)
	}
	res, err := neo4j.ExecuteQuery(ctx, st.driver, "EXPLAIN "+cypherRelationshipCounts,
		map[string]any{"ids": []any{"vaxjo-kommun"}}, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(st.cfg.Database))
	if err != nil {
		t.Fatal(err)
	}
	var ops, args []string
	var walk func(p neo4j.Plan)
	walk = func(p neo4j.Plan) {
		ops = append(ops, p.Operator())
		for k, v := range p.Arguments() {
			if s, ok := v.(string); ok {
				args = append(args, k+"="+s)
			}
		}
		for _, c := range p.Children() {
			walk(c)
		}
	}
	walk(res.Summary.Plan())
	all := strings.Join(ops, " ") + " " + strings.Join(args, " ")
	t.Logf("operators: %v", ops)
	if strings.Contains(all, "Expand") {
		t.Errorf("the counts statement expands relationships: %v", ops)
	}
	if !strings.Contains(all, "GetDegree") && !strings.Contains(all, "getDegree") {
		t.Errorf("no GetDegree in the plan: %s", all)
	}
}
