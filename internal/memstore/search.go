package memstore

import (
	"context"
	"sort"
	"strings"

	"github.com/kommunkg/kg/internal/kg"
)

// Score classes, best first. A node's score is the best class any of its names reaches.
const (
	scoreExact  = 1.0
	scoreAlias  = 0.9
	scorePrefix = 0.7
	scoreWord   = 0.5
	scoreFuzzy  = 0.3
)

// maxPrefixScan bounds how many names a short prefix may touch, so "a" on a million-node
// graph stays cheap; exact, alias and word matches are never cut.
const maxPrefixScan = 20000

// searchIndex is built once. names holds every folded name and alias with its owner; tokens
// maps each folded word to the nodes using it; vocab buckets the distinct words by length for
// the one-typo scan.
type searchIndex struct {
	exact  map[string][]nameRef // folded full name/alias → owners
	names  []nameEntry          // sorted by folded text, for prefix ranges
	tokens map[string][]int32   // folded word → nodes (sorted, unique)
	vocab  map[int][]string     // word length in runes → words
}

type nameRef struct {
	node  int32
	alias bool
}

type nameEntry struct {
	text string
	ref  nameRef
}

func buildSearch(nodes []*kg.Node) *searchIndex {
	x := &searchIndex{exact: map[string][]nameRef{}, tokens: map[string][]int32{}, vocab: map[int][]string{}}
	for i, n := range nodes {
		add := func(name string, alias bool) {
			f := kg.Fold(name)
			if f == "" {
				return
			}
			r := nameRef{node: int32(i), alias: alias}
			x.exact[f] = append(x.exact[f], r)
			x.names = append(x.names, nameEntry{f, r})
			for _, w := range strings.Fields(f) {
				p := x.tokens[w]
				if len(p) == 0 || p[len(p)-1] != int32(i) {
					if len(p) == 0 {
						x.vocab[len([]rune(w))] = append(x.vocab[len([]rune(w))], w)
					}
					x.tokens[w] = append(p, int32(i))
				}
			}
		}
		add(n.Name, false)
		for _, a := range n.Aliases {
			add(a, true)
		}
		if n.Abbreviation != "" {
			add(n.Abbreviation, true)
		}
	}
	sort.Slice(x.names, func(i, j int) bool {
		if x.names[i].text != x.names[j].text {
			return x.names[i].text < x.names[j].text
		}
		return x.names[i].ref.node < x.names[j].ref.node
	})
	return x
}

// Search implements kg.Store: case-, diacritic- and alias-insensitive, one typo tolerated,
// ranked exact name > alias > prefix > word > fuzzy, then shorter names, then name, then id.
func (s *Store) Search(ctx context.Context, q kg.SearchQuery) ([]kg.SearchHit, error) {
	if err := ctx.Err(); err != nil {
		return nil, ctxErr(err)
	}
	text := kg.Fold(q.Text)
	if text == "" || q.First <= 0 {
		return []kg.SearchHit{}, nil
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
	x := s.search
	for _, r := range x.exact[text] {
		if r.alias {
			offer(r.node, scoreAlias)
		} else {
			offer(r.node, scoreExact)
		}
	}
	// Prefix: names starting with the query (binary search to the start of the range).
	i := sort.Search(len(x.names), func(i int) bool { return x.names[i].text >= text })
	for j := i; j < len(x.names) && j-i < maxPrefixScan && strings.HasPrefix(x.names[j].text, text); j++ {
		offer(x.names[j].ref.node, scorePrefix)
	}
	words := strings.Fields(text)
	// Word: every query word is a word of the node's names (the last may be a word prefix,
	// so "energi kontor sydo" finds Energikontor Sydost as the user types).
	for _, n := range x.intersect(words, func(w string, last bool) []int32 {
		p := x.tokens[w]
		if !last || len(w) < 3 {
			return p
		}
		return x.prefixPostings(w, p)
	}) {
		offer(n, scoreWord)
	}
	// Fuzzy: every query word is within one edit of some word of the node's names.
	if len(words) > 0 && len(best) < q.First {
		for _, n := range x.intersect(words, func(w string, _ bool) []int32 { return x.fuzzyPostings(w) }) {
			offer(n, scoreFuzzy)
		}
	}
	hits := make([]kg.SearchHit, 0, len(best))
	for n, sc := range best {
		hits = append(hits, kg.SearchHit{Node: s.nodes[n], Score: sc})
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Score != b.Score {
			return a.Score > b.Score
		}
		ai, bi := s.index[a.Node.ID], s.index[b.Node.ID]
		if len(s.folded[ai]) != len(s.folded[bi]) {
			return len(s.folded[ai]) < len(s.folded[bi])
		}
		if s.folded[ai] != s.folded[bi] {
			return s.folded[ai] < s.folded[bi]
		}
		return a.Node.ID < b.Node.ID
	})
	if len(hits) > q.First {
		hits = hits[:q.First]
	}
	return hits, nil
}

// intersect returns the nodes present in post(w) for every word w, ascending.
func (x *searchIndex) intersect(words []string, post func(w string, last bool) []int32) []int32 {
	var acc []int32
	for k, w := range words {
		p := post(w, k == len(words)-1)
		if len(p) == 0 {
			return nil
		}
		if k == 0 {
			acc = append([]int32(nil), p...)
			continue
		}
		acc = intersectSorted(acc, p)
		if len(acc) == 0 {
			return nil
		}
	}
	return acc
}

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

// prefixPostings unions the postings of every word starting with w (plus exact's p).
func (x *searchIndex) prefixPostings(w string, p []int32) []int32 {
	seen := map[int32]bool{}
	for _, n := range p {
		seen[n] = true
	}
	i := sort.Search(len(x.names), func(i int) bool { return x.names[i].text >= w })
	_ = i
	// Word prefixes can sit anywhere in a name, so scan the vocabulary of longer words.
	wl := len([]rune(w))
	scanned := 0
	for l, words := range x.vocab {
		if l <= wl {
			continue
		}
		for _, v := range words {
			scanned++
			if strings.HasPrefix(v, w) {
				for _, n := range x.tokens[v] {
					seen[n] = true
				}
			}
		}
		if scanned > maxPrefixScan*10 {
			break
		}
	}
	return sortedKeys(seen)
}

// fuzzyPostings unions the postings of every vocabulary word within one edit of w. Words of
// fewer than four letters get no typo allowance: "ab" ~ "id" would match half the graph.
func (x *searchIndex) fuzzyPostings(w string) []int32 {
	wl := len([]rune(w))
	if wl < 4 {
		return x.tokens[w]
	}
	seen := map[int32]bool{}
	for l := wl - 1; l <= wl+1; l++ {
		for _, v := range x.vocab[l] {
			if kg.Within1(w, v) {
				for _, n := range x.tokens[v] {
					seen[n] = true
				}
			}
		}
	}
	return sortedKeys(seen)
}

func sortedKeys(m map[int32]bool) []int32 {
	out := make([]int32, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
