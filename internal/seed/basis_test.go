package seed_test

import (
	"fmt"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/seed"
)

// TestLoadEvidenceBasis: basis defaults to STATED, is read when given, and an unknown one is a
// problem at its line.
func TestLoadEvidenceBasis(t *testing.T) {
	const node = `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
      - source: kustprojekt
        quote: pågick 2018–2020
        basis: %s
`
	cases := []struct {
		basis string
		want  kg.Basis
		bad   bool
	}{
		{"STATED", kg.BasisStated, false},
		{"DERIVED", kg.BasisDerived, false},
		{"INFERRED", kg.BasisInferred, false},
		{"null", kg.BasisStated, false},
		{"derived", "", true},
		{"GUESSED", "", true},
	}
	for _, c := range cases {
		t.Run(c.basis, func(t *testing.T) {
			g, err := seed.Load(withFiles(t, map[string]string{moreYAML: fmt.Sprintf(node, c.basis)}))
			if c.bad {
				assertProblems(t, g, err, []want{{moreYAML, 10, `unknown basis "` + c.basis + `"`}})
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, n := range g.Nodes {
				if n.ID != "havsinstitutet" {
					continue
				}
				if got := n.Evidence[0].Basis; got != kg.BasisStated {
					t.Errorf("evidence without basis: %q, want STATED", got)
				}
				if got := n.Evidence[1].Basis; got != c.want {
					t.Errorf("basis %s read as %q, want %q", c.basis, got, c.want)
				}
				return
			}
			t.Fatal("node not loaded")
		})
	}
}
