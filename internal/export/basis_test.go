package export

import (
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// Evidence says how it backs its fact in every export: a marker after the source id in the
// flat formats (none for stated evidence), a basis key in the Cytoscape JSON.
func TestEvidenceBasisExported(t *testing.T) {
	ev := []kg.Evidence{
		{SourceID: "a", Quote: "startade juli 2015"},
		{SourceID: "a", Quote: "ett tvåårigt projekt", Basis: kg.BasisDerived},
		{SourceID: "b", Quote: "Region Kronoberg", Basis: kg.BasisInferred},
		{SourceID: "b", Quote: "x", Basis: kg.BasisStated},
	}
	want := "a: startade juli 2015 | a (DERIVED): ett tvåårigt projekt | b (INFERRED): Region Kronoberg | b: x"
	if got := flattenEvidence(ev); got != want {
		t.Errorf("flattenEvidence = %q\nwant %q", got, want)
	}
	cy := cyEvidenceOf(ev)
	for i, w := range []string{"STATED", "DERIVED", "INFERRED", "STATED"} {
		if cy[i].Basis != w {
			t.Errorf("cytoscape evidence %d: basis %q, want %q", i, cy[i].Basis, w)
		}
	}
}
