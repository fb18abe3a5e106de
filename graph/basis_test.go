package graph

import (
	"testing"

	"github.com/kommunkg/kg/internal/memstore"
)

// Evidence.basis says how each quote backs its fact: READY's derived end date is DERIVED, its
// stated name STATED; an inferred location is INFERRED.
func TestEvidenceBasisServed(t *testing.T) {
	st, err := memstore.New(shipped(t))
	if err != nil {
		t.Fatal(err)
	}
	res := execute(t, st, `{
  node(id: "ready") { evidence { quote basis } }
  edge(id: "region-kronoberg--located-in--sverige") { evidence { basis } }
}`)
	for _, e := range res.Errors {
		t.Fatal(e.Message)
	}
	count := map[string]int{}
	for _, ev := range res.Data["node"].(map[string]any)["evidence"].([]any) {
		count[ev.(map[string]any)["basis"].(string)]++
	}
	if count["DERIVED"] != 1 || count["STATED"] == 0 || count["INFERRED"] != 0 {
		t.Errorf("READY evidence bases %v, want one DERIVED and the rest STATED", count)
	}
	ev := res.Data["edge"].(map[string]any)["evidence"].([]any)
	if len(ev) == 0 || ev[0].(map[string]any)["basis"] != "INFERRED" {
		t.Errorf("inferred location evidence %v", ev)
	}
}
