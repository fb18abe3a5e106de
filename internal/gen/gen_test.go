package gen_test

import (
	"context"
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/gen"
	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

var slug = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// digest hashes everything observable about a graph, in order.
func digest(g *kg.Graph) uint64 {
	h := fnv.New64a()
	for _, n := range g.Nodes {
		fmt.Fprintf(h, "N%s|%s|%s|%v|%d\n", n.ID, n.Kind, n.Name, n.Aliases, len(n.Attributes))
	}
	for _, e := range g.Edges {
		fmt.Fprintf(h, "E%s|%s|%s|%s|%s|%s|%d\n", e.ID, e.Type, e.From, e.To, e.Role, e.Since, len(e.Evidence))
	}
	for _, m := range g.Mandates {
		fmt.Fprintf(h, "M%s|%s|%s|%s|%s|%s\n", m.ID, m.Person, m.OnBehalfOf, m.Body, m.Role, m.Since)
	}
	return h.Sum64()
}

func TestGenerateDeterministic(t *testing.T) {
	a, la := gen.Generate(gen.Config{Nodes: 2000, Seed: 7})
	b, lb := gen.Generate(gen.Config{Nodes: 2000, Seed: 7})
	c, _ := gen.Generate(gen.Config{Nodes: 2000, Seed: 8})
	if digest(a) != digest(b) || la != lb {
		t.Fatal("same size and seed gave different graphs")
	}
	if digest(a) == digest(c) {
		t.Fatal("different seeds gave the same graph")
	}
}

// TestGenerateValid holds every generated graph to the rules the seed loader enforces on
// curated data, and checks the shape the benchmarks rely on.
func TestGenerateValid(t *testing.T) {
	for _, n := range []int{gen.MinNodes, 1000, 20000} {
		t.Run(gen.SizeName(n), func(t *testing.T) {
			g, lm := gen.Generate(gen.Config{Nodes: n, Seed: 1})
			s := gen.Summarise(g)
			if s.Nodes != n {
				t.Fatalf("nodes = %d, want %d", s.Nodes, n)
			}
			if per := float64(s.Edges) / float64(n); per < 4.5 || per > 5.5 {
				t.Errorf("edges per node = %.2f, want about 5", per)
			}
			tail := 2
			if n >= 10000 {
				tail = 10
			}
			if s.MaxMembers < tail*s.MedianMembers {
				t.Errorf("membership not heavy-tailed: max %d, median %d", s.MaxMembers, s.MedianMembers)
			}
			text := map[string]string{}
			for _, src := range g.Sources {
				text[src.ID] = src.Text
			}
			kind := map[string]kg.NodeKind{}
			for _, nd := range g.Nodes {
				if !slug.MatchString(nd.ID) || strings.Contains(nd.ID, "--") {
					t.Fatalf("node id %q is not a slug", nd.ID)
				}
				if _, dup := kind[nd.ID]; dup {
					t.Fatalf("duplicate node id %q", nd.ID)
				}
				kind[nd.ID] = nd.Kind
			}
			checkEv := func(what string, ev []kg.Evidence) {
				if len(ev) == 0 {
					t.Fatalf("%s has no evidence", what)
				}
				for _, e := range ev {
					if !strings.Contains(text[e.SourceID], e.Quote) {
						t.Fatalf("%s: quote %q not in source %q", what, e.Quote, e.SourceID)
					}
				}
			}
			for _, e := range g.Edges {
				if err := kg.CheckEdgeKinds(e.Type, kind[e.From], kind[e.To]); err != nil {
					t.Fatalf("edge %s: %v", e.ID, err)
				}
				checkEv("edge "+e.ID, e.Evidence)
			}
			busy := 0
			for _, m := range g.Mandates {
				if kind[m.Person] != kg.KindPerson || kind[m.Body] == "" {
					t.Fatalf("mandate %s: bad ends", m.ID)
				}
				checkEv("mandate "+m.ID, m.Evidence)
				if m.Body == lm.BusyBody {
					busy++
				}
			}
			if busy != gen.BusySeats {
				t.Errorf("busy body has %d mandates, want %d", busy, gen.BusySeats)
			}
			// The embedded store accepts it and the landmarks resolve.
			st, err := memstore.New(g)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{lm.BusyNetwork, lm.BusyBody, lm.Person, lm.PathFrom, lm.PathTo, lm.Center}
			ns, err := st.NodesByIDs(context.Background(), ids)
			if err != nil {
				t.Fatal(err)
			}
			for i, nd := range ns {
				if nd == nil {
					t.Errorf("landmark %q missing", ids[i])
				}
			}
			page, err := st.Search(context.Background(), kg.SearchQuery{Text: lm.SearchText, First: 5})
			found := false
			for _, h := range pageHits(page) {
				found = found || (h.Node.ID == lm.Center && h.Score == 1)
			}
			if err != nil || !found {
				t.Errorf("search %q: the centre %s is not an exact hit (%v)", lm.SearchText, lm.Center, err)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
		ok   bool
	}{{"1000", 1000, true}, {"1k", 1000, true}, {"100k", 100000, true}, {"1M", 1000000, true}, {"", 0, false}, {"-1k", 0, false}, {"1G", 0, false}, {"99999999999M", 0, false}} {
		got, err := gen.ParseSize(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseSize(%q) = %d, %v", tc.in, got, err)
		}
	}
}

// pageHits is the hits of a search page (none for a nil page: the call failed).
func pageHits(p *kg.SearchPage) []kg.SearchHit {
	if p == nil {
		return nil
	}
	return p.Hits
}
