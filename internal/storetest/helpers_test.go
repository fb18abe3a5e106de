package storetest

import (
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// same is the equality every contract check uses: what a backend returns must equal the
// fixture's value, with nil and empty slices alike and pointers compared by what they hold.
func TestSame(t *testing.T) {
	ev := []kg.Evidence{{SourceID: "s", Quote: "q"}}
	for _, c := range []struct {
		name string
		a, b any
		want bool
	}{
		{"nil and empty slice", &kg.Node{ID: "a"}, &kg.Node{ID: "a", Aliases: []string{}}, true},
		{"distinct pointers, same value", &kg.Edge{ID: "e", Evidence: ev}, &kg.Edge{ID: "e", Evidence: append([]kg.Evidence{}, ev...)}, true},
		{"a field differs", &kg.Edge{ID: "e", Role: "ordförande"}, &kg.Edge{ID: "e", Role: "ledamot"}, false},
		{"nested field differs", &kg.Mandate{ID: "m", Evidence: ev}, &kg.Mandate{ID: "m", Evidence: []kg.Evidence{{SourceID: "s", Quote: "Q"}}}, false},
		{"nil and non-nil pointer", (*kg.Node)(nil), &kg.Node{}, false},
		{"nil contact and empty contact", &kg.Node{ID: "p"}, &kg.Node{ID: "p", Contact: &kg.Contact{}}, false},
		{"partial date precision", &kg.Edge{Since: kg.PartialDate{Year: 2016}}, &kg.Edge{Since: kg.PartialDate{Year: 2016, Month: 4}}, false},
		{"different types", &kg.Node{}, &kg.Edge{}, false},
	} {
		if got := same(c.a, c.b); got != c.want {
			t.Errorf("%s: same = %v, want %v", c.name, got, c.want)
		}
	}
}
