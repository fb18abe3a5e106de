package analysis

import (
	"context"
	"slices"
	"testing"

	"github.com/kommunkg/kg/internal/kg"
)

// bipartite: municipalities m0..m3 (0–3) members of networks n4..n6 (4–6):
// m0: n4 n5 n6; m1: n4 n5; m2: n5; m3: none (an isolated municipality is still a node).
// So m0–m1 share n4 n5 (weight 2), m0–m2 and m1–m2 share n5; networks: n4–n5 share m0 m1,
// n4–n6 and n5–n6 share m0.
func bipartite() *kg.Projection {
	p := projection(7, [][2]int32{{0, 4}, {0, 5}, {0, 6}, {1, 4}, {1, 5}, {2, 5}})
	for i := 4; i < 7; i++ {
		p.Kinds[i] = kg.KindNetwork
	}
	return p
}

type tie struct {
	a, b   int32
	shared []int32
}

func ties(om *OneMode) []tie {
	var out []tie
	for _, e := range om.Ties {
		out = append(out, tie{e.A, e.B, om.Shared(e)})
	}
	return out
}

func TestProjectOneMode(t *testing.T) {
	p := bipartite()
	g := New(p)
	for _, tt := range []struct {
		kind  kg.NodeKind
		nodes []int32
		ties  []tie
	}{
		{kg.KindMunicipality, []int32{0, 1, 2, 3}, []tie{{0, 1, []int32{4, 5}}, {0, 2, []int32{5}}, {1, 2, []int32{5}}}},
		{kg.KindNetwork, []int32{4, 5, 6}, []tie{{4, 5, []int32{0, 1}}, {4, 6, []int32{0}}, {5, 6, []int32{0}}}},
	} {
		om, err := ProjectOneMode(context.Background(), p, g, tt.kind)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(om.Nodes, tt.nodes) {
			t.Errorf("%s nodes %v, want %v", tt.kind, om.Nodes, tt.nodes)
		}
		if got := ties(om); !slices.EqualFunc(got, tt.ties, func(a, b tie) bool { return a.a == b.a && a.b == b.b && slices.Equal(a.shared, b.shared) }) {
			t.Errorf("%s ties %v, want %v", tt.kind, got, tt.ties)
		}
		var sum int64
		for _, e := range om.Ties {
			sum += int64(e.Weight())
		}
		if n := OneModePairs(p, g, tt.kind); n != sum {
			t.Errorf("%s: OneModePairs %d, weights sum to %d", tt.kind, n, sum)
		}
	}
}

// Each node's row of the projection is its interlocks (same counts, same shared nodes), on
// a graph that is not bipartite (karate: members share friends who are members too).
func TestOneModeRowsAreInterlocks(t *testing.T) {
	p := projection(34, karate)
	g := New(p)
	om, err := ProjectOneMode(context.Background(), p, g, "")
	if err != nil {
		t.Fatal(err)
	}
	rows := map[int32]map[int32][]int32{}
	for _, e := range om.Ties {
		for _, end := range [][2]int32{{e.A, e.B}, {e.B, e.A}} {
			if rows[end[0]] == nil {
				rows[end[0]] = map[int32][]int32{}
			}
			rows[end[0]][end[1]] = om.Shared(e)
		}
	}
	for x := int32(0); x < 34; x++ {
		il := Interlocks(p, g, x, "")
		if len(il) != len(rows[x]) {
			t.Errorf("node %d: %d interlocks, %d ties in the projection", x, len(il), len(rows[x]))
		}
		for _, l := range il {
			if !slices.Equal(l.Shared, rows[x][l.Index]) {
				t.Errorf("node %d–%d: interlocks share %v, projection %v", x, l.Index, l.Shared, rows[x][l.Index])
			}
		}
	}
}

// Above MaxProjectionTies the projection is refused before it is formed: a star of 2001
// leaves would tie C(2001, 2) = 2 001 000 pairs through its centre.
func TestProjectOneModeTooLarge(t *testing.T) {
	p := star(2001)
	g := New(p)
	if n := OneModePairs(p, g, ""); n != 2001*2000/2 {
		t.Fatalf("OneModePairs = %d", n)
	}
	_, err := ProjectOneMode(context.Background(), p, g, "")
	if kg.ErrorCode(err) != kg.ETOOLARGE {
		t.Errorf("err %v, want TOO_LARGE", err)
	}
	ok := star(2000) // C(2000, 2) = 1 999 000: answered
	if _, err := ProjectOneMode(context.Background(), ok, New(ok), ""); err != nil {
		t.Errorf("star(2000): %v", err)
	}
	if _, err := ProjectOneMode(context.Background(), p, NewDirected(p, kg.DirOut), ""); err == nil {
		t.Error("a directed graph was projected")
	}
}
