package seed_test

import (
	"strings"
	"testing"

	"github.com/kommunkg/kg/internal/seed"
	"github.com/kommunkg/kg/seeds"
)

// TestLoadRefusesPersonalData: a contact value of any person, or anything shaped like an
// e-mail address or a phone number, in a public quote, note, alias or attribute is refused at
// the line of that text — and the message does not repeat the value.
func TestLoadRefusesPersonalData(t *testing.T) {
	g, err := seed.Load(overlayFS(t, baseDir, "testdata/personal"))
	assertProblems(t, g, err, []want{
		{moreYAML, 7, `node "bo-ek" aliases[1] holds something shaped like a phone number`},
		{moreYAML, 8, `node "bo-ek" note holds something shaped like an e-mail address`},
		{moreYAML, 14, `node "bo-ek" attributes[0].value holds the phone number of person "anna-berg"`},
		{moreYAML, 25, `edge anna-berg--contact-for--klimatnatverket-norr evidence[0].quote holds the e-mail address of person "anna-berg"`},
		{moreYAML, 25, `edge anna-berg--contact-for--klimatnatverket-norr evidence[0].quote holds the phone number of person "anna-berg"`},
		{moreYAML, 37, `mandate bo-ek--mandate--klimatnatverket-norr-styrgrupp note holds the e-mail address of person "anna-berg"`},
	})
	for _, p := range problemsOf(t, g, err) {
		for _, v := range []string{"anna.berg", "ANNA.BERG", "12 34 56", "123 45 67", "bo.ek"} {
			if strings.Contains(p.Msg, v) {
				t.Errorf("problem repeats personal data %q: %s", v, p)
			}
		}
	}
}

// TestShippedSeedsHaveNoPublicPersonalData is the shipped graph's own check, stated on its
// own so that a regression names the rule.
func TestShippedSeedsHaveNoPublicPersonalData(t *testing.T) {
	g, err := seed.Load(seeds.FS)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range g.PersonalLeaks() {
		t.Errorf("%s", l.Message())
	}
	persons := 0
	for _, n := range g.Nodes {
		if n.Contact != nil {
			persons++
		}
	}
	if persons == 0 {
		t.Fatal("no contact data in the shipped seeds: the check proves nothing")
	}
}
