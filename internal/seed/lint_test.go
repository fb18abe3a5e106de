package seed_test

import (
	"os"
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/seed"
)

// The base fixture's one contact line ("Kontakt: Anna Berg, …") has no CONTACT_FOR edge, so
// every case below that does not add one also sees that warning; contactEdge adds it.
const contactEdge = `  - type: CONTACT_FOR
    from: anna-berg
    to: testkommun
    evidence:
      - source: smaland-natverk
        quote: 'Kontakt: Anna Berg, klimatstrateg på Testkommun'
`

func TestLintRules(t *testing.T) {
	type w struct {
		file    string
		line    int
		rule    string
		subject string
	}
	contactWarn := w{"sources/smaland-natverk.txt", 9, seed.RuleContactNoEdge, "smaland-natverk:9"}
	cases := []struct {
		name string
		more string // graph/more.yaml
		want []w
	}{
		{"clean", "edges:\n" + contactEdge, nil},
		{"contact line without edge", "", []w{contactWarn}},
		{"orphan", `nodes:
  - id: havsinstitutet
    kind: ORGANISATION
    name: Havsinstitutet
    evidence:
      - source: kustprojekt
        quote: Kustprojektet
edges:
` + contactEdge, []w{{moreYAML, 2, seed.RuleOrphan, "havsinstitutet"}}},
		{"same fact twice", `edges:
` + contactEdge + `  - type: MEMBER_OF
    id: testkommun-member-again
    from: testkommun
    to: klimatnatverket-norr
    evidence:
      - source: smaland-natverk
        quote: Testkommun är sedan 2016 medlem i Klimatnätverket Norr
`, []w{{moreYAML, 8, seed.RuleDuplicate, "testkommun-member-again"}}},
		{"quote names neither end", `edges:
` + contactEdge + `  - type: FUNDS
    from: regionfonden
    to: klimatnatverket-norr
    evidence:
      - source: smaland-natverk
        quote: ett nätverk för kommuner
`, []w{{moreYAML, 8, seed.RuleQuoteNamesNeither, "regionfonden--funds--klimatnatverket-norr"}}},
		{"quote names an end in the genitive", `edges:
` + contactEdge + `  - type: FUNDS
    from: regionfonden
    to: klimatnatverket-norr
    evidence:
      - source: smaland-natverk
        quote: Klimatnätverket Norr bildades 2009
`, nil},
		{"duration without until", `nodes:
  - id: kustprojektet-tva
    kind: PROJECT
    name: Kustprojektet två
    since: "2018"
    evidence:
      - source: kustprojekt
        quote: Kustprojektet pågick 2018–2020
edges:
` + contactEdge + `  - type: FUNDS
    from: regionfonden
    to: kustprojektet-tva
    evidence:
      - source: kustprojekt
        quote: finansierades av Regionfonden
`, []w{{moreYAML, 2, seed.RuleDurationNoUntil, "kustprojektet-tva"}}},
		{"acknowledged", `lint:
  - rule: contact-without-edge
    subject: smaland-natverk:9
    reason: the fixture's contact is deliberately left without an edge
`, nil},
		{"stale acknowledgement", `edges:
` + contactEdge + `lint:
  - rule: orphan
    subject: testkommun
    reason: no longer an orphan
`, []w{{moreYAML, 9, seed.RuleOrphan, "testkommun"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{}
			if c.more != "" {
				files[moreYAML] = c.more
			}
			_, ws, err := seed.Lint(withFiles(t, files))
			if err != nil {
				t.Fatal(err)
			}
			var got []w
			for _, x := range ws {
				got = append(got, w{x.File, x.Line, x.Rule, x.Subject})
				if !strings.Contains(x.String(), x.File) || x.Msg == "" {
					t.Errorf("warning %q does not say where or what", x)
				}
			}
			if len(got) != len(c.want) {
				t.Fatalf("warnings %v, want %v", got, c.want)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("warning %d = %v, want %v", i, got[i], c.want[i])
				}
			}
		})
	}
}

// An acknowledgement must name a known rule, a subject and a reason; otherwise the seeds do
// not validate.
func TestLintAcknowledgementProblems(t *testing.T) {
	for _, c := range []struct{ ack, want string }{
		{"  - rule: spelling\n    subject: x\n    reason: r\n", `unknown rule "spelling"`},
		{"  - rule: orphan\n    reason: r\n", "missing subject"},
		{"  - rule: orphan\n    subject: x\n", "missing reason"},
	} {
		_, err := seed.Load(withFiles(t, map[string]string{moreYAML: "lint:\n" + c.ack}))
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), moreYAML+":2") {
			t.Errorf("ack %q: error %v, want %q at %s:2", c.ack, err, c.want, moreYAML)
		}
	}
}

// The shipped seeds lint clean: every warning is fixed or acknowledged with a reason.
func TestShippedSeedsLintClean(t *testing.T) {
	_, ws, err := seed.Lint(os.DirFS(shippedDir))
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		t.Errorf("%s", w)
	}
}
