package kg

import (
	"cmp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Search score classes, best first. A node's score is the best class any of its names
// reaches for the folded query text (see SearchScore).
const (
	ScoreExact  = 1.0 // the primary name is the text
	ScoreAlias  = 0.9 // an alias or the abbreviation is the text
	ScorePrefix = 0.7 // a name (primary, alias or abbreviation) starts with the text
	ScoreWord   = 0.5 // every query word is a word of the names; the last may be a word prefix
	ScoreFuzzy  = 0.3 // every query word is within one typo of a word of the names
)

// Word-matching thresholds of search.
const (
	// MinWordPrefix is the shortest last query word (in bytes) that matches as a word
	// prefix ("energi kontor sydo" finds Energikontor Sydost); shorter ones must be whole.
	MinWordPrefix = 3
	// MinFuzzyWord is the shortest query word (in runes) allowed a typo: "ab" ~ "id" would
	// match half the graph.
	MinFuzzyWord = 4
)

// SearchScore is the score of node n for the folded query text (Fold output, not empty): the
// best of the classes above, or 0 when n does not match. It is the definition both stores
// implement; the embedded store computes the same from its indexes.
func SearchScore(n *Node, text string) float64 {
	primary := Fold(n.Name)
	if primary == text {
		return ScoreExact
	}
	names := make([]string, 0, 2+len(n.Aliases))
	names = append(names, primary)
	for _, a := range n.Aliases {
		if f := Fold(a); f != "" {
			names = append(names, f)
		}
	}
	if n.Abbreviation != "" {
		if f := Fold(n.Abbreviation); f != "" {
			names = append(names, f)
		}
	}
	for _, f := range names[1:] {
		if f == text {
			return ScoreAlias
		}
	}
	for _, f := range names {
		if strings.HasPrefix(f, text) {
			return ScorePrefix
		}
	}
	var vocab []string
	for _, f := range names {
		vocab = append(vocab, strings.Fields(f)...)
	}
	words := strings.Fields(text)
	every := func(match func(w string, last bool) bool) bool {
		for i, w := range words {
			if !match(w, i == len(words)-1) {
				return false
			}
		}
		return len(words) > 0
	}
	if every(func(w string, last bool) bool {
		return slices.ContainsFunc(vocab, func(v string) bool {
			if last && len(w) >= MinWordPrefix {
				return strings.HasPrefix(v, w)
			}
			return v == w
		})
	}) {
		return ScoreWord
	}
	if every(func(w string, _ bool) bool {
		fuzzy := utf8.RuneCountInString(w) >= MinFuzzyWord
		return slices.ContainsFunc(vocab, func(v string) bool {
			if fuzzy {
				return Within1(w, v)
			}
			return v == w
		})
	}) {
		return ScoreFuzzy
	}
	return 0
}

// ScoredNode is a search candidate with its score and folded primary name.
type ScoredNode struct {
	Node   *Node
	Folded string // Fold(Node.Name)
	Score  float64
}

// CompareScored is the order of search results: higher score, then shorter folded name,
// then folded name, then id.
func CompareScored(a, b ScoredNode) int {
	if a.Score != b.Score {
		return cmp.Compare(b.Score, a.Score)
	}
	if len(a.Folded) != len(b.Folded) {
		return cmp.Compare(len(a.Folded), len(b.Folded))
	}
	if c := strings.Compare(a.Folded, b.Folded); c != 0 {
		return c
	}
	return strings.Compare(a.Node.ID, b.Node.ID)
}

// TopHits returns the first first of the scored nodes in CompareScored order; it reorders
// ns. A short page of many hits ("k" on a large graph) is selected with a bounded heap
// rather than by sorting them all.
func TopHits(ns []ScoredNode, first int) []SearchHit {
	first = max(first, 0)
	if first < len(ns)/4 {
		ns = topK(ns, first)
	}
	slices.SortFunc(ns, CompareScored)
	if len(ns) > first {
		ns = ns[:first]
	}
	out := make([]SearchHit, len(ns))
	for i, s := range ns {
		out[i] = SearchHit{Node: s.Node, Score: s.Score}
	}
	return out
}

// RankSearch answers q over the candidate nodes: those of q.Kinds (any when empty) that
// SearchScore matches, best first (CompareScored), at most q.First. Candidates may repeat.
// A store that finds a superset of the matching nodes (Neo4j's full-text index) gets
// exactly the answer of a search over the whole graph.
func RankSearch(q SearchQuery, cands []*Node) []SearchHit {
	text := Fold(q.Text)
	if text == "" || q.First <= 0 {
		return []SearchHit{}
	}
	seen := make(map[string]bool, len(cands))
	scored := make([]ScoredNode, 0, len(cands))
	for _, n := range cands {
		if seen[n.ID] || (len(q.Kinds) > 0 && !KindIn(n.Kind, q.Kinds)) {
			continue
		}
		seen[n.ID] = true
		if s := SearchScore(n, text); s > 0 {
			scored = append(scored, ScoredNode{Node: n, Folded: Fold(n.Name), Score: s})
		}
	}
	return TopHits(scored, q.First)
}

// topK moves the k best of ns (by CompareScored) to ns[:k], unordered, and returns ns[:k]:
// ns[:k] is kept as a heap with the worst of them on top.
func topK(ns []ScoredNode, k int) []ScoredNode {
	if k == 0 {
		return ns[:0]
	}
	h := ns[:k]
	worse := func(i, j int) bool { return CompareScored(h[i], h[j]) > 0 }
	down := func(i int) {
		for {
			c := 2*i + 1
			if c >= k {
				return
			}
			if c+1 < k && worse(c+1, c) {
				c++
			}
			if !worse(c, i) {
				return
			}
			h[i], h[c] = h[c], h[i]
			i = c
		}
	}
	for i := k/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, n := range ns[k:] {
		if CompareScored(n, h[0]) < 0 {
			h[0] = n
			down(0)
		}
	}
	return h
}
