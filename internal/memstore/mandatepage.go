package memstore

import (
	"context"
	"slices"

	"github.com/kommunkg/kg/internal/kg"
)

// MandatePage implements kg.Store: the matches of Mandates (already in the port's order),
// paged by binary search on the cursor's keys.
func (s *Store) MandatePage(ctx context.Context, f kg.MandateFilter, first int, after string) (kg.MandatePage, error) {
	if err := checkMandatePage(f, first); err != nil {
		return kg.MandatePage{}, err
	}
	var key *kg.Mandate
	if after != "" {
		k, err := kg.DecodeMandateCursor(after)
		if err != nil {
			return kg.MandatePage{}, err
		}
		key = k
	}
	ms, err := s.Mandates(ctx, f)
	if err != nil {
		return kg.MandatePage{}, err
	}
	start := 0
	if key != nil {
		start, _ = slices.BinarySearchFunc(ms, key, func(m, k *kg.Mandate) int {
			if c := kg.CompareMandates(m, k); c != 0 {
				return c
			}
			return -1 // the cursor's own mandate is not after it
		})
	}
	rest := ms[start:]
	page := rest[:min(first, len(rest))]
	p := kg.MandatePage{Mandates: slices.Clone(page), Cursors: make([]string, len(page)), TotalCount: len(ms), HasNext: len(rest) > len(page)}
	for i, m := range page {
		p.Cursors[i] = kg.MandateCursor(m)
	}
	return p, nil
}

func checkMandatePage(f kg.MandateFilter, first int) error {
	if first < 0 || first > kg.MaxFirst {
		return kg.Errorf(kg.EINVALID, "first must be between 0 and %d, got %d", kg.MaxFirst, first)
	}
	return f.Time.Check()
}
