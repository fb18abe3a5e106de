package kg

import (
	"slices"
	"strconv"
)

// SearchPage is one page of Search: hits in ranking order with their cursors. TotalCount
// counts every match of the text and kinds, not the page.
type SearchPage struct {
	Hits       []SearchHit
	Cursors    []string
	TotalCount int
	HasNext    bool
	HasPrev    bool
}

// searchCursorKind is the EncodeKeyCursor kind of search cursors.
const searchCursorKind = "search"

// SearchCursor is the cursor of a hit: its score, folded name and id, which is everything
// CompareScored orders by, so a page after it is a keyset page (stable while the graph is).
func SearchCursor(s ScoredNode) string {
	return EncodeKeyCursor(searchCursorKind, strconv.FormatFloat(s.Score, 'g', -1, 64), s.Folded, s.Node.ID)
}

// decodeSearchCursor reverses SearchCursor into the position it names.
func decodeSearchCursor(c string) (ScoredNode, error) {
	keys, err := DecodeKeyCursor(c, searchCursorKind, 3)
	if err != nil {
		return ScoredNode{}, err
	}
	score, err := strconv.ParseFloat(keys[0], 64)
	if err != nil || !(score > 0 && score <= 1) { // written so that NaN is refused too
		return ScoredNode{}, Errorf(EINVALID, "after: invalid cursor")
	}
	return ScoredNode{Node: &Node{ID: keys[2]}, Folded: keys[1], Score: score}, nil
}

// CheckSearchCursor reports whether after is empty or a valid search cursor (INVALID
// otherwise), so a store can refuse a bad cursor before doing any work.
func CheckSearchCursor(after string) error {
	if after == "" {
		return nil
	}
	_, err := decodeSearchCursor(after)
	return err
}

// PageSearch makes the page of q from every matching scored node (any order, no repeats):
// the First best after q.After in CompareScored order. It is the one paging rule both stores
// apply; a bad cursor is INVALID.
func PageSearch(q SearchQuery, scored []ScoredNode) (*SearchPage, error) {
	page := &SearchPage{Hits: []SearchHit{}, Cursors: []string{}, TotalCount: len(scored)}
	rest := scored
	if q.After != "" {
		pos, err := decodeSearchCursor(q.After)
		if err != nil {
			return nil, err
		}
		page.HasPrev = true
		rest = slices.DeleteFunc(slices.Clone(scored), func(s ScoredNode) bool { return CompareScored(s, pos) <= 0 })
	}
	first := max(q.First, 0)
	page.HasNext = len(rest) > first
	top := rest
	if first < len(rest)/4 {
		top = topK(slices.Clone(rest), first)
	}
	top = slices.Clone(top)
	slices.SortFunc(top, CompareScored)
	if len(top) > first {
		top = top[:first]
	}
	for _, s := range top {
		page.Hits = append(page.Hits, SearchHit{Node: s.Node, Score: s.Score})
		page.Cursors = append(page.Cursors, SearchCursor(s))
	}
	return page, nil
}

// ScoreSearch returns the candidates of q.Kinds (any when empty) that SearchScore matches,
// each once, with their scores: the input of PageSearch for a store that finds a superset of
// the matches (Neo4j's full-text index). Empty when the text folds to nothing.
func ScoreSearch(q SearchQuery, cands []*Node) []ScoredNode {
	text := Fold(q.Text)
	if text == "" {
		return nil
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
	return scored
}

// RankSearchPage is PageSearch over ScoreSearch: the answer of a search over the candidate
// nodes, paged. With q.After empty its hits are RankSearch's.
func RankSearchPage(q SearchQuery, cands []*Node) (*SearchPage, error) {
	if err := CheckSearchCursor(q.After); err != nil {
		return nil, err
	}
	return PageSearch(q, ScoreSearch(q, cands))
}
