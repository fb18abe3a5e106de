package kg

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestFindPersonal(t *testing.T) {
	cases := []struct {
		text string
		want []string // the matched substrings, in order
		kind PersonalKind
	}{
		// e-mail addresses
		{"Kontakt: maria.olsson@innovatum.se, 0765-02 09 94", []string{"maria.olsson@innovatum.se", "0765-02 09 94"}, ""},
		{"e-post daniel@id-vaxjo.com, telefon 0736 770 709.", []string{"daniel@id-vaxjo.com", "0736 770 709"}, ""},
		{"mejla per-olof.lofberg@vaxjo.se.", []string{"per-olof.lofberg@vaxjo.se"}, PersonalEmail},
		{"MATS.PERSSON@VAXJO.SE", []string{"MATS.PERSSON@VAXJO.SE"}, PersonalEmail},
		{"skriv till maja [at] idvxo.se", []string{"maja [at] idvxo.se"}, PersonalEmail},
		{"jan(at)vaxjo.se", []string{"jan(at)vaxjo.se"}, PersonalEmail},
		{"åsa.öberg＠kommun.se", []string{"åsa.öberg＠kommun.se"}, PersonalEmail},
		// phone numbers, Swedish national
		{"telefon 0470-439 44.", []string{"0470-439 44"}, PersonalPhone},
		{"0470-43276", []string{"0470-43276"}, PersonalPhone},
		{"tel 072-965 00 03, e-post", []string{"072-965 00 03"}, PersonalPhone},
		{"0702 063826", []string{"0702 063826"}, PersonalPhone},
		{"ring 08-123 456 78 i dag", []string{"08-123 456 78"}, PersonalPhone},
		{"(08) 123 45 67", []string{"08) 123 45 67"}, PersonalPhone},
		{"0470\u00a0439\u00a044", []string{"0470\u00a0439\u00a044"}, PersonalPhone},
		{"0470/43944", []string{"0470/43944"}, PersonalPhone},
		{"0470-439 44 2014", []string{"0470-439 44"}, PersonalPhone},
		// international
		{"+46 70 123 45 67", []string{"+46 70 123 45 67"}, PersonalPhone},
		{"+46 (0)70-123 45 67", []string{"+46 (0)70-123 45 67"}, PersonalPhone},
		{"0046 470 439 44", []string{"0046 470 439 44"}, PersonalPhone},
		{"+381 11 322 1234", []string{"+381 11 322 1234"}, PersonalPhone},
		// not personal data
		{"Ett tvåårigt projekt (2014-2016)", nil, ""},
		{"under perioden 2014-2020", nil, ""},
		{"since 2014-08-28", nil, ""},
		{"1998-02", nil, ""},
		{"kl 09.15-12.00", nil, ""},
		{"kl 9.15-12.00", nil, ""},
		{"cirka 960 miljarder Euro", nil, ""},
		{"mer än 1000 städer", nil, ""},
		{"0,5 procent", nil, ""},
		{"0-100", nil, ""},
		{"2 + 3", nil, ""},
		{"idvxo.se differs from id-vaxjo.com", nil, ""},
		{"@vaxjo", nil, ""},
		{"a@b", nil, ""},
		{"ref A0470439441", nil, ""},
		{"0470-43276abc", nil, ""},
		{"Region Kronoberg, Energikontor Sydost och Citysamverkan", nil, ""},
		{"", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			spans := FindPersonal(c.text)
			var got []string
			for _, s := range spans {
				got = append(got, c.text[s.Start:s.End])
				if c.kind != "" && s.Kind != c.kind {
					t.Errorf("%q: kind %s, want %s", c.text[s.Start:s.End], s.Kind, c.kind)
				}
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("FindPersonal(%q) = %q, want %q", c.text, got, c.want)
			}
			if ContainsPersonal(c.text) != (len(c.want) > 0) {
				t.Errorf("ContainsPersonal(%q) = %v", c.text, !(len(c.want) > 0))
			}
		})
	}
}

func TestFindPersonalLinear(t *testing.T) {
	// Long runs of the characters the scanners look at must not make them quadratic: this
	// is a correctness check of the bounded look-ahead (each candidate reads at most
	// maxPhoneBytes), not a timing test.
	for _, s := range []string{
		strings.Repeat("0", 100000),
		strings.Repeat("0 ", 50000),
		strings.Repeat("a@", 50000),
		strings.Repeat("@a.", 50000),
		strings.Repeat("(at)", 25000),
	} {
		_ = FindPersonal(s)
	}
}

func TestRedactPersonal(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Kontakt: maria.olsson@innovatum.se, 0765-02 09 94", "Kontakt: [e-mail address withheld], [phone number withheld]"},
		{"Kontakt Slawomir Demkowicz Dobrzanski", "Kontakt Slawomir Demkowicz Dobrzanski"},
		{"projekt (2014-2016)", "projekt (2014-2016)"},
	}
	for _, c := range cases {
		if got := RedactPersonal(c.in); got != c.want {
			t.Errorf("RedactPersonal(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func leakyGraph() *Graph {
	p := &Node{ID: "maria-olsson", Kind: KindPerson, Name: "Maria Olsson",
		Aliases:  []string{"M. Olsson", "maria.olsson@innovatum.se"},
		Note:     "Nås på 0765 020994.",
		Evidence: []Evidence{{SourceID: "s", Quote: "Ansvarig för samordningen: Maria Olsson"}},
		Contact: &Contact{Email: "Maria.Olsson@innovatum.se", Phone: "0765-02 09 94",
			Evidence: []Evidence{{SourceID: "s", Quote: "Kontakt: maria.olsson@innovatum.se, 0765-02 09 94"}}},
	}
	g := &Graph{
		Sources: []*Source{{ID: "s", Title: "Verksamhetsplan", Publisher: "Kommunnätverket"}},
		Nodes: []*Node{p, {ID: "grp", Kind: KindNetwork, Name: "Naturvårdsgruppen",
			Attributes: []Attribute{{Key: "kontakt", Value: "+46 765 02 09 94",
				Evidence: []Evidence{{SourceID: "s", Quote: "ring 08-123 456 78"}}}}}},
		Edges: []*Edge{{ID: "e", Type: EdgeContactFor, From: "maria-olsson", To: "grp",
			Evidence: []Evidence{{SourceID: "s", Quote: "Kontakt: maria.olsson@innovatum.se, 0765-02 09 94"}}}},
		Mandates: []*Mandate{{ID: "m", Person: "maria-olsson", Body: "grp", Role: "ledamot", Note: "jan(at)vaxjo.se"}},
	}
	return g
}

func TestPersonalLeaks(t *testing.T) {
	g := leakyGraph()
	var got []string
	for _, l := range g.PersonalLeaks() {
		var owner string
		switch o := l.Owner.(type) {
		case *Node:
			owner = "node " + o.ID
		case *Edge:
			owner = "edge " + o.ID
		case *Mandate:
			owner = "mandate " + o.ID
		}
		got = append(got, owner+" "+l.Field+": "+l.What+": "+l.Text[l.Start:l.End])
		if l.Field == "evidence[0].quote" && l.Evidence == nil {
			t.Errorf("%s: no evidence pointer", l.Field)
		}
		if msg := l.Message(); strings.Contains(msg, "@") || strings.Contains(msg, "0765") {
			t.Errorf("message repeats the personal data: %s", msg)
		}
	}
	want := []string{
		`node maria-olsson aliases[1]: the e-mail address of person "maria-olsson": maria.olsson@innovatum.se`,
		`node maria-olsson note: the phone number of person "maria-olsson": 0765 020994`,
		`node grp attributes[0].value: the phone number of person "maria-olsson": +46 765 02 09 94`,
		`node grp attributes[0].evidence[0].quote: something shaped like a phone number: 08-123 456 78`,
		`edge e evidence[0].quote: the e-mail address of person "maria-olsson": maria.olsson@innovatum.se`,
		`edge e evidence[0].quote: the phone number of person "maria-olsson": 0765-02 09 94`,
		`mandate m note: something shaped like an e-mail address: jan(at)vaxjo.se`,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("leaks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The contact block itself is not public and is not reported.
	for _, l := range g.PersonalLeaks() {
		if l.Evidence != nil && l.Evidence == &g.Nodes[0].Contact.Evidence[0] {
			t.Error("contact evidence reported as public")
		}
	}
}

func TestRedactDoesNotMutate(t *testing.T) {
	g := leakyGraph()
	n, e, m := g.Nodes[0], g.Edges[0], g.Mandates[0]
	before := []string{n.Aliases[1], n.Note, e.Evidence[0].Quote, m.Note, g.Nodes[1].Attributes[0].Value, g.Nodes[1].Attributes[0].Evidence[0].Quote}
	rn, re, rm, rg := RedactNode(n), RedactEdge(e), RedactMandate(m), RedactNode(g.Nodes[1])
	after := []string{n.Aliases[1], n.Note, e.Evidence[0].Quote, m.Note, g.Nodes[1].Attributes[0].Value, g.Nodes[1].Attributes[0].Evidence[0].Quote}
	if !reflect.DeepEqual(before, after) {
		t.Fatalf("redaction changed the original: %q → %q", before, after)
	}
	redacted := &Graph{Nodes: []*Node{rn, rg}, Edges: []*Edge{re}, Mandates: []*Mandate{rm}}
	for _, pt := range redacted.PublicTexts() {
		if ContainsPersonal(pt.Text) || strings.Contains(pt.Text, "0765") || strings.Contains(pt.Text, "@") {
			t.Errorf("%s still holds personal data: %q", pt.Field, pt.Text)
		}
	}
	if rn.Contact != n.Contact {
		t.Error("redaction dropped or copied Contact (the edges gate it)")
	}
	clean := &Node{ID: "x", Name: "Växjö kommun", Note: "since 2014-08-28", Aliases: []string{"Växjö"}}
	if RedactNode(clean) != clean {
		t.Error("a clean node was copied")
	}
	cleanEdge := &Edge{ID: "y", Note: "2014-2016"}
	if RedactEdge(cleanEdge) != cleanEdge {
		t.Error("a clean edge was copied")
	}
}

func FuzzFindPersonal(f *testing.F) {
	for _, s := range []string{"maria.olsson@innovatum.se, 0765-02 09 94", "+46 (0)70-123 45 67", "2014-2016", "x [at] y.se"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		spans := FindPersonal(s)
		if len(spans) > 0 && !mayBePersonal(s) {
			t.Fatalf("the pre-check misses %q in %q", s[spans[0].Start:spans[0].End], s)
		}
		last := 0
		for _, sp := range spans {
			if sp.Start < last || sp.End <= sp.Start || sp.End > len(s) {
				t.Fatalf("bad span %+v in %q", sp, s)
			}
			last = sp.End
		}
		r := RedactPersonal(s)
		if len(spans) == 0 && r != s {
			t.Fatalf("changed a clean text")
		}
		if ContainsPersonal(r) && !strings.Contains(s, withheldEmail) && !strings.Contains(s, withheldPhone) {
			// a redacted text holds nothing FindPersonal finds, unless the replacement text
			// itself forms a new match with its neighbours
			for _, sp := range FindPersonal(r) {
				if !strings.Contains(r[max(0, sp.Start-30):min(len(r), sp.End+30)], "withheld") {
					t.Fatalf("redacted %q still holds %q", r, r[sp.Start:sp.End])
				}
			}
		}
	})
}

// BenchmarkPersonalLeaks measures the load-time check on a graph of generated texts (run:
// go test ./internal/kg -bench PersonalLeaks -benchtime 5x).
func BenchmarkPersonalLeaks(b *testing.B) {
	g := &Graph{}
	for i := 0; i < 100000; i++ {
		n := &Node{ID: "n" + strconv.Itoa(i), Kind: KindPerson, Name: "Person " + strconv.Itoa(i),
			Note:     "Ledamot sedan 2014-08-28, omvald 2018",
			Evidence: []Evidence{{SourceID: "s", Quote: "Person " + strconv.Itoa(i) + " (S), ledamot 2014–2018"}},
		}
		if i%10 == 0 {
			n.Contact = &Contact{Email: "person" + strconv.Itoa(i) + "@kommun.example", Phone: "0470-" + strconv.Itoa(100000+i)}
		}
		g.Nodes = append(g.Nodes, n)
	}
	b.ResetTimer()
	for b.Loop() {
		if len(g.PersonalLeaks()) != 0 {
			b.Fatal("leaks")
		}
	}
}
