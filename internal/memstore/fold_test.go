package memstore

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// fold and within1 are fast paths of kg.Fold and kg.Within1; they must agree everywhere.
func TestFoldAgreesWithKG(t *testing.T) {
	alphabet := []rune("aAzZ09 -_.,:;()/'\"&åäöÅÄÖéÉüÜøØæÆßłŁđðþıİœçñÑ\u0301\u0308\u00a0\u2013½²ǄǅŉšŠžŽčćĐőŰ漢字ΩЖ\t\n")
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"", " ", "Växjö kommun", "Region Kronoberg", "Energy-Cities", "UBC:s styrelse",
		"Ångpanneföreningens Forskningsstiftelse (ÅForsk)", "Niš", "Øresund", "Straße", "İstanbul", "ǅemal",
		"e\u0301cole", "Malmö\u00a0stad", "  leading and trailing  "}
	for range 20000 {
		n := r.IntN(12)
		var b strings.Builder
		for range n {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		words = append(words, b.String())
	}
	for _, w := range words {
		if got, want := fold(w), kg.Fold(w); got != want {
			t.Fatalf("fold(%q) = %q, kg.Fold = %q", w, got, want)
		}
	}
	for i := 0; i+1 < len(words); i++ {
		a, b := kg.Fold(words[i]), kg.Fold(words[i+1])
		if r.IntN(2) == 0 { // near misses
			b = a
			if len(b) > 1 {
				j := r.IntN(len(b) - 1)
				switch r.IntN(3) {
				case 0:
					b = b[:j] + b[j+1:]
				case 1:
					b = b[:j] + "x" + b[j+1:]
				default:
					b = b[:j] + b[j+1:j+2] + b[j:j+1] + b[j+2:]
				}
			}
		}
		if got, want := within1(a, b), kg.Within1(a, b); got != want {
			t.Fatalf("within1(%q, %q) = %v, kg.Within1 = %v", a, b, got, want)
		}
	}
}
