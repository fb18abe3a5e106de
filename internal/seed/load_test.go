package seed_test

import (
	"errors"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/kommunkg/kg/internal/kg"
	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// want is one expected problem: the exact file and line, and a distinctive part of the message.
type want struct {
	file string
	line int
	msg  string
}

const (
	moreYAML    = "graph/more.yaml"
	otherYAML   = "graph/other.yaml"
	sourcesYAML = "sources/sources.yaml"
)

// problemsOf asserts that Load failed without a graph and with a *ValidationError, and
// returns its problems.
func problemsOf(t *testing.T, g *kg.Graph, err error) []seed.Problem {
	t.Helper()
	if g != nil {
		t.Errorf("Load returned a graph along with the error; it must return none")
	}
	if err == nil {
		t.Fatalf("Load succeeded; want a *seed.ValidationError")
	}
	var ve *seed.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("Load error is %T (%v); want *seed.ValidationError", err, err)
	}
	if len(ve.Problems) == 0 {
		t.Fatalf("ValidationError without problems")
	}
	return ve.Problems
}

// assertProblems checks that Load reported exactly the wanted problems, in order (the order
// is file, then line), and that the error text lists every one as file:line.
func assertProblems(t *testing.T, g *kg.Graph, err error, wants []want) {
	t.Helper()
	got := problemsOf(t, g, err)
	dump := func() string {
		var b strings.Builder
		for _, p := range got {
			b.WriteString("\n    " + p.String())
		}
		return b.String()
	}
	if len(got) != len(wants) {
		t.Fatalf("got %d problems, want %d:%s", len(got), len(wants), dump())
	}
	for i, w := range wants {
		p := got[i]
		if p.File != w.file || p.Line != w.line || !strings.Contains(p.Msg, w.msg) {
			t.Errorf("problem %d = %s\n  want %s:%d: …%s…", i, p, w.file, w.line, w.msg)
		}
	}
	if !sort.SliceIsSorted(got, func(i, j int) bool {
		if got[i].File != got[j].File {
			return got[i].File < got[j].File
		}
		return got[i].Line < got[j].Line
	}) {
		t.Errorf("problems are not sorted by file and line:%s", dump())
	}
	for _, p := range got {
		if !strings.Contains(err.Error(), p.String()) {
			t.Errorf("error text does not list %q:\n%s", p.String(), err)
		}
	}
	if t.Failed() {
		t.Logf("all problems:%s", dump())
	}
}

// badCases has one row per directory in testdata/bad. Line numbers refer to the fixture files.
var badCases = []struct {
	class string
	want  []want
}{
	{"unknown-kind", []want{
		{moreYAML, 3, `unknown entity kind "BUILDING"`},
		{moreYAML, 9, `unknown entity kind "municipality"`}, // kinds are case-sensitive
		{moreYAML, 14, `node "kindless": unknown entity kind ""`},
	}},
	{"unknown-edge-kind", []want{
		{moreYAML, 2, `unknown edge kind "MEMBER"`},
		{moreYAML, 11, `unknown edge kind "member_of"`}, // on the type's own line
	}},
	{"edge-kind-not-allowed", []want{
		{moreYAML, 3, "edge kind not allowed between those kinds: anna-berg → testkommun: MEMBER_OF may not point to a MUNICIPALITY"},
		{moreYAML, 10, "edge kind not allowed between those kinds: testkommun → klimatnatverket-norr: AFFILIATED_WITH may not start at a MUNICIPALITY"},
		{moreYAML, 25, `mandate: person "testkommun" is a MUNICIPALITY`},
		{moreYAML, 26, `mandate: onBehalfOf "anna-berg" is a PERSON`},
		{moreYAML, 27, `mandate: body "kustprojektet" is a PROJECT`},
	}},
	{"duplicate-id", []want{
		{moreYAML, 2, `duplicate id "testkommun" (first defined at graph/base.yaml:4)`},
		{moreYAML, 10, `duplicate id "testkommun--member-of--klimatnatverket-norr" for an edge (already used at graph/base.yaml:72`},
		{moreYAML, 18, `duplicate id "regionfonden" for an edge (already used at graph/base.yaml:64`},
		{moreYAML, 26, `duplicate id "testkommun-samordnar-kustprojektet" for an edge (already used at graph/base.yaml:104`},
		{moreYAML, 35, `duplicate id "anna-berg--mandate--klimatnatverket-norr-styrgrupp" for a mandate (already used at graph/base.yaml:113`},
	}},
	{"dangling-reference", []want{
		{moreYAML, 3, `dangling reference: from "okand-kommun" is not a node`},
		{moreYAML, 10, `dangling reference: to "okant-natverk" is not a node`},
		{moreYAML, 15, `mandate: dangling reference: person "okand-person" is not a node`},
		{moreYAML, 22, `mandate: dangling reference: onBehalfOf "okand-huvudman" is not a node`},
		{moreYAML, 23, `mandate: dangling reference: body "okant-organ" is not a node`},
	}},
	{"missing-evidence", []want{
		{moreYAML, 2, `node "havsinstitutet": missing evidence`},                                // no evidence key
		{moreYAML, 8, `node "bo-ek": missing evidence`},                                         // evidence: []
		{moreYAML, 10, `node "bo-ek" attribute "title": missing evidence`},                      // attribute without evidence
		{moreYAML, 14, `node "bo-ek" contact: missing evidence`},                                // evidence: (null)
		{moreYAML, 16, "edge PARTICIPATES_IN havsinstitutet → kustprojektet: missing evidence"}, // no evidence key
		{moreYAML, 22, "edge AFFILIATED_WITH bo-ek → havsinstitutet: missing evidence"},
		{moreYAML, 24, "mandate bo-ek in klimatnatverket-norr-styrgrupp: missing evidence"},
	}},
	{"quote-not-found", []want{
		{moreYAML, 8, `quote not found in source "kustprojekt": "Testkommun samordnade Kustprojektet"`},
		{moreYAML, 15, `quote not found in source "kustprojekt": "Testkommun är sedan 2016`}, // in the other source
		{moreYAML, 25, `quote not found in source "kustprojekt": "tillsammans med Havsinstitutet"`},
		{moreYAML, 28, `quote not found in source "kustprojekt": "kustprojektet pågick 2018–2020"`}, // case differs
	}},
	{"unknown-source", []want{
		{moreYAML, 7, `evidence: unknown source "havsinstitutet-webb"`}, // the source's line, after the quote
		{moreYAML, 15, `evidence: unknown source "smaland"`},
	}},
	{"invalid-date", []want{
		{moreYAML, 5, `since: invalid partial date "2014-13"`},
		{moreYAML, 13, `since: invalid partial date "2014-02-30"`},
		{moreYAML, 14, `until: invalid partial date "2015-02-29"`}, // unquoted in YAML
		{moreYAML, 22, `until: invalid partial date "14"`},
	}},
	{"until-before-since", []want{
		{moreYAML, 5, `node "havsinstitutet": until 2019-12-31 is before since 2020`},
		{moreYAML, 14, "edge PARTICIPATES_IN testkommun → kustprojektet: until 2018-04 is before since 2018-05"},
		{moreYAML, 32, "mandate anna-berg in klimatnatverket-norr: until 2016-03-01 is before since 2016-03-02"},
	}},
	{"yaml-syntax", []want{
		{moreYAML, 7, "YAML syntax: line 7: mapping values are not allowed"},
		{otherYAML, 8, "YAML syntax: line 8: mapping values are not allowed"},
	}},
	{"unknown-key", []want{
		{moreYAML, 6, "evidence: missing quote"},
		{moreYAML, 7, `evidence: unknown key "qoute"`},
		{moreYAML, 11, `node: unknown key "alias"`},
		{moreYAML, 15, `graph file: unknown key "node"`},
	}},
	{"non-kebab-id", []want{
		{moreYAML, 2, `node id "Havs_Institutet" is not a kebab-case ASCII slug`},
		{moreYAML, 8, `node id "växjö" is not a kebab-case ASCII slug`},
		{moreYAML, 14, `node id "region--kronoberg" is not a kebab-case ASCII slug`},
		{moreYAML, 20, `node id "" is not a kebab-case ASCII slug`},
		{moreYAML, 26, `edge id "Testkommun i Kustprojektet" is not a kebab-case ASCII slug`},
		{moreYAML, 34, `mandate id "anna_berg_i_natverket" is not a kebab-case ASCII slug`},
	}},
	{"party-without-abbreviation", []want{
		{moreYAML, 2, `node "moderaterna": a PARTY needs an abbreviation`},
		{moreYAML, 8, `node "centerpartiet": a PARTY needs an abbreviation`}, // abbreviation: null
	}},
	{"contact-on-non-person", []want{
		{moreYAML, 2, `node "havsinstitutet": contact data is only allowed on a PERSON`},
	}},
	{"derived-edge-type", []want{
		{moreYAML, 2, "REPRESENTS edges are derived from mandates; write a mandate instead"},
		{moreYAML, 8, "SERVES_ON edges are derived from mandates; write a mandate instead"},
	}},
	{"bad-sources", []want{
		{sourcesYAML, 18, `source "saknad-fil": cannot read sources/saknas.txt`},
		{sourcesYAML, 23, `updated: invalid partial date "2021-02-29"`},
		{sourcesYAML, 25, `source id "Dalig_Kalla" is not a kebab-case ASCII slug`},
		{sourcesYAML, 32, `duplicate source id "kustprojekt"`},
		{sourcesYAML, 39, `source "utan-datum": missing title`},
		{sourcesYAML, 39, `source "utan-datum": missing updated`},
		{sourcesYAML, 41, `source: unknown key "titel"`},
		{sourcesYAML, 44, `source "utan-datumnotis": no date given; say why in dateNote`},
		{sourcesYAML, 44, `source "utan-datumnotis": file must be a plain name in sources/`},
		{sourcesYAML, 50, `source "utan-utgivare": missing publisher`},
		{sourcesYAML, 50, `source "utan-utgivare": missing language`},
		{sourcesYAML, 55, `source "tom-fil": sources/tom.txt is empty`},
	}},
	// Every problem of every file is reported at once, sorted by file and line.
	{"several-problems", []want{
		{moreYAML, 3, `unknown entity kind "INSTITUTE"`},
		{moreYAML, 5, `since: invalid partial date "2014-13"`},
		{moreYAML, 8, `quote not found in source "kustprojekt": "tillsammans med Havsinstitutet"`},
		{moreYAML, 12, `dangling reference: to "okant-projekt" is not a node`},
		{otherYAML, 2, "REPRESENTS edges are derived from mandates"},
		{otherYAML, 6, "evidence: missing quote"},
		{otherYAML, 7, `unknown key "qoute"`},
		{otherYAML, 9, `duplicate id "anna-berg--mandate--klimatnatverket-norr-styrgrupp" for a mandate`},
	}},
}

func TestLoadBadFixtures(t *testing.T) {
	for _, tc := range badCases {
		t.Run(tc.class, func(t *testing.T) {
			g, err := seed.Load(badFS(t, tc.class))
			assertProblems(t, g, err, tc.want)
		})
	}
}

// TestEveryBadFixtureHasACase keeps testdata/bad and badCases in step.
func TestEveryBadFixtureHasACase(t *testing.T) {
	ents, err := os.ReadDir("testdata/bad")
	if err != nil {
		t.Fatal(err)
	}
	cases := map[string]bool{}
	for _, tc := range badCases {
		if cases[tc.class] {
			t.Errorf("two cases for %s", tc.class)
		}
		cases[tc.class] = true
	}
	for _, e := range ents {
		if !cases[e.Name()] {
			t.Errorf("testdata/bad/%s has no row in badCases", e.Name())
		}
		delete(cases, e.Name())
	}
	for c := range cases {
		t.Errorf("badCases row %s has no fixture directory", c)
	}
}

// withFiles is testdata/base with the given files added (or replaced) and the given paths
// removed (those given the value remove).
func withFiles(t *testing.T, files map[string]string) fstest.MapFS {
	t.Helper()
	m := overlayFS(t, baseDir)
	for p, s := range files {
		if s == remove {
			delete(m, p)
			continue
		}
		m[p] = &fstest.MapFile{Data: []byte(s), Mode: 0o644}
	}
	return m
}

const remove = "\x00remove"

// TestLoadOtherProblems covers problems that have no fixture directory of their own.
func TestLoadOtherProblems(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{"no graph files", map[string]string{"graph/base.yaml": remove}, []want{
			{"graph", 0, "no graph/*.yaml files found"},
		}},
		{"second YAML document", map[string]string{moreYAML: "nodes: []\n---\nedges: []\n"}, []want{
			{moreYAML, 2, `a second YAML document ("---") is not read`},
		}},
		{"top level is a list", map[string]string{moreYAML: "- id: x\n"}, []want{
			{moreYAML, 1, "top level must be a mapping"},
		}},
		{"nodes is not a list", map[string]string{moreYAML: "nodes:\n  id: x\n"}, []want{
			{moreYAML, 2, "nodes must be a list"},
		}},
		{"not UTF-8", map[string]string{moreYAML: "nodes:\n  - name: V\xe4xj\xf6\n"}, []want{
			{moreYAML, 0, "not valid UTF-8"},
		}},
		{"key given twice", map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    name: Havs-institutet
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
`}, []want{
			{moreYAML, 5, `node: key "name" given twice`},
		}},
		{"node without name", map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
`}, []want{
			{moreYAML, 2, `node "havsinstitutet": missing name`},
		}},
		{"attribute problems", map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
    attributes:
      - key: memberCount
        value: ett fåtal
        number: några
        evidence:
          - source: kustprojekt
            quote: Kustprojektet
      - key: founded
        evidence:
          - source: kustprojekt
            quote: Kustprojektet
`}, []want{
			{moreYAML, 11, `attribute number "några" is not a number`},
			{moreYAML, 15, `attribute "founded": an attribute needs a key and a value`},
		}},
		{"contact without email or phone", map[string]string{moreYAML: `nodes:
  - id: bo-ek
    kind: PERSON
    name: Bo Ek
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
    contact:
      evidence:
        - source: kustprojekt
          quote: Kustprojektet
`}, []want{
			{moreYAML, 9, "contact: give an email or a phone"},
		}},
		{"edge to itself", map[string]string{moreYAML: `edges:
  - type: PARTNER_OF
    from: testkommun
    to: testkommun
    evidence:
      - source: kustprojekt
        quote: Testkommun
`}, []want{
			{moreYAML, 2, `from and to are the same node "testkommun"`},
		}},
		{"edge and mandate without ends", map[string]string{moreYAML: `edges:
  - type: PARTNER_OF
    from: testkommun
    evidence:
      - source: kustprojekt
        quote: Testkommun
mandates:
  - person: anna-berg
    role: ledamot
    evidence:
      - source: smaland-natverk
        quote: Anna Berg (S), ledamot
`}, []want{
			{moreYAML, 2, "edge: missing to"},
			{moreYAML, 8, "a mandate needs a person and a body"},
		}},
		{"evidence without source or quote", map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      - quote: Kustprojektet
      - source: kustprojekt
        quote: ""
`}, []want{
			{moreYAML, 6, "evidence: missing source"},
			{moreYAML, 8, "evidence: missing quote"},
		}},
		{"folding does not remove a space", map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      - source: kustprojekt
        quote: Kustprojektetpågick
`}, []want{
			{moreYAML, 7, `quote not found in source "kustprojekt": "Kustprojektetpågick"`},
		}},
		// Nothing in graph/ is skipped silently: what is not read is a problem.
		{"a .yml graph file", map[string]string{"graph/more.yml": "nodes: []\n"}, []want{
			{"graph/more.yml", 0, "not read: graph files are named *.yaml (lower case); rename it"},
		}},
		{"an upper-case .YAML graph file", map[string]string{"graph/MORE.YAML": "nodes: []\n"}, []want{
			{"graph/MORE.YAML", 0, "not read: graph files are named *.yaml"},
		}},
		{"a sub-directory", map[string]string{"graph/extra/more.yaml": "nodes: []\n"}, []want{
			{"graph/extra", 0, "sub-directories of graph/ are not read; move its files into graph/"},
		}},
		{"another file", map[string]string{"graph/notes.txt": "todo\n"}, []want{
			{"graph/notes.txt", 0, "not read: graph/ holds only *.yaml graph files"},
		}},
		{"only a .yml file", map[string]string{"graph/base.yaml": remove, "graph/base.yml": "nodes: []\n"}, []want{
			{"graph", 0, "no graph/*.yaml files found"},
			{"graph/base.yml", 0, "not read: graph files are named *.yaml"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g, err := seed.Load(withFiles(t, tc.files))
			assertProblems(t, g, err, tc.want)
		})
	}
}

// TestLoadWithoutSourcesFile: a missing sources.yaml is reported, and then every piece of
// evidence cites an unknown source.
func TestLoadWithoutSourcesFile(t *testing.T) {
	g, err := seed.Load(withFiles(t, map[string]string{sourcesYAML: remove}))
	ps := problemsOf(t, g, err)
	var rest int
	for _, p := range ps {
		switch {
		case p.File == sourcesYAML && p.Line == 0 && strings.Contains(p.Msg, "cannot read"):
		case p.File == "graph/base.yaml" && strings.Contains(p.Msg, "evidence: unknown source"):
			rest++
		default:
			t.Errorf("unexpected problem %s", p)
		}
	}
	if ps[len(ps)-1].File != sourcesYAML || rest != 17 {
		t.Errorf("want 17 unknown-source problems in graph/base.yaml, then the unreadable %s; got:\n%v", sourcesYAML, err)
	}
}

// TestLoadEmptyGraphFiles: a graph file with no document (empty, only comments, only "---")
// is valid and adds nothing.
func TestLoadEmptyGraphFiles(t *testing.T) {
	for name, text := range map[string]string{
		"empty":         "",
		"comments only": "# nothing yet\n",
		"document mark": "---\n",
		"empty lists":   "nodes: []\nedges:\nmandates: []\n",
	} {
		t.Run(name, func(t *testing.T) {
			g, err := seed.Load(withFiles(t, map[string]string{moreYAML: text}))
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			if len(g.Nodes) != 7 || len(g.Edges) != 6 || len(g.Mandates) != 1 {
				t.Errorf("got %d nodes, %d edges, %d mandates; want the base graph's 7, 6, 1", len(g.Nodes), len(g.Edges), len(g.Mandates))
			}
		})
	}
}

func ev(source, quote string, updated kg.PartialDate) kg.Evidence {
	return kg.Evidence{SourceID: source, Quote: quote, SourceUpdated: updated, Basis: kg.BasisStated}
}

func TestLoadBase(t *testing.T) {
	g, err := seed.Load(overlayFS(t, baseDir))
	if err != nil {
		t.Fatalf("Load(base): %v", err)
	}
	smaland := kg.MustDate("2021-03-15")
	var none kg.PartialDate
	sm := func(q string) kg.Evidence { return ev("smaland-natverk", q, smaland) }
	ku := func(q string) kg.Evidence { return ev("kustprojekt", q, none) }
	num := func(f float64) *float64 { return &f }

	t.Run("sources", func(t *testing.T) {
		text, err := os.ReadFile("testdata/base/sources/smaland-natverk.txt")
		if err != nil {
			t.Fatal(err)
		}
		want := []*kg.Source{
			{
				ID: "smaland-natverk", File: "smaland-natverk.txt", Original: "000_fixture.txt",
				Title: "Nätverk i Småland", Publisher: "Testkommun", Language: "sv",
				Updated: smaland, DateNote: `Page footer: "Senast uppdaterad: 15 mars 2021"`,
				Text: string(text), // byte for byte, no-break spaces and all
			},
			{
				ID: "kustprojekt", File: "kustprojekt.txt", Original: "001_fixture.txt",
				Title: "Kustprojektet", Publisher: "Regionfonden", Language: "sv",
				DateNote: "The page carries no date.",
				Text:     "Kustprojektet\n\nKustprojektet pågick 2018–2020 och finansierades av Regionfonden. Testkommun\nsamordnade projektet.\n",
			},
		}
		if len(g.Sources) != len(want) {
			t.Fatalf("got %d sources, want %d", len(g.Sources), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(g.Sources[i], want[i]) {
				t.Errorf("source %d:\n got %+v\nwant %+v", i, *g.Sources[i], *want[i])
			}
		}
		if !strings.Contains(g.Sources[0].Text, "42\u00a0medlemskommuner") {
			t.Errorf("fixture lost its no-break space; the folding checks below rely on it")
		}
	})

	t.Run("nodes", func(t *testing.T) {
		want := []*kg.Node{
			{
				ID: "testkommun", Kind: kg.KindMunicipality, Name: "Testkommun", Category: "kommun",
				Evidence: []kg.Evidence{sm("Testkommun är sedan 2016 medlem i Klimatnätverket Norr")},
			},
			{
				ID: "klimatnatverket-norr", Kind: kg.KindNetwork, Name: "Klimatnätverket Norr",
				Aliases: []string{"Nätverket"}, Category: "nätverk", Since: kg.MustDate("2009"),
				Evidence: []kg.Evidence{
					// the document breaks the line after "som"
					sm("Klimatnätverket Norr, ett nätverk för kommuner som arbetar med energifrågor"),
					sm("Klimatnätverket Norr bildades 2009"),
				},
				Attributes: []kg.Attribute{{
					Key: "memberCount", Value: "42 medlemskommuner", Number: num(42),
					// the document has a no-break space after "42"
					Evidence: []kg.Evidence{sm("har idag 42 medlemskommuner")},
				}},
			},
			{
				ID: "klimatnatverket-norr-styrgrupp", Kind: kg.KindOrganisation, Name: "styrgrupp", Category: "styrelse",
				Evidence: []kg.Evidence{sm("Nätverket leds av en styrgrupp.")},
			},
			{
				ID: "anna-berg", Kind: kg.KindPerson, Name: "Anna Berg",
				Evidence: []kg.Evidence{sm("Anna Berg (S)")},
				Contact: &kg.Contact{
					Email: "anna.berg@testkommun.example", Phone: "0470-12 34 56",
					// no-break spaces inside the number in the document
					Evidence: []kg.Evidence{sm("anna.berg@testkommun.example, 0470-12 34 56")},
				},
			},
			{
				ID: "socialdemokraterna", Kind: kg.KindParty, Name: "Socialdemokraterna", Abbreviation: "S",
				Note:     "the document only gives the abbreviation",
				Evidence: []kg.Evidence{sm("Anna Berg (S)")},
			},
			{
				ID: "kustprojektet", Kind: kg.KindProject, Name: "Kustprojektet",
				Since: kg.MustDate("2018"), Until: kg.MustDate("2020"),
				Evidence: []kg.Evidence{ku("Kustprojektet pågick 2018–2020")},
			},
			{
				ID: "regionfonden", Kind: kg.KindFunder, Name: "Regionfonden",
				Evidence: []kg.Evidence{ku("finansierades av Regionfonden")},
			},
		}
		if len(g.Nodes) != len(want) {
			t.Fatalf("got %d nodes, want %d", len(g.Nodes), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(g.Nodes[i], want[i]) {
				t.Errorf("node %d:\n got %+v\nwant %+v", i, *g.Nodes[i], *want[i])
			}
		}
	})

	t.Run("edges", func(t *testing.T) {
		want := []*kg.Edge{
			{
				ID: "testkommun--member-of--klimatnatverket-norr", Type: kg.EdgeMemberOf,
				From: "testkommun", To: "klimatnatverket-norr", Since: kg.MustDate("2016"),
				Evidence: []kg.Evidence{sm("Testkommun är sedan 2016 medlem i Klimatnätverket Norr")},
			},
			{
				ID: "klimatnatverket-norr-styrgrupp--part-of--klimatnatverket-norr", Type: kg.EdgePartOf,
				From: "klimatnatverket-norr-styrgrupp", To: "klimatnatverket-norr",
				Evidence: []kg.Evidence{sm("Nätverket leds av en styrgrupp.")},
			},
			{
				ID: "anna-berg--member-of--socialdemokraterna", Type: kg.EdgeMemberOf,
				From: "anna-berg", To: "socialdemokraterna",
				Evidence: []kg.Evidence{sm("Anna Berg (S)")},
			},
			{
				ID: "anna-berg--affiliated-with--testkommun", Type: kg.EdgeAffiliatedWith,
				From: "anna-berg", To: "testkommun", Role: "klimatstrateg",
				Evidence: []kg.Evidence{sm("Anna Berg, klimatstrateg på Testkommun")},
			},
			{
				ID: "regionfonden--funds--kustprojektet", Type: kg.EdgeFunds,
				From: "regionfonden", To: "kustprojektet",
				// the document breaks no line here, but the quote spans the sentence
				Evidence: []kg.Evidence{ku("Kustprojektet pågick 2018–2020 och finansierades av Regionfonden.")},
			},
			{
				ID: "testkommun-samordnar-kustprojektet", Type: kg.EdgeCoordinates, // explicit id kept
				From: "testkommun", To: "kustprojektet",
				Evidence: []kg.Evidence{ku("Testkommun samordnade projektet.")},
			},
		}
		if len(g.Edges) != len(want) {
			t.Fatalf("got %d edges, want %d", len(g.Edges), len(want))
		}
		for i := range want {
			if !reflect.DeepEqual(g.Edges[i], want[i]) {
				t.Errorf("edge %d:\n got %+v\nwant %+v", i, *g.Edges[i], *want[i])
			}
		}
	})

	t.Run("mandates", func(t *testing.T) {
		want := []*kg.Mandate{{
			ID:     "anna-berg--mandate--klimatnatverket-norr-styrgrupp",
			Person: "anna-berg", OnBehalfOf: "testkommun", Body: "klimatnatverket-norr-styrgrupp",
			Role: "ledamot",
			// a block scalar over two lines, stored folded to one line
			Evidence: []kg.Evidence{sm("I styrgruppen sitter Anna Berg (S), ledamot, som representerar Testkommun.")},
		}}
		if !reflect.DeepEqual(g.Mandates, want) {
			t.Fatalf("mandates:\n got %+v\nwant %+v", g.Mandates, want)
		}
		var ids []string
		for _, e := range g.AllEdges()[len(g.Edges):] {
			ids = append(ids, string(e.Type)+" "+e.ID)
		}
		wantIDs := []string{
			"REPRESENTS anna-berg--mandate--klimatnatverket-norr-styrgrupp--represents",
			"SERVES_ON anna-berg--mandate--klimatnatverket-norr-styrgrupp--serves-on",
		}
		if !reflect.DeepEqual(ids, wantIDs) {
			t.Errorf("derived mandate edges = %q, want %q", ids, wantIDs)
		}
	})
}

// TestLoadFoldsQuoteWhitespace: a quote matches after every run of whitespace, no-break
// spaces included, is folded to one space on both sides; the stored quote is the folded one.
func TestLoadFoldsQuoteWhitespace(t *testing.T) {
	g, err := seed.Load(withFiles(t, map[string]string{moreYAML: `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      # no-break, narrow no-break and figure spaces, a tab and doubled spaces in the quote
      - source: kustprojekt
        quote: "  Kustprojektet\u00a0pågick\u202f2018–2020\u2007och \t finansierades  "
      # a line break in the quote where the document has a space
      - source: kustprojekt
        quote: >-
          Testkommun

          samordnade
`}))
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	var got []string
	for _, n := range g.Nodes {
		if n.ID == "havsinstitutet" {
			for _, e := range n.Evidence {
				got = append(got, e.Quote)
			}
		}
	}
	want := []string{"Kustprojektet pågick 2018–2020 och finansierades", "Testkommun samordnade"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("quotes = %q, want %q", got, want)
	}
}

func TestFoldSpace(t *testing.T) {
	for in, want := range map[string]string{
		"":                        "",
		" \t\n\u00a0 ":            "",
		"a b":                     "a b",
		"  a  b  ":                "a b",
		"a\u00a0b":                "a b",
		"a\u202fb":                "a b",
		"a\u2007b":                "a b",
		"a\u2003\u2009b":          "a b",
		"a\r\n\r\nb":              "a b",
		"a\tb\vc\fd":              "a b c d",
		"Växjö–Kronoberg (S).":    "Växjö–Kronoberg (S).",
		"42\u00a0medlemskommuner": "42 medlemskommuner",
	} {
		if got := seed.FoldSpace(in); got != want {
			t.Errorf("FoldSpace(%q) = %q, want %q", in, got, want)
		}
	}
}

const shippedDir = "../../seeds"

// loadShipped loads the shipped seeds and fails the test with every problem if they do not
// validate.
func loadShipped(t *testing.T) *kg.Graph {
	t.Helper()
	g, err := seed.Load(os.DirFS(shippedDir))
	if err != nil {
		t.Fatalf("the shipped seeds (seeds/) do not validate:\n%v", err)
	}
	return g
}

func TestShippedSeedsValidate(t *testing.T) {
	g := loadShipped(t)
	if len(g.Sources) == 0 || len(g.Nodes) == 0 || len(g.Edges) == 0 {
		t.Fatalf("shipped graph is nearly empty: %d sources, %d nodes, %d edges", len(g.Sources), len(g.Nodes), len(g.Edges))
	}
	// kg serve loads the embedded copy; it must hold the same files (embed skips names
	// starting with "." or "_", for one).
	e, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatalf("the embedded seeds do not validate:\n%v", err)
	}
	if len(e.Sources) != len(g.Sources) || len(e.Nodes) != len(g.Nodes) || len(e.Edges) != len(g.Edges) || len(e.Mandates) != len(g.Mandates) {
		t.Errorf("embedded seeds differ from seeds/: %d/%d/%d/%d vs %d/%d/%d/%d sources/nodes/edges/mandates",
			len(e.Sources), len(e.Nodes), len(e.Edges), len(e.Mandates), len(g.Sources), len(g.Nodes), len(g.Edges), len(g.Mandates))
	}
}

// TestShippedEvidenceQuotesOccurInSources re-checks, without relying on the loader's own
// check, that every piece of evidence in the shipped graph names a loaded source, carries that
// source's date, and quotes words that occur in its text after folding whitespace.
func TestShippedEvidenceQuotesOccurInSources(t *testing.T) {
	g := loadShipped(t)
	sources := map[string]*kg.Source{}
	folded := map[string]string{}
	for _, s := range g.Sources {
		sources[s.ID] = s
		folded[s.ID] = seed.FoldSpace(s.Text)
	}
	checked := 0
	check := func(what string, evs []kg.Evidence) {
		if len(evs) == 0 {
			t.Errorf("%s: no evidence", what)
		}
		for i, e := range evs {
			s, ok := sources[e.SourceID]
			if !ok {
				t.Errorf("%s evidence %d: unknown source %q", what, i, e.SourceID)
				continue
			}
			if e.SourceUpdated != s.Updated {
				t.Errorf("%s evidence %d: SourceUpdated %q, but source %s is dated %q", what, i, e.SourceUpdated, s.ID, s.Updated)
			}
			q := seed.FoldSpace(e.Quote)
			if q == "" {
				t.Errorf("%s evidence %d: empty quote", what, i)
				continue
			}
			if folded[s.ID] == "" || !strings.Contains(folded[s.ID], q) {
				t.Errorf("%s evidence %d: quote not in source %s: %q", what, i, s.ID, e.Quote)
			}
			checked++
		}
	}
	for _, n := range g.Nodes {
		check("node "+n.ID, n.Evidence)
		for _, a := range n.Attributes {
			check("node "+n.ID+" attribute "+a.Key, a.Evidence)
		}
		if n.Contact != nil {
			check("node "+n.ID+" contact", n.Contact.Evidence)
		}
	}
	for _, e := range g.Edges {
		check("edge "+e.ID, e.Evidence)
	}
	for _, m := range g.Mandates {
		check("mandate "+m.ID, m.Evidence)
	}
	if checked == 0 {
		t.Fatal("no evidence checked")
	}
	t.Logf("%d pieces of evidence checked", checked)
}

// TestShippedGraphIsConsistent re-checks the loaded shipped graph's structure independently of
// the loader: unique ids, kebab-case ids, known kinds, edges and mandates that connect existing
// nodes of allowed kinds, and no derived edge types among the written edges.
func TestShippedGraphIsConsistent(t *testing.T) {
	g := loadShipped(t)
	// node ids and explicit ids are kebab-case; default edge and mandate ids join such
	// slugs with "--"
	slug := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*(--[a-z0-9]+(-[a-z0-9]+)*)*$`)
	kebab := regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	ids := map[string]string{}
	claim := func(id, what string) {
		pat := slug
		if what == "node" {
			pat = kebab
		}
		if !pat.MatchString(id) {
			t.Errorf("%s: id %q is not kebab-case", what, id)
		}
		if prev, dup := ids[id]; dup {
			t.Errorf("%s: id %q already used by %s", what, id, prev)
		}
		ids[id] = what
	}
	kind := map[string]kg.NodeKind{}
	for _, n := range g.Nodes {
		claim(n.ID, "node")
		if !n.Kind.Valid() {
			t.Errorf("node %s: unknown kind %q", n.ID, n.Kind)
		}
		if n.Kind == kg.KindParty && n.Abbreviation == "" {
			t.Errorf("party %s has no abbreviation", n.ID)
		}
		if n.Contact != nil && n.Kind != kg.KindPerson {
			t.Errorf("node %s: contact on a %s", n.ID, n.Kind)
		}
		if !n.Since.IsZero() && !n.Until.IsZero() && n.Until.Before(n.Since) {
			t.Errorf("node %s: until %s before since %s", n.ID, n.Until, n.Since)
		}
		kind[n.ID] = n.Kind
	}
	for _, e := range g.Edges {
		claim(e.ID, "edge")
		if r, ok := kg.EdgeRules[e.Type]; !ok || r.Derived {
			t.Errorf("edge %s: type %q may not be written", e.ID, e.Type)
			continue
		}
		fk, fok := kind[e.From]
		tk, tok := kind[e.To]
		if !fok || !tok {
			t.Errorf("edge %s: dangling end (%q → %q)", e.ID, e.From, e.To)
			continue
		}
		if err := kg.CheckEdgeKinds(e.Type, fk, tk); err != nil {
			t.Errorf("edge %s: %v", e.ID, err)
		}
		if !e.Since.IsZero() && !e.Until.IsZero() && e.Until.Before(e.Since) {
			t.Errorf("edge %s: until %s before since %s", e.ID, e.Until, e.Since)
		}
	}
	for _, m := range g.Mandates {
		claim(m.ID, "mandate")
		if kind[m.Person] != kg.KindPerson {
			t.Errorf("mandate %s: person %q is a %q", m.ID, m.Person, kind[m.Person])
		}
		if !kg.KindIn(kind[m.Body], kg.MandateBodyKinds) {
			t.Errorf("mandate %s: body %q is a %q", m.ID, m.Body, kind[m.Body])
		}
		if m.OnBehalfOf != "" && !kg.KindIn(kind[m.OnBehalfOf], kg.MandatePrincipalKinds) {
			t.Errorf("mandate %s: onBehalfOf %q is a %q", m.ID, m.OnBehalfOf, kind[m.OnBehalfOf])
		}
	}
}
