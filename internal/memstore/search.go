package memstore

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
)

// maxPrefixScan bounds how many names a short prefix may touch, so "a" on a million-node
// graph stays cheap; exact, alias and word matches are never cut.
const maxPrefixScan = 20000

// searchIndex is built once. Primary names are the store's own name order (s.order over
// s.folded), so they need no second copy; aliases and abbreviations are a small sorted list
// beside it. tokens maps each folded word to the nodes using it; vocab holds the distinct
// words sorted (for word prefixes) and byLen buckets them by length (for the one-typo scan).
type searchIndex struct {
	aliases []nameKey          // folded aliases and abbreviations, by (text, node)
	tokens  map[string][]int32 // folded word → nodes (sorted, unique)
	vocab   []string           // distinct words, sorted
	byLen   map[int][]string   // word length in runes → words (sorted)
}

func buildSearch(s *Store) *searchIndex {
	x := &searchIndex{tokens: map[string][]int32{}, byLen: map[int][]string{}}
	addWords := func(f string, i int32) {
		for w := range strings.FieldsSeq(f) {
			p := x.tokens[w]
			if len(p) == 0 || p[len(p)-1] != i {
				x.tokens[w] = append(p, i)
			}
		}
	}
	for i, n := range s.nodes {
		addWords(s.folded[i], int32(i))
		alias := func(a string) {
			if f := kg.Fold(a); f != "" {
				x.aliases = append(x.aliases, nameKey{f, int32(i)})
				addWords(f, int32(i))
			}
		}
		for _, a := range n.Aliases {
			alias(a)
		}
		if n.Abbreviation != "" {
			alias(n.Abbreviation)
		}
	}
	slices.SortFunc(x.aliases, compareNameKeys)
	x.vocab = make([]string, 0, len(x.tokens))
	for w := range x.tokens {
		x.vocab = append(x.vocab, w)
	}
	slices.Sort(x.vocab)
	for _, w := range x.vocab {
		l := utf8.RuneCountInString(w)
		x.byLen[l] = append(x.byLen[l], w)
	}
	return x
}

// Search implements kg.Store: the answer of kg.RankSearch over the whole graph (scores by
// kg.SearchScore, order by kg.CompareScored), computed from the indexes — the equivalence
// tests hold it to kg.RankSearch. One bound is the embedded store's own: a prefix touches at
// most maxPrefixScan names (exact, alias and word matches are never cut), which also bounds
// TotalCount for a very short prefix. Every match is scored; kg.PageSearch cuts the page.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) (*kg.SearchPage, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	if err := kg.CheckSearchCursor(q.After); err != nil {
		return nil, err
	}
	text := kg.Fold(q.Text)
	if text == "" {
		return kg.PageSearch(q, nil)
	}
	var kindOK map[kg.NodeKind]bool
	if len(q.Kinds) > 0 {
		kindOK = map[kg.NodeKind]bool{}
		for _, k := range q.Kinds {
			kindOK[k] = true
		}
	}
	best := map[int32]float64{}
	offer := func(n int32, score float64) {
		if kindOK != nil && !kindOK[s.nodes[n].Kind] {
			return
		}
		if score > best[n] {
			best[n] = score
		}
	}
	s.scanNames(text, func(k nameKey, alias bool) {
		if k.text == text {
			if alias {
				offer(k.node, kg.ScoreAlias)
			} else {
				offer(k.node, kg.ScoreExact)
			}
		}
		offer(k.node, kg.ScorePrefix)
	})
	x := s.search
	words := strings.Fields(text)
	// Word: every query word is a word of the node's names (the last may be a word prefix,
	// so "energi kontor sydo" finds Energikontor Sydost as the user types).
	for _, n := range intersect(words, func(w string, last bool) [][]int32 {
		if !last || len(w) < kg.MinWordPrefix {
			return [][]int32{x.tokens[w]}
		}
		return x.prefixPostings(w)
	}) {
		offer(n, kg.ScoreWord)
	}
	// Fuzzy: every query word is within one edit of some word of the node's names. Always
	// looked up: the page's totalCount counts every match, and a later page reaches them.
	if len(words) > 0 {
		for _, n := range intersect(words, func(w string, _ bool) [][]int32 { return x.fuzzyPostings(w) }) {
			offer(n, kg.ScoreFuzzy)
		}
	}
	hits := make([]kg.ScoredNode, 0, len(best))
	nv := s.view(ctx)
	for n, sc := range best {
		hits = append(hits, kg.ScoredNode{Node: nv[n], Folded: s.folded[n], Score: sc})
	}
	return kg.PageSearch(q, hits)
}

// scanNames calls f for the names (primary and alias, in (text, node) order) that start with
// text: at most maxPrefixScan of them, plus any further ones equal to text.
func (s *Store) scanNames(text string, f func(k nameKey, alias bool)) {
	prim := s.order
	i, _ := slices.BinarySearchFunc(prim, text, func(n int32, t string) int { return strings.Compare(s.folded[n], t) })
	al := s.search.aliases
	j, _ := slices.BinarySearchFunc(al, text, func(k nameKey, t string) int { return strings.Compare(k.text, t) })
	for seen := 0; ; seen++ {
		var k nameKey
		alias := false
		pi := i < len(prim) && strings.HasPrefix(s.folded[prim[i]], text)
		aj := j < len(al) && strings.HasPrefix(al[j].text, text)
		switch {
		case pi && (!aj || compareNameKeys(nameKey{s.folded[prim[i]], prim[i]}, al[j]) <= 0):
			k = nameKey{s.folded[prim[i]], prim[i]}
			i++
		case aj:
			k, alias = al[j], true
			j++
		default:
			return
		}
		if seen >= maxPrefixScan && k.text != text {
			return
		}
		f(k, alias)
	}
}

// intersect returns the nodes present, for every word w, in the union of sets(w), ascending.
// Words are taken from the smallest; a small running result is filtered by binary search
// rather than materialising a large union.
func intersect(words []string, sets func(w string, last bool) [][]int32) []int32 {
	if len(words) == 0 {
		return nil
	}
	all := make([][][]int32, len(words))
	size := make([]int, len(words))
	for k, w := range words {
		all[k] = sets(w, k == len(words)-1)
		for _, p := range all[k] {
			size[k] += len(p)
		}
		if size[k] == 0 {
			return nil
		}
	}
	idx := make([]int, len(words))
	for k := range idx {
		idx[k] = k
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(size[a], size[b]) })
	acc := union(all[idx[0]])
	for _, k := range idx[1:] {
		lists := all[k]
		if len(acc)*len(lists)*8 < size[k] {
			acc = slices.DeleteFunc(acc, func(n int32) bool {
				for _, p := range lists {
					if _, ok := slices.BinarySearch(p, n); ok {
						return false
					}
				}
				return true
			})
		} else {
			acc = intersectSorted(acc, union(lists))
		}
		if len(acc) == 0 {
			return nil
		}
	}
	return acc
}

// union merges sorted unique lists into a new sorted unique list.
func union(lists [][]int32) []int32 {
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return append([]int32(nil), lists[0]...)
	}
	for len(lists) > 1 {
		next := lists[:0:0]
		for i := 0; i < len(lists); i += 2 {
			if i+1 == len(lists) {
				next = append(next, lists[i])
				continue
			}
			next = append(next, mergeSorted(lists[i], lists[i+1]))
		}
		lists = next
	}
	return lists[0]
}

func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			out = append(out, a[i])
			i++
		default:
			out = append(out, b[j])
			j++
		}
	}
	return append(append(out, a[i:]...), b[j:]...)
}

// intersectSorted intersects a and b into a's memory.
func intersectSorted(a, b []int32) []int32 {
	out := a[:0]
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			out = append(out, a[i])
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return out
}

// prefixPostings returns the postings of every word starting with w (w included): a binary
// search into the sorted vocabulary, at most maxPrefixScan*10 words.
func (x *searchIndex) prefixPostings(w string) [][]int32 {
	i, _ := slices.BinarySearch(x.vocab, w)
	var out [][]int32
	for j := i; j < len(x.vocab) && j-i < maxPrefixScan*10 && strings.HasPrefix(x.vocab[j], w); j++ {
		out = append(out, x.tokens[x.vocab[j]])
	}
	return out
}

// fuzzyPostings returns the postings of every vocabulary word within one edit of w. Words of
// fewer than kg.MinFuzzyWord letters get no typo allowance: "ab" ~ "id" would match half the
// graph.
func (x *searchIndex) fuzzyPostings(w string) [][]int32 {
	wl := utf8.RuneCountInString(w)
	if wl < kg.MinFuzzyWord {
		return [][]int32{x.tokens[w]}
	}
	var out [][]int32
	for l := wl - 1; l <= wl+1; l++ {
		for _, v := range x.byLen[l] {
			if kg.Within1(w, v) {
				out = append(out, x.tokens[v])
			}
		}
	}
	return out
}
