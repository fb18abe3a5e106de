package graph

import "context"

// batchBySpec is how every loader turns one window of keys into store calls: the keys are
// grouped by their spec (the list arguments: types, direction, time filter, page …) in the
// order first seen, and each group is one aligned store call over its ids. Within one
// nesting level siblings share a spec, so a level costs one store call however many parents
// it has. A failed call fails only its group's keys; errs is nil when nothing failed
// (dataloadgen's convention).
func batchBySpec[K any, S comparable, V any](ctx context.Context, keys []K, key func(K) (id string, spec S),
	call func(ctx context.Context, spec S, ids []string) ([]V, error)) (out []V, errs []error) {
	out = make([]V, len(keys))
	groups := map[S][]int{}
	var order []S
	for i, k := range keys {
		_, s := key(k)
		if _, ok := groups[s]; !ok {
			order = append(order, s)
		}
		groups[s] = append(groups[s], i)
	}
	failed := false
	errs = make([]error, len(keys))
	for _, s := range order {
		idx := groups[s]
		ids := make([]string, len(idx))
		for j, i := range idx {
			ids[j], _ = key(keys[i])
		}
		res, err := call(ctx, s, ids)
		for j, i := range idx {
			switch {
			case err != nil:
				errs[i], failed = err, true
			case j < len(res):
				out[i] = res[j]
			}
		}
	}
	if !failed {
		errs = nil
	}
	return out, errs
}
