package kg

import "strings"

// CompareListOrder is the one list-order rule every store follows (ListNodes, search ties):
// folded name (Fold(Name)) by bytes, then id by bytes. It returns -1, 0 or +1 like
// strings.Compare. Callers pass the folded names so that each name is folded once.
func CompareListOrder(foldedA, idA, foldedB, idB string) int {
	if c := strings.Compare(foldedA, foldedB); c != 0 {
		return c
	}
	return strings.Compare(idA, idB)
}
