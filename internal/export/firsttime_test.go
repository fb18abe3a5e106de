package export

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/memstore"
)

// Dated nodes (the project, the network founded 1990) get spells like dated edges, in both
// GEXF versions, so that Gephi's timeline shows them; undated nodes have none.
func TestGEXFNodeSpells(t *testing.T) {
	s := fixtureStore(t)
	want := map[string][2]string{
		"projekt-x":     {"2014-01-01", "2016-02-29"},
		"energy-cities": {"1990-01-01", ""},
	}
	for _, fc := range formatCases {
		if !strings.HasPrefix(fc.name, "gexf") {
			continue
		}
		p, _ := export(t, s, Selection{}, fc)
		if !mapsEqual(p.nodeSpells, want) {
			t.Errorf("%s: node spells %v\nwant %v", fc.name, p.nodeSpells, want)
		}
		// A neighbourhood whose only dated element is a node is dynamic.
		p, _ = export(t, s, Selection{Center: "projekt-x", Hops: 0}, fc)
		if p.mode != "dynamic" || p.timeformat != "date" || p.nodeSpells["projekt-x"] != want["projekt-x"] {
			t.Errorf("%s: dated node alone: mode %q timeformat %q spells %v", fc.name, p.mode, p.timeformat, p.nodeSpells)
		}
	}
}

// The CSV tables carry Gephi's "Time Interval" for dated nodes and edges, by the same rule
// as the GEXF spells, open ends as ±Infinity.
func TestCSVTimeInterval(t *testing.T) {
	s := fixtureStore(t)
	for _, fc := range formatCases {
		if !strings.HasPrefix(fc.name, "csv") {
			continue
		}
		p, _ := export(t, s, Selection{}, fc)
		for id, w := range map[string]string{
			"projekt-x":     "<[2014-01-01,2016-02-29]>",
			"energy-cities": "<[1990-01-01,Infinity]>",
			"vaxjo-kommun":  "",
		} {
			if got := p.nodeIntervals[id]; got != w {
				t.Errorf("%s: node %s Time Interval %q, want %q", fc.name, id, got, w)
			}
		}
		for id, w := range map[string]string{
			"vaxjo-kommun--member-of--energy-cities":     "<[2014-01-01,2016-02-29]>",
			"vaxjo-kommun--participates-in--projekt-x":   "<[-Infinity,2016-12-31]>",
			"vaxjo-kommun--located-in--region-kronoberg": "",
		} {
			if got := p.edgeIntervals[id]; got != w {
				t.Errorf("%s: edge %s Time Interval %q, want %q", fc.name, id, got, w)
			}
		}
	}
}

// The zip holds sources.csv with exactly the cited sources, and its entries carry the
// newest source date (not the zip format's zero, 1979-11-30).
func TestCSVZipSourcesAndTimes(t *testing.T) {
	zc := formatCases[len(formatCases)-1]
	if zc.name != "csv.zip" {
		t.Fatal("the last format case is not csv.zip")
	}
	g := fixtureGraph()
	g.Sources = append(g.Sources, &kg.Source{ID: "s3", Title: "Nyare, men inte citerad", Updated: kg.MustDate("2024-03")},
		&kg.Source{ID: "s0", Title: "Äldre", Updated: kg.MustDate("2021-06-01")})
	for _, src := range g.Sources {
		if src.ID == "s1" {
			src.Updated, src.Publisher, src.Language = kg.MustDate("2022-09-09"), "Växjö kommun", "sv"
		}
	}
	s := storeOf(t, g)
	p, _ := export(t, s, Selection{}, zc)
	if len(p.sources) != 2 || p.sources["s1"]["Label"] != "Källa" || p.sources["s1"]["updated"] != "2022-09-09" ||
		p.sources["s1"]["publisher"] != "Växjö kommun" || p.sources["s2"]["Label"] != "Andra" {
		t.Errorf("sources.csv: %v", p.sources)
	}
	want := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	for i, mt := range p.zipTimes {
		if !mt.Equal(want) {
			t.Errorf("entry %d modified %v, want %v", i, mt, want)
		}
	}
	// A neighbourhood cites fewer sources.
	p, _ = export(t, s, Selection{Center: "erb", Hops: 0}, zc)
	if len(p.sources) != 1 || p.sources["s1"] == nil {
		t.Errorf("sources.csv of erb alone: %v", p.sources)
	}

	for _, c := range []struct {
		sources []*kg.Source
		want    time.Time
	}{
		{nil, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{[]*kg.Source{{ID: "a"}}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{[]*kg.Source{{ID: "a", Updated: kg.MustDate("2018")}, {ID: "b", Updated: kg.MustDate("2017-09-05")}}, time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC)},
		{[]*kg.Source{{ID: "a", Updated: kg.MustDate("1970")}}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		if got := ZipTime(c.sources); !got.Equal(c.want) {
			t.Errorf("ZipTime(%v) = %v, want %v", c.sources, got, c.want)
		}
	}
}

// The shipped seeds' zip: every cited source listed, entries dated by the newest source.
func TestShippedZipSources(t *testing.T) {
	s := shippedStore(t)
	p, _ := export(t, s, Selection{}, formatCases[len(formatCases)-1])
	srcs, _ := s.Sources(context.Background())
	if len(p.sources) == 0 || len(p.sources) > len(srcs) {
		t.Fatalf("sources.csv has %d rows, store %d sources", len(p.sources), len(srcs))
	}
	for _, src := range srcs {
		r, ok := p.sources[src.ID]
		if !ok {
			continue
		}
		if r["Label"] != src.Title || r["updated"] != src.Updated.String() || r["original"] != src.Original {
			t.Errorf("source %s: %v", src.ID, r)
		}
	}
	if want := ZipTime(srcs); len(p.zipTimes) != 3 || !p.zipTimes[0].Equal(want) || want.Year() < 2000 {
		t.Errorf("zip times %v, want %v", p.zipTimes, want)
	}
}

func TestParseRequestGEXF(t *testing.T) {
	gexf, _ := FormatByName("gexf")
	graphml, _ := FormatByName("graphml")
	for _, c := range []struct {
		f    Format
		q    string
		want string // "" = error
	}{
		{gexf, "", ""},
		{gexf, "gexf=1.2", GEXF12},
		{gexf, "gexf=1.3", GEXF13},
		{gexf, "gexf=1.1", "!"},
		{gexf, "gexf=1.2&gexf=1.3", "!"},
		{graphml, "gexf=1.2", "!"},
	} {
		q, _ := url.ParseQuery(c.q)
		sel, err := ParseRequest(c.f, q)
		if c.want == "!" {
			if kg.ErrorCode(err) != kg.EINVALID || !strings.Contains(kg.ErrorMessage(err), "gexf") {
				t.Errorf("%s %q: err %v, want INVALID naming gexf", c.f.Name, c.q, err)
			}
			continue
		}
		if err != nil || sel.GEXF != c.want {
			t.Errorf("%s %q: GEXF %q err %v, want %q", c.f.Name, c.q, sel.GEXF, err, c.want)
		}
		if back, _ := ParseSelection(sel.Values()); back.GEXF != sel.GEXF {
			t.Errorf("Values round trip: %q", back.GEXF)
		}
	}
	if got := Filename(Selection{GEXF: GEXF12}, gexf); got != "kg-graph-gexf12.gexf" {
		t.Errorf("filename %q", got)
	}
}

func storeOf(t *testing.T, g *kg.Graph) *memstore.Store {
	t.Helper()
	s, err := memstore.New(g)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
