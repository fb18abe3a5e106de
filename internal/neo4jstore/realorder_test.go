package neo4jstore

import (
	"context"
	"slices"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// TestStringOrderOnRealServer: Cypher's ORDER BY and cursor comparisons over strings must
// give the byte order kg.CompareListOrder (and the embedded store) uses, also for names that
// mix characters above U+FFFF (UTF-16 surrogates D800-DFFF) with characters in U+E000-U+FFFF,
// where UTF-16 code-unit order and byte order disagree. Paging two at a time exercises the
// cursor comparison in the database, not only a sort in Go.
func TestStringOrderOnRealServer(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	// Fold keeps U+FB01 (EF AC 81; UTF-16 FB01) and U+10000 (F0 90 80 80; UTF-16 D800 DC00):
	// bytes put the ligature first, UTF-16 code units the Linear B syllable.
	names := []string{"\U00010000a", "\ufb01x", "a\U00010000", "a\ufb01", "\ufb01", "\U00010000", "b", "a\U00010000\ufb01"}
	g := &kg.Graph{}
	for i, n := range names {
		g.Nodes = append(g.Nodes, &kg.Node{ID: string(rune('a'+i)) + "-node", Kind: kg.KindMunicipality, Name: n})
	}
	if _, err := st.Load(ctx, g); err != nil {
		t.Fatalf("load: %v", err)
	}
	want := slices.Clone(g.Nodes)
	slices.SortFunc(want, func(a, b *kg.Node) int { return kg.CompareListOrder(kg.Fold(a.Name), a.ID, kg.Fold(b.Name), b.ID) })
	var wantIDs, got []string
	for _, n := range want {
		wantIDs = append(wantIDs, n.ID)
	}
	after := ""
	for range names {
		p, err := st.ListNodes(ctx, kg.ListQuery{First: 2, After: after})
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		for _, n := range p.Nodes {
			got = append(got, n.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	if !slices.Equal(got, wantIDs) {
		t.Errorf("ListNodes order in Neo4j = %v, want byte order %v", got, wantIDs)
	}
}

// TestEmptyFoldedNameListed: a name that folds to "" (symbols only) is listed first, as in
// the embedded store, also when paging (it used to be an absent nameFold, sorted last by
// ORDER BY and dropped by the cursor comparison).
func TestEmptyFoldedNameListed(t *testing.T) {
	st := openReal(t, realServer(t))
	ctx := context.Background()
	g := &kg.Graph{}
	for i, n := range []string{"\uff5e", "\U0001F600", "b", "c", "d"} {
		g.Nodes = append(g.Nodes, &kg.Node{ID: string(rune('a'+i)) + "-node", Kind: kg.KindMunicipality, Name: n})
	}
	if _, err := st.Load(ctx, g); err != nil {
		t.Fatalf("load: %v", err)
	}
	var got []string
	after := ""
	for range g.Nodes {
		p, err := st.ListNodes(ctx, kg.ListQuery{First: 2, After: after})
		if err != nil {
			t.Fatalf("list: %v", err)
		}
		for _, n := range p.Nodes {
			got = append(got, n.ID)
		}
		if !p.HasNext {
			break
		}
		after = p.Cursors[len(p.Cursors)-1]
	}
	if want := []string{"a-node", "b-node", "c-node", "d-node", "e-node"}; !slices.Equal(got, want) {
		t.Errorf("ListNodes pages = %v, want %v", got, want)
	}
}
