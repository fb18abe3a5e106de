package kg_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

func TestSearchScore(t *testing.T) {
	com := &kg.Node{ID: "com", Kind: kg.KindNetwork, Name: "Covenant of Mayors", Aliases: []string{"Borgmästaravtalet"}, Abbreviation: "CoM"}
	esy := &kg.Node{ID: "esy", Kind: kg.KindOrganisation, Name: "Energikontor Sydost"}
	for _, tc := range []struct {
		n    *kg.Node
		text string
		want float64
	}{
		{com, "covenant of mayors", kg.ScoreExact},
		{com, "borgmastaravtalet", kg.ScoreAlias},
		{com, "com", kg.ScoreAlias}, // the abbreviation
		{com, "covenant of m", kg.ScorePrefix},
		{com, "borgm", kg.ScorePrefix}, // an alias prefix
		{com, "mayors covenant", kg.ScoreWord},
		{com, "mayors cov", kg.ScoreWord}, // the last word may be a word prefix …
		{com, "mayors co", 0},             // … of at least three bytes; "co" is too short for a typo
		{esy, "energikontor sydo", kg.ScorePrefix},
		{esy, "sydost energi", kg.ScoreWord},
		{esy, "sydots", kg.ScoreFuzzy},      // a swap
		{esy, "energikontr", kg.ScoreFuzzy}, // no prefix of any word: one letter is missing, a typo
		{esy, "enrgikontor sydost", kg.ScoreFuzzy},
		{esy, "syd", kg.ScoreWord},
		{esy, "sy", 0}, // too short for a word prefix
		{esy, "sydosst energikontorr", kg.ScoreFuzzy},
		{esy, "sydxxt", 0}, // two typos
		{esy, "ost", 0},
	} {
		if got := kg.SearchScore(tc.n, tc.text); got != tc.want {
			t.Errorf("SearchScore(%s, %q) = %v, want %v", tc.n.ID, tc.text, got, tc.want)
		}
	}
}

func TestRankSearchOrder(t *testing.T) {
	ns := []*kg.Node{
		{ID: "b-kommun", Kind: kg.KindMunicipality, Name: "Kommun"},
		{ID: "a-kommun", Kind: kg.KindMunicipality, Name: "Kommun"},
		{ID: "vaxjo", Kind: kg.KindMunicipality, Name: "Växjö kommun"},
		{ID: "lulea", Kind: kg.KindMunicipality, Name: "Luleå kommun"},
		{ID: "kom", Kind: kg.KindOrganisation, Name: "Kommunförbundet", Aliases: []string{"Kommun"}},
		{ID: "komun", Kind: kg.KindPerson, Name: "Komun Andersson"},
		{ID: "none", Kind: kg.KindPerson, Name: "Anna"},
	}
	hits := func(q kg.SearchQuery) string {
		var out []string
		for _, h := range kg.RankSearch(q, append(ns, ns[0])) { // a repeated candidate counts once
			out = append(out, fmt.Sprintf("%s:%.1f", h.Node.ID, h.Score))
		}
		return fmt.Sprint(out)
	}
	for _, tc := range []struct {
		q    kg.SearchQuery
		want string
	}{
		// exact (ties by id), alias, then words: shorter folded name first, then name.
		{kg.SearchQuery{Text: "KOMMUN", First: 10}, "[a-kommun:1.0 b-kommun:1.0 kom:0.9 lulea:0.5 vaxjo:0.5 komun:0.3]"},
		{kg.SearchQuery{Text: "kommun", First: 2}, "[a-kommun:1.0 b-kommun:1.0]"},
		{kg.SearchQuery{Text: "kommun", First: 10, Kinds: []kg.NodeKind{kg.KindPerson, kg.KindOrganisation}}, "[kom:0.9 komun:0.3]"},
		{kg.SearchQuery{Text: "kommun", First: 0}, "[]"},
		{kg.SearchQuery{Text: "--", First: 10}, "[]"},
	} {
		if got := hits(tc.q); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.q, got, tc.want)
		}
	}
}

// TopHits selects a short page of many hits like a full sort does.
func TestTopHitsMatchesSort(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	for range 300 {
		n := rnd.IntN(200)
		ns := make([]kg.ScoredNode, n)
		for i := range ns {
			f := fmt.Sprintf("n%d", rnd.IntN(30))
			ns[i] = kg.ScoredNode{Node: &kg.Node{ID: fmt.Sprintf("id%03d", i)}, Folded: f, Score: []float64{1, 0.9, 0.7, 0.5, 0.3}[rnd.IntN(5)]}
		}
		first := rnd.IntN(n + 2)
		want := slices.Clone(ns)
		slices.SortFunc(want, kg.CompareScored)
		want = want[:min(first, n)]
		got := kg.TopHits(slices.Clone(ns), first)
		if len(got) != len(want) {
			t.Fatalf("n=%d first=%d: %d hits, want %d", n, first, len(got), len(want))
		}
		for i := range got {
			if got[i].Node != want[i].Node {
				t.Fatalf("n=%d first=%d: hit %d is %s, want %s", n, first, i, got[i].Node.ID, want[i].Node.ID)
			}
		}
	}
}
