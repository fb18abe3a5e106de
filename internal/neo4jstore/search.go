package neo4jstore

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
)

// Search works in two stages so that both backends rank identically:
//
//  1. Candidates. The full-text index entity_search holds, per entity, searchText (every
//     folded name, alias and abbreviation: the node's word set) and searchStart (the first
//     word of each). luceneQuery turns the folded query words into a Lucene query matching a
//     superset of every node the ranking can score above zero:
//
//       exact, prefix, word and fuzzy hits all need each query word to be a word of the node,
//       or (fuzzy) within one edit of one, or (last word) a prefix of one — so
//         +(w1 | w1~1) … +(wk | wk~1 | wk*)       ("~1" only for words of ≥ 4 letters,
//                                                   "*" only when the last word has ≥ 3 bytes)
//       and a name that merely starts with the text ("covenant of m", "a") needs its first
//       word to be w1 (or start with it when k = 1) — so, OR-ed with the above,
//         +searchStart:w1 +w2 … +wk*               (k > 1)   searchStart:w1*   (k = 1)
//
//     Lucene's FuzzyQuery counts a transposition as one edit and measures in code points,
//     like kg.Within1. The whitespace analyzer makes index tokens exactly strings.Fields of
//     kg.Fold output. Only the first maxLuceneWords words become clauses (dropping a
//     required clause only widens the superset) to stay far below Lucene's clause limit.
//
//  2. Ranking. The candidates are ranked by kg.RankSearch, the shared definition the
//     embedded store is held to: exact 1.0, alias 0.9, prefix 0.7, word 0.5, fuzzy 0.3
//     (kg.SearchScore), then shorter folded name, name, id (kg.CompareScored). Because a
//     node's score depends only on its own names, ranking a superset gives the answer of a
//     search over the whole graph.
//
// Known limits, documented in docs/neo4j.md: Lucene expands a fuzzy term to at most 50
// indexed words (a word with more than 50 one-typo neighbours could lose fuzzy candidates),
// the whitespace tokenizer splits words longer than 255 characters, and a query matching
// more than searchCandidateCap nodes is ranked (and counted: TotalCount) among the first
// searchCandidateCap only.

const (
	searchCandidateCap = 2000
	maxLuceneWords     = 8
)

// buildSearch returns the candidate query, or ok=false when the answer is empty without
// asking (a text that folds to nothing) — like the embedded store. First ≤ 0 still asks:
// the page's TotalCount counts the matches.
func buildSearch(q kg.SearchQuery) (query, bool) {
	text := kg.Fold(q.Text)
	if text == "" {
		return query{}, false
	}
	return query{"Search", cypherSearch, map[string]any{
		"lucene": luceneQuery(strings.Fields(text)),
		"kinds":  kindParams(q.Kinds),
		"cap":    int64(searchCandidateCap),
	}}, true
}

// luceneQuery builds the candidate query for folded words (see above). Every word is
// escaped, although kg.Fold output holds only letters, digits and spaces: the query string
// is a parameter, but Lucene syntax in it would still change what it matches.
func luceneQuery(words []string) string {
	if len(words) == 0 {
		return ""
	}
	if len(words) > maxLuceneWords {
		// Keep the first words and the last (which carries the prefix clause).
		words = append(append([]string{}, words[:maxLuceneWords-1]...), words[len(words)-1])
	}
	last := len(words) - 1
	var byWord, byStart []string
	for i, w := range words {
		e := escapeLucene(w)
		alts := []string{e}
		if utf8.RuneCountInString(w) >= 4 {
			alts = append(alts, e+"~1")
		}
		if i == last && len(w) >= 3 {
			alts = append(alts, e+"*")
		}
		byWord = append(byWord, "+("+strings.Join(alts, " ")+")")
		switch {
		case len(words) == 1:
			byStart = append(byStart, "searchStart:"+e+"*")
		case i == 0:
			byStart = append(byStart, "+searchStart:"+e)
		case i == last:
			byStart = append(byStart, "+"+e+"*")
		default:
			byStart = append(byStart, "+"+e)
		}
	}
	return "(" + strings.Join(byWord, " ") + ") OR (" + strings.Join(byStart, " ") + ")"
}

// luceneSpecial are the characters with a meaning in Lucene's classic query syntax.
const luceneSpecial = `+-&|!(){}[]^"~*?:\/`

// escapeLucene makes s one literal Lucene term: special characters and whitespace are
// backslash-escaped, and a word that is an operator (AND, OR, NOT) gets its first letter
// escaped so the parser reads it as a term.
func escapeLucene(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 4)
	for _, r := range s {
		if strings.ContainsRune(luceneSpecial, r) || r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\u3000' {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	out := b.String()
	switch out {
	case "AND", "OR", "NOT":
		out = `\` + out
	}
	return out
}

// rankCandidates ranks candidate nodes exactly as a search over the whole graph would.
func rankCandidates(ctx context.Context, q kg.SearchQuery, cands []*kg.Node) (*kg.SearchPage, error) {
	if err := ctxErr(ctx); err != nil {
		return nil, err
	}
	return kg.RankSearchPage(q, cands)
}
