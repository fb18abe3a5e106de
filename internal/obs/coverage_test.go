package obs

import (
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/kommunkg/kg/internal/kg"
)

// TestEveryPortMethodObserved: Store embeds kg.Store so that a method added to the port
// still compiles, but such a method would pass through without metrics or a span. Every
// method of the port must have its own line in store.go (a promoted method's wrapper is
// compiler-generated, which this test sees).
func TestEveryPortMethodObserved(t *testing.T) {
	port := reflect.TypeOf((*kg.Store)(nil)).Elem()
	st := reflect.TypeOf(&Store{})
	for i := range port.NumMethod() {
		name := port.Method(i).Name
		m, ok := st.MethodByName(name)
		if !ok {
			t.Errorf("obs.Store has no %s", name)
			continue
		}
		file, _ := runtime.FuncForPC(m.Func.Pointer()).FileLine(m.Func.Pointer())
		if !strings.HasSuffix(file, "store.go") {
			t.Errorf("obs.Store.%s is the embedded store's (%s): add its observe line to store.go", name, file)
		}
	}
}

// TestCypherRoundTrips: the counter reads the store's count at each scrape and registers
// once, however often the store is (re)opened.
func TestCypherRoundTrips(t *testing.T) {
	m := NewMetrics(BuildInfo{})
	var n int64 = 7
	m.CypherRoundTrips(func() int64 { return n })
	m.CypherRoundTrips(func() int64 { return -1 }) // a second open: ignored, no panic
	n = 11
	want := `# HELP kg_neo4j_round_trips_total Cypher statements sent to Neo4j (each one round trip), reads and loads.
# TYPE kg_neo4j_round_trips_total counter
kg_neo4j_round_trips_total 11
`
	if err := testutil.GatherAndCompare(m.Registry(), strings.NewReader(want), "kg_neo4j_round_trips_total"); err != nil {
		t.Error(err)
	}
	var nilMetrics *Metrics
	nilMetrics.CypherRoundTrips(func() int64 { return 1 }) // a nil *Metrics records nothing
}
