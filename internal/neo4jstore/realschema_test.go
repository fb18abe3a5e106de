package neo4jstore

import (
	"context"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// TestSchemaCheckOnRealServer: an index with an expected name but another definition (here
// entity_name_fold on name instead of nameFold) survives CREATE INDEX ... IF NOT EXISTS;
// Load must fail INTERNAL naming it, and load again once it is dropped.
func TestSchemaCheckOnRealServer(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	if _, err := st.Load(ctx, &kg.Graph{}); err != nil {
		t.Fatalf("load with the expected schema: %v", err)
	}
	drop := query{"DropIndex", "DROP INDEX entity_name_fold IF EXISTS", map[string]any{}}
	if err := st.write(ctx, drop); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // leave the expected schema for the next test
		_ = st.write(context.Background(), drop)
		if _, err := st.Load(context.Background(), &kg.Graph{}); err != nil {
			t.Errorf("load after dropping the wrong index: %v", err)
		}
	})
	if err := st.write(ctx, query{"WrongIndex", "CREATE INDEX entity_name_fold FOR (n:Entity) ON (n.name)", map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	_, err := st.Load(ctx, &kg.Graph{})
	if kg.ErrorCode(err) != kg.EINTERNAL || !strings.Contains(err.Error(), "entity_name_fold: is RANGE NODE [Entity] [name], want RANGE NODE [Entity] [nameFold]") {
		t.Fatalf("load over a wrongly defined entity_name_fold = %v, want INTERNAL naming it and what differs", err)
	}
}
