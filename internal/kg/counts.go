package kg

import (
	"cmp"
	"slices"
	"strings"
)

// CountGroup is what Counts groups by.
type CountGroup string

// The groups of Counts: nodes by kind, category or country, edges by type.
const (
	CountByKind     CountGroup = "KIND"
	CountByCategory CountGroup = "CATEGORY"
	CountByCountry  CountGroup = "COUNTRY"
	CountByEdgeType CountGroup = "EDGE_TYPE"
)

// Valid reports whether g is one of the groups.
func (g CountGroup) Valid() bool {
	switch g {
	case CountByKind, CountByCategory, CountByCountry, CountByEdgeType:
		return true
	}
	return false
}

// MaxCountBuckets is the most buckets Counts returns. When a grouping has more (categories
// of a large graph), the first MaxCountBuckets-1 are returned and the last bucket, key
// OtherBucketKey, sums the rest, so the counts still add up.
const MaxCountBuckets = 100

// OtherBucketKey is the key of the bucket summing the groups beyond MaxCountBuckets-1.
const OtherBucketKey = "*"

// CountQuery asks Counts for a grouping. Over the whole graph when Around is empty, else over
// the neighbourhood of Around (the nodes and edges Neighbourhood returns for Around, Hops,
// Types and Limit). Kinds restricts the nodes counted (node groups only; any when empty);
// Types restricts the edges walked and, for EDGE_TYPE, the edges counted (any when empty).
//
// Node groups: KIND by kind; CATEGORY by category ("" for nodes without one); COUNTRY by the
// COUNTRY nodes a node reaches by following LOCATED_IN edges outwards, transitively (the rule
// of ListQuery.Country), counted once in each — "" for nodes in none (countries themselves).
// EDGE_TYPE counts edges, written and mandate-derived, by type.
type CountQuery struct {
	GroupBy CountGroup
	Kinds   []NodeKind
	Types   []EdgeType
	Around  string
	Hops    int
	Limit   int // neighbourhood node limit, as NeighbourhoodQuery.Limit
}

// Check rejects a malformed query (INVALID naming the argument).
func (q CountQuery) Check() error {
	if !q.GroupBy.Valid() {
		return Errorf(EINVALID, "groupBy: unknown group %q", q.GroupBy)
	}
	for _, k := range q.Kinds {
		if !k.Valid() {
			return Errorf(EINVALID, "kinds: unknown kind %q", k)
		}
	}
	if q.GroupBy == CountByEdgeType && len(q.Kinds) > 0 {
		return Errorf(EINVALID, "kinds: not allowed with groupBy EDGE_TYPE (it counts edges)")
	}
	for _, t := range q.Types {
		if !t.Valid() {
			return Errorf(EINVALID, "types: unknown edge type %q", t)
		}
	}
	if q.Around != "" {
		if err := CheckStoreHops(q.Hops); err != nil {
			return err
		}
	}
	return nil
}

// CountBucket is one bar: a key (a kind, category, country id or edge type), a readable
// label (the country's name, the kind in words …) and a count.
type CountBucket struct {
	Key   string
	Label string
	Count int
}

// CompareBuckets is the order of Counts: count descending, then key.
func CompareBuckets(a, b CountBucket) int {
	if a.Count != b.Count {
		return cmp.Compare(b.Count, a.Count)
	}
	return strings.Compare(a.Key, b.Key)
}

// Buckets turns counts by key into Counts' answer: sorted by CompareBuckets, labelled by
// label (nil: the key's own label, see BucketLabel), zero counts dropped, at most
// MaxCountBuckets. Both stores finish with it.
func Buckets(group CountGroup, counts map[string]int, label func(key string) string) []CountBucket {
	out := make([]CountBucket, 0, len(counts))
	for k, c := range counts {
		if c <= 0 {
			continue
		}
		l := BucketLabel(group, k)
		if label != nil {
			l = label(k)
		}
		out = append(out, CountBucket{Key: k, Label: l, Count: c})
	}
	slices.SortFunc(out, CompareBuckets)
	if len(out) > MaxCountBuckets {
		rest := 0
		for _, b := range out[MaxCountBuckets-1:] {
			rest += b.Count
		}
		out = append(out[:MaxCountBuckets-1], CountBucket{Key: OtherBucketKey, Label: "other", Count: rest})
	}
	return out
}

// BucketLabel is the readable label of a key of a group other than COUNTRY (whose label is
// the country's name): "MUNICIPALITY" → "municipality", "MEMBER_OF" → "member of"; "" for the
// empty key (no category, no country).
func BucketLabel(group CountGroup, key string) string {
	switch group {
	case CountByKind, CountByEdgeType:
		return strings.ToLower(strings.ReplaceAll(key, "_", " "))
	}
	return key
}
