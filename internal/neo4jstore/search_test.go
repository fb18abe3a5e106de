package neo4jstore

import (
	"context"
	"fmt"
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/internal/storetest"
	"github.com/kommunkg/kg/seeds"
)

func sameHits(a, b []kg.SearchHit) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Node.ID != b[i].Node.ID || a[i].Score != b[i].Score {
			return false
		}
	}
	return true
}

func hitsString(hs []kg.SearchHit) string {
	var parts []string
	for _, h := range hs {
		parts = append(parts, fmt.Sprintf("%s:%.1f", h.Node.ID, h.Score))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

func TestLuceneQueryShape(t *testing.T) {
	cases := map[string]string{
		"a":                   `(+(a)) OR (searchStart:a*)`,
		"skr":                 `(+(skr skr*)) OR (searchStart:skr*)`,
		"vaxjo":               `(+(vaxjo vaxjo~1 vaxjo*)) OR (searchStart:vaxjo*)`,
		"covenant of m":       `(+(covenant covenant~1) +(of) +(m)) OR (+searchStart:covenant +of +m*)`,
		"lulea kommum":        `(+(lulea lulea~1) +(kommum kommum~1 kommum*)) OR (+searchStart:lulea +kommum*)`,
		"ab cd ef":            `(+(ab) +(cd) +(ef)) OR (+searchStart:ab +cd +ef*)`,
		"a b c d e f g h i j": `(+(a) +(b) +(c) +(d) +(e) +(f) +(g) +(j)) OR (+searchStart:a +b +c +d +e +f +g +j*)`,
	}
	for text, want := range cases {
		if got := luceneQuery(strings.Fields(text)); got != want {
			t.Errorf("%q:\n got %s\nwant %s", text, got, want)
		}
	}
	// Runes, not bytes, decide the typo allowance: "öst" has 3 runes (4 bytes).
	if got := luceneQuery([]string{"öst"}); strings.Contains(got, "~1") || !strings.Contains(got, "öst*") {
		t.Errorf("öst: %s", got)
	}
}

func TestEscapeLucene(t *testing.T) {
	cases := map[string]string{
		"plain":           "plain",
		"a+b":             `a\+b`,
		`x:y`:             `x\:y`,
		`(*)`:             `\(\*\)`,
		`"quoted"`:        `\"quoted\"`,
		`a\b`:             `a\\b`,
		"a b":             `a\ b`,
		`~1`:              `\~1`,
		`a/b?c^d!e&f|g`:   `a\/b\?c\^d\!e\&f\|g`,
		`{[]}`:            `\{\[\]\}`,
		"AND":             `\AND`,
		"OR":              `\OR`,
		"NOT":             `\NOT`,
		"and":             "and",
		"ÅForsk":          "ÅForsk",
		"searchText:*":    `searchText\:\*`,
		"x) OR (id:*":     `x\)\ OR\ \(id\:\*`,
		"\u3000wide":      "\\\u3000wide",
		"-leading":        `\-leading`,
		"trailing\\":      `trailing\\`,
		"a&&b||c":         `a\&\&b\|\|c`,
		"':MATCH (n) //'": `'\:MATCH\ \(n\)\ \/\/'`,
	}
	for in, want := range cases {
		if got := escapeLucene(in); got != want {
			t.Errorf("escapeLucene(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever a caller types, the Lucene string holds only folded letters/digits and the
// syntax luceneQuery itself writes; and the text never reaches the Cypher statement.
func TestHostileSearchText(t *testing.T) {
	hostile := []string{
		`*:*`, `name:*`, `"unterminated`, `a AND b OR NOT c`, `(((((`, `\`, `~`, `a~2`, `a^100`, `[a TO z]`,
		`{!lucene}x`, `') YIELD node DETACH DELETE node //`, `$lucene`, `\u0000`, strings.Repeat("a ", 300),
		`OR`, `AND AND`, `/regex/`, `a*b?c`, `+-!`, "\t\n", "Växjö'; MATCH (n) DETACH DELETE n",
	}
	allowed := func(r rune) bool {
		return unicode.IsLetter(r) || unicode.IsDigit(r) || strings.ContainsRune(" ()+*~:", r)
	}
	for _, text := range hostile {
		q, ok := buildSearch(kg.SearchQuery{Text: text, First: 10})
		if !ok {
			continue
		}
		if q.cypher != cypherSearch {
			t.Errorf("%q changed the statement", text)
		}
		checkParams(t, q)
		lq := q.params["lucene"].(string)
		for _, r := range lq {
			if !allowed(r) {
				t.Errorf("%q → Lucene %q contains %q", text, lq, r)
				break
			}
		}
		// Syntax characters appear only where luceneQuery writes them.
		stripped := strings.NewReplacer("searchStart:", "", "~1", "", "*", "", "+(", "", "+", "", "(", "", ")", "", " OR ", " ").Replace(lq)
		if strings.ContainsAny(stripped, "()+*~:") {
			t.Errorf("%q → stray syntax in %q", text, lq)
		}
		if n := strings.Count(lq, "+("); n > maxLuceneWords {
			t.Errorf("%q → %d word clauses, want ≤ %d", text, n, maxLuceneWords)
		}
	}
}

// ---- a model of the Lucene subset luceneQuery writes --------------------------------------

// luceneNode is what the index holds for one node: the whitespace tokens of its two fields.
type luceneNode struct {
	text, start []string
}

func indexed(n *kg.Node) luceneNode {
	text, start := searchFields(n)
	return luceneNode{strings.Fields(text), strings.Fields(start)}
}

// luceneMatch evaluates a query written by luceneQuery against a node with Lucene's classic
// semantics: a group matches when all its + clauses do, or — with none — any clause does;
// an unqualified term searches both fields; "~1" is an edit distance of at most one with
// transpositions (FuzzyQuery's default), "*" a prefix.
func luceneMatch(t *testing.T, q string, n luceneNode) bool {
	t.Helper()
	toks := lexLucene(q)
	pos := 0
	ok := parseGroup(t, toks, &pos, n)
	if pos != len(toks) {
		t.Fatalf("trailing tokens in %q", q)
	}
	return ok
}

func lexLucene(q string) []string {
	var toks []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			toks = append(toks, cur.String())
			cur.Reset()
		}
	}
	esc := false
	for _, r := range q {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\':
			cur.WriteRune(r)
			esc = true
		case r == '(' || r == ')' || r == '+':
			flush()
			toks = append(toks, string(r))
		case r == ' ':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	return toks
}

func parseGroup(t *testing.T, toks []string, pos *int, n luceneNode) bool {
	var must, should []bool
	for *pos < len(toks) && toks[*pos] != ")" {
		required := false
		if toks[*pos] == "+" {
			required = true
			*pos++
		}
		if toks[*pos] == "OR" {
			*pos++
			continue
		}
		var m bool
		if toks[*pos] == "(" {
			*pos++
			m = parseGroup(t, toks, pos, n)
			if *pos >= len(toks) || toks[*pos] != ")" {
				t.Fatalf("unclosed group")
			}
			*pos++
		} else {
			m = termMatch(toks[*pos], n)
			*pos++
		}
		if required {
			must = append(must, m)
		} else {
			should = append(should, m)
		}
	}
	if len(must) > 0 {
		for _, m := range must {
			if !m {
				return false
			}
		}
		return true
	}
	for _, m := range should {
		if m {
			return true
		}
	}
	return false
}

func termMatch(term string, n luceneNode) bool {
	fields := [][]string{n.text, n.start}
	if rest, ok := strings.CutPrefix(term, "searchStart:"); ok {
		term, fields = rest, [][]string{n.start}
	}
	kind := "exact"
	if w, ok := strings.CutSuffix(term, "~1"); ok {
		term, kind = w, "fuzzy"
	} else if w, ok := strings.CutSuffix(term, "*"); ok {
		term, kind = w, "prefix"
	}
	term = strings.ReplaceAll(term, `\`, "")
	for _, f := range fields {
		for _, tok := range f {
			switch {
			case kind == "exact" && tok == term,
				kind == "prefix" && strings.HasPrefix(tok, term),
				kind == "fuzzy" && kg.Within1(tok, term):
				return true
			}
		}
	}
	return false
}

// searchQueries derives many query texts from a graph's names: whole names and aliases,
// prefixes, single words, word prefixes, reordered words, one-typo variants, and noise.
func searchQueries(g *kg.Graph, rng *rand.Rand) []string {
	seen := map[string]bool{}
	var out []string
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	typo := func(w string) string {
		r := []rune(w)
		if len(r) < 2 {
			return w
		}
		i := rng.Intn(len(r) - 1)
		switch rng.Intn(4) {
		case 0: // delete
			return string(append(append([]rune{}, r[:i]...), r[i+1:]...))
		case 1: // substitute
			c := append([]rune{}, r...)
			c[i] = 'x'
			return string(c)
		case 2: // insert
			return string(append(append(append([]rune{}, r[:i]...), 'e'), r[i:]...))
		default: // swap
			c := append([]rune{}, r...)
			c[i], c[i+1] = c[i+1], c[i]
			return string(c)
		}
	}
	for _, n := range g.Nodes {
		names := append([]string{n.Name, n.Abbreviation}, n.Aliases...)
		for _, name := range names {
			if name == "" {
				continue
			}
			add(name)
			add(strings.ToUpper(name))
			f := kg.Fold(name)
			for i := 1; i <= len(f) && i <= 12; i++ {
				if utf8.ValidString(f[:i]) {
					add(f[:i])
				}
			}
			words := strings.Fields(f)
			for i, w := range words {
				add(w)
				add(typo(w))
				if len(w) > 3 {
					add(w[:3])
				}
				if i > 0 {
					add(words[i] + " " + words[0])
					add(strings.Join(words[:i], " ") + " " + typo(words[i]))
				}
			}
		}
	}
	for _, s := range []string{"qwertyuiop", "of", "i", "de", "kommun", "region", "2023", "zz", "e", "ab cd", "öst"} {
		add(s)
	}
	return out
}

// The candidate query matches every node that scores under the shared rule (kg.RankSearch
// over the whole graph, which the embedded store is held to by its own equivalence test),
// under the model of Lucene above, and ranking the candidates gives exactly that answer —
// for the contract fixture and for the shipped seeds, with and without a kind filter.
func TestSearchCandidatesAreASuperset(t *testing.T) {
	seedGraph, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatalf("seeds: %v", err)
	}
	rng := rand.New(rand.NewSource(1))
	for name, g := range map[string]*kg.Graph{"fixture": storetest.Graph(), "seeds": seedGraph} {
		t.Run(name, func(t *testing.T) {
			idx := make([]luceneNode, len(g.Nodes))
			for i, n := range g.Nodes {
				idx[i] = indexed(n)
			}
			ctx := context.Background()
			queries := searchQueries(g, rng)
			// The seeds yield thousands of texts; a fixed random sample keeps the test fast
			// under -race while still covering every kind of variant.
			if len(queries) > 400 {
				rng.Shuffle(len(queries), func(i, j int) { queries[i], queries[j] = queries[j], queries[i] })
				queries = queries[:400]
			}
			checked := 0
			for _, text := range queries {
				for _, first := range []int{1, 3, 1000} {
					for _, kinds := range [][]kg.NodeKind{nil, {kg.KindMunicipality, kg.KindOrganisation}} {
						sq := kg.SearchQuery{Text: text, First: first, Kinds: kinds}
						want := kg.RankSearch(sq, g.Nodes) // the whole graph
						bq, ok := buildSearch(sq)
						if !ok {
							if len(want) != 0 {
								t.Errorf("%+v: no query but the whole graph has hits %v", sq, hitsString(want))
							}
							continue
						}
						lq := bq.params["lucene"].(string)
						var cands []*kg.Node
						in := map[string]bool{}
						for i, n := range g.Nodes {
							if (kinds == nil || kg.KindIn(n.Kind, kinds)) && luceneMatch(t, lq, idx[i]) {
								cands = append(cands, n)
								in[n.ID] = true
							}
						}
						for _, h := range want {
							if !in[h.Node.ID] {
								t.Errorf("%q: hit %s (%.1f) is not a candidate of %s", text, h.Node.ID, h.Score, lq)
							}
						}
						page, err := rankCandidates(ctx, sq, cands)
						if err != nil {
							t.Fatal(err)
						}
						got := page.Hits
						if !sameHits(got, want) {
							t.Errorf("%+v:\n got %s\nwant %s", sq, hitsString(got), hitsString(want))
						}
						checked++
					}
				}
			}
			t.Logf("%d queries checked (%d texts)", checked, len(queries))
		})
	}
}
